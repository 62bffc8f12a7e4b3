"""The bundled local database: SecantusDB, run as a child process through `localdb_guard`.

SecantusDB (a MongoDB wire-protocol server on WiredTiger, GPL-2.0) is installed by the Makefile
into a virtual environment of its own; this module only starts its `secantusd-py` command and
never imports it. The guard in between watches a pipe whose only write end we hold, so when
this process ends for any reason — a clean exit, Ctrl-C, a crash or SIGKILL — the kernel closes
the pipe and the database stops. It cannot outlive us.
"""

from __future__ import annotations

import contextlib
import subprocess
import sys
import threading
import time
from pathlib import Path
from types import TracebackType
from typing import IO, Self

from pymongo import MongoClient
from pymongo.errors import PyMongoError

GUARD = Path(__file__).with_name("localdb_guard.py")
LISTENING = "secantus listening on "
# SecantusDB advertises itself as the primary of this single-node replica set.
REPLICA_SET = "secantus"


class LocalDatabaseError(RuntimeError):
    """The bundled database could not be started."""


class LocalDatabase:
    """One bundled database process serving `data_dir` on `listen` (port 0 picks a free one)."""

    def __init__(
        self, server: Path, data_dir: Path, listen: str = "127.0.0.1:0", ready_timeout_s: float = 30
    ) -> None:
        self.server = server
        self.data_dir = data_dir
        self.listen = listen
        self.ready_timeout_s = ready_timeout_s
        self.uri: str | None = None
        self.pid: int | None = None
        self._guard: subprocess.Popen[bytes] | None = None
        self._stderr_tail: list[str] = []
        self._drainer: threading.Thread | None = None

    def start(self) -> str:
        """Start the database, wait until it answers `ping`, and return its URI."""
        if not self.server.exists():
            msg = f"the bundled database is not installed ({self.server} is missing): run `make`"
            raise LocalDatabaseError(msg)
        self.data_dir.mkdir(parents=True, exist_ok=True)
        host, port = self.listen.rsplit(":", 1)
        self._stderr_tail = []
        self._guard = subprocess.Popen(  # noqa: S603 - our own guard and server, fixed arguments
            [
                sys.executable,
                str(GUARD),
                str(self.server),
                *("--host", host, "--port", port, "--storage-path", str(self.data_dir.resolve())),
                *("--log-level", "INFO"),
                # Without it a killed server loses writes it acknowledged (measured: 43 of
                # 1,028 inserts acknowledged in the last second before a SIGKILL).
                "--sync-on-commit",
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,  # Ctrl-C reaches us; we stop the database in order.
            cwd=self.data_dir,  # so no stray ./secantusd.toml changes its behaviour
        )
        assert self._guard.stdout is not None
        assert self._guard.stderr is not None
        pid_line = self._guard.stdout.readline().decode().strip()
        self.pid = int(pid_line) if pid_line.isdigit() else None
        address = self._read_address(self._guard.stderr)
        if self.pid is None or address is None:
            self.stop()
            detail = " ".join(self._stderr_tail[-3:]) or "no output"
            msg = f"the bundled database did not start: {detail}"
            raise LocalDatabaseError(msg)
        self._drainer = threading.Thread(
            target=self._drain, args=(self._guard.stderr,), daemon=True
        )
        self._drainer.start()
        # Keep the port for restarts: the same URI must keep working.
        self.listen = address
        self.uri = f"mongodb://{address}/?replicaSet={REPLICA_SET}"
        self._wait_until_ready()
        return self.uri

    def _read_address(self, stream: IO[bytes]) -> str | None:
        """Read the server's log until it says where it listens; None if it stops first."""
        for raw in stream:
            line = raw.decode(errors="replace").strip()
            self._remember(line)
            if LISTENING in line:
                return line.split(LISTENING, 1)[1].strip()
        return None

    def _remember(self, line: str) -> None:
        self._stderr_tail = [*self._stderr_tail[-19:], line]

    def _drain(self, stream: IO[bytes]) -> None:
        for raw in stream:
            self._remember(raw.decode(errors="replace").strip())

    def _wait_until_ready(self) -> None:
        deadline = time.monotonic() + self.ready_timeout_s
        client: MongoClient[dict[str, object]] = MongoClient(
            self.uri, serverSelectionTimeoutMS=500, connectTimeoutMS=500
        )
        try:
            while True:
                try:
                    client.admin.command("ping")
                except PyMongoError:
                    if time.monotonic() > deadline or not self.running:
                        self.stop()
                        msg = "the bundled database did not answer ping in time"
                        raise LocalDatabaseError(msg) from None
                    time.sleep(0.05)
                else:
                    return
        finally:
            client.close()

    @property
    def running(self) -> bool:
        """The database process is still there (it may not answer yet)."""
        return self._guard is not None and self._guard.poll() is None

    def stop(self, timeout_s: float = 20) -> None:
        """Stop the database (SIGTERM, then SIGKILL if it does not stop in time)."""
        guard, self._guard = self._guard, None
        self.pid = None
        if guard is None:
            return
        if guard.poll() is None:
            guard.terminate()
            try:
                guard.wait(timeout=timeout_s)
            except subprocess.TimeoutExpired:
                guard.kill()
                guard.wait()
        if self._drainer is not None:
            self._drainer.join(timeout=timeout_s)
            self._drainer = None
        for stream in (guard.stdin, guard.stdout, guard.stderr):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()

    def restart(self) -> str:
        """Stop what is left of the database and start it again on the same port."""
        self.stop()
        return self.start()

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def address_file(data_dir: Path) -> Path:
    """Where a serving process writes the URI of the bundled database it started."""
    return data_dir / "serving.uri"


def running_database(data_dir: Path, timeout_ms: int = 500) -> str | None:
    """The URI of a bundled database another process serves from `data_dir`, if it answers.

    Lets `cadence dev-token`, `import` and `seed-demo` work next to a running `make run`
    instead of starting a second server on the same files.
    """
    try:
        uri = address_file(data_dir).read_text(encoding="utf-8").strip()
    except OSError:
        return None
    client: MongoClient[dict[str, object]] = MongoClient(
        uri, serverSelectionTimeoutMS=timeout_ms, connectTimeoutMS=timeout_ms
    )
    try:
        client.admin.command("ping")
    except PyMongoError:
        return None
    finally:
        client.close()
    return uri
