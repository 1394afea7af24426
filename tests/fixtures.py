"""Shared fixtures (trained runs and the like) for unit, page and browser tests."""
