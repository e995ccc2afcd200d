"""policysite: one canonical school policy and one small YAML file per school make a
website, parent letters and staff codes for every school in a federation.

The rooms: `inputs/` reads and checks what people write (content, school files, settings);
`pages/` turns them into each school's pages and print documents; `output/` runs the
build and writes the site (mkdocs, PDFs, search, the contract check, the swap);
`commands/` are the leads' tools (check, diff, history, serve). `cli.py` dispatches.
"""
