"""A study assistant that answers from a corpus of papers and cites a passage for every sentence.

from rag import Assistant
answer = Assistant().ask("What are the main findings?")
"""

from rag.answer.prompts import REFUSAL
from rag.assistant import Assistant
from rag.errors import (
    ConfigError,
    IndexMismatchError,
    IndexMissingError,
    InputError,
    LoaderError,
    RagError,
    StoreUnavailableError,
)
from rag.settings import Settings
from rag.types import Answer, Citation, IndexInfo, IngestReport, Passage, Turn

__all__ = [
    "REFUSAL",
    "Answer",
    "Assistant",
    "Citation",
    "ConfigError",
    "IndexInfo",
    "IndexMismatchError",
    "IndexMissingError",
    "IngestReport",
    "InputError",
    "LoaderError",
    "Passage",
    "RagError",
    "Settings",
    "StoreUnavailableError",
    "Turn",
]
