"""Plans at every zoom level: season, weeks, and their sessions."""
