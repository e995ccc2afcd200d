"""Tests of policysite/inputs/."""
