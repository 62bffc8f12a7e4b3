"""What the database did for a benchmark: round trips and their time (PyMongo command
monitoring), and the CPU time of the bundled database's process."""

from __future__ import annotations

import os
from pathlib import Path

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


def process_cpu_seconds(pid: int) -> float:
    """The user and system CPU time a process has used so far, from /proc (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
