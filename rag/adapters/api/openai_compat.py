"""The OpenAI Chat Completions dialect: request/response models and the Server-Sent Events stream.

Citations ride in an extra top-level `citations` field (and in the final stream chunk), so standard
clients parse the response unchanged and citation-aware ones find them. With a generated answer, the
stream carries the model's text as it is written; the final chunk carries the checked answer (`answer`,
`sentences` with each one's support and verdict, `note`), which is what a client should keep.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Field, StringConstraints, Tag, field_validator
from pydantic.json_schema import JsonDict

from rag import Answer, RagError
from rag.adapters.api.errors import ApiError, error_body
from rag.adapters.api.inert import Inert, InertStream
from rag.adapters.api.schemas import STRICT, CitationOut, Question, SentenceOut, Text
from rag.query import clean_question

ChatText = Annotated[Text, StringConstraints(max_length=20_000)]


class TextPart(BaseModel):
    model_config = STRICT

    type: Literal["text"]
    text: ChatText


class QuestionPart(BaseModel):
    model_config = STRICT

    type: Literal["text"]
    text: Question


def _text_parts_only(value: object) -> object:
    """One clear message for image, audio or file parts (instead of one error per union branch)."""
    if isinstance(value, list):
        for i, part in enumerate(value):
            kind = part.get("type") if isinstance(part, dict) else None
            if kind != "text":
                raise ValueError(f"part {i} has type {str(kind)[:40]!r}: only text parts are supported")
    return value


class UserMessage(BaseModel):
    """A question: a string, or a list of one text part (every user message is held to the question's limits)."""

    model_config = ConfigDict(extra="allow", strict=True)

    role: Literal["user"]
    content: Question | Annotated[list[QuestionPart], Field(min_length=1, max_length=1)]
    _parts = field_validator("content", mode="before")(_text_parts_only)


class OtherMessage(BaseModel):
    """System and developer messages are ignored; assistant ones are the history; tool ones are ignored."""

    model_config = ConfigDict(extra="allow", strict=True)

    role: Literal["system", "developer", "assistant", "tool"]
    content: ChatText | list[TextPart] | None = None
    _parts = field_validator("content", mode="before")(_text_parts_only)


def _kind(message: object) -> str:
    role = message.get("role") if isinstance(message, dict) else getattr(message, "role", None)
    return "user message" if role == "user" else "other message"


# Tags with a space: error locations (`rag.adapters.api.errors`) show field names only, not branch names.
ChatMessage = Annotated[
    Annotated[UserMessage, Tag("user message")] | Annotated[OtherMessage, Tag("other message")],
    Discriminator(_kind),
]
_HAS_USER: JsonDict = {"contains": {"type": "object", "properties": {"role": {"const": "user"}}, "required": ["role"]}}


class StreamOptions(BaseModel):
    model_config = ConfigDict(strict=True)

    include_usage: bool = False


class ChatRequest(BaseModel):
    """Fields other clients send (temperature, max_tokens, ...) are accepted and ignored: the answerer decides."""

    model_config = ConfigDict(extra="allow", strict=True)

    model: str = Field("", max_length=200, description="Any name; the answer always comes from the indexed corpus.")
    messages: list[ChatMessage] = Field(
        min_length=1,
        max_length=100,
        json_schema_extra=_HAS_USER,
        description="The last message with role 'user' is the question; messages after it are ignored.",
    )
    stream: bool = False
    stream_options: StreamOptions | None = None


class ChoiceMessage(BaseModel):
    role: Literal["assistant"] = "assistant"
    content: str


class Choice(BaseModel):
    index: int = 0
    message: ChoiceMessage
    finish_reason: Literal["stop"] = "stop"
    logprobs: None = None


class Usage(BaseModel):
    prompt_tokens: int
    completion_tokens: int
    total_tokens: int


class ChatCompletion(BaseModel):
    id: str
    object: Literal["chat.completion"] = "chat.completion"
    created: int
    model: str
    choices: list[Choice]
    usage: Usage
    citations: list[CitationOut] = Field(description="Sources of the answer's [n] markers (extension).")
    abstained: bool = Field(description="True when the corpus does not answer the question (extension).")
    reason_code: str = Field("", description="Why it abstained, e.g. no_evidence (extension; '' when answered).")
    sentences: list[SentenceOut] = Field([], description="Each sentence with its citations, support and verdict.")
    note: str = Field("", description="Why a generated answer fell back to the extractive one (extension).")


class Conversation(BaseModel):
    question: str
    history: list[dict[str, str]]


def text_of(message: UserMessage | OtherMessage) -> str:
    if isinstance(message.content, list):
        return "\n".join(part.text for part in message.content)
    return message.content or ""


def conversation(request: ChatRequest, max_question_chars: int) -> Conversation:
    """The last user message is the question; earlier user/assistant turns are the history (others are dropped).

    Every user message is checked as a question (the schema cannot say which one is last)."""
    users = [i for i, m in enumerate(request.messages) if m.role == "user"]
    if not users:
        raise ApiError(422, "messages: no message has role 'user'; the last one is the question", "invalid_messages")
    for i in users:
        clean_question(text_of(request.messages[i]), max_question_chars, f"messages.{i}.content")
    turns = [m for m in request.messages[: users[-1]] if m.role in ("user", "assistant")]
    history = [{"role": m.role, "content": text_of(m)} for m in turns]
    return Conversation(question=text_of(request.messages[users[-1]]), history=history)


def completion_id() -> str:
    return "chatcmpl-" + uuid.uuid4().hex


def _tokens(text: str) -> int:
    return len(text.split())  # a word count: there is no tokenizer behind an extractive answer


def completion(answer: Answer, model: str, prompt: str, inert: Inert) -> ChatCompletion:
    prompt_tokens, completion_tokens = _tokens(prompt), _tokens(answer.text)
    return ChatCompletion(
        id=completion_id(),
        created=int(time.time()),
        model=model,
        choices=[Choice(message=ChoiceMessage(content=inert(answer.text)))],
        usage=Usage(
            prompt_tokens=prompt_tokens,
            completion_tokens=completion_tokens,
            total_tokens=prompt_tokens + completion_tokens,
        ),
        citations=CitationOut.all_of(answer, inert),
        abstained=answer.abstained,
        reason_code=answer.reason_code,
        sentences=inert.tree(answer.to_dict()["sentences"]),
        note=inert(answer.note),
    )


def sse(data: dict[str, Any] | str) -> str:
    return f"data: {data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)}\n\n"


def stream_events(
    pieces: Iterator[str | Answer], model: str, prompt: str, include_usage: bool, inert: Inert
) -> Iterator[str]:
    """`chat.completion.chunk` events: the role, each text piece, a final chunk with the checked answer,
    its sentences and citations, then [DONE].

    Pieces are neutralised as a stream (`InertStream`): clients join them before rendering.
    """
    cid, created = completion_id(), int(time.time())

    def chunk(delta: dict[str, Any], finish: str | None = None, **extra: Any) -> str:
        choice = {"index": 0, "delta": delta, "finish_reason": finish, "logprobs": None}
        return sse(
            {
                "id": cid,
                "object": "chat.completion.chunk",
                "created": created,
                "model": model,
                "choices": [choice],
                **extra,
            }
        )

    yield chunk({"role": "assistant", "content": ""})
    text = InertStream(inert)
    try:
        for piece in pieces:
            if isinstance(piece, Answer):
                if rest := text.flush():
                    yield chunk({"content": rest})
                yield chunk(
                    {},
                    "stop",
                    citations=[c.model_dump() for c in CitationOut.all_of(piece, inert)],
                    abstained=piece.abstained,
                    reason_code=piece.reason_code,
                    answer=inert(piece.text),
                    sentences=inert.tree(piece.to_dict()["sentences"]),
                    note=inert(piece.note),
                )
                if include_usage:
                    p, c = _tokens(prompt), _tokens(piece.text)
                    usage = {"prompt_tokens": p, "completion_tokens": c, "total_tokens": p + c}
                    yield sse(
                        {
                            "id": cid,
                            "object": "chat.completion.chunk",
                            "created": created,
                            "model": model,
                            "choices": [],
                            "usage": usage,
                        }
                    )
            elif ready := text.feed(piece):
                yield chunk({"content": ready})
    except RagError as exc:  # headers are sent already: report in-band, as OpenAI does
        yield sse(error_body(str(exc), "server_error", type(exc).__name__))
    yield sse("[DONE]")
