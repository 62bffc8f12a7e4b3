"""Tracking: ingest of recorded activities, sleep, daily and body data from files and services."""
