"""`python -m rag ingest --fetch` (what `make run` runs): the full text when a server answers, else a quiet fallback."""

from __future__ import annotations

from pathlib import Path

import pytest
from fixture_docs import jats_article
from test_fetch import MANIFEST, SEARCH_HIT, Server, _json, _xml
from test_fetch import server as server  # the stand-in Europe PMC, a fixture shared with test_fetch.py

import rag.adapters.cli
from rag import Assistant, Settings
from rag.adapters.cli import main
from tests.fakes import HashEmbedder


@pytest.fixture()
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "manifest.toml").write_text(MANIFEST, encoding="utf-8")
    (corpus / "page.txt").write_text("Abstract\n\nVesicles carry cargo between cells.\n", encoding="utf-8")
    monkeypatch.setenv("RAG_CORPUS_DIR", str(corpus))
    monkeypatch.setenv("RAG_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("RAG_FETCH_BUDGET_S", "2")
    monkeypatch.setattr(rag.adapters.cli, "Assistant", lambda s: Assistant(s, embedder=HashEmbedder()))
    return tmp_path


def indexed(tmp_path: Path) -> list[tuple[str, bool]]:
    settings = Settings(data_dir=tmp_path / "data", corpus_dir=tmp_path / "corpus")
    with Assistant(settings, embedder=HashEmbedder()) as assistant:
        return [(d.doc_id, d.full_text) for d in assistant.info().documents]


def test_the_full_text_is_fetched_then_indexed(
    env: Path, server: Server, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("RAG_FETCH_BASE_URL", server.base)
    server.routes = {"/search": _json(SEARCH_HIT), "/PMC1234567/fullTextXML": _xml(jats_article())}
    assert main(["ingest", "--fetch"]) == 0
    assert "full text: fetched shan2024-full.xml" in capsys.readouterr().err
    assert indexed(env) == [("shan2024-full", True)]  # the full text replaces the article page
    assert main(["ingest", "--fetch"]) == 0  # once: the next start asks nothing
    assert sum("/search" in r for r in server.requests) == 1


def test_no_network_falls_back_quietly_to_what_is_there(
    env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("RAG_FETCH_BASE_URL", "http://127.0.0.1:9/rest")  # nothing listens on the discard port
    assert main(["ingest", "--fetch"]) == 0
    err = capsys.readouterr().err
    assert err.startswith("full text: not fetched (cannot reach") and "Traceback" not in err
    assert indexed(env) == [("shan2024", False)]


def test_a_server_that_hangs_is_given_up_on_within_the_budget(
    env: Path, server: Server, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("RAG_FETCH_BASE_URL", server.base)
    monkeypatch.setenv("RAG_FETCH_BUDGET_S", "0.5")
    monkeypatch.setenv("RAG_FETCH_TIMEOUT_S", "60")  # the budget bounds it, not the per-request timeout
    server.routes = {"/search": "hang"}
    assert main(["ingest", "--fetch"]) == 0
    assert "full text: not fetched" in capsys.readouterr().err
    assert indexed(env) == [("shan2024", False)]
