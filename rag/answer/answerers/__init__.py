"""Answerers turn scored evidence into an Answer. Looked up by name (`RAG_ANSWERER`).

An answerer is a factory `(settings) -> Answerer`; register it with `@ANSWERERS.register(name)`. Built in:
`extractive` (the default, no model), `openai` and `ollama` (`llm`), `local` (a GGUF file in process).
An answerer may also condense a conversation into a standalone question (`Condenser`) and check its
sentences with the embedding model (`Verifying`); the pipeline uses both when present.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from rag.answer.evidence import Evidence
from rag.answer.verify import Embed
from rag.query.intent import Intent
from rag.registry import Registry
from rag.settings import Settings
from rag.types import Answer, Turn


@dataclass(frozen=True)
class Question:
    """What an answerer is asked: the question as typed, the standalone form used for retrieval, its
    intent, and a one-line description of what is indexed and what to call it (for abstention messages)."""

    text: str
    standalone: str
    coverage: str
    full_text: bool
    intent: Intent = Intent("content")
    noun: str = "review"  # what refusals call the corpus: review, paper or papers
    more: bool = False  # "tell me more" after answers that have said what the evidence holds


@dataclass(frozen=True)
class Refusal:
    """Why an answer abstains: a stable `code` for machines and a `message` for people."""

    code: str  # no_evidence | not_stated | no_more | instructions | task | empty | ...
    message: str


class Answerer(Protocol):
    name: str

    def answer(self, question: Question, evidence: Evidence) -> Answer: ...

    def stream(self, question: Question, evidence: Evidence) -> Iterator[str | Answer]:
        """Text pieces as they are produced, then the finished Answer."""
        ...


@runtime_checkable
class Condenser(Protocol):
    def condense(self, question: str, history: Sequence[Turn]) -> str:
        """A standalone English question for retrieval, or '' to keep the rule-based follow-up handling."""
        ...


@runtime_checkable
class Verifying(Protocol):
    def using(self, embed: Embed) -> Answerer:
        """The same answerer, checking its sentences with `embed` (the index's embedding model)."""
        ...


AnswererFactory = Callable[[Settings], Answerer]
ANSWERERS: Registry[AnswererFactory] = Registry(
    "answerer",
    "RAG_ANSWERER",
    ["rag.answer.answerers.extractive", "rag.answer.answerers.llm", "rag.answer.answerers.local"],
)
