"""The full-text gold set (eval/data/fulltext_gold.jsonl), its documents (eval/documents.py) and the
`fulltext` suite: every quote is in its paper as the loader reads it, the counts and splits hold, and a
run over the review's page writes per-document figures and reuses its index."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path

import pytest

from eval.documents import CORPUS, DOCUMENTS, SPLITS, manifest_entry, prepare, prepare_together, select
from eval.errors import EvalError, GoldError
from eval.gold import FULLTEXT, FULLTEXT_CATEGORIES, load_fulltext_gold, load_gold, shared_content_words
from eval.text import contains
from rag import Settings
from rag.index.corpus import read_manifest
from tests.test_eval_cli import run_cli

REPO = Path(__file__).resolve().parents[1]
REAL = Settings().real_docs_dir
needs_real = pytest.mark.skipif(not REAL.is_dir(), reason=f"real documents folder absent: {REAL}")
TUNE = {"shan2024", "pmc7417471", "pone-0046493", "peerj-4375"}
GATE = {"pmc5828200", "journal-pmed-1001473", "bmc-hsr-2014-14-1", "clinsci-2014-126-305"}
NO_TABLES = {"shan2024"}  # the review's article page has no table or figure to ask about


@pytest.fixture(scope="module")
def items() -> list:
    return load_fulltext_gold()


def _settings(tmp: Path, corpus: Path = REPO / "corpus") -> Settings:
    return Settings(data_dir=tmp / "data", corpus_dir=corpus, real_docs_dir=REAL)


# The gold set ---------------------------------------------------------------------------------------


@needs_real
def test_every_quote_is_verbatim_in_its_document(tmp_path: Path, items: list) -> None:
    settings = _settings(tmp_path)
    corpus = {d.doc_id: list(prepare(d, settings).sections) for d in DOCUMENTS}
    assert load_fulltext_gold(corpus=corpus) == items  # raises GoldError naming any drifted item
    assert {e.doc_id for i in items for e in i.evidence} == set(corpus)


def test_counts_per_document_and_category(items: list) -> None:
    assert len(items) >= 160
    per_doc = Counter(i.doc for i in items)
    assert set(per_doc) == TUNE | GATE and all(n >= 20 for n in per_doc.values()), per_doc
    for doc in per_doc:
        counts = Counter(i.category for i in items if i.doc == doc)
        wanted = {c: 1 for c in FULLTEXT_CATEGORIES}
        wanted |= {"factual": 3, "paraphrased": 3, "multi_fact": 2, "metadata": 3, "not_covered": 3}
        wanted |= {"benign_imperative": 2, "claim_check": 2, "table_figure": 0 if doc in NO_TABLES else 2}
        short = {c: (counts[c], n) for c, n in wanted.items() if counts[c] < n}
        assert not short, (doc, short)
        claims = [i for i in items if i.doc == doc and i.category == "claim_check"]
        assert {i.expect_abstain for i in claims} == {True, False}, doc  # a true and a false claim
    assert sum(i.allow_references for i in items) >= 3


def test_split_membership() -> None:
    assert {d.doc_id for d in DOCUMENTS if d.split == "tune"} == TUNE
    assert {d.doc_id for d in DOCUMENTS if d.split == "gate"} == GATE
    assert {d.split for d in DOCUMENTS} == set(SPLITS)
    assert all(d.source != CORPUS for d in DOCUMENTS if d.split == "gate")  # the gate is never the tuned page
    assert [d.doc_id for d in select("gate")] == [d.doc_id for d in DOCUMENTS if d.doc_id in GATE]
    assert [d.doc_id for d in select("all", "pmc5828200")] == ["pmc5828200"]
    with pytest.raises(EvalError, match="no document 'pmc5828200' in the tune split"):
        select("tune", "pmc5828200")
    with pytest.raises(EvalError, match="unknown split 'dev'"):
        select("dev")


def test_item_shapes(items: list) -> None:
    for item in items:
        assert item.doc and all(e.doc_id == item.doc for e in item.evidence), item.id
        if item.expect_abstain:
            assert not item.evidence and not item.key_points, item.id
        else:
            assert item.evidence and item.key_points and item.reference_answer, item.id
        assert bool(item.history) == (item.category == "follow_up"), item.id
        assert [t["role"] for t in item.history] in ([], ["user", "assistant"]), item.id
    assert {i.category for i in items if i.benign} == {"benign_imperative", "misspelled", "claim_check"}


def test_paraphrased_items_share_no_content_word_with_their_evidence(items: list) -> None:
    paraphrased = [i for i in items if i.category == "paraphrased"]
    assert len(paraphrased) >= 24
    for item in paraphrased:
        assert not shared_content_words(item), (item.id, shared_content_words(item))


def test_key_points_are_in_the_reference_answers(items: list) -> None:
    for item in items:
        for point in item.key_points:
            assert any(contains(item.reference_answer, alt) for alt in point.split("|")), (item.id, point)


def test_drift_is_detected_and_names_the_item(tmp_path: Path) -> None:
    sections = list(prepare(select(doc="shan2024")[0], _settings(tmp_path)).sections)
    drifted = [text.replace("stromal cells", "stroma cells") for text in sections]
    with pytest.raises(GoldError, match="drifted.*shan-fact-1"):
        load_fulltext_gold(corpus={"shan2024": drifted})
    load_fulltext_gold(corpus={"shan2024": sections})  # documents not given are not checked


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({}, "need the id of their document in 'doc'"),
        ({"doc": "pmc5828200"}, "must come from the item's document 'pmc5828200'"),
        ({"doc": "shan2024", "category": "paraphrase"}, "unknown category 'paraphrase'"),
        ({"doc": "shan2024", "category": "off_topic"}, "off_topic items have no evidence"),
    ],
)
def test_malformed_items_are_refused(tmp_path: Path, fields: dict, message: str) -> None:
    item = {
        "id": "x",
        "question": "q",
        "category": "factual",
        "reference_answer": "r",
        "key_points": ["r"],
        "evidence": [{"doc_id": "shan2024", "quote": "q"}],
        "expect_abstain": False,
        **fields,
    }
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(item) + "\n", encoding="utf-8")
    with pytest.raises(GoldError, match=message):
        load_gold(path, schema=FULLTEXT)


# Documents: one corpus folder per content -----------------------------------------------------------


def test_prepare_copies_once_per_content_with_the_manifest_metadata(tmp_path: Path) -> None:
    document = select(doc="shan2024")[0]
    first = prepare(document, _settings(tmp_path))
    again = prepare(document, _settings(tmp_path))
    assert first.settings.corpus_dir == again.settings.corpus_dir
    assert first.settings.corpus_dir.parent.parent == tmp_path / "data" / "eval-fulltext"
    assert first.settings.data_dir == first.settings.corpus_dir.parent / "data"
    assert read_manifest(first.settings.corpus_dir) == read_manifest(REPO / "corpus")  # metadata kept exactly
    assert first.chunks and all(c.doc_id == "shan2024" for c in first.chunks)

    edited = tmp_path / "corpus"
    shutil.copytree(REPO / "corpus", edited)
    page = edited / document.file
    page.write_text(page.read_text(encoding="utf-8") + "\nKeywords: one more\n", encoding="utf-8")
    changed = prepare(document, _settings(tmp_path, edited))
    assert changed.settings.corpus_dir != first.settings.corpus_dir  # a new file content, a new index


def test_papers_prepared_together_share_one_corpus_with_each_ones_metadata(tmp_path: Path) -> None:
    documents = select(doc="shan2024") + select(doc="pmc5828200")
    shared = prepare_together(documents, _settings(tmp_path), "pair")
    assert shared.settings.corpus_dir.parent.name.startswith("together-pair-")
    assert set(shared.sections) == {"shan2024", "pmc5828200"}
    assert {c.doc_id for c in shared.chunks} == {"shan2024", "pmc5828200"}
    assert read_manifest(shared.settings.corpus_dir) == read_manifest(REPO / "corpus")  # the listed one's metadata
    alone = prepare(documents[1], _settings(tmp_path))
    assert shared.sections["pmc5828200"] == alone.sections  # loaded exactly as when indexed alone


def test_manifest_entry_round_trips(tmp_path: Path) -> None:
    [meta] = read_manifest(REPO / "corpus")
    (tmp_path / "manifest.toml").write_text(manifest_entry(meta), encoding="utf-8")
    assert read_manifest(tmp_path) == [meta]


def test_missing_sources_are_one_line_errors(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data", corpus_dir=tmp_path, real_docs_dir=tmp_path / "absent")
    with pytest.raises(EvalError, match=r"real documents folder not found: .*absent \(set RAG_REAL_DOCS_DIR"):
        prepare(select(doc="pmc5828200")[0], settings)
    with pytest.raises(EvalError, match="shan2024 is not listed with its file"):
        prepare(select(doc="shan2024")[0], settings)


# The suite ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--suite", "review", "--split", "gate"], "--split, --doc and --together apply to the fulltext suite only"),
        (["--suite", "review", "--together"], "--split, --doc and --together apply to the fulltext suite only"),
        (["--suite", "fulltext", "--doc", "nope"], "no document 'nope' in the all split"),
        (["--suite", "fulltext", "--target", "http://127.0.0.1:9"], "runs in process"),
        (["--suite", "fulltext", "--split", "gate", "--real-docs-dir", "/nonexistent"], "real documents folder not"),
        (["--suite", "fulltext", "--fail-under", "answered_all_key_facts[x=1"], "bad floor"),
    ],
)
def test_bad_fulltext_input_is_one_line_and_exit_2(argv: list[str], message: str, tmp_path: Path) -> None:
    code, _, err = run_cli("run", *argv, "--quiet", "--reports-dir", str(tmp_path), env={"RAG_DATA_DIR": str(tmp_path)})
    assert code == 2
    assert err.count("\n") == 1 and message in err and "Traceback" not in err


@pytest.mark.integration
def test_fulltext_run_on_the_review_page_reports_per_document_and_reuses_its_index(tmp_path: Path) -> None:
    env = {"RAG_DATA_DIR": str(tmp_path / "data")}
    reports = tmp_path / "reports"
    code, out, err = run_cli(
        "run",
        "--suite",
        "fulltext",
        "--doc",
        "shan2024",
        "--limit",
        "10",
        "--quiet",
        "--reports-dir",
        str(reports),
        "--fail-under",
        "abstained_correctly[off_topic]=0",
        "--fail-over",
        "reference_entries_quoted=100",
        env=env,
    )
    assert code == 0, err
    assert "gate: passed (2 checks)" in out
    [folder] = [p for p in reports.iterdir() if p.is_dir()]
    results = json.loads((folder / "results.json").read_text(encoding="utf-8"))
    assert results["suite"] == "fulltext" and set(results["summary"]) == {"assistant", "bm25", "dense"}
    assistant = results["summary"]["assistant"]
    rates = ("answered_all_key_facts", "key_facts_in_top3", "abstained_correctly", "answer_sentences_that_answer")
    assert all(0.0 <= assistant[metric] <= 1.0 for metric in rates), assistant
    assert isinstance(assistant["benign_refused"], int) and isinstance(assistant["reference_entries_quoted"], int)
    assert "key_facts_in_top3" in results["summary"]["bm25"]
    assert len(results["items"]) == 10 and len({i["category"] for i in results["items"]}) == 10  # one of each
    assert results["breakdowns"]["document"]["assistant"]["answered_all_key_facts"]["shan2024"]["n"] >= 1
    assert set(results["breakdowns"]["split"]["assistant"]["abstained_correctly"]) == {"all", "tune"}
    item = results["items"][0]
    assert {"doc", "split", "reason_code", "answer", "key_points", "scores", "retrieved"} <= set(item)
    report = (folder / "report.md").read_text(encoding="utf-8")
    assert "## Per category: assistant" in report and "| benign_imperative |" in report
    assert results["meta"]["ingest"]["shan2024"]["added"] > 0

    code, _, err = run_cli("run", "--suite", "fulltext", "--doc", "shan2024", "--limit", "1", "--quiet",
                           "--reports-dir", str(reports), env=env)  # fmt: skip
    assert code == 0, err
    second = max(p for p in reports.iterdir() if p.is_dir())
    ingest = json.loads((second / "results.json").read_text(encoding="utf-8"))["meta"]["ingest"]["shan2024"]
    assert ingest["added"] == 0 and ingest["unchanged"] > 0  # the index was reused, nothing re-embedded
