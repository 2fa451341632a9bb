"""A real `chroma run` server on a free loopback port, for tests and benches."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from tests.live import free_port

CHROMA = Path(sys.executable).parent / "chroma"


def wait_until_up(url: str, process: subprocess.Popen, log: Path, deadline_s: float = 60) -> None:
    """Poll the heartbeat until it answers; fail with the server's log if it dies or never comes up."""
    deadline = time.monotonic() + deadline_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"chroma exited: {log.read_text()[-2000:]}")
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)  # polling interval while waiting for readiness, not a timing assumption
    raise RuntimeError("chroma server did not answer its heartbeat in time")


@contextmanager
def running_chroma(folder: Path) -> Iterator[int]:
    """Start `chroma run` with its data in `folder`; yield its port once it answers; stop it after."""
    port = free_port()
    folder.mkdir(parents=True, exist_ok=True)
    log = folder / "server.log"
    with log.open("w") as out:  # a file, not a pipe: an undrained pipe fills up and stalls the server
        process = subprocess.Popen(
            [str(CHROMA), "run", "--path", str(folder / "db"), "--host", "127.0.0.1", "--port", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_until_up(f"http://127.0.0.1:{port}/api/v2/heartbeat", process, log)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)
