"""Fixtures of the search tests."""
