"""Sleep, daily summaries and body measurements."""
