"""Writing the site: the build pipeline, staging and the swap into place, the folder guard,
incremental rebuilds, the mkdocs runner, the PDF workers, search and the contract check."""
