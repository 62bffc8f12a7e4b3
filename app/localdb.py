"""The bundled local database: FerretDB embedded in `tools/localdb`, run as a child process.

The child watches its standard input; we hold the only write end of that pipe, so when this
process ends for any reason — a clean exit, Ctrl-C, a crash or SIGKILL — the kernel closes the
pipe and the database stops. It cannot outlive us.
"""

from __future__ import annotations

import contextlib
import subprocess
import threading
import time
from pathlib import Path
from types import TracebackType
from typing import IO, Self

from pymongo import MongoClient
from pymongo.errors import PyMongoError


class LocalDatabaseError(RuntimeError):
    """The bundled database could not be started."""


class LocalDatabase:
    """One bundled database process serving `data_dir` on `listen` (port 0 picks a free one)."""

    def __init__(
        self, binary: Path, data_dir: Path, listen: str = "127.0.0.1:0", ready_timeout_s: float = 30
    ) -> None:
        self.binary = binary
        self.data_dir = data_dir
        self.listen = listen
        self.ready_timeout_s = ready_timeout_s
        self.uri: str | None = None
        self._process: subprocess.Popen[bytes] | None = None
        self._stderr_tail: list[str] = []
        self._drainer: threading.Thread | None = None

    @property
    def pid(self) -> int | None:
        """The database process id while it runs."""
        return self._process.pid if self._process else None

    def start(self) -> str:
        """Start the database, wait until it answers `ping`, and return its URI."""
        if not self.binary.exists():
            msg = f"the bundled database is not built ({self.binary} is missing): run `make`"
            raise LocalDatabaseError(msg)
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self._process = subprocess.Popen(  # noqa: S603 - our own binary, fixed arguments
            [str(self.binary), "-listen", self.listen, "-data", str(self.data_dir)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,  # Ctrl-C reaches us; we stop the database in order.
        )
        assert self._process.stdout is not None
        assert self._process.stderr is not None
        self._drainer = threading.Thread(
            target=self._drain, args=(self._process.stderr,), daemon=True
        )
        self._drainer.start()
        first_line = self._process.stdout.readline().decode().strip()
        if not first_line.startswith("mongodb://"):
            self.stop()
            detail = " ".join(self._stderr_tail[-3:]) or "no output"
            msg = f"the bundled database did not start: {detail}"
            raise LocalDatabaseError(msg)
        self.uri = first_line
        # Keep the port for restarts: the same URI must keep working.
        self.listen = first_line.removeprefix("mongodb://").rstrip("/")
        self._wait_until_ready()
        return first_line

    def _drain(self, stream: IO[bytes]) -> None:
        for raw in stream:
            self._stderr_tail = [*self._stderr_tail[-19:], raw.decode(errors="replace").strip()]

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
                    if time.monotonic() > deadline or self._exited():
                        self.stop()
                        msg = "the bundled database did not answer ping in time"
                        raise LocalDatabaseError(msg) from None
                    time.sleep(0.05)
                else:
                    return
        finally:
            client.close()

    def _exited(self) -> bool:
        return self._process is None or self._process.poll() is not None

    def stop(self, timeout_s: float = 10) -> None:
        """Stop the database (SIGTERM, then SIGKILL if it does not stop in time)."""
        process, self._process = self._process, None
        if process is None:
            return
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=timeout_s)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if self._drainer is not None:
            self._drainer.join(timeout=timeout_s)
            self._drainer = None
        for stream in (process.stdin, process.stdout, process.stderr):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()

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
