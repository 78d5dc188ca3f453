"""Tests of the guided-interview, what-if and handout modules and of the Streamlit app (a package so the
tests can share helpers.py)."""
