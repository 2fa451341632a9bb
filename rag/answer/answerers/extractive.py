"""The default answerer: no LLM. It quotes the sentences that best answer the question, each cited."""

from __future__ import annotations

from collections.abc import Iterator

from rag.answer import prompts
from rag.answer.answerers import ANSWERERS, Question, Refusal
from rag.answer.citing import abstain, build_answer, cited
from rag.answer.evidence import Evidence, ScoredSentence
from rag.query.intent import classify
from rag.settings import Settings
from rag.text.tokens import tokenize
from rag.types import Answer

RELATIVE_FLOOR = 0.8  # keep sentences scoring at least this share of the best one
DUPLICATE_OVERLAP = 0.6  # token Jaccard above which a sentence repeats one already chosen


class ExtractiveAnswerer:
    name = "extractive"

    def __init__(self, min_evidence: float, max_sentences: int) -> None:
        self.min_evidence = min_evidence
        self.max_sentences = max_sentences

    def answer(self, question: Question, evidence: Evidence) -> Answer:
        refusal = refusal_for(question, evidence, self.min_evidence)
        if refusal:
            return abstain(question, refusal, self.name)
        chosen = self.select(evidence)
        return build_answer(question, evidence, chosen, self.name)

    def stream(self, question: Question, evidence: Evidence) -> Iterator[str | Answer]:
        answer = self.answer(question, evidence)
        yield from _pieces(answer)
        yield answer

    def select(self, evidence: Evidence) -> list[ScoredSentence]:
        """The best sentences above the floor, near-duplicates dropped, in reading order."""
        floor = max(self.min_evidence, evidence.strength * RELATIVE_FLOOR)
        chosen: list[ScoredSentence] = []
        token_sets: list[set[str]] = []
        for sentence in evidence.sentences:
            if sentence.score < floor or len(chosen) >= self.max_sentences:
                break
            tokens = set(tokenize(sentence.text))
            if any(_jaccard(tokens, other) > DUPLICATE_OVERLAP for other in token_sets):
                continue
            chosen.append(sentence)
            token_sets.append(tokens)
        return sorted(chosen, key=lambda s: _reading_order(evidence, s))


def refusal_for(question: Question, evidence: Evidence, min_evidence: float) -> Refusal | None:
    """Why not to answer, or None when the evidence supports an answer."""
    kind = classify(question.text)
    if kind == "instructions":
        return Refusal("instructions", prompts.ABSTAIN_INSTRUCTIONS.format(coverage=question.coverage))
    if kind == "task":
        return Refusal("task", prompts.ABSTAIN_OFF_TOPIC.format(coverage=question.coverage))
    if evidence.strength < min_evidence:
        message = prompts.ABSTAIN_WEAK.format(coverage=question.coverage)
        return Refusal("no_evidence", message + ("" if question.full_text else prompts.ADD_FULL_TEXT))
    return None


def _reading_order(evidence: Evidence, sentence: ScoredSentence) -> tuple[str, int, int]:
    chunk = evidence.passages[sentence.passage].chunk
    return chunk.doc_id, chunk.position, sentence.start


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def _pieces(answer: Answer) -> Iterator[str]:
    if answer.abstained:
        yield answer.text
        return
    for i, sentence in enumerate(answer.sentences):
        yield (" " if i else "") + cited(sentence)


@ANSWERERS.register("extractive")
def _factory(settings: Settings) -> ExtractiveAnswerer:
    return ExtractiveAnswerer(settings.min_evidence, settings.max_answer_sentences)
