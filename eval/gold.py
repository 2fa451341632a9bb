"""The review's gold set: load `eval/data/review_gold.jsonl` and check every quote against the corpus."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from eval.errors import GoldError
from eval.text import content_tokens

GOLD_PATH = Path(__file__).parent / "data" / "review_gold.jsonl"
CATEGORIES = (
    "factual",
    "definition",
    "list",
    "metadata",
    "paraphrase",
    "follow_up",
    "not_covered",
    "off_topic",
    "adversarial",
)
NO_EVIDENCE = {"not_covered", "off_topic", "adversarial"}


@dataclass(frozen=True)
class Evidence:
    doc_id: str
    quote: str


@dataclass(frozen=True)
class GoldItem:
    id: str
    question: str
    category: str
    reference_answer: str
    key_points: tuple[str, ...]
    evidence: tuple[Evidence, ...]
    expect_abstain: bool
    history: tuple[dict[str, str], ...] = field(default_factory=tuple)

    @property
    def quotes(self) -> tuple[str, ...]:
        return tuple(e.quote for e in self.evidence)


def load_gold(path: Path = GOLD_PATH, corpus: Mapping[str, Sequence[str]] | None = None) -> list[GoldItem]:
    """Parse the gold set; with `corpus` ({doc_id: section texts}), also check every quote verbatim."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise GoldError(f"cannot read the gold set {path}: {exc.strerror}") from exc
    items = [_parse(line, path, number) for number, line in enumerate(lines, start=1) if line.strip()]
    seen: set[str] = set()
    for item in items:
        if item.id in seen:
            raise GoldError(f"{path.name}: item id {item.id!r} appears twice")
        seen.add(item.id)
    if corpus is not None:
        validate_quotes(items, corpus, path)
    return items


def validate_quotes(items: Sequence[GoldItem], corpus: Mapping[str, Sequence[str]], path: Path = GOLD_PATH) -> None:
    """Raise GoldError naming every item whose quote is not an exact substring of its document."""
    problems = []
    for item in items:
        for evidence in item.evidence:
            texts = corpus.get(evidence.doc_id)
            if texts is None:
                problems.append(f"{item.id}: document {evidence.doc_id!r} is not in the corpus")
            elif not any(evidence.quote in text for text in texts):
                problems.append(f"{item.id}: quote not found verbatim in {evidence.doc_id}: {evidence.quote[:80]!r}")
    if problems:
        more = f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""
        raise GoldError(
            f"{path.name} has drifted from the corpus: {'; '.join(problems[:3])}{more}; "
            "fix the quotes (or the corpus) so each is an exact substring of a section"
        )


def corpus_texts(corpus_dir: Path) -> dict[str, list[str]]:
    """{doc_id: [section text, ...]} as the loaders produce it (what the index is built from)."""
    from rag.index.corpus import read_corpus
    from rag.index.loaders import load_document

    return {
        entry.meta.doc_id: [s.text for s in load_document(entry.path, entry.meta).sections]
        for entry in read_corpus(corpus_dir)
    }


def shared_content_words(item: GoldItem) -> set[str]:
    """Content words the question shares with its evidence (empty for a proper paraphrase item)."""
    question = set(content_tokens(item.question))
    return question & {t for e in item.evidence for t in content_tokens(e.quote)}


def _parse(line: str, path: Path, number: int) -> GoldItem:
    where = f"{path.name}:{number}"
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        raise GoldError(f"{where}: not valid JSON ({exc.msg})") from exc
    try:
        item = GoldItem(
            id=str(data["id"]),
            question=str(data["question"]),
            category=str(data["category"]),
            reference_answer=str(data["reference_answer"]),
            key_points=tuple(str(p) for p in data.get("key_points", [])),
            evidence=tuple(Evidence(str(e["doc_id"]), str(e["quote"])) for e in data.get("evidence", [])),
            expect_abstain=bool(data["expect_abstain"]),
            history=tuple({"role": str(t["role"]), "content": str(t["content"])} for t in data.get("history", [])),
        )
    except (KeyError, TypeError) as exc:
        raise GoldError(f"{where}: missing or malformed field {exc}") from exc
    if item.category not in CATEGORIES:
        raise GoldError(f"{where} ({item.id}): unknown category {item.category!r}; known: {', '.join(CATEGORIES)}")
    if item.category in NO_EVIDENCE and (item.evidence or not item.expect_abstain):
        raise GoldError(f"{where} ({item.id}): {item.category} items have no evidence and expect an abstention")
    if item.category not in NO_EVIDENCE and not item.evidence:
        raise GoldError(f"{where} ({item.id}): answerable items need at least one evidence quote")
    if item.category == "follow_up" and not item.history:
        raise GoldError(f"{where} ({item.id}): follow-up items need a history")
    return item
