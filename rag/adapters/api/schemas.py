"""Request and response models of the REST routes (`/v1/ask`, `/v1/search`, `/v1/corpus`, `/v1/suggestions`, probes)."""

from __future__ import annotations

import functools
import sys
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema

from rag import Answer, Assistant, IndexInfo, Passage
from rag.adapters.api.inert import Inert
from rag.present.page import indexed_summary
from rag.present.suggest import STARTERS_FILE, stored_suggestions
from rag.query import MAX_K
from rag.types import Reference

RAW = (
    "Also return each passage exactly as stored, in `raw_text` (not neutralised: may hold HTML, Markdown "
    "images and links). Only for clients that never render it as HTML or Markdown."
)


def _encodable(text: str) -> str:
    """JSON allows lone surrogates ('\\ud800'); they cannot be encoded, so refuse them up front (422, not 500)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValueError("text contains an unpaired surrogate code point") from exc
    return text


Text = Annotated[str, AfterValidator(_encodable)]
# A question (or query): its limits depend on settings, so its schema is one component the app adds
# (`with_question_schema`); the handlers check it with `rag.query.clean_question`, like every other adapter.
_QUESTION_MARK = "x-rag-question"
Question = Annotated[Text, WithJsonSchema({"type": "string", _QUESTION_MARK: True})]
STRICT = ConfigDict(extra="forbid", strict=True)  # JSON types as the schema says: no "5" for 5, no 0 for false


def _whole(value: object) -> object:
    """JSON Schema counts 5.0 as an integer; strict pydantic would not."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


PassageCount = Annotated[
    int,
    BeforeValidator(_whole),
    Field(ge=1, le=MAX_K),
    WithJsonSchema({"type": "integer", "minimum": 1, "maximum": MAX_K}),  # pydantic would print its own ge/le
]


def with_question_schema(openapi: dict[str, Any], max_chars: int) -> dict[str, Any]:
    """`openapi` with every `Question` field pointing at one `Question` component built from the settings."""

    def point(node: Any) -> Any:
        if isinstance(node, dict):
            if node.pop(_QUESTION_MARK, False):
                node.pop("type", None)
                node["$ref"] = "#/components/schemas/Question"
            for value in node.values():
                point(value)
        elif isinstance(node, list):
            for value in node:
                point(value)
        return node

    point(openapi)
    openapi.setdefault("components", {}).setdefault("schemas", {})["Question"] = question_schema(max_chars)
    return openapi


def question_schema(max_chars: int) -> dict[str, Any]:
    """The `Question` component: exactly what `clean_question` accepts (length counted as given)."""
    return {
        "type": "string",
        "minLength": 1,
        "maxLength": max_chars,
        "pattern": printable_pattern(),
        "description": "At most RAG_MAX_QUESTION_CHARS characters, at least one of them printable and not white space.",
    }


@functools.cache
def printable_pattern() -> str:
    """A character class of every printable, non-space character (`str.isprintable`, `str.isspace`)."""
    ranges: list[str] = []
    start: int | None = None
    for code in range(sys.maxunicode + 2):
        keep = code <= sys.maxunicode and chr(code).isprintable() and not chr(code).isspace()
        if keep and start is None:
            start = code
        elif not keep and start is not None:
            ranges.append(_escape(start) + (f"-{_escape(code - 1)}" if code - 1 > start else ""))
            start = None
    return "[" + "".join(ranges) + "]"


def _escape(code: int) -> str:
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


class Message(BaseModel):
    model_config = STRICT

    role: Literal["user", "assistant"] = Field(description="Who said it.")
    content: Text = Field(max_length=20_000, description="What was said.")


class AskRequest(BaseModel):
    model_config = STRICT

    question: Question = Field(description="The question.")
    history: list[Message] = Field(default_factory=list, max_length=50, description="Earlier turns, oldest first.")
    k: PassageCount | None = Field(None, description="Passages to answer from (default RAG_TOP_K).")
    raw: bool = Field(False, description=RAW)


class SearchRequest(BaseModel):
    model_config = STRICT

    query: Question = Field(description="What to look for.")
    k: PassageCount = Field(5, description="How many passages to return.")
    raw: bool = Field(False, description=RAW)


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
    raw_text: str | None = Field(None, description="The passage as stored, only when the request set `raw`.")

    @classmethod
    def all_of(cls, answer: Answer, inert: Inert, raw: bool = False) -> list[CitationOut]:
        """The answer's citations with every text neutralised; quotes cut from the neutralised text."""
        return [cls.model_validate(_inert_citation(c, inert, raw)) for c in answer.to_dict()["citations"]]


def _inert_citation(data: dict[str, Any], inert: Inert, raw: bool) -> dict[str, Any]:
    text, spans = data["text"], data["spans"]
    out = inert.tree(data)
    if data["quote"] == " ".join(text[a:b] for a, b in spans):  # replacements are 1:1, so spans stay valid
        out["quote"] = " ".join(out["text"][a:b] for a, b in spans)
    out["raw_text"] = text if raw else None
    return out


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
        "",
        description="Why it abstained: no_evidence, not_stated, no_more, instructions, task, empty, ... ('' if not).",
    )
    mode: str = ""
    note: str = Field(
        "",
        description="A caveat to read before the answer: claim words the text never uses, why a generated answer "
        "fell back to the extractive one, or what the check removed.",
    )
    evidence: float = Field(0.0, description="Score of the best supporting sentence (abstention compares it).")
    citations: list[CitationOut]
    sentences: list[SentenceOut] = []
    timings_ms: dict[str, float]

    @classmethod
    def of(cls, answer: Answer, inert: Inert, raw: bool = False) -> AnswerOut:
        data = inert.tree({**answer.to_dict(), "citations": []})
        return cls.model_validate({**data, "citations": CitationOut.all_of(answer, inert, raw)})


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
    raw_text: str | None = Field(None, description="The passage as stored, only when the request set `raw`.")

    @classmethod
    def of(cls, rank: int, passage: Passage, inert: Inert, raw: bool = False) -> PassageOut:
        data = passage.to_dict()
        return cls(rank=rank, **inert.tree(data), raw_text=data["text"] if raw else None)


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
    def of(cls, info: IndexInfo, inert: Inert) -> CorpusOut:
        return cls.model_validate(inert.tree(info.to_dict()))


class SuggestionsOut(BaseModel):
    questions: list[str] = Field(description="Starter questions, each checked to be answered with citations.")
    indexed: str = Field(description="What the answers come from, in one sentence.")

    @classmethod
    def of(cls, assistant: Assistant, data_dir: Path) -> SuggestionsOut:
        """Computed once per index and saved beside it (`suggestions.json`, shared with the chat page)."""
        starters = stored_suggestions(assistant, assistant.embedder.embed, data_dir / STARTERS_FILE)
        return cls(questions=list(starters.questions), indexed=indexed_summary(assistant.info()))


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
        400: "Malformed JSON body, or an HTTP request the server cannot parse.",
        401: "Missing, malformed or unknown API key (see WWW-Authenticate).",
        404: "No such model.",
        413: "Request body larger than RAG_MAX_BODY_BYTES.",
        415: "Body is not JSON.",
        422: "Invalid request: the message names the field (e.g. question too long, or empty).",
        429: "Rate limit exceeded (see Retry-After).",
        431: "Request line and headers larger than RAG_MAX_HEADER_BYTES.",
        503: "Index not built, store unavailable, or too many questions waiting (see Retry-After).",
    }.items()
}
V1_ERRORS: dict[int | str, dict[str, object]] = {s: ERRORS[s] for s in (400, 401, 413, 415, 422, 429, 431, 503)}
