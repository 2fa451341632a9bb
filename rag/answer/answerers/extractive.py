"""The default answerer: no LLM. It quotes the sentences that best answer the question, each cited."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import replace

from rag.answer import prompts
from rag.answer.abstain import ELSEWHERE_UNKNOWN, about_something_else
from rag.answer.answerers import ANSWERERS, Question, Refusal
from rag.answer.citing import abstain, build_answer, citation, cited
from rag.answer.digest import SUMMARY_SENTENCES
from rag.answer.evidence import Evidence, ScoredSentence
from rag.answer.lookup import missing
from rag.answer.select import select, supports
from rag.query.hints import asked_sentences, asks_rewording
from rag.settings import Settings
from rag.text.tokens import function_words
from rag.types import Answer

CLOSEST_SENTENCES = 2  # shown beside a claim the text does not state in its own words
# Offered under a refusal whose question the text may answer in other words: on the tuning papers, 2 / 3 / 4 of
# them hold the answer for 4 / 5 / 5 of the 11 answerable questions refused.
CLOSEST_PASSAGES = 3
# A refusal offers the closest passages when the abstention model's belief in the best sentence reaches this.
# Chosen on the tuning papers: the answerable questions refused there lie at 0.27-0.50 but for two set to 0 as
# about something else; the off-topic ones above it share the text's words ("Which foods are high in fibre?"
# over a paper on nanofibres), and its fibre passages then show what the text is about.
RELATED_FLOOR = 0.25


class ExtractiveAnswerer:
    name = "extractive"

    def __init__(self, min_evidence: float, max_sentences: int) -> None:
        self.min_evidence = min_evidence
        self.max_sentences = max_sentences

    def answer(self, question: Question, evidence: Evidence) -> Answer:
        refusal = refusal_for(question, evidence, self.min_evidence)
        if refusal:
            return refused(question, evidence, refusal, self.name, self.min_evidence)
        answer = build_answer(question, evidence, self.select(question, evidence), self.name)
        unused = [w for w in evidence.absent if w not in function_words()] if question.intent.kind == "claim" else []
        if unused:  # "themselves" is no word a claim stands on
            return replace(answer, note=prompts.note_absent_words(question.noun, unused))
        return replace(answer, note=prompts.NOTE_QUOTED) if asks_rewording(question.text) else answer

    def stream(self, question: Question, evidence: Evidence) -> Iterator[str | Answer]:
        answer = self.answer(question, evidence)
        yield from _pieces(answer)
        yield answer

    def select(self, question: Question, evidence: Evidence) -> list[ScoredSentence]:
        """The sentences to quote, no more than the question asks for ("in one sentence"; a summary over
        several papers, in `evidence.ordered`, keeps that many for each paper already)."""
        chosen = self._chosen(question, evidence)
        asked = asked_sentences(question.text)
        limited = asked and question.intent.kind != "metadata" and not evidence.ordered
        return chosen[:asked] if limited else chosen

    def _chosen(self, question: Question, evidence: Evidence) -> list[ScoredSentence]:
        kind = question.intent.kind
        if kind == "metadata" or evidence.ordered:
            return list(evidence.sentences)
        if kind == "summary":
            return _best_then_in_order(evidence, evidence.sentences[:SUMMARY_SENTENCES])
        if kind == "claim":
            return evidence.sentences[:1]
        if evidence.parts:
            return self._by_parts(evidence)
        return select(evidence, self.max_sentences)

    def _by_parts(self, evidence: Evidence) -> list[ScoredSentence]:
        """The answer to the whole question when it clears the bar, then the best sentence of each part that
        clears it on its own and is not there yet."""
        whole, *parts = evidence.parts
        chosen = select(whole, self.max_sentences) if whole.confidence >= self.min_evidence else []
        for part in parts:
            best = part.best
            if best is not None and part.confidence >= self.min_evidence and best.text not in {c.text for c in chosen}:
                chosen.append(best)
        return chosen[: self.max_sentences] or select(evidence, self.max_sentences)


def _best_then_in_order(evidence: Evidence, top: list[ScoredSentence]) -> list[ScoredSentence]:
    """The sentence closest to the question first (it is read as the answer: "state the main finding"
    leads with the finding, not the abstract's background sentence), then the others as the text orders them."""
    if not top:
        return []
    best, *rest = top
    return [best, *sorted(rest, key=evidence.position_of)]


def refusal_for(question: Question, evidence: Evidence, min_evidence: float) -> Refusal | None:
    """Why not to answer, or None when the evidence supports an answer."""
    intent = question.intent
    coverage = question.coverage
    opening = prompts.refusal(question.noun)
    if intent.kind == "instructions":
        return Refusal("instructions", prompts.ABSTAIN_INSTRUCTIONS.format(coverage=coverage))
    if intent.kind == "task":
        return Refusal("task", prompts.ABSTAIN_OFF_TOPIC.format(refusal=opening, coverage=coverage))
    if intent.kind == "empty":
        return Refusal("empty", prompts.ABSTAIN_EMPTY.format(coverage=coverage))
    if intent.kind == "metadata" and not evidence.sentences:
        return Refusal(
            "not_stated", prompts.ABSTAIN_NO_METADATA.format(refusal=opening, coverage=coverage, field=missing(intent))
        )
    if intent.kind == "claim":
        best = evidence.best
        if best is None or evidence.strength < min_evidence or not supports(intent.claim, best, evidence.terms):
            return Refusal(
                "not_stated",
                prompts.ABSTAIN_NOT_STATED.format(
                    refusal=opening, coverage=coverage, claim=intent.typed_claim or intent.claim
                ),
            )
        return None
    weak = not evidence.sentences or (intent.kind != "summary" and evidence.strength < min_evidence)
    if question.more and weak:  # "tell me more", and all that answers it has been said
        return Refusal("no_more", prompts.NOTHING_MORE.format(coverage=coverage))
    if intent.kind != "summary" and evidence.strength < min_evidence:
        message = prompts.ABSTAIN_WEAK.format(refusal=opening, coverage=coverage)
        hint = (
            "" if question.full_text or about_something_else(evidence) or _everyday(evidence) else prompts.ADD_FULL_TEXT
        )
        return Refusal("no_evidence", message + hint)
    if not evidence.sentences:
        return Refusal("no_evidence", prompts.ABSTAIN_WEAK.format(refusal=opening, coverage=coverage))
    return None


def refused(question: Question, evidence: Evidence, refusal: Refusal, mode: str, min_evidence: float) -> Answer:
    """The refusal, with what comes closest when the text may hold the answer in other words: a claim the
    text does not state in its words but whose subject it clearly covers gets the closest sentences, quoted
    and cited; a question answered by no sentence closely enough, but on the text's subject, gets the
    closest passages to open and check. Still an abstention: without a model that reads, the student judges."""
    if question.intent.kind == "claim" and refusal.code == "not_stated" and evidence.strength >= min_evidence:
        return _closest_to_claim(question, evidence, refusal, mode)
    may_hold_it = refusal.code == "no_evidence" or question.intent.kind == "claim"
    if may_hold_it and evidence.strength >= RELATED_FLOOR:
        return _with_closest_passages(question, evidence, refusal, mode)
    return abstain(question, refusal, mode)


def _closest_to_claim(question: Question, evidence: Evidence, refusal: Refusal, mode: str) -> Answer:
    """A true claim worded otherwise ("barely affected" for "retained full activity") is then not simply
    denied, and a false one shows what the text says instead."""
    closest = select(evidence, CLOSEST_SENTENCES)
    if not closest:
        return abstain(question, refusal, mode)
    lead = prompts.not_stated_closest(question.noun, question.intent.typed_claim or question.intent.claim)
    quoted = build_answer(question, evidence, closest, mode)
    return replace(quoted, text=f"{lead} {quoted.text}", abstained=True, reason=lead, reason_code=refusal.code)


def _with_closest_passages(question: Question, evidence: Evidence, refusal: Refusal, mode: str) -> Answer:
    """A paraphrase ("written in one tongue" for "the English language restriction") is refused when no
    sentence shares enough of its words and meaning, as a question the text does not cover is; both get
    the passages of the closest sentences (each sentence highlighted), not quoted as an answer."""
    closest = _one_per_passage(evidence.sentences, CLOSEST_PASSAGES)
    text = f"{refusal.message} {prompts.CLOSEST_PASSAGES}"
    citations = tuple(citation(n, evidence, s.passage, [s]) for n, s in enumerate(closest, 1))
    return replace(abstain(question, refusal, mode), text=text, reason=text, citations=citations)


def _one_per_passage(sentences: Sequence[ScoredSentence], n: int) -> list[ScoredSentence]:
    """The best `n` sentences from distinct passages."""
    chosen: dict[int, ScoredSentence] = {}
    for sentence in sentences:
        chosen.setdefault(sentence.passage, sentence)
        if len(chosen) == n:
            break
    return list(chosen.values())


def _everyday(evidence: Evidence) -> bool:
    """Most of the question is everyday words the text never uses ("What is the capital of France?"): the
    full text would not answer it either, so a refusal does not point there."""
    return evidence.unknown >= ELSEWHERE_UNKNOWN and evidence.technical == 0.0


def _pieces(answer: Answer) -> Iterator[str]:
    if answer.abstained:
        yield answer.text
        return
    for i, sentence in enumerate(answer.sentences):
        yield (" " if i else "") + cited(sentence)


@ANSWERERS.register("extractive")
def _factory(settings: Settings) -> ExtractiveAnswerer:
    return ExtractiveAnswerer(settings.min_evidence, settings.max_answer_sentences)
