"""Request and response models of the REST routes (`/v1/ask`, `/v1/search`, `/v1/corpus`, probes)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from rag import Answer, IndexInfo, Passage
from rag.query import MAX_K
from rag.types import Reference


def _encodable(text: str) -> str:
    """JSON allows lone surrogates ('\\ud800'); they cannot be encoded, so refuse them up front (422, not 500)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValueError("text contains an unpaired surrogate code point") from exc
    return text


Text = Annotated[str, AfterValidator(_encodable)]


class Message(BaseModel):
    role: Literal["user", "assistant"] = Field(description="Who said it.")
    content: Text = Field(max_length=20_000, description="What was said.")


class AskRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    question: Text = Field(min_length=1, description="The question (at most RAG_MAX_QUESTION_CHARS characters).")
    history: list[Message] = Field(default_factory=list, max_length=50, description="Earlier turns, oldest first.")
    k: int | None = Field(None, ge=1, le=MAX_K, description="Passages to answer from (default RAG_TOP_K).")


class SearchRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    query: Text = Field(min_length=1, description="What to look for.")
    k: int = Field(5, ge=1, le=MAX_K, description="How many passages to return.")


class CitationOut(BaseModel):
    n: int = Field(description="The number used in the answer's [n] markers.")
    doc_id: str
    title: str
    section: str
    page: int | None
    text: str = Field(description="The whole cited passage.")
    quote: str = Field(description="The supporting sentence(s), exactly as they appear in `text`.")
    spans: list[list[int]] = Field(description="[start, end) offsets of each quoted sentence in `text`.")
    chunk_id: str = ""
    references: list[Reference] = Field(default=[], description="Works cited in the passage's text.")
    kind: str = Field("body", description="Section kind: abstract, body, table, figure, metadata, references.")


class SentenceOut(BaseModel):
    text: str
    citations: list[int]
    support: float = Field(1.0, description="How well the cited passage sentences carry it, 0 to 1.")
    verdict: str = Field("quoted", description="quoted, supported, corrected (citation fixed) or unsupported.")


class AnswerOut(BaseModel):
    """The same JSON as `python -m rag ask --json`."""

    question: str
    answer: str = Field(description="The answer text with [n] citation markers.")
    abstained: bool
    reason: str = ""
    reason_code: str = Field(
        "", description="Why it abstained: no_evidence, instructions, task, empty, ... ('' when answered)."
    )
    mode: str = ""
    note: str = Field("", description="Why a generated answer fell back to the extractive one, or what was removed.")
    evidence: float = Field(0.0, description="Score of the best supporting sentence (abstention compares it).")
    citations: list[CitationOut]
    sentences: list[SentenceOut] = []
    timings_ms: dict[str, float]

    @classmethod
    def of(cls, answer: Answer) -> AnswerOut:
        return cls.model_validate(answer.to_dict())


class PassageOut(BaseModel):
    rank: int
    chunk_id: str
    doc_id: str
    title: str
    section: str
    page: int | None
    text: str
    score: float = Field(description="Reciprocal-rank-fusion score.")
    dense_rank: int = Field(description="Rank from the vector search (1-based, 0 = not found).")
    sparse_rank: int = Field(description="Rank from BM25 (1-based, 0 = not found).")
    ranks: dict[str, int] = Field(default={}, description="Rank from each retriever that found it (1-based).")

    @classmethod
    def of(cls, rank: int, passage: Passage) -> PassageOut:
        return cls(rank=rank, **passage.to_dict())


class SearchResponse(BaseModel):
    query: str
    passages: list[PassageOut]


class DocumentOut(BaseModel):
    doc_id: str
    title: str
    chunks: int
    full_text: bool
    doi: str = ""
    format: str = ""


class CorpusOut(BaseModel):
    documents: list[DocumentOut]
    chunks: int
    model: str
    store: dict[str, str]

    @classmethod
    def of(cls, info: IndexInfo) -> CorpusOut:
        return cls.model_validate(info.to_dict())


class Health(BaseModel):
    status: str


class Ready(BaseModel):
    status: str
    chunks: int
    model: str


class ErrorDetail(BaseModel):
    message: str
    type: str
    code: str | int | None = None


class ErrorOut(BaseModel):
    error: ErrorDetail


ERRORS: dict[int | str, dict[str, object]] = {
    status: {"model": ErrorOut, "description": text}
    for status, text in {
        400: "Malformed JSON.",
        401: "Missing or wrong API key.",
        413: "Request body too large.",
        415: "Body is not JSON.",
        422: "Invalid request (e.g. question too long, empty).",
        429: "Rate limit exceeded (see Retry-After).",
        503: "Index not built or store unavailable.",
    }.items()
}
