"""Counting database round trips in the benchmarks (PyMongo command monitoring)."""

from __future__ import annotations

from pymongo import monitoring

HANDSHAKES = frozenset({"endSessions", "hello", "isMaster", "ismaster", "ping"})


class RoundTrips(monitoring.CommandListener):
    """Counts the database commands sent and their time (handshakes and pings left out)."""

    def __init__(self) -> None:
        self.count = 0
        self.database_seconds = 0.0
        """The time the counted commands took, as the driver measured each."""

    def started(self, event: monitoring.CommandStartedEvent) -> None:
        if event.command_name not in HANDSHAKES:
            self.count += 1

    def succeeded(self, event: monitoring.CommandSucceededEvent) -> None:
        if event.command_name not in HANDSHAKES:
            self.database_seconds += event.duration_micros / 1e6

    def failed(self, event: monitoring.CommandFailedEvent) -> None:
        if event.command_name not in HANDSHAKES:
            self.database_seconds += event.duration_micros / 1e6
