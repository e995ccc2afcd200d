"""The leads' commands beside the build: check's summary and its readability warnings,
diff, serve, and the progress they show."""
