"""The knowledge base and the safeguards."""
