"""Race goals."""
