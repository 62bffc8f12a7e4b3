"""Counting database round trips in the benchmarks (PyMongo command monitoring)."""

from __future__ import annotations

from pymongo import monitoring

HANDSHAKES = frozenset({"endSessions", "hello", "isMaster", "ismaster", "ping"})


class RoundTrips(monitoring.CommandListener):
    """Counts the database commands sent (connection handshakes and pings left out)."""

    def __init__(self) -> None:
        self.count = 0

    def started(self, event: monitoring.CommandStartedEvent) -> None:
        if event.command_name not in HANDSHAKES:
            self.count += 1

    def succeeded(self, event: monitoring.CommandSucceededEvent) -> None:
        pass

    def failed(self, event: monitoring.CommandFailedEvent) -> None:
        pass
