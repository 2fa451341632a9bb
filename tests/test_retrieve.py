import numpy as np

from rag.retrieve import MatrixDense, SparseIndex, rewrite_query, rrf_fuse, tokenize


def test_rrf_rewards_items_ranked_well_by_both() -> None:
    fused = rrf_fuse([["a", "b", "c"], ["b", "c", "a"]], k=60)
    assert [item for item, _ in fused] == ["b", "a", "c"]
    assert fused[0][1] == 1 / 61 + 1 / 62


def test_rrf_handles_one_sided_and_empty_rankings() -> None:
    assert [i for i, _ in rrf_fuse([["x"], []])] == ["x"]
    assert rrf_fuse([[], []]) == []


def test_tokenize_stems_drops_stopwords_and_splits_hyphens() -> None:
    assert tokenize("The MSC-EVs were transferring proteins") == ["msc-ev", "msc", "ev", "transfer", "protein"]


def test_sparse_index_ranks_by_bm25_and_ignores_unknown_words() -> None:
    index = SparseIndex(["a", "b", "c"], ["radiotherapy resistance", "drug delivery vehicles", "stem cell biology"])
    assert index.search("resistance to radiotherapy", 3)[0][0] == "a"
    assert index.search("football", 3) == []
    assert index.idf["radiotherapi"] > 0


def test_matrix_dense_returns_nearest_first() -> None:
    vectors = np.eye(3, dtype=np.float32)
    dense = MatrixDense(["a", "b", "c"], vectors)
    assert [i for i, _ in dense.dense_search(np.array([0.1, 0.9, 0.0], dtype=np.float32), 2)] == ["b", "a"]


def test_rewrite_query_adds_acronyms_and_metadata_hints() -> None:
    rewritten = rewrite_query("who wrote the MSC paper?", {"MSC": "mesenchymal stem cell"})
    assert "mesenchymal stem cell" in rewritten and "Authors" in rewritten


def test_weighted_fusion_lets_bm25_lead_and_dense_fill_in() -> None:
    from rag.retrieve import Fusion

    fusion = Fusion(candidates=3, rrf_k=60, dense_weight=0.3)
    fused = [item for item, _ in fusion.fuse(dense=["d", "a", "x"], sparse=["a", "b"])]
    assert fused[:2] == ["a", "b"]  # BM25's order wins where it has an opinion
    assert set(fused) == {"a", "b", "d", "x"}  # dense-only candidates still come through
    assert [i for i, _ in Fusion(candidates=1).fuse(["d", "a"], ["a", "b"])] == ["a", "d"]  # pool cut first
