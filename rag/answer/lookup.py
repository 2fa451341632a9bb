"""Questions about the document itself, answered from its "Document details" lines.

"Who wrote it?", "What is the DOI?", "How do I cite it in MLA?": the answer is one line of metadata,
quoted and cited, whatever the paper. With several documents indexed, the question's own words pick
the document ("who wrote the graphene review?"); when they name none, each document answers with its
title first, at most `MAX_DOCUMENTS` of them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rag.answer.evidence import Evidence, ScoredSentence
from rag.index.chunk import chunk_sentences
from rag.index.details import CITE_PREFIX
from rag.query.intent import Intent
from rag.query.spelling import is_common_word
from rag.text.tokens import tokenize
from rag.types import Passage

MAX_DOCUMENTS = 5
DEFAULT_STYLE = "APA"
LABELS: Mapping[str, tuple[str, ...]] = {
    "title": ("Title:",),
    "type": ("Article type:",),
    "authors": ("Authors:",),
    "corresponding": ("Corresponding author:",),
    "affiliation": ("Affiliation",),
    "journal": ("Journal:", "Published:"),  # "which journal?" usually means "where and when?"
    "published": ("Published:",),
    "doi": ("DOI:",),
    "url": ("URL:",),
    "licence": ("Licence:",),
    "keywords": ("Keywords:",),
}
FIELD_NAMES = {
    "title": "title", "type": "article type", "authors": "authors", "corresponding": "corresponding author",
    "affiliation": "affiliations", "journal": "journal", "published": "year, volume and pages", "doi": "DOI",
    "url": "web address", "licence": "licence", "keywords": "keywords", "cite": "citation",
}  # fmt: skip


def choose_documents(
    topic: Sequence[str], documents: Sequence[Mapping[str, object]], strict: bool = False, literal: bool = False
) -> list[str]:
    """Ids of the documents a metadata or summary question is about ([] when its topic names none).

    No topic: every document, up to MAX_DOCUMENTS. Topic words: the documents whose title, journal,
    keywords or authors hold the most of them. With `strict`, a lone document must hold one too, unless they are all
    everyday words ("under what conditions may I reuse it?"): "who wrote the study on tamoxifen?" asks
    about a cited study, not about the indexed paper. With `literal`, a lone document must hold one whatever
    the words ("the stroke review" names a paper only if its title or keywords say stroke).
    """
    ids = [str(d["doc_id"]) for d in documents]
    lone = len(ids) <= 1 and not literal
    if not topic or (lone and (not strict or all(is_common_word(w) for w in topic))):
        return ids[:MAX_DOCUMENTS]
    wanted = set(tokenize(" ".join(topic)))
    scores = {str(d["doc_id"]): len(wanted & set(tokenize(_describe(d)))) for d in documents}
    best = max(scores.values())
    return [doc_id for doc_id, score in scores.items() if score == best][:MAX_DOCUMENTS] if best else []


def _describe(document: Mapping[str, object]) -> str:
    """The words a question may name a document by: title, journal, keywords, authors."""
    lists = [document.get(key) or () for key in ("keywords", "authors")]
    words = " ".join(str(item) for values in lists if isinstance(values, list | tuple) for item in values)
    names = " ".join(str(document.get(key) or "") for key in ("title", "journal", "journal_abbrev"))
    return f"{names} {words}"


def metadata_evidence(intent: Intent, passages: Sequence[Passage], several: bool) -> Evidence:
    """The metadata lines that answer `intent` from the documents' metadata `passages`; with `several`
    documents, each document's title line comes first so the answer says which paper is which. A line
    that overlapping chunks both hold is said once."""
    prefixes = _prefixes(intent)
    chosen: list[ScoredSentence] = []
    by_doc: dict[str, list[ScoredSentence]] = {}
    seen: set[tuple[str, str]] = set()
    for index, passage in enumerate(passages):
        for start, end in chunk_sentences(passage.chunk):
            line = passage.chunk.text[start:end]
            if (passage.chunk.doc_id, line) in seen:
                continue
            seen.add((passage.chunk.doc_id, line))
            if line.startswith(prefixes) or (several and line.startswith("Title:")):
                sentence = ScoredSentence(index, start, end, line, 1.0, 1.0, 1.0, passage.chunk.kind)
                by_doc.setdefault(passage.chunk.doc_id, []).append(sentence)
    for lines in by_doc.values():
        if any(s.text.startswith(prefixes) for s in lines):
            chosen += lines
    return Evidence(list(passages), chosen, coverage=1.0, confidence=1.0 if chosen else 0.0)


def _prefixes(intent: Intent) -> tuple[str, ...]:
    if "cite" in intent.fields:
        return (f"{CITE_PREFIX}{intent.style or DEFAULT_STYLE}):",)
    return tuple(prefix for field in intent.fields for prefix in LABELS.get(field, ()))


def missing(intent: Intent) -> str:
    """How to name what was asked and not found, e.g. 'DOI' or 'MLA citation'."""
    if "cite" in intent.fields:
        return f"{intent.style or DEFAULT_STYLE} citation"
    return " and ".join(FIELD_NAMES[f] for f in intent.fields)
