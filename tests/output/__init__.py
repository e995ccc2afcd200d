"""Tests of policysite/output/."""
