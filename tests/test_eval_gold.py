"""eval/gold.py and eval/data/review_gold.jsonl: the gold set loads, every quote is in the corpus,
and a corpus change that breaks a quote fails loudly, naming the item."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path

import pytest

from eval.errors import GoldError
from eval.gold import CATEGORIES, GOLD_PATH, corpus_texts, load_gold, shared_content_words

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def corpus() -> dict[str, list[str]]:
    return corpus_texts(REPO / "corpus")


def test_every_quote_is_in_the_corpus(corpus: dict[str, list[str]]) -> None:
    items = load_gold(corpus=corpus)
    assert len(items) >= 60
    assert all(e.doc_id == "shan2024" for i in items for e in i.evidence)


def test_category_counts() -> None:
    counts = Counter(i.category for i in load_gold())
    assert set(counts) == set(CATEGORIES)
    assert all(n >= 5 for n in counts.values()), counts
    assert counts["not_covered"] + counts["off_topic"] + counts["adversarial"] >= 20


def test_item_shapes() -> None:
    for item in load_gold():
        if item.expect_abstain:
            assert not item.evidence and not item.key_points, item.id
        else:
            assert item.evidence and item.key_points and item.reference_answer, item.id
        assert bool(item.history) == (item.category == "follow_up"), item.id
        assert all(t["role"] in ("user", "assistant") for t in item.history)


def test_paraphrase_items_share_no_content_word_with_their_evidence() -> None:
    paraphrases = [i for i in load_gold() if i.category == "paraphrase"]
    assert paraphrases
    for item in paraphrases:
        assert not shared_content_words(item), (item.id, shared_content_words(item))


def test_key_points_of_answerable_items_are_in_their_reference_answers() -> None:
    """A key point that even the reference answer misses would be unreachable."""
    from eval.text import contains

    for item in load_gold():
        for point in item.key_points:
            assert any(contains(item.reference_answer, alt) for alt in point.split("|")), (item.id, point)


def test_drift_is_detected_and_names_the_item(tmp_path: Path) -> None:
    corpus_dir = tmp_path / "corpus"
    shutil.copytree(REPO / "corpus", corpus_dir)
    page = corpus_dir / "shan2024-ijbs-page.txt"
    page.write_text(page.read_text(encoding="utf-8").replace("self-renewal", "self renewal"), encoding="utf-8")
    with pytest.raises(GoldError) as error:
        load_gold(corpus=corpus_texts(corpus_dir))
    message = str(error.value)
    assert "drifted" in message and "fact-01" in message and "self-renewal" in message


def test_missing_document_is_reported(corpus: dict[str, list[str]]) -> None:
    with pytest.raises(GoldError, match="document 'shan2024' is not in the corpus"):
        load_gold(corpus={"other": corpus["shan2024"]})


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "not valid JSON"),
        ('{"id": "x"}', "missing or malformed field"),
        (
            json.dumps(
                {"id": "x", "question": "q", "category": "trivia", "reference_answer": "", "expect_abstain": True}
            ),
            "unknown category 'trivia'",
        ),
        (
            json.dumps(
                {"id": "x", "question": "q", "category": "factual", "reference_answer": "", "expect_abstain": False}
            ),
            "need at least one evidence quote",
        ),
    ],
)
def test_malformed_lines_fail_with_the_line_number(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_text(line + "\n", encoding="utf-8")
    with pytest.raises(GoldError, match=message) as error:
        load_gold(path)
    assert "gold.jsonl:1" in str(error.value)


def test_duplicate_ids_are_refused(tmp_path: Path) -> None:
    line = GOLD_PATH.read_text(encoding="utf-8").splitlines()[0]
    path = tmp_path / "gold.jsonl"
    path.write_text(f"{line}\n{line}\n", encoding="utf-8")
    with pytest.raises(GoldError, match="appears twice"):
        load_gold(path)
