"""Persistence: one module per collection, on PyMongo's async API."""
