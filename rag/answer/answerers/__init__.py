"""Answerers turn scored evidence into an Answer. Looked up by name (`RAG_ANSWERER`).

An answerer is a factory `(settings) -> Answerer`; register it with `@ANSWERERS.register(name)`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Protocol

from rag.answer.evidence import Evidence
from rag.query.intent import Intent
from rag.registry import Registry
from rag.settings import Settings
from rag.types import Answer


@dataclass(frozen=True)
class Question:
    """What an answerer is asked: the question as typed, the standalone form used for retrieval, its
    intent, and a one-line description of what is indexed (for abstention messages)."""

    text: str
    standalone: str
    coverage: str
    full_text: bool
    intent: Intent = Intent("content")


@dataclass(frozen=True)
class Refusal:
    """Why an answer abstains: a stable `code` for machines and a `message` for people."""

    code: str  # no_evidence | not_stated | instructions | task | empty | ...
    message: str


class Answerer(Protocol):
    name: str

    def answer(self, question: Question, evidence: Evidence) -> Answer: ...

    def stream(self, question: Question, evidence: Evidence) -> Iterator[str | Answer]:
        """Text pieces as they are produced, then the finished Answer."""
        ...


AnswererFactory = Callable[[Settings], Answerer]
ANSWERERS: Registry[AnswererFactory] = Registry(
    "answerer", "RAG_ANSWERER", ["rag.answer.answerers.extractive", "rag.answer.answerers.llm"]
)
