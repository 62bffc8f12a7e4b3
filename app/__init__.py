"""Cadence: a GraphQL API over MongoDB for endurance-running training plans."""

__version__ = "0.1.0"
