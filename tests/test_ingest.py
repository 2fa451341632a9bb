"""Ingest against a real embedded Chroma store, with the hash embedder standing in for the model."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from rag import Assistant, IndexMismatchError, IndexMissingError, Settings, StoreUnavailableError
from rag.index.chunk import chunk_document
from rag.index.corpus import read_corpus
from rag.index.loaders import load_document
from tests.fakes import HashEmbedder

REPO = Path(__file__).resolve().parents[1]

ALPHA = "# Alpha\n\nMesenchymal stem cells (MSCs) release vesicles. They carry RNA. They shape tumours.\n"
BETA = "# Beta\n\nRadiotherapy resistance grows. Chemotherapy resistance grows too. Drug delivery improves.\n"


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "alpha.md").write_text(ALPHA)
    (folder / "beta.md").write_text(BETA)
    return folder


def make(tmp_path: Path, corpus: Path, embedder: HashEmbedder | None = None) -> Assistant:
    settings = Settings(data_dir=tmp_path / "data", corpus_dir=corpus, chunk_sentences=2, chunk_overlap=1)
    return Assistant(settings, embedder=embedder or HashEmbedder())


def expected_ids(assistant: Assistant) -> set[str]:
    s = assistant.settings
    docs = [load_document(e.path, e.meta) for e in read_corpus(s.corpus_dir)]
    return {c.chunk_id for d in docs for c in chunk_document(d, s.chunk_sentences, s.chunk_overlap, s.chunk_max_chars)}


def stored_ids(assistant: Assistant) -> set[str]:
    store = assistant._open_store()
    return store.ids("chunks")


def test_first_ingest_indexes_everything(tmp_path: Path, corpus: Path) -> None:
    with make(tmp_path, corpus) as assistant:
        report = assistant.ingest()
        assert (report.documents, report.removed, report.unchanged) == (2, 0, 0)
        assert report.added == len(expected_ids(assistant)) == len(stored_ids(assistant))


def test_unchanged_corpus_embeds_and_writes_nothing(tmp_path: Path, corpus: Path) -> None:
    embedder = HashEmbedder()
    with make(tmp_path, corpus, embedder) as assistant:
        assistant.ingest()
        before = embedder.texts_embedded
        report = assistant.ingest()
        assert (report.added, report.removed) == (0, 0)
        assert report.unchanged == len(expected_ids(assistant))
        assert embedder.texts_embedded == before


def test_changed_text_replaces_exactly_its_stale_chunks(tmp_path: Path, corpus: Path) -> None:
    with make(tmp_path, corpus) as assistant:
        assistant.ingest()
        old = stored_ids(assistant)
        (corpus / "beta.md").write_text(BETA.replace("Drug delivery improves.", "Drug delivery is discussed."))
        report = assistant.ingest()
        new = stored_ids(assistant)
        assert new == expected_ids(assistant)  # no duplicates, no orphans
        assert report.added == len(new - old) and report.removed == len(old - new) > 0


def test_removed_document_leaves_no_orphans(tmp_path: Path, corpus: Path) -> None:
    with make(tmp_path, corpus) as assistant:
        assistant.ingest()
        (corpus / "beta.md").unlink()
        assistant.ingest()
        assert stored_ids(assistant) == expected_ids(assistant)
        assert [d.doc_id for d in assistant.info().documents] == ["alpha"]


def test_a_file_that_fails_to_load_keeps_what_was_indexed(tmp_path: Path, corpus: Path) -> None:
    with make(tmp_path, corpus) as assistant:
        assistant.ingest()
        before = stored_ids(assistant)
        (corpus / "beta.md").write_bytes(b"")  # now unreadable: empty
        report = assistant.ingest()
        assert len(report.errors) == 1 and "beta.md" in report.errors[0]
        assert stored_ids(assistant) == before


def test_querying_with_another_model_fails_clearly(tmp_path: Path, corpus: Path) -> None:
    with make(tmp_path, corpus, HashEmbedder("model-a")) as assistant:
        assistant.ingest()
    with make(tmp_path, corpus, HashEmbedder("model-b")) as other, pytest.raises(IndexMismatchError, match="model-a"):
        other.ask("radiotherapy resistance")


def test_ingesting_with_another_model_rebuilds_without_mixing(tmp_path: Path, corpus: Path) -> None:
    with make(tmp_path, corpus, HashEmbedder("model-a")) as assistant:
        assistant.ingest()
    with make(tmp_path, corpus, HashEmbedder("model-b")) as other:
        report = other.ingest()
        assert report.rebuilt and report.added == len(expected_ids(other))
        names = other._open_store().collection_names()
        assert all(other._open_store().name in n for n in names)  # the model-a collections are gone


def test_empty_data_dir_says_how_to_build_the_index(tmp_path: Path, corpus: Path) -> None:
    with make(tmp_path, corpus) as assistant, pytest.raises(IndexMissingError, match="rag ingest"):
        assistant.ask("anything")


def test_second_process_on_the_same_store_fails_fast(tmp_path: Path, corpus: Path) -> None:
    with make(tmp_path, corpus) as assistant:
        assistant.ingest()
        code = (
            "import sys; from rag import Assistant, Settings, StoreUnavailableError\n"
            "from tests.fakes import HashEmbedder\n"
            f"a = Assistant(Settings(data_dir={str(tmp_path / 'data')!r}), embedder=HashEmbedder())\n"
            "try:\n    a.info()\nexcept StoreUnavailableError as e:\n    print(e); sys.exit(3)\n"
        )
        result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=60)
        assert result.returncode == 3, result.stderr
        assert "RAG_CHROMA_HOST" in result.stdout
    # and in-process, a second handle is refused too
    with pytest.raises(StoreUnavailableError), make(tmp_path, corpus) as first, make(tmp_path, corpus) as second:
        first.info()
        second.info()


def test_store_finds_sentences_by_vector_with_the_chunk_that_holds_them(tmp_path: Path, corpus: Path) -> None:
    embedder = HashEmbedder()
    with make(tmp_path, corpus, embedder) as assistant:
        assistant.ingest()
        store = assistant._open_store()
        [hit, *_] = store.sentence_search(embedder.embed(["Radiotherapy resistance grows."])[0], 3)
        assert hit.sentence.text == "Radiotherapy resistance grows." and hit.similarity > 0.99
        [chunk] = store.get_chunks([hit.sentence.chunk_id])
        assert hit.sentence.text in chunk.text and chunk.doc_id == hit.sentence.doc_id == "beta"
        vectors = store.sentence_vectors([hit.sentence.sentence_id, "no-such-id"])
        assert list(vectors) == [hit.sentence.sentence_id] and vectors[hit.sentence.sentence_id].shape == (64,)
        assert store.get_chunks(["no-such-id"]) == []


def test_store_finds_the_chunks_of_a_document_by_kind_and_position(tmp_path: Path, corpus: Path) -> None:
    with make(tmp_path, corpus) as assistant:
        assistant.ingest()
        store = assistant._open_store()
        chunks = store.find_chunks("beta")
        assert chunks and all(c.doc_id == "beta" for c in chunks)
        assert [c.position for c in chunks] == sorted(c.position for c in chunks)
        second = store.find_chunks("beta", positions=[chunks[1].position])
        assert [c.chunk_id for c in second] == [chunks[1].chunk_id]
        assert store.find_chunks("beta", kind="table") == [] and store.find_chunks("beta", positions=[]) == []
        assert {c.kind for c in store.find_chunks("beta", kind="metadata")} == {"metadata"}
