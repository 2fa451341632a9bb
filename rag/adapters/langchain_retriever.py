"""The assistant's hybrid retrieval as a LangChain `BaseRetriever`, for chains built elsewhere."""

from __future__ import annotations

from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document as LCDocument
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from rag.assistant import Assistant
from rag.types import Passage


class AssistantRetriever(BaseRetriever):
    """`AssistantRetriever(assistant=Assistant(), k=5).invoke("query")` -> LangChain Documents."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    assistant: Any  # rag.Assistant (Any keeps pydantic from inspecting it)
    k: int = 5

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[LCDocument]:
        assistant: Assistant = self.assistant
        return [to_langchain(p) for p in assistant.search(query, k=self.k)]


def to_langchain(passage: Passage) -> LCDocument:
    chunk = passage.chunk
    return LCDocument(
        page_content=chunk.text,
        id=chunk.chunk_id,
        metadata={
            "doc_id": chunk.doc_id,
            "title": passage.title,
            "section": chunk.section,
            "page": chunk.page,
            "score": passage.score,
            "start": chunk.start,
            "end": chunk.end,
        },
    )
