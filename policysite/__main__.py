"""`python -m policysite`: the same command line as build.py and the `policysite` script."""

import sys

from .cli import main

sys.exit(main())
