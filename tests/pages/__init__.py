"""Tests of policysite/pages/."""
