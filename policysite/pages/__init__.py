"""Making each school's pages: the Jinja rendering, the one Markdown renderer and sanitiser,
the print documents (letters, staff codes) and the pages that show what each school changes."""
