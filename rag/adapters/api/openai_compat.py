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

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from rag import Answer, RagError
from rag.adapters.api.errors import ApiError, error_body
from rag.adapters.api.schemas import CitationOut, SentenceOut, Text

ChatText = Annotated[Text, StringConstraints(max_length=20_000)]


class TextPart(BaseModel):
    type: Literal["text"]
    text: ChatText


class ChatMessage(BaseModel):
    model_config = ConfigDict(extra="allow")

    role: Literal["system", "developer", "user", "assistant", "tool"]
    content: ChatText | list[TextPart] | None = None


class StreamOptions(BaseModel):
    include_usage: bool = False


class ChatRequest(BaseModel):
    """Fields other clients send (temperature, max_tokens, ...) are accepted and ignored: the answerer decides."""

    model_config = ConfigDict(extra="allow")

    model: str = Field("", max_length=200, description="Any name; the answer always comes from the indexed corpus.")
    messages: list[ChatMessage] = Field(min_length=1, max_length=100, description="The last one must be the user's.")
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


def text_of(message: ChatMessage) -> str:
    if isinstance(message.content, list):
        return "\n".join(part.text for part in message.content)
    return message.content or ""


def conversation(request: ChatRequest) -> Conversation:
    """The last user message is the question; earlier user/assistant turns are the history (system ones are dropped)."""
    last = request.messages[-1]
    if last.role != "user":
        raise ApiError(422, f"the last message must have role 'user', got '{last.role}'", "invalid_messages")
    turns = [m for m in request.messages[:-1] if m.role in ("user", "assistant")]
    history = [{"role": m.role, "content": text_of(m)} for m in turns]
    return Conversation(question=text_of(last), history=history)


def completion_id() -> str:
    return "chatcmpl-" + uuid.uuid4().hex


def _tokens(text: str) -> int:
    return len(text.split())  # a word count: there is no tokenizer behind an extractive answer


def completion(answer: Answer, model: str, prompt: str) -> ChatCompletion:
    data = answer.to_dict()
    prompt_tokens, completion_tokens = _tokens(prompt), _tokens(answer.text)
    return ChatCompletion(
        id=completion_id(),
        created=int(time.time()),
        model=model,
        choices=[Choice(message=ChoiceMessage(content=answer.text))],
        usage=Usage(
            prompt_tokens=prompt_tokens,
            completion_tokens=completion_tokens,
            total_tokens=prompt_tokens + completion_tokens,
        ),
        citations=data["citations"],
        abstained=answer.abstained,
        reason_code=answer.reason_code,
        sentences=data["sentences"],
        note=answer.note,
    )


def sse(data: dict[str, Any] | str) -> str:
    return f"data: {data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)}\n\n"


def stream_events(pieces: Iterator[str | Answer], model: str, prompt: str, include_usage: bool) -> Iterator[str]:
    """`chat.completion.chunk` events: the role, each text piece, a final chunk with the checked answer and
    its citations, then [DONE]."""
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
    try:
        for piece in pieces:
            if isinstance(piece, Answer):
                data = piece.to_dict()
                yield chunk(
                    {},
                    "stop",
                    citations=data["citations"],
                    abstained=piece.abstained,
                    reason_code=piece.reason_code,
                    answer=piece.text,
                    sentences=data["sentences"],
                    note=piece.note,
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
            elif piece:
                yield chunk({"content": piece})
    except RagError as exc:  # headers are sent already: report in-band, as OpenAI does
        yield sse(error_body(str(exc), "server_error", type(exc).__name__))
    yield sse("[DONE]")
