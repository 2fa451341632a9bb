import numpy as np
import pytest

from rag import ConfigError, Passage
from rag.index.bm25 import Bm25Index
from rag.retrieval import RERANKERS, RETRIEVERS, Fusion, HybridRetriever, SearchQuery, rrf_fuse
from rag.retrieval.dense import DenseRetriever, MatrixDense
from rag.retrieval.sparse import Bm25Retriever
from rag.settings import Settings
from rag.types import Chunk
from tests.fakes import HashEmbedder, MemoryChunks


def test_rrf_rewards_items_ranked_well_by_both() -> None:
    fused = rrf_fuse([["a", "b", "c"], ["b", "c", "a"]], k=60)
    assert [item for item, _ in fused] == ["b", "a", "c"]
    assert fused[0][1] == 1 / 61 + 1 / 62


def test_rrf_handles_one_sided_and_empty_rankings() -> None:
    assert [i for i, _ in rrf_fuse([["x"], []])] == ["x"]
    assert rrf_fuse([[], []]) == []


def test_bm25_index_ranks_by_bm25_and_ignores_unknown_words() -> None:
    index = Bm25Index(["a", "b", "c"], ["radiotherapy resistance", "drug delivery vehicles", "stem cell biology"])
    assert index.search("resistance to radiotherapy", 3)[0][0] == "a"
    assert index.search("football", 3) == []
    assert index.idf["radiotherapi"] > 0


def test_matrix_dense_returns_nearest_first() -> None:
    vectors = np.eye(3, dtype=np.float32)
    dense = MatrixDense(["a", "b", "c"], vectors)
    assert [i for i, _ in dense.dense_search(np.array([0.1, 0.9, 0.0], dtype=np.float32), 2)] == ["b", "a"]


def test_weighted_fusion_lets_bm25_lead_and_dense_fill_in() -> None:
    fusion = Fusion(candidates=3, rrf_k=60, weights={"dense": 0.3})
    fused = [item for item, _ in fusion.fuse({"dense": ["d", "a", "x"], "bm25": ["a", "b"]})]
    assert fused[:2] == ["a", "b"]  # BM25's order wins where it has an opinion
    assert set(fused) == {"a", "b", "d", "x"}  # dense-only candidates still come through
    cut = Fusion(candidates=1).fuse({"dense": ["d", "a"], "bm25": ["a", "b"]})
    assert [i for i, _ in cut] == ["a", "d"]  # pool cut first


def test_fusion_takes_any_number_of_rankings() -> None:
    fusion = Fusion(candidates=5, rrf_k=60, weights={"weak": 0.1})
    fused = dict(fusion.fuse({"one": ["a", "b"], "two": ["b", "a"], "three": ["b"], "weak": ["a"]}))
    assert fused["b"] > fused["a"]  # two votes against one (the weak ranking barely counts)
    assert fused["b"] == pytest.approx(1 / 62 + 1 / 61 + 1 / 61)


def _chunks() -> dict[str, Chunk]:
    texts = {"a": "radiotherapy resistance in tumours", "b": "drug delivery by vesicles", "c": "stem cell biology"}
    return {
        cid: Chunk(cid, "doc", "Body", text, 0, len(text), position=i) for i, (cid, text) in enumerate(texts.items())
    }


class _Reverse:
    """A reranker that reverses what it is given, from a pool of 3: proves the seam is used."""

    name = "reverse"
    pool = 3

    def rerank(self, query: SearchQuery, passages: list[Passage]) -> list[Passage]:
        return list(reversed(passages))


def test_hybrid_retriever_fuses_named_rankings_and_records_each_rank() -> None:
    chunks = _chunks()
    ids = list(chunks)
    embedder = HashEmbedder()
    bm25 = Bm25Retriever(Bm25Index(ids, [c.text for c in chunks.values()]))
    dense = DenseRetriever(MatrixDense(ids, embedder.embed([c.text for c in chunks.values()])))
    identity = RERANKERS.get("identity")(Settings())
    retriever = HybridRetriever(embedder, [bm25, dense], Fusion(), identity, MemoryChunks(chunks, {"doc": "Title"}))
    retrieval = retriever.retrieve("radiotherapy resistance", "radiotherapy resistance", 2)
    top = retrieval.passages[0]
    assert top.chunk.chunk_id == "a" and top.ranks == {"bm25": 1, "dense": 1} and top.title == "Title"
    assert top.to_dict()["sparse_rank"] == 1 and top.to_dict()["dense_rank"] == 1
    assert {"embed", "bm25", "dense", "fuse"} <= set(retrieval.timings_ms)
    reranked = HybridRetriever(embedder, [bm25, dense], Fusion(), _Reverse(), MemoryChunks(chunks)).retrieve(
        "radiotherapy", "radiotherapy", 1
    )
    assert reranked.passages[0].chunk.chunk_id != "a"  # the reranker saw 3 candidates and reversed them


def test_registries_name_their_choices() -> None:
    assert {"bm25", "dense"} <= set(RETRIEVERS.names())
    assert "identity" in RERANKERS.names()
    with pytest.raises(ConfigError, match="RAG_RERANKER.*identity"):
        RERANKERS.get("cross-encoder")
