"""Numbering citations and assembling Answers, shared by every answerer."""

from __future__ import annotations

from collections.abc import Sequence

from rag.answer.answerers import Question, Refusal
from rag.answer.evidence import Evidence, ScoredSentence
from rag.types import Answer, AnswerSentence, Citation


def build_answer(question: Question, evidence: Evidence, chosen: Sequence[ScoredSentence], mode: str) -> Answer:
    """An Answer whose sentences are `chosen` (verbatim), each followed by its passage's [n]."""
    numbers: dict[int, int] = {}
    quotes: dict[int, list[ScoredSentence]] = {}
    sentences = []
    for sentence in chosen:
        n = numbers.setdefault(sentence.passage, len(numbers) + 1)
        quotes.setdefault(sentence.passage, []).append(sentence)
        sentences.append(AnswerSentence(sentence.text, (n,)))
    citations = tuple(citation(n, evidence, index, quotes[index]) for index, n in numbers.items())
    return Answer(
        question=question.text,
        text=answer_text(sentences),
        abstained=False,
        citations=citations,
        sentences=tuple(sentences),
        mode=mode,
    )


def answer_text(sentences: Sequence[AnswerSentence]) -> str:
    """The answer as read: each sentence followed by its citation marker(s)."""
    return " ".join(cited(s) for s in sentences)


def cited(sentence: AnswerSentence) -> str:
    return sentence.text + "".join(f" [{n}]" for n in sentence.citations)


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
