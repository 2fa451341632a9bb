"""Answerers turn scored evidence into an Answer. Looked up by name (`RAG_ANSWERER`).

An answerer is a factory `(settings) -> Answerer`; register it with `@register(name)`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Protocol

from rag.errors import ConfigError
from rag.evidence import Evidence
from rag.settings import Settings
from rag.types import Answer


@dataclass(frozen=True)
class Question:
    """What an answerer is asked: the question as typed, the standalone form used for retrieval,
    and a one-line description of what is indexed (for abstention messages)."""

    text: str
    standalone: str
    coverage: str
    full_text: bool


class Answerer(Protocol):
    name: str

    def answer(self, question: Question, evidence: Evidence) -> Answer: ...

    def stream(self, question: Question, evidence: Evidence) -> Iterator[str | Answer]:
        """Text pieces as they are produced, then the finished Answer."""
        ...


AnswererFactory = Callable[[Settings], Answerer]
_FACTORIES: dict[str, AnswererFactory] = {}


def register(name: str) -> Callable[[AnswererFactory], AnswererFactory]:
    def decorate(factory: AnswererFactory) -> AnswererFactory:
        _FACTORIES[name] = factory
        return factory

    return decorate


def create_answerer(settings: Settings) -> Answerer:
    from rag.answerers import extractive, llm  # noqa: F401 - built-ins register on import

    factory = _FACTORIES.get(settings.answerer)
    if factory is None:
        raise ConfigError(
            f"unknown answerer {settings.answerer!r} (RAG_ANSWERER); choose one of: {', '.join(sorted(_FACTORIES))}"
        )
    return factory(settings)


def available() -> list[str]:
    from rag.answerers import extractive, llm  # noqa: F401

    return sorted(_FACTORIES)
