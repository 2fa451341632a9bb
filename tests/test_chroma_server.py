"""The same assistant against a real `chroma run` server on a free loopback port."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from rag import Assistant, Settings, StoreUnavailableError
from tests.chroma_server import running_chroma
from tests.fakes import HashEmbedder
from tests.live import free_port, live_server

pytestmark = pytest.mark.integration

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def chroma_port(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    with running_chroma(tmp_path_factory.mktemp("chroma-server")) as port:
        yield port


def test_ingest_and_ask_through_a_chroma_server(chroma_port: int, tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, chroma_host="127.0.0.1", chroma_port=chroma_port)
    with Assistant(settings) as assistant:
        report = assistant.ingest()
        assert report.added > 0
        answer = assistant.ask("Which treatments are MSC-EVs linked to resistance to?")
        assert not answer.abstained and "radiotherapy" in answer.text
        assert assistant.info().store["kind"] == "http"
    # a second process-like client can share the server (no file lock in server mode)
    with Assistant(settings) as first, Assistant(settings) as second:
        assert first.search("drug delivery", 1)[0].chunk.chunk_id == second.search("drug delivery", 1)[0].chunk.chunk_id
        assert second.ingest().added == 0


def test_unreachable_server_is_one_clear_error(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, chroma_host="127.0.0.1", chroma_port=free_port())
    with Assistant(settings) as assistant, pytest.raises(StoreUnavailableError, match="chroma run"):
        assistant.info()


def test_api_workers_share_one_chroma_server(chroma_port: int, tmp_path: Path) -> None:
    """Stateless API processes over one Chroma server: two uvicorn workers answer the same way."""
    env = {"RAG_DATA_DIR": str(tmp_path), "RAG_CHROMA_HOST": "127.0.0.1", "RAG_CHROMA_PORT": str(chroma_port)}
    with Assistant(Settings(data_dir=tmp_path, chroma_host="127.0.0.1", chroma_port=chroma_port)) as assistant:
        assistant.ingest()
    with live_server(env, args=("--workers", "2")) as server:
        answers = [
            httpx.post(f"{server.base_url}/v1/ask", json={"question": "Who wrote the review?"}, timeout=60).json()
            for _ in range(6)
        ]
    assert all(not a["abstained"] and "Chan Shan" in a["answer"] for a in answers)
    assert len({a["answer"] for a in answers}) == 1


@pytest.mark.slow
def test_two_concurrent_writers_never_mix_twenty_times(chroma_port: int, tmp_path: Path) -> None:
    """Two ingests started at once against one server: one holds the writer lease, the other stops with one
    line (or runs after it); the served index always equals a clean ingest."""
    from tests.test_crash import expected

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    env = {
        **os.environ,
        "RAG_CHROMA_HOST": "127.0.0.1",
        "RAG_CHROMA_PORT": str(chroma_port),
        "RAG_COLLECTION": "writers",
    }
    outcomes: list[tuple[int, int]] = []
    for round_ in range(20):
        (corpus / f"doc{round_}.md").write_text(
            f"# Doc {round_}\n\nResistance grows in round {round_}. Vesicles help.\n"
        )
        command = [sys.executable, "-m", "tests.crash_ingest", str(tmp_path / "data"), str(corpus), "0"]
        writers = [subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.PIPE, text=True) for _ in range(2)]
        results = [(w.wait(timeout=600), w.stdout.read() if w.stdout else "") for w in writers]
        assert all(code in (0, 3) for code, _ in results), results
        assert any(code == 0 for code, _ in results)
        assert all("another ingest" in out for code, out in results if code == 3)
        outcomes.append((results[0][0], results[1][0]))
        settings = Settings(
            data_dir=tmp_path / "reader",
            corpus_dir=corpus,
            chunk_sentences=2,
            chunk_overlap=1,
            chroma_host="127.0.0.1",
            chroma_port=chroma_port,
            collection="writers",
        )
        with Assistant(settings, embedder=HashEmbedder()) as reader:
            assert set(reader._loaded().snapshot.manifest.bm25.ids) == expected(tmp_path, corpus)[0]
            assert reader._open_store().ids("chunks") == expected(tmp_path, corpus)[0]
    print(f"writer exit codes per round: {outcomes}")


def test_a_warm_reader_serves_what_another_process_committed(chroma_port: int, tmp_path: Path) -> None:
    """Stateless readers: BM25 and the document list come from the index, so a warm reader picks up a
    generation another writer committed, without restarting or rebuilding anything itself."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "alpha.md").write_text("# Alpha\n\nRadiotherapy resistance grows. Vesicles carry RNA.\n")

    def settings(data: str) -> Settings:
        return Settings(
            data_dir=tmp_path / data,
            corpus_dir=corpus,
            chroma_host="127.0.0.1",
            chroma_port=chroma_port,
            collection="readers",
        )

    with (
        Assistant(settings("writer"), embedder=HashEmbedder()) as writer,
        Assistant(settings("reader"), embedder=HashEmbedder()) as reader,
    ):
        writer.ingest()
        assert [d.doc_id for d in reader.info().documents] == ["alpha"]
        (corpus / "beta.md").write_text("# Beta\n\nHypoxia changes exosome cargo. Tumour cells take them up.\n")
        writer.ingest()
        assert [d.doc_id for d in reader.info().documents] == ["alpha", "beta"]
        assert reader.search("hypoxia exosome cargo", 1)[0].chunk.doc_id == "beta"
        assert reader.info().document_count == 2
