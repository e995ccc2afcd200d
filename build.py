"""policysite command line: `python build.py` builds site/. See README.md."""

from policysite.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
