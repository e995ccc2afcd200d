"""policysite's tests. A package, so that `python -m tests.golden` works."""
