import numpy as np
import pytest

from rag import ConfigError, Passage
from rag.index.bm25 import Bm25Index
from rag.retrieval import RERANKERS, RETRIEVERS, Fusion, HybridRetriever, SearchQuery, rrf_fuse
from rag.retrieval.dense import DenseRetriever, MatrixDense
from rag.retrieval.fusion import convex_fuse
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


def scored(*ids: str) -> list[tuple[str, float]]:
    """A ranking whose scores fall by one per place (RRF reads only the order)."""
    return [(item, float(len(ids) - n)) for n, item in enumerate(ids)]


def test_weighted_fusion_lets_bm25_lead_and_dense_fill_in() -> None:
    fusion = Fusion(candidates=3, rrf_k=60, weights={"dense": 0.3})
    fused = [item for item, _ in fusion.fuse({"dense": scored("d", "a", "x"), "bm25": scored("a", "b")})]
    assert fused[:2] == ["a", "b"]  # BM25's order wins where it has an opinion
    assert set(fused) == {"a", "b", "d", "x"}  # dense-only candidates still come through
    cut = Fusion(candidates=1).fuse({"dense": scored("d", "a"), "bm25": scored("a", "b")})
    assert [i for i, _ in cut] == ["a", "d"]  # pool cut first


def test_fusion_takes_any_number_of_rankings() -> None:
    fusion = Fusion(candidates=5, rrf_k=60, weights={"weak": 0.1})
    rankings = {"one": scored("a", "b"), "two": scored("b", "a"), "three": scored("b"), "weak": scored("a")}
    fused = dict(fusion.fuse(rankings))
    assert fused["b"] > fused["a"]  # two votes against one (the weak ranking barely counts)
    assert fused["b"] == pytest.approx(1 / 62 + 1 / 61 + 1 / 61)


def test_convex_fusion_reads_how_far_ahead_the_first_candidates_are() -> None:
    """RRF sees the same two rankings either way; the scores say BM25's first hit is far ahead of its
    second (a rare term matched) while the dense ranking is nearly flat."""
    bm25 = [("a", 12.0), ("b", 3.0)]
    dense = [("b", 0.61), ("a", 0.60)]
    by_rank = Fusion(rrf_k=60, weights={"dense": 1.0}).fuse({"bm25": bm25, "dense": dense})
    by_score = Fusion(weights={"dense": 1.0}, method="convex").fuse({"bm25": bm25, "dense": dense})
    assert by_rank[0][1] == pytest.approx(by_rank[1][1])  # a tie by ranks alone
    assert [i for i, _ in by_score] == ["a", "b"]
    assert dict(by_score)["a"] == pytest.approx(1.0 + 0.60 / 0.61)


def test_convex_fusion_counts_a_missing_item_at_the_rankings_lowest_score() -> None:
    fused = dict(convex_fuse([[("a", 10.0), ("b", 5.0)], [("c", 0.5)]]))
    assert fused["c"] == pytest.approx(0.5 + 1.0)  # BM25 never returned it: as low as its last, b
    assert fused["a"] == pytest.approx(1.0 + 1.0) and fused["b"] == pytest.approx(0.5 + 1.0)
    assert convex_fuse([[], []]) == []


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
