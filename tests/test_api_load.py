"""A short run of the load benchmark (bench/api_load.py) against real servers: no errors, and overload is
answered only with 429 or 503 (never another 5xx, never a timeout without a status).

The full run is `python bench/api_load.py` (50 users, 5 minutes). The users' request mix is seeded
(RAG_TEST_SEED, printed).
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.api_load import report, run
from tests.live import LiveServer, build_review_index, copy_index, live_server

pytestmark = [pytest.mark.integration, pytest.mark.slow]

SEED = int(os.environ.get("RAG_TEST_SEED", "20240101"))
USERS = 12
KEYS = [f"load-user-{u}" for u in range(USERS)]


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_review_index(tmp_path_factory.mktemp("load-index"))


def _serve(index_dir: Path, copy: Path, **env: str) -> Iterator[LiveServer]:
    copy_index(index_dir, copy)
    with live_server({"RAG_DATA_DIR": str(copy), "RAG_API_KEYS": ",".join(KEYS), **env}) as live:
        yield live


@pytest.fixture(scope="module")
def server(index_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    yield from _serve(index_dir, tmp_path_factory.mktemp("load") / "data")


@pytest.fixture(scope="module")
def tight_server(index_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """One question at a time, one waiting, 20 per minute per key: most of a burst is overload."""
    env = {"RAG_API_CONCURRENCY": "1", "RAG_API_QUEUE": "1", "RAG_RATE_LIMIT_PER_MINUTE": "20"}
    yield from _serve(index_dir, tmp_path_factory.mktemp("load-tight") / "data", **env)


def test_a_short_load_run_answers_everything(server: LiveServer) -> None:
    results, elapsed = asyncio.run(run(server.base_url, KEYS, USERS, 6.0, SEED))
    assert report(results, elapsed, USERS, SEED), results.errors
    assert set(results.statuses) == {"200"}


def test_overload_is_only_ever_429_or_503(tight_server: LiveServer) -> None:
    results, elapsed = asyncio.run(run(tight_server.base_url, KEYS[:1] * USERS, USERS, 6.0, SEED))
    assert report(results, elapsed, USERS, SEED), results.errors
    assert set(results.statuses) <= {"200", "429", "503"} and results.statuses["200"] > 0
