"""One question, prepared once for retrieval and evidence scoring."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from rag.query.followup import standalone_question
from rag.query.hints import asks_definition, metadata_hints
from rag.text.acronyms import expand_query, short_forms_in
from rag.types import Turn


@dataclass(frozen=True)
class PreparedQuestion:
    asked: str  # as typed, cleaned
    standalone: str  # with the previous question appended when this one is a follow-up
    hints: str  # document-metadata words for questions about the document itself ('' otherwise)
    expanded: str  # standalone + acronyms expanded both ways + hints: what lexical retrieval matches
    define: tuple[str, ...]  # short forms whose meaning is asked ("what does EV stand for?")

    @property
    def scored(self) -> str:
        """What sentences are scored against: the question as asked plus any metadata hints."""
        return f"{self.asked} {self.hints}"


def prepare(asked: str, history: Sequence[Turn], acronyms: Mapping[str, str]) -> PreparedQuestion:
    standalone = standalone_question(asked, history)
    hints = metadata_hints(standalone)
    expanded = expand_query(standalone, acronyms)
    define = tuple(short_forms_in(asked, acronyms)) if asks_definition(asked) else ()
    return PreparedQuestion(asked, standalone, hints, f"{expanded} {hints}" if hints else expanded, define)
