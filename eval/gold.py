"""The gold sets: load them and check every quote against the documents.

`eval/data/review_gold.jsonl` is about the review's page in `corpus/`; `eval/data/fulltext_gold.jsonl`
is about full-text papers, each item tied to one document (`doc`) indexed alone (see eval/documents.py).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from eval.errors import GoldError
from eval.text import content_tokens

GOLD_PATH = Path(__file__).parent / "data" / "review_gold.jsonl"
FULLTEXT_PATH = Path(__file__).parent / "data" / "fulltext_gold.jsonl"
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
FULLTEXT_CATEGORIES = (
    "factual",
    "paraphrased",
    "multi_fact",
    "table_figure",
    "metadata",
    "not_covered",
    "off_topic",
    "benign_imperative",
    "claim_check",  # "Is it true that X?": a true claim is answered, a false one refused
    "misspelled",
    "follow_up",
)
BENIGN = {"benign_imperative", "misspelled", "claim_check"}  # answerable ones must never be refused


@dataclass(frozen=True)
class GoldSchema:
    """What a gold set may hold: its categories, those whose items are always refused, whether each
    item names its document."""

    categories: tuple[str, ...]
    refused: frozenset[str]
    per_document: bool = False


REVIEW = GoldSchema(CATEGORIES, frozenset(NO_EVIDENCE))
FULLTEXT = GoldSchema(FULLTEXT_CATEGORIES, frozenset({"not_covered", "off_topic"}), per_document=True)


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
    doc: str = ""  # full-text set: the one document the item is asked about
    allow_references: bool = False  # the question asks which study says something: quoting the reference list is fine

    @property
    def quotes(self) -> tuple[str, ...]:
        return tuple(e.quote for e in self.evidence)

    @property
    def benign(self) -> bool:
        """A harmless question that must be answered (a command, a typo, a true claim)."""
        return self.category in BENIGN and not self.expect_abstain


def load_gold(
    path: Path = GOLD_PATH, corpus: Mapping[str, Sequence[str]] | None = None, schema: GoldSchema = REVIEW
) -> list[GoldItem]:
    """Parse the gold set; with `corpus` ({doc_id: section texts}), also check every quote verbatim."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise GoldError(f"cannot read the gold set {path}: {exc.strerror}") from exc
    items = [_parse(line, path, number, schema) for number, line in enumerate(lines, start=1) if line.strip()]
    seen: set[str] = set()
    for item in items:
        if item.id in seen:
            raise GoldError(f"{path.name}: item id {item.id!r} appears twice")
        seen.add(item.id)
    if corpus is not None:
        validate_quotes(items, corpus, path)
    return items


def load_fulltext_gold(corpus: Mapping[str, Sequence[str]] | None = None, path: Path = FULLTEXT_PATH) -> list[GoldItem]:
    """The full-text gold set (quotes checked when `corpus` is given; documents it lacks are skipped)."""
    items = load_gold(path, schema=FULLTEXT)
    if corpus is not None:
        validate_quotes([i for i in items if i.doc in corpus], corpus, path)
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


def _parse(line: str, path: Path, number: int, schema: GoldSchema = REVIEW) -> GoldItem:
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
            doc=str(data.get("doc", "")),
            allow_references=bool(data.get("allow_references", False)),
        )
    except (KeyError, TypeError) as exc:
        raise GoldError(f"{where}: missing or malformed field {exc}") from exc
    problem = _shape_problem(item, schema)
    if problem:
        raise GoldError(f"{where} ({item.id}): {problem}")
    return item


def _shape_problem(item: GoldItem, schema: GoldSchema) -> str:
    if item.category not in schema.categories:
        return f"unknown category {item.category!r}; known: {', '.join(schema.categories)}"
    if item.category in schema.refused and not item.expect_abstain:
        return f"{item.category} items have no evidence and expect an abstention"
    if item.expect_abstain and (item.evidence or item.key_points):
        return "items that expect an abstention have no evidence and no key points"
    if not item.expect_abstain and not item.evidence:
        return "answerable items need at least one evidence quote"
    if item.category == "follow_up" and not item.history:
        return "follow-up items need a history"
    if schema.per_document and not item.doc:
        return "items need the id of their document in 'doc'"
    if schema.per_document and any(e.doc_id != item.doc for e in item.evidence):
        return f"every evidence quote must come from the item's document {item.doc!r}"
    return ""
