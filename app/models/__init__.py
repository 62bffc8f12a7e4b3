"""Pydantic v2 documents: the data model shared by every layer."""
