"""mkdocs hooks for policysite's site (registered by emit.mkdocs_config).

mkdocs links every page to the one before and after it in the whole site's navigation,
so a school's pages would change whenever a neighbouring school is added or renamed.
Without those links each page depends only on its own school, which is what lets
policysite rebuild just the schools that changed.
"""


def on_nav(nav, config, files):
    for page in nav.pages:
        page.previous_page = None
        page.next_page = None
    return nav
