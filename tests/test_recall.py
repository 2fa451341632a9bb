"""Sentence-level recall and neighbours, against a real embedded Chroma store with the hash embedder."""

from __future__ import annotations

from pathlib import Path

from rag import Assistant, Passage, Settings
from rag.retrieval.recall import SENTENCES, SentenceRecall
from tests.fakes import HashEmbedder

TEXT = (
    "# Sensors\n\nGraphene fibers were spun. The fibers were coated with gold. They were dried overnight. "
    "The coated fibers detected glucose. The detection limit was remarkably low at 0.1 nM. "
    "Stability lasted thirty days. Costs were modest.\n"
)


def test_sentence_hits_bring_their_chunks_and_neighbours_come_from_either_side(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "sensors.md").write_text(TEXT)
    embedder = HashEmbedder()
    settings = Settings(data_dir=tmp_path / "data", corpus_dir=corpus, chunk_sentences=2, chunk_overlap=0)
    with Assistant(settings, embedder=embedder) as assistant:
        assistant.ingest()
        pipeline = assistant._loaded()
        served = pipeline.snapshot  # the served generation: what recall may read
        recall = SentenceRecall(served, hits=3)
        retriever = pipeline.retriever
        retriever.sentences = recall
        asked = "detection limit remarkably low"
        assert retriever.retrieve(asked, asked, 1).by_sentence == []  # only when asked for
        found = retriever.retrieve(asked, asked, 1, with_sentences=True).by_sentence
        assert any("0.1 nM" in p.chunk.text and p.ranks.get(SENTENCES) for p in found)
        assert all(p.title == served.title("sensors") != "" for p in found)
        body = sorted(served.find_chunks("sensors", kind="body"), key=lambda c: c.position)
        middle = [Passage(body[1], 0.0)]
        after = recall.neighbours(middle, [(0, 1)])
        before = recall.neighbours(middle, [(0, -1)])
        assert [p.chunk.position for p in after] == [body[2].position]
        assert [p.chunk.position for p in before] == [body[0].position]
        assert recall.neighbours([*middle, *after], [(0, 1)]) == []  # already held


def test_neighbours_are_read_by_id_and_a_generation_without_the_position_files_asks_the_store(
    tmp_path: Path,
) -> None:
    """A store query by document and position slows as the store grows; the generation's files say which
    chunk sits where, so neighbours are read by id. An index written before those files still works."""
    from rag.index.manifest import BY_POSITION, Manifest

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "sensors.md").write_text(TEXT)
    settings = Settings(data_dir=tmp_path / "data", corpus_dir=corpus, chunk_sentences=2, chunk_overlap=0)
    with Assistant(settings, embedder=HashEmbedder()) as assistant:
        assistant.ingest()
        served = assistant._loaded().snapshot
        body = sorted(served.find_chunks("sensors", kind="body"), key=lambda c: c.position)
        store_query = served.store.find_chunks

        def refused(*args: object, **kwargs: object) -> list:
            raise AssertionError("asked the store by position")

        served.store.find_chunks = refused  # type: ignore[method-assign]
        found = served.find_chunks("sensors", positions=[body[2].position, body[0].position, 99])
        assert [c.chunk_id for c in found] == [body[0].chunk_id, body[2].chunk_id]  # reading order; 99: none
        assert served.find_chunks("elsewhere", positions=[0]) == []
        folder = served.manifest._folder
        for name in BY_POSITION:
            (folder / name).unlink()
        served.manifest = Manifest(folder)  # as an index written before the files
        served.store.find_chunks = store_query  # type: ignore[method-assign]
        assert served.manifest.chunk_ids_at("sensors", [0]) is None
        older = served.find_chunks("sensors", positions=[body[1].position])
        assert [c.chunk_id for c in older] == [body[1].chunk_id]
