"""Browser, print, HTML-validity and link tests of the built site (GitHub issue 5)."""
