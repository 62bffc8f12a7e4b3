"""The bundled database: persistence across restarts, and never outliving its parent."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pymongo import MongoClient

from app.localdb import LocalDatabase, LocalDatabaseError
from app.settings import Settings


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie still answers kill(0); it has stopped all the same.
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except (FileNotFoundError, ProcessLookupError):  # gone between the two looks
        return False
    return state != "Z"


def wait_gone(pid: int, timeout_s: float = 5) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if not pid_alive(pid):
            return True
        time.sleep(0.05)
    return False


class TestPersistence:
    def test_data_survives_a_restart(self, base_settings: Settings, tmp_path: Path):
        localdb = LocalDatabase(base_settings.localdb_server, tmp_path)
        uri = localdb.start()
        try:
            with MongoClient(uri) as client:
                client.cadence.notes.insert_one({"_id": "n1", "text": "tempo on tuesday"})
            localdb.stop()
            assert localdb.start() == uri, "a restart keeps the same address"
            with MongoClient(uri) as client:
                assert client.cadence.notes.find_one({"_id": "n1"}) == {
                    "_id": "n1",
                    "text": "tempo on tuesday",
                }
        finally:
            localdb.stop()

    def test_missing_server_says_how_to_install_it(self, tmp_path: Path):
        with pytest.raises(LocalDatabaseError, match="make"):
            LocalDatabase(tmp_path / "nope", tmp_path).start()


PARENT = """
import sys, time
from pathlib import Path
from app.localdb import LocalDatabase
db = LocalDatabase(Path(sys.argv[1]), Path(sys.argv[2]))
db.start()
print(db.pid, flush=True)
time.sleep(600)
"""


class TestNeverOutlivesItsParent:
    @pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM, signal.SIGINT])
    def test_database_stops_when_parent_dies(
        self, base_settings: Settings, tmp_path: Path, sig: signal.Signals
    ):
        parent = subprocess.Popen(
            [sys.executable, "-c", PARENT, str(base_settings.localdb_server), str(tmp_path)],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert parent.stdout is not None
        db_pid = int(parent.stdout.readline())
        assert pid_alive(db_pid)
        parent.send_signal(sig)
        parent.wait(timeout=10)
        parent.stdout.close()
        assert wait_gone(db_pid), f"database still running after parent got {sig.name}"

    def test_database_stops_when_its_guard_is_killed(self, base_settings: Settings, tmp_path: Path):
        localdb = LocalDatabase(base_settings.localdb_server, tmp_path)
        localdb.start()
        try:
            db_pid = localdb.pid
            assert db_pid is not None
            assert localdb._guard is not None
            os.kill(localdb._guard.pid, signal.SIGKILL)
            assert wait_gone(db_pid), "database still running after its guard was killed"
        finally:
            localdb.stop()
