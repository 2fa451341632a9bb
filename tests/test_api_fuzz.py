"""schemathesis against a real server (`python -m rag serve`, real model and index): every check it has
(`--checks all`: server errors, status codes, content types, headers, response schemas, schema-violating
requests rejected, schema-valid requests accepted, auth, methods), all phases, zero failures.

The case count grows with RAG_FUZZ_EXAMPLES (examples per operation; 20 here, about 500 cases). The
issue's figure, over 2,000 cases, is RAG_FUZZ_EXAMPLES=170 (7 minutes on a loaded 2-core machine):

    RAG_FUZZ_EXAMPLES=170 RAG_TEST_SEED=2 .venv/bin/python -m pytest -s tests/test_api_fuzz.py

The seed (RAG_TEST_SEED) and the case count are printed; the same seed replays the same cases.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from rag import Settings
from rag.adapters.api import create_app
from tests.live import REPO, LiveServer, build_review_index, live_server

pytestmark = [pytest.mark.integration, pytest.mark.slow]

CONFIG = REPO / "tests" / "data" / "schemathesis.toml"
SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")
EXAMPLES = int(os.environ.get("RAG_FUZZ_EXAMPLES", "20"))
SEED = int(os.environ.get("RAG_TEST_SEED", "20240101"))
KEY = "fuzz-key"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    data_dir = build_review_index(tmp_path_factory.mktemp("fuzz-index"))
    env = {"RAG_DATA_DIR": str(data_dir), "RAG_API_KEYS": KEY, "RAG_RATE_LIMIT_PER_MINUTE": "100000000"}
    with live_server(env) as live:
        yield live


@pytest.mark.timeout(7200)
def test_schemathesis_finds_nothing_with_every_check(server: LiveServer, tmp_path: Path) -> None:
    command = [
        str(SCHEMATHESIS),
        "--config-file",
        str(CONFIG),
        "--no-color",
        "run",
        f"{server.base_url}/openapi.json",
        "--checks",
        "all",
        "-H",
        f"Authorization: Bearer {KEY}",
        "--max-examples",
        str(EXAMPLES),
        "--seed",
        str(SEED),
        "--workers",
        "1",
        "--report",
        "json",
        "--report-dir",
        str(tmp_path),
        "--output-truncate",
        "true",
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=7000, cwd=tmp_path)
    report = json.loads(next(tmp_path.glob("json-*.json")).read_text(encoding="utf-8"))
    cases = report["test_cases"]
    print(
        f"schemathesis seed {SEED}, {EXAMPLES} examples per operation: {cases['generated']} cases, "
        f"{cases['with_failures']} with failures, {report['running_time']:.0f} s"
    )
    assert done.returncode == 0 and report["failures"] == [] and report["errors"] == [], done.stdout[-6000:]
    operations = sum(len(methods) for methods in create_app(Settings(api_keys="k")).openapi()["paths"].values())
    assert cases["generated"] >= 10 * EXAMPLES and report["operations"]["tested"] == operations


def test_schema_lists_every_endpoint() -> None:
    paths = set(create_app(Settings(api_keys="k")).openapi()["paths"])
    assert {"/v1/ask", "/v1/search", "/v1/chat/completions", "/v1/models", "/v1/corpus", "/healthz", "/readyz"} <= paths
    assert "/v1/suggestions" in paths
