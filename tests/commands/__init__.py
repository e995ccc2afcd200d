"""Tests of policysite/commands/."""
