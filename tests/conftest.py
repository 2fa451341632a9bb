"""Shared fixtures: one real index of the review per test session, network blocked for unit tests."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from rag import Assistant, Settings

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture(autouse=True)
def _no_internet(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests run offline: any connection outside loopback fails loudly."""
    real_connect = socket.socket.connect

    def guarded(self: socket.socket, address: object) -> object:
        host = address[0] if isinstance(address, tuple) else address
        if isinstance(host, str) and not host.startswith(("127.", "/")) and host not in ("localhost", "::1"):
            raise OSError(f"network access in tests is not allowed: {address!r}")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)


@pytest.fixture(scope="session")
def review_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings for the shipped review corpus, with the index in a session temp dir."""
    return Settings(data_dir=tmp_path_factory.mktemp("review-index"), corpus_dir=REPO / "corpus")


@pytest.fixture(scope="session")
def review_assistant(review_settings: Settings) -> Iterator[Assistant]:
    """The real model and a real embedded Chroma index of the review, built once per session."""
    assistant = Assistant(review_settings)
    assistant.ingest()
    assistant.warm_up()
    yield assistant
    assistant.close()
