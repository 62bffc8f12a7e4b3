"""Planned sessions and their executions."""
