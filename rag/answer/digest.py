"""How a summary reads: abstract sentences that say what the work is, and over several papers, paper by paper.

An abstract's registration line ("Systematic Review Registration: International Prospective Register of
Systematic Reviews CRD42011001123") names where the protocol is filed, not what the work is or found, so
a summary does not quote it; a question about the registration still finds it through retrieval.

"What is the main finding of this study?" over a reading list used to quote the four abstract sentences
that scored best, whichever papers they came from, run together: "The search strategy centred on: stroke…
Taken together, our study demonstrated the protective effects of CSP…". The student could not tell which
paper said what without opening each source card. Read as a metadata answer over several papers reads,
each paper now opens with its "Title:" line (quoted from its details and cited, like every sentence),
the paper whose abstract answers best first.
"""

from __future__ import annotations

import re
from dataclasses import replace

from rag.answer.evidence import Evidence, ScoredSentence

SUMMARY_SENTENCES = 4  # an abstract read best-first: background, aim, method, finding (chosen on the tuning papers)
_REGISTRATION = re.compile(r"^\W*(?:[A-Za-z-]+\s+){0,3}registration(?:\s+(?:number|no\.?|details|id))?\s*:", re.I)


def without_registrations(evidence: Evidence) -> Evidence:
    """`evidence` without abstract lines that only say where the work is registered ("Trial registration:
    ClinicalTrials.gov NCT01234567")."""
    return replace(evidence, sentences=[s for s in evidence.sentences if not _REGISTRATION.match(s.text)])


def per_document(abstracts: Evidence, titles: Evidence, per_paper: int | None = None) -> Evidence:
    """`abstracts` (scored abstract sentences of several papers) with its sentences in answer order: for
    each paper, best first, its title line from `titles`, then its best `per_paper` sentences (the length
    the question asks for, "in one sentence"; else SUMMARY_SENTENCES // papers, at least one), the closest
    first and the rest as the abstract orders them."""
    offset = len(abstracts.passages)
    title_of = {titles.document_of(t): replace(t, passage=t.passage + offset) for t in titles.sentences}
    by_document = abstracts.by_document()  # the papers in order of their best sentence
    each = per_paper or max(1, SUMMARY_SENTENCES // max(len(by_document), 1))
    ordered: list[ScoredSentence] = []
    for doc_id, sentences in by_document.items():
        best, *rest = sentences[:each]
        title = title_of.get(doc_id)
        ordered += [*([title] if title else []), best, *sorted(rest, key=abstracts.position_of)]
    return replace(abstracts, passages=[*abstracts.passages, *titles.passages], sentences=ordered, ordered=True)
