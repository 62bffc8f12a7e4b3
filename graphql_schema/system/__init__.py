"""The service itself: version and database."""
