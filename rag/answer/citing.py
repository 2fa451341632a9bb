"""Numbering citations and assembling Answers, shared by every answerer."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rag.answer.answerers import Question, Refusal
from rag.answer.evidence import Evidence, ScoredSentence
from rag.types import Answer, AnswerSentence, Citation


@dataclass(frozen=True)
class Draft:
    """An answer sentence before numbering: its text and the passage sentences that support it."""

    text: str
    sources: tuple[ScoredSentence, ...]  # empty for a sentence shown unsupported
    support: float = 1.0
    verdict: str = "quoted"


def build_answer(question: Question, evidence: Evidence, chosen: Sequence[ScoredSentence], mode: str) -> Answer:
    """An Answer whose sentences are `chosen` (verbatim), each followed by its passage's [n]."""
    return assemble(question, evidence, [Draft(s.text, (s,)) for s in chosen], mode)


def assemble(question: Question, evidence: Evidence, drafts: Sequence[Draft], mode: str, note: str = "") -> Answer:
    """Number the passages in order of first use; each citation quotes the sentences it supports."""
    numbers: dict[int, int] = {}
    quotes: dict[int, list[ScoredSentence]] = {}
    sentences = []
    for draft in drafts:
        cited: list[int] = []
        for source in draft.sources:
            n = numbers.setdefault(source.passage, len(numbers) + 1)
            quoted = quotes.setdefault(source.passage, [])
            if source not in quoted:
                quoted.append(source)
            if n not in cited:
                cited.append(n)
        sentences.append(AnswerSentence(draft.text, tuple(cited), draft.support, draft.verdict))
    citations = tuple(citation(n, evidence, index, quotes[index]) for index, n in numbers.items())
    return Answer(
        question=question.text,
        text=answer_text(sentences),
        abstained=False,
        citations=citations,
        sentences=tuple(sentences),
        mode=mode,
        note=note,
    )


def answer_text(sentences: Sequence[AnswerSentence]) -> str:
    """The answer as read: each sentence followed by its citation marker(s)."""
    return " ".join(cited(s) for s in sentences)


def cited(sentence: AnswerSentence) -> str:
    """The sentence and its markers; a sentence the check rejected (shown by RAG_LLM_UNSUPPORTED=mark) says so."""
    flag = " [unsupported]" if sentence.verdict == "unsupported" else ""
    return sentence.text + "".join(f" [{n}]" for n in sentence.citations) + flag


def abstain(question: Question, refusal: Refusal, mode: str) -> Answer:
    return Answer(
        question=question.text,
        text=refusal.message,
        abstained=True,
        reason=refusal.message,
        reason_code=refusal.code,
        mode=mode,
    )


def citation(n: int, evidence: Evidence, index: int, quoted: Sequence[ScoredSentence]) -> Citation:
    """Citation [n] of passage `index`, quoting the `quoted` sentences of it (in text order)."""
    passage = evidence.passages[index]
    chunk = passage.chunk
    quoted = sorted(quoted, key=lambda s: s.start)
    return Citation(
        n=n,
        doc_id=chunk.doc_id,
        title=passage.title,
        section=chunk.section,
        page=chunk.page,
        text=chunk.text,
        quote=" ".join(s.text for s in quoted),
        spans=tuple((s.start, s.end) for s in quoted),
        chunk_id=chunk.chunk_id,
        references=chunk.references,
        kind=chunk.kind,
    )
