"""Runs the bundled database server as its child and ties its life to our standard input.

Started by `app.localdb` as `python localdb_guard.py SERVER [ARGS...]`, with only the standard
library, so it runs under any Python. It prints the server's pid on its first line of standard
output, passes the server's standard error through, and stops the server (SIGTERM, which
SecantusDB answers by closing WiredTiger cleanly) when:

- its standard input reaches end-of-file: the parent holds the only write end of that pipe, so
  the kernel closes it when the parent ends in any way, SIGKILL included;
- it receives SIGTERM or SIGINT;
- it dies itself: the server is started with the parent-death signal set to SIGTERM (Linux).

SecantusDB has no option to watch a pipe, hence this small process in between.
"""

from __future__ import annotations

import ctypes
import signal
import subprocess
import sys
import threading
from types import FrameType

PR_SET_PDEATHSIG = 1
STOP_TIMEOUT_S = 20


def _die_with_parent() -> None:
    """In the server, before exec: SIGTERM when this guard process ends."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def main(argv: list[str]) -> int:
    """Run `argv` as the server until our stdin closes or we are asked to stop."""
    server = subprocess.Popen(  # noqa: S603 - the command is the caller's server, fixed arguments
        argv,
        stdin=subprocess.DEVNULL,
        preexec_fn=_die_with_parent if sys.platform == "linux" else None,  # noqa: PLW1509 - single-threaded here
    )
    stop = threading.Event()

    def request_stop(_signum: int = 0, _frame: FrameType | None = None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGINT, request_stop)

    def watch_stdin() -> None:
        sys.stdin.buffer.read()  # returns at end-of-file: the parent is gone or let go
        stop.set()

    threading.Thread(target=watch_stdin, daemon=True).start()
    print(server.pid, flush=True)  # noqa: T201 - the protocol with app.localdb
    while not stop.wait(0.2):
        if server.poll() is not None:
            return server.returncode
    server.terminate()
    try:
        return server.wait(timeout=STOP_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        server.kill()
        return server.wait()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
