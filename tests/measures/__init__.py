"""Tests of decision.measures (a package so the tests can share helpers.py)."""
