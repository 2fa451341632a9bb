"""Pure metric functions. Each returns `Score(value, per_item)`.

`per_item` is aligned with the input items; an entry is None where the metric does not apply to the
item (a not-covered question has no gold passage to retrieve), and `value` is the mean over the items
where it applies (None when none do), or their sum for counting metrics (`aggregate="sum"`: how many
reference entries were quoted). `breakdown` turns per-item scores into per-category figures with the
number of items behind each.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from eval.text import char_overlap, containment, contains, token_f1

_MARKER = re.compile(r"\s*\[\d+(?:\s*[,\u2013-]\s*\d+)*\]")


class Score(NamedTuple):
    value: float | None
    per_item: list[float | None]
    aggregate: str = "mean"  # or "sum": the value (and each category's) is the total, e.g. a count of failures


@dataclass(frozen=True)
class Ranked:
    """One item's retrieval outcome: the gold keys each ranked passage contains, best first."""

    matches: tuple[frozenset[str], ...]
    n_gold: int  # gold keys (quotes or relevant doc ids) of the item; 0 = retrieval does not apply


@dataclass(frozen=True)
class CitedSentence:
    """One answer sentence and the texts of the passages it cites."""

    text: str
    passages: tuple[str, ...]


def mean_of(per_item: Iterable[float | None]) -> float | None:
    values = [v for v in per_item if v is not None]
    return sum(values) / len(values) if values else None


def total_of(per_item: Iterable[float | None]) -> int | None:
    values = [v for v in per_item if v is not None]
    return round(sum(values)) if values else None


def _score(per_item: list[float | None]) -> Score:
    return Score(mean_of(per_item), per_item)


def _count(per_item: list[float | None]) -> Score:
    return Score(total_of(per_item), per_item, "sum")


# Retrieval ---------------------------------------------------------------------------------------


def hit_at_k(items: Sequence[Ranked], k: int) -> Score:
    """1 when any of the top k passages contains a gold key."""
    return _score([None if r.n_gold == 0 else float(any(r.matches[:k])) for r in items])


def recall_at_k(items: Sequence[Ranked], k: int) -> Score:
    """Share of the item's gold keys found in the top k passages."""
    per_item: list[float | None] = []
    for r in items:
        found = set().union(*r.matches[:k]) if r.matches[:k] else set()
        per_item.append(None if r.n_gold == 0 else min(len(found), r.n_gold) / r.n_gold)
    return _score(per_item)


def mrr(items: Sequence[Ranked]) -> Score:
    """Reciprocal rank of the first passage that contains a gold key (0 when none does)."""
    per_item: list[float | None] = []
    for r in items:
        first = next((rank for rank, keys in enumerate(r.matches, start=1) if keys), None)
        per_item.append(None if r.n_gold == 0 else (1.0 / first if first else 0.0))
    return _score(per_item)


def ndcg_at_k(items: Sequence[Ranked], k: int = 10) -> Score:
    """Binary nDCG: a passage gains 1 when it brings a gold key not already found higher up.

    Counting only new keys keeps overlapping chunks that repeat one quote from scoring above 1;
    with one relevant document per key (benchmarks) it is the usual binary nDCG.
    """
    per_item: list[float | None] = []
    for r in items:
        if r.n_gold == 0:
            per_item.append(None)
            continue
        seen: set[str] = set()
        dcg = 0.0
        for rank, keys in enumerate(r.matches[:k], start=1):
            if keys - seen:
                dcg += 1.0 / math.log2(rank + 1)
                seen |= keys
        ideal = sum(1.0 / math.log2(rank + 1) for rank in range(1, min(r.n_gold, k) + 1))
        per_item.append(dcg / ideal)
    return _score(per_item)


# Answers -----------------------------------------------------------------------------------------


def key_point_recall(answers: Sequence[str], key_points: Sequence[Sequence[str]]) -> Score:
    """Share of key points contained in the answer (normalised, case-insensitive).

    A key point may list alternatives separated by '|' ("Int J Biol Sci|International Journal of
    Biological Sciences"); any one of them counts. Items without key points do not apply.
    """
    per_item: list[float | None] = []
    for answer, points in zip(answers, key_points, strict=True):
        if not points:
            per_item.append(None)
            continue
        found = sum(any(contains(answer, alt) for alt in point.split("|")) for point in points)
        per_item.append(found / len(points))
    return _score(per_item)


def supports(sentence: str, passage: str, gold_quotes: Sequence[str] = (), threshold: float = 0.8) -> bool:
    """Does `passage` support `sentence`? Deterministic stand-in for ALCE's entailment judge.

    Yes when the passage holds a gold quote that overlaps the sentence (one contains the other, or
    half the sentence's content words are in the quote), or when at least `threshold` of the
    sentence's content words occur in the passage (lexical support).
    """
    claim = strip_markers(sentence)
    for quote in gold_quotes:
        if contains(passage, quote) and (
            contains(claim, quote) or contains(quote, claim) or containment(claim, quote) >= 0.5
        ):
            return True
    return containment(claim, passage) >= threshold


def citation_recall(
    answers: Sequence[Sequence[CitedSentence] | None], gold: Sequence[Sequence[str]], threshold: float = 0.8
) -> Score:
    """ALCE citation recall: share of answer sentences whose cited passages, together, support them.

    A sentence without a citation is unsupported. Items with no answer sentences (abstained) do not apply.
    """
    per_item: list[float | None] = []
    for sentences, quotes in zip(answers, gold, strict=True):
        if not sentences:
            per_item.append(None)
            continue
        ok = [bool(s.passages) and supports(s.text, "\n".join(s.passages), quotes, threshold) for s in sentences]
        per_item.append(sum(ok) / len(ok))
    return _score(per_item)


def citation_precision(
    answers: Sequence[Sequence[CitedSentence] | None], gold: Sequence[Sequence[str]], threshold: float = 0.8
) -> Score:
    """ALCE citation precision: share of citations that are needed for a supported sentence.

    A citation counts when its sentence is supported by all its citations together and the citation
    either supports the sentence alone or the rest no longer do without it. Items with no citations
    do not apply.
    """
    per_item: list[float | None] = []
    for sentences, quotes in zip(answers, gold, strict=True):
        pairs = [(s, i) for s in sentences or () for i in range(len(s.passages))]
        if not pairs:
            per_item.append(None)
            continue
        good = 0
        for sentence, i in pairs:
            if not supports(sentence.text, "\n".join(sentence.passages), quotes, threshold):
                continue
            rest = sentence.passages[:i] + sentence.passages[i + 1 :]
            alone = supports(sentence.text, sentence.passages[i], quotes, threshold)
            needed = not rest or not supports(sentence.text, "\n".join(rest), quotes, threshold)
            good += alone or needed
        per_item.append(good / len(pairs))
    return _score(per_item)


def abstention_recall(abstained: Sequence[bool], expected: Sequence[bool]) -> Score:
    """Of the items that should be refused, the share the assistant refused."""
    return _score([float(a) if e else None for a, e in zip(abstained, expected, strict=True)])


def abstention_precision(abstained: Sequence[bool], expected: Sequence[bool]) -> Score:
    """Of the items the assistant refused, the share that should have been refused."""
    return _score([float(e) if a else None for a, e in zip(abstained, expected, strict=True)])


def answer_f1(predictions: Sequence[str], references: Sequence[str]) -> Score:
    """Token F1 (content words) of each prediction against its reference answer."""
    return _score([token_f1(p, r) for p, r in zip(predictions, references, strict=True)])


def has_key_points(text: str, points: Sequence[str]) -> bool:
    """Every key point (any of its '|' alternatives) is contained in `text`."""
    return all(any(contains(text, alt) for alt in point.split("|")) for point in points)


def answered_all_key_facts(answers: Sequence[str | None], key_points: Sequence[Sequence[str]]) -> Score:
    """1 when the answer holds every key point, 0 when one is missing or it abstained (`None`).

    Items without key points (those that should be refused) do not apply.
    """
    per_item: list[float | None] = []
    for answer, points in zip(answers, key_points, strict=True):
        per_item.append(None if not points else float(answer is not None and has_key_points(answer, points)))
    return _score(per_item)


def refusals_pointing_at_answer(refused: Sequence[Sequence[str] | None], key_points: Sequence[Sequence[str]]) -> Score:
    """1 when a refused answerable item's closest passages (the citations a refusal offers, `refused`:
    their texts; None when it answered) together hold every key point: the student who opens them finds
    the answer the assistant could not match. Answered items and items without key points do not apply."""
    per_item: list[float | None] = []
    for passages, points in zip(refused, key_points, strict=True):
        if passages is None or not points:
            per_item.append(None)
            continue
        per_item.append(float(has_key_points("\n".join(passages), points)))
    return _score(per_item)


def cites_the_asked_paper(cited: Sequence[Sequence[str] | None], asked: Sequence[str]) -> Score:
    """With several papers in one index: 1 when every paper an answer cites (`cited`; None: does not
    apply) is the one its question is about, 0 when it cites another too (an answer about paper A padded
    from paper B)."""
    per_item = [
        None if papers is None else float(set(papers) <= {doc}) for papers, doc in zip(cited, asked, strict=True)
    ]
    return _score(per_item)


def key_facts_in_top_k(
    passages: Sequence[Sequence[str]], quotes: Sequence[Sequence[str]], key_points: Sequence[Sequence[str]], k: int = 3
) -> Score:
    """1 when the top k passages hold every gold quote verbatim, or together contain every key point.

    Measures retrieval against what the answer needs: a metadata value worded differently from the
    quote still counts. Items without quotes and key points do not apply.
    """
    per_item: list[float | None] = []
    for ranked, item_quotes, points in zip(passages, quotes, key_points, strict=True):
        if not item_quotes and not points:
            per_item.append(None)
            continue
        top = ranked[:k]
        quoted = bool(item_quotes) and all(any(q in p for p in top) for q in item_quotes)
        per_item.append(float(quoted or (bool(points) and has_key_points("\n".join(top), points))))
    return _score(per_item)


def benign_refused(abstained: Sequence[bool], benign: Sequence[bool]) -> Score:
    """How many benign questions (commands, typos, true claims) were refused; others do not apply."""
    return _count([float(a) if b else None for a, b in zip(abstained, benign, strict=True)])


def answers_question(sentence: str, quotes: Sequence[str], points: Sequence[str], overlap: float = 0.5) -> bool:
    """Does this answer sentence answer? It contains a key point, or shares at least `overlap` of the
    shorter text with a gold quote (a quote inside the sentence, or the sentence inside a quote)."""
    claim = strip_markers(sentence)
    if any(contains(claim, alt) for point in points for alt in point.split("|")):
        return True
    return any(char_overlap(claim, quote) >= overlap for quote in quotes)


def answer_sentences_that_answer(
    sentences: Sequence[Sequence[str] | None], quotes: Sequence[Sequence[str]], key_points: Sequence[Sequence[str]]
) -> Score:
    """Share of an answer's sentences that answer the question (see `answers_question`).

    Padding (a caption, a reference entry, another sensor's numbers) lowers it. Abstentions (`None`)
    and items without gold (those that should be refused) do not apply; the value is the mean over
    answers, so every answer weighs the same however long it is.
    """
    per_item: list[float | None] = []
    for said, item_quotes, points in zip(sentences, quotes, key_points, strict=True):
        if not said or not (item_quotes or points):
            per_item.append(None)
            continue
        per_item.append(sum(answers_question(s, item_quotes, points) for s in said) / len(said))
    return _score(per_item)


def first_sentence_answers(
    sentences: Sequence[Sequence[str] | None], quotes: Sequence[Sequence[str]], key_points: Sequence[Sequence[str]]
) -> Score:
    """Whether an answer's first sentence answers the question (see `answers_question`): a student reads
    the first sentence as the answer. Abstentions and items without gold do not apply."""
    per_item: list[float | None] = []
    for said, item_quotes, points in zip(sentences, quotes, key_points, strict=True):
        if not said or not (item_quotes or points):
            per_item.append(None)
            continue
        per_item.append(float(answers_question(said[0], item_quotes, points)))
    return _score(per_item)


def reference_entries_quoted(cited_kinds: Sequence[Sequence[Sequence[str]] | None], allowed: Sequence[bool]) -> Score:
    """How many answer sentences were cited from a reference list ("references" passages).

    `cited_kinds` holds, per answer, the kinds of the passages each sentence cites (None when it
    abstained). Items whose question asks which study says something (`allowed`) do not apply.
    """
    per_item: list[float | None] = []
    for kinds, ok in zip(cited_kinds, allowed, strict=True):
        per_item.append(None if kinds is None or ok else float(sum("references" in k for k in kinds)))
    return _count(per_item)


def latency_percentile(latencies_ms: Sequence[float | None], q: float) -> Score:
    """The q-th percentile (0-100, linear interpolation as numpy's default) of the latencies."""
    values = sorted(v for v in latencies_ms if v is not None)
    return Score(percentile(values, q) if values else None, list(latencies_ms))


def percentile(sorted_values: Sequence[float], q: float) -> float:
    position = (len(sorted_values) - 1) * q / 100.0
    low, high = math.floor(position), math.ceil(position)
    return sorted_values[low] + (sorted_values[high] - sorted_values[low]) * (position - low)


# Aggregation -------------------------------------------------------------------------------------


def breakdown(
    per_item: Sequence[float | None], categories: Sequence[str], aggregate: str = "mean", order: Sequence[str] = ()
) -> dict[str, dict[str, float | int | None]]:
    """{"all": {"value", "n"}, category: {"value", "n"}, ...}; n counts the items the metric applies to.

    The value is the mean of the category's items, or their total for counting metrics (`aggregate="sum"`).
    Categories come in `order` (those present), then in order of first appearance.
    """
    combine = total_of if aggregate == "sum" else mean_of
    present = set(categories)
    groups: dict[str, list[float]] = {"all": [], **{c: [] for c in order if c in present}}
    for value, category in zip(per_item, categories, strict=True):
        groups.setdefault(category, [])
        if value is not None:
            groups["all"].append(value)
            groups[category].append(value)
    return {name: {"value": combine(values), "n": len(values)} for name, values in groups.items()}


def strip_markers(sentence: str) -> str:
    """The sentence without its [n] citation markers."""
    return _MARKER.sub("", sentence).strip()
