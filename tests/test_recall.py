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
