"""For "which study says X": the reference-list entries behind the sentence that says X.

The sentence that answers carries the in-text citation ("... in AD patients [49].", "Smith et al. (2014)
showed ..."); the student asked for the study, which is the entry behind that marker. Entries are quoted
from the document's own reference list, so they are cited like any other sentence.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace

from rag.answer.evidence import Evidence
from rag.index.chunk import chunk_sentences
from rag.types import Chunk, Passage, Reference

MAX_WORKS = 3  # entries named for one answer ("[52-70]" cites nineteen; the first few say which)
MAX_RANGE = 30  # a range marker longer than this is not expanded
PREFIX = 30  # characters of an entry's text that find it in the reference list
_BRACKETS = re.compile(r"[\[(]([^\[\]()]*\d[^\[\]()]*)[\])]")
_RANGE = re.compile(r"^(\d+)\s*[-–—]\s*(\d+)$")

ReferenceChunks = Callable[[str], Sequence[Chunk]]  # a document's reference-list chunks, by doc id


def with_cited_works(evidence: Evidence, reference_chunks: ReferenceChunks, title: str = "") -> Evidence:
    """`evidence` with the entries its best sentence cites placed right after it (same score)."""
    best = evidence.best
    if best is None:
        return evidence
    chunk = evidence.passages[best.passage].chunk
    works = cited_by(best.text, chunk.references)
    if not works:
        return evidence
    held = {s.text: s for s in evidence.sentences[1:]}  # an entry retrieved on its own words moves up
    passages = list(evidence.passages)
    found = []
    for entry_chunk, start, end in _entries(works, reference_chunks(chunk.doc_id)):
        text = entry_chunk.text[start:end]
        if text == best.text:
            continue
        if text in held:
            found.append(replace(held[text], score=best.score))
            continue
        passages.append(Passage(entry_chunk, 0.0, {}, title))
        found.append(replace(best, passage=len(passages) - 1, start=start, end=end, text=text, kind="references"))
    moved = {f.text for f in found}
    rest = [s for s in evidence.sentences[1:] if s.text not in moved]
    return replace(evidence, passages=passages, sentences=[best, *found, *rest])


def cited_by(sentence: str, references: Sequence[Reference]) -> list[Reference]:
    """The works of `references` that `sentence` cites: by number ("[49]", "[2,3]", "[5-7]") or by
    first author and year ("Smith et al. (2014)"), in the order the sentence cites them."""
    by_label = {r.label: r for r in references}
    cited = [by_label[label] for label in _labels(sentence) if label in by_label]
    cited += [r for r in references if r not in cited and _named(sentence, r)]
    return cited[:MAX_WORKS]


def _labels(sentence: str) -> list[str]:
    labels: list[str] = []
    for group in _BRACKETS.findall(sentence):
        for part in re.split(r"[,;]\s*", group):
            part = part.strip()
            bounds = _RANGE.match(part)
            if bounds and 0 <= int(bounds[2]) - int(bounds[1]) <= MAX_RANGE:
                labels += [str(n) for n in range(int(bounds[1]), int(bounds[2]) + 1)]
            elif part.isdigit():
                labels.append(part)
    return list(dict.fromkeys(labels))


def _named(sentence: str, reference: Reference) -> bool:
    """An author-year citation: the first author's surname and the year both in the sentence."""
    surname = re.split(r"[\s,]", reference.authors.strip(), maxsplit=1)[0] if reference.authors else ""
    return len(surname) > 2 and bool(reference.year) and surname in sentence and reference.year in sentence


def _entries(works: Sequence[Reference], chunks: Sequence[Chunk]) -> list[tuple[Chunk, int, int]]:
    """(chunk, start, end) of each work's entry in the reference list, in the order of `works`."""
    found = []
    for work in works:
        prefix = work.text[:PREFIX]
        for chunk in chunks:
            span = next(((a, b) for a, b in chunk_sentences(chunk) if prefix and prefix in chunk.text[a:b]), None)
            if span:
                found.append((chunk, *span))
                break
    return found
