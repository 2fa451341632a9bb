"""Pure helpers of the harness: the review suite's adapters, floors, anchors, export (no model)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eval import cache
from eval.compare import Floor, check_floors, compare_table, parse_floor, run_groups
from eval.datasets import anchor_value, read_anchors
from eval.errors import EvalError
from eval.export import export_ragas
from eval.gold import load_gold
from eval.report import headline_table
from eval.suites.review import answer_sentences, gold_matches, retrieval_query, split_cited, stratified
from eval.targets import Retrieved, cited_passages
from tests.fakes import HashEmbedder


def test_stratified_limit_covers_every_category_first() -> None:
    items = load_gold()
    picked = stratified(items, 9)
    assert len({i.category for i in picked}) == 9
    assert stratified(items, None) == items and stratified(items, 10_000) == items
    assert [i.id for i in stratified(items, 10)][-1] == "fact-02"


def test_gold_matches_need_the_quote_verbatim_in_the_same_document() -> None:
    item = next(i for i in load_gold() if i.id == "def-04")  # two quotes
    passages = [
        Retrieved("a", "shan2024", "Abstract", "... Mesenchymal stem cells (MSCs) are ..."),
        Retrieved("b", "other", "Abstract", "extracellular vesicles (EVs)"),
        Retrieved("c", "shan2024", "Abstract", "specifically extracellular vesicles (EVs)."),
    ]
    ranked = gold_matches(item, passages)
    assert ranked.matches == (frozenset({"q0"}), frozenset(), frozenset({"q1"}))
    assert ranked.n_gold == 2


def test_follow_up_retrieval_query_carries_the_previous_question() -> None:
    item = next(i for i in load_gold() if i.id == "follow-01")
    assert retrieval_query(item) == "Who wrote the review? Which of them is the corresponding author?"
    assert retrieval_query(load_gold()[0]) == load_gold()[0].question


def test_answer_sentences_from_structured_and_text_only_answers() -> None:
    citations = [{"n": 1, "text": "P1"}, {"n": 2, "text": "P2"}]
    structured = {"abstained": False, "citations": citations, "sentences": [{"text": "S.", "citations": [1, 2]}]}
    assert [(s.text, s.passages) for s in answer_sentences(structured)] == [("S.", ("P1", "P2"))]
    text_only = {"abstained": False, "citations": citations, "answer": "First one [1]. Second [2][3]. Tail"}
    assert [(s.text, s.passages) for s in answer_sentences(text_only)] == [
        ("First one", ("P1",)),
        ("Second", ("P2",)),  # [3] is not among the citations
        ("Tail", ()),  # uncited text is an unsupported sentence
    ]
    assert split_cited("Corresponding author: Chan Shan. [1]") == [("Corresponding author: Chan Shan.", [1])]
    assert answer_sentences({"abstained": True, "answer": "The review does not say."}) is None


def test_cited_passages_are_ranked_by_citation_number() -> None:
    answer = {"citations": [{"n": 2, "text": "B", "doc_id": "d"}, {"n": 1, "text": "A", "doc_id": "d"}]}
    assert [p.text for p in cited_passages(answer)] == ["A", "B"]


def test_floors_parse_and_check() -> None:
    assert parse_floor("hit@3=0.9") == Floor("assistant", "hit@3", 0.9)
    assert parse_floor("bm25:ndcg@10=0.6") == Floor("bm25", "ndcg@10", 0.6)
    for bad in ("hit@3", "hit@3=high", "=0.5"):
        with pytest.raises(EvalError, match="bad floor"):
            parse_floor(bad)
    summary = {"assistant": {"hit@3": 0.95, "mrr": None, "latency_p50_ms": 40.0}}
    assert check_floors(summary, [parse_floor("hit@3=0.9")]) == []
    assert "below the floor" in check_floors(summary, [parse_floor("hit@3=0.96")])[0]
    assert "no value" in check_floors(summary, [parse_floor("mrr=0.1")])[0]
    assert "above the ceiling" in check_floors(summary, [parse_floor("latency_p50_ms=30")], above=True)[0]
    with pytest.raises(EvalError, match="no metric 'ndcg@5'"):
        check_floors(summary, [parse_floor("ndcg@5=0.1")])
    with pytest.raises(EvalError, match="no system 'dense'"):
        check_floors(summary, [parse_floor("dense:mrr=0.1")])


def test_floors_on_one_category_document_or_split() -> None:
    floor = parse_floor("answered_all_key_facts[paraphrased]=0.75")
    assert floor == Floor("assistant", "answered_all_key_facts", 0.75, "paraphrased")
    assert str(floor) == "assistant:answered_all_key_facts[paraphrased]=0.75"
    assert parse_floor("bm25:key_facts_in_top3[pmc5828200]=0.5").group == "pmc5828200"
    run = {
        "summary": {"assistant": {"answered_all_key_facts": 0.9, "benign_refused": 1}},
        "categories": {"assistant": {"answered_all_key_facts": {"paraphrased": {"value": 0.5, "n": 4}}}},
        "breakdowns": {
            "document": {"assistant": {"answered_all_key_facts": {"pmc5828200": {"value": 0.8, "n": 5}}}},
            "split": {"assistant": {"benign_refused": {"gate": {"value": 1, "n": 9}}}},
        },
    }
    groups = run_groups(run)
    assert "0.5 is below the floor 0.75" in check_floors(run["summary"], [floor], groups=groups)[0]
    document = parse_floor("answered_all_key_facts[pmc5828200]=0.8")
    assert check_floors(run["summary"], [document], groups=groups) == []
    ceiling = parse_floor("benign_refused[gate]=0")
    assert "above the ceiling 0" in check_floors(run["summary"], [ceiling], above=True, groups=groups)[0]
    assert "above the ceiling 0" in check_floors(run["summary"], [parse_floor("benign_refused=0")], above=True)[0]
    with pytest.raises(EvalError, match="no group 'metadata'.*paraphrased, pmc5828200"):
        check_floors(run["summary"], [parse_floor("answered_all_key_facts[metadata]=1")], groups=groups)


def test_compare_table_shows_deltas() -> None:
    a = {"summary": {"assistant": {"hit@3": 0.9, "mrr": None}}}
    b = {"summary": {"assistant": {"hit@3": 0.95, "mrr": 0.5}, "bm25": {"hit@3": 0.8}}}
    table = compare_table(a, b)
    assert "+0.0500" in table and "bm25" in table
    assert table.splitlines()[2].split()[-1] == "–"  # mrr had no value in A


ANCHORS = """# Title

| system | nDCG@10 | setting |
|---|---:|---|
| BM25 (BEIR paper) | **0.665** | `multi` |
| MedCPT | **0.724** | secondary |

| other table | x |
|---|---|
| ignored | 1 |
"""


def test_read_anchors_parses_the_first_table(tmp_path: Path) -> None:
    path = tmp_path / "ANCHORS.md"
    path.write_text(ANCHORS, encoding="utf-8")
    rows = read_anchors(path)
    assert [r["system"] for r in rows] == ["BM25 (BEIR paper)", "MedCPT"]
    assert rows[0]["setting"] == "multi"
    assert anchor_value(rows[0]) == 0.665
    assert read_anchors(tmp_path / "missing.md") == []


def test_headline_table_lists_anchor_rows() -> None:
    result = {
        "summary": {"assistant": {"ndcg@10": 0.7, "recall@100": 0.9}, "bm25": {"ndcg@10": 0.66, "recall@100": 0.9}},
        "anchors": [{"system": "BM25 (BEIR paper)", "ndcg@10": "0.665"}],
    }
    lines = headline_table(result).splitlines()
    assert lines[0] == "| system | ndcg@10 | recall@100 |"
    assert lines[2] == "| assistant | 0.700 | 0.900 |"
    assert lines[4] == "| BM25 (BEIR paper) (published) | 0.665 |  |"


def test_export_needs_answers(tmp_path: Path) -> None:
    with pytest.raises(EvalError, match="no answers to export"):
        export_ragas({"suite": "scifact", "items": [{"id": "1", "question": "q"}]}, tmp_path / "x.jsonl")
    run = {
        "items": [
            {
                "id": "a",
                "question": "q",
                "answer": "A [1]",
                "citations": [{"text": "ctx"}],
                "reference_answer": "ref",
                "category": "factual",
            }
        ]
    }
    assert export_ragas(run, tmp_path / "x.jsonl") == 1
    row = json.loads((tmp_path / "x.jsonl").read_text(encoding="utf-8"))
    assert row["contexts"] == ["ctx"] and row["ground_truth"] == "ref"


def test_benchmark_vectors_are_cached_per_model_and_embedding_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A changed ONNX export (attention fused, stop 28) must not be scored with the vectors of the old one."""
    embedder = HashEmbedder()
    first = cache.cached_embeddings(embedder, ["a claim", "an abstract"], tmp_path, "corpus", progress=False)
    cache.cached_embeddings(embedder, ["a claim", "an abstract"], tmp_path, "corpus", progress=False)
    assert embedder.calls == 1  # the second read the cache
    monkeypatch.setattr(cache, "embedding_code_version", lambda: "changed")
    again = cache.cached_embeddings(embedder, ["a claim", "an abstract"], tmp_path, "corpus", progress=False)
    assert embedder.calls == 2 and len(list(tmp_path.glob("corpus-*.npy"))) == 2
    assert (first == again).all()
