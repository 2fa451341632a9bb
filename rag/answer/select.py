"""Which scored sentences make a concise answer.

The best sentence comes first: it is the most direct answer. Another sentence joins when it scores
close to the best, or nearly as close and brings a question term the chosen ones lack, and never when
it repeats one already chosen. Another row of a table already quoted joins only by bringing a term: rows
of one table share its caption and headers, so they all score close to the row that holds the asked
value ("Closed | oaDOI reports Closed: 308" beside "Open | oaDOI reports Closed: 43"). The rest follow
in reading order, reference-list entries (the studies a "which study" answer names) first. A question
asking for a back-matter section by name ("Who funded this work?") is answered by that section whole.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from rag.answer.evidence import CAPTIONED, Evidence, ScoredSentence, numbers_in
from rag.text.tokens import tokenize

CLOSE = 0.85  # a sentence scoring this share of the best is as direct an answer
ADDS = 0.7  # one scoring this share joins if it covers a question term the chosen ones do not
DUPLICATE_OVERLAP = 0.6  # token Jaccard above which a sentence repeats one already chosen
NEW_TERMS = 0.2  # the IDF share of the question's terms a sentence must add to join on that ground
ANNOUNCEMENT_WORDS = 12  # at most this long, a sentence ending in ":" or "several …." announces the next ones
ANNOUNCED = 2  # the sentences after an announcing one that its answer quotes
_ANNOUNCES = re.compile(
    r"(?::|\b(?:several|a few|some|two|three|four|five|six|many|a number of|various|the following)\b"
    r"(?:\s+[\w-]+){0,3}\s*[.:])\s*$",
    re.I,
)


def select(evidence: Evidence, max_sentences: int) -> list[ScoredSentence]:
    """The answer's sentences: the best first, then the others that add to it, in reading order."""
    best = evidence.best
    if best is None:
        return []
    if evidence.in_asked_section(best):
        return _asked_sections(evidence, best, max_sentences)
    if announces(best.text):
        return [best, *_following(evidence, best, ANNOUNCED)][:max_sentences]
    chosen = [best]
    covered = _terms(best, evidence.terms)
    for sentence in evidence.sentences[1:]:
        if len(chosen) >= max_sentences or sentence.score < ADDS * best.score:
            break
        if any(_repeats(sentence, other) for other in chosen):
            continue
        new = _terms(sentence, evidence.terms) - covered
        adds = sum(evidence.terms[t] for t in new) / (sum(evidence.terms.values()) or 1.0)
        close = sentence.score >= CLOSE * best.score and not _sibling_row(evidence, sentence, chosen)
        if close or adds >= NEW_TERMS:
            chosen.append(sentence)
            covered |= new
    rest = sorted(chosen[1:], key=lambda s: _reading_order(evidence, s))
    return [best, *rest]


def announces(text: str) -> bool:
    """A short sentence that announces what the next ones say ("This study has several important
    limitations.", "The results were as follows:"): alone it answers nothing."""
    return len(text.split()) <= ANNOUNCEMENT_WORDS and _ANNOUNCES.search(text) is not None


def _following(evidence: Evidence, sentence: ScoredSentence, count: int) -> list[ScoredSentence]:
    """The next `count` candidate sentences after `sentence` in its document, in reading order: from the
    rest of its passage, then from the next passage when the evidence holds it (recall adds the neighbour
    of a strong sentence at a passage's end; chunks overlap, so the text is what is compared)."""
    chunk = evidence.passages[sentence.passage].chunk
    after = chunk.text[sentence.end :]
    for passage in evidence.passages:
        if passage.chunk.doc_id == chunk.doc_id and passage.chunk.position == chunk.position + 1:
            following = passage.chunk.text
            at = following.find(sentence.text)
            after += " " + (following[at + len(sentence.text) :] if at >= 0 else following)
            break
    found = [(after.find(s.text), s) for s in evidence.sentences if s is not sentence and s.text in after]
    return [s for _, s in sorted(found, key=lambda pair: pair[0])][:count]


def _asked_sections(evidence: Evidence, best: ScoredSentence, max_sentences: int) -> list[ScoredSentence]:
    """ "Who funded this work?" answered by the sections it asks for, as they read: a funding statement
    runs over a few sentences ("V. Delorme was funded by a PhD fellowship…", "This work was supported by
    the CNRS…"), and the one that scores best need not name the main funder. The best first; at most
    `max_sentences` from each paper ("Who funded these studies?" over a reading list names each one's).
    A figure or table asked for is read from its caption's first sentence, its title."""
    if best.kind in CAPTIONED:
        return _captions(evidence, best, max_sentences)
    rest = [s for s in evidence.sentences[1:] if evidence.in_asked_section(s) and not _repeats(s, best)]
    first = evidence.document_of(best)
    chosen, per_paper = [best], {first: 1}  # the best one's paper first
    for sentence in sorted(rest, key=lambda s: (evidence.document_of(s) != first, _reading_order(evidence, s))):
        paper = evidence.document_of(sentence)
        if per_paper.get(paper, 0) < max_sentences:
            chosen.append(sentence)
            per_paper[paper] = per_paper.get(paper, 0) + 1
    return chosen


def _captions(evidence: Evidence, best: ScoredSentence, max_sentences: int) -> list[ScoredSentence]:
    """ "What does Figure 2 show?": the caption as it reads, then the sentence of the text that best says
    what the figure shows ("Figure 2 presents the number…"), when one names it. The best sentence's paper
    first; at most `max_sentences` from each paper."""
    first = evidence.document_of(best)
    caption = [s for s in evidence.sentences if evidence.in_asked_section(s)]
    caption.sort(key=lambda s: (evidence.document_of(s) != first, _reading_order(evidence, s)))
    chosen: list[ScoredSentence] = []
    for paper in dict.fromkeys(evidence.document_of(s) for s in caption):
        own = [s for s in caption if evidence.document_of(s) == paper][: max_sentences - 1]
        citing = [s for s in evidence.sentences if evidence.document_of(s) == paper and s.kind not in CAPTIONED]
        chosen += [*own, *citing[:1]] if citing else own
    return chosen


def supports(claim: str, sentence: ScoredSentence, terms: Mapping[str, float], min_coverage: float = 0.5) -> bool:
    """Whether `sentence` states `claim`: most of its weighted terms are there and every number it gives."""
    if sentence.lexical < min_coverage:
        return False
    return numbers_in(claim) <= numbers_in(sentence.text)


def _sibling_row(evidence: Evidence, sentence: ScoredSentence, chosen: list[ScoredSentence]) -> bool:
    """A table row of a table (by its section title) one of the chosen sentences is a row of."""
    if sentence.kind != "table":
        return False
    table = evidence.passages[sentence.passage].chunk.section
    return any(o.kind == "table" and evidence.passages[o.passage].chunk.section == table for o in chosen)


def _terms(sentence: ScoredSentence, terms: Mapping[str, float]) -> set[str]:
    return set(tokenize(sentence.text)) & set(terms)


def _reading_order(evidence: Evidence, sentence: ScoredSentence) -> tuple[bool, str, int, int]:
    """Reading order, except that reference-list entries (for "which study") come right after the best
    sentence, which cites them."""
    return (
        sentence.kind != "references",
        evidence.document_of(sentence),
        *evidence.position_of(sentence),
    )


def _repeats(sentence: ScoredSentence, other: ScoredSentence) -> bool:
    """Near the same words, and both from the text or both from the reference list (the entry of the
    study a sentence cites shares its words but says which study it is)."""
    same_side = (sentence.kind == "references") == (other.kind == "references")
    return same_side and _jaccard(sentence.text, other.text) > DUPLICATE_OVERLAP


def _jaccard(a: str, b: str) -> float:
    x, y = set(tokenize(a)), set(tokenize(b))
    return len(x & y) / len(x | y) if x and y else 0.0
