"""Optional LLM answerers (OpenAI-compatible servers, Ollama) behind LangChain's chat-model interface.

The same evidence gate as the extractive answerer decides whether to answer at all; the model then
writes from the numbered passages, and each of its sentences is tied back to the passage sentence
that supports it, so every citation still quotes the text exactly.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from rag.answer import prompts
from rag.answer.answerers import ANSWERERS, Question, Refusal
from rag.answer.answerers.extractive import refusal_for
from rag.answer.citing import abstain, answer_text, citation
from rag.answer.evidence import Evidence, ScoredSentence
from rag.errors import ConfigError, RagError
from rag.settings import Settings
from rag.text.sentences import split_sentences
from rag.text.tokens import tokenize
from rag.types import Answer, AnswerSentence, Citation

_MARKER = re.compile(r"\s*\[(\d+)\]")


class LlmAnswerer:
    def __init__(self, name: str, chat_model: Any, min_evidence: float) -> None:
        self.name = name
        self.chat_model = chat_model
        self.min_evidence = min_evidence

    def answer(self, question: Question, evidence: Evidence) -> Answer:
        *_, answer = self.stream(question, evidence)
        assert isinstance(answer, Answer)
        return answer

    def stream(self, question: Question, evidence: Evidence) -> Iterator[str | Answer]:
        refusal = refusal_for(question, evidence, self.min_evidence)
        if refusal:
            yield refusal.message
            yield abstain(question, refusal, self.name)
            return
        pieces: list[str] = []
        try:
            for chunk in self.chat_model.stream(_messages(question, evidence)):
                piece = chunk.content if isinstance(chunk.content, str) else ""
                pieces.append(piece)
                yield piece
        except Exception as exc:  # a provider failure is one clear line, never a traceback
            raise RagError(f"the {self.name} answerer failed: {type(exc).__name__}: {exc}") from exc
        yield cite_llm_text(question, evidence, "".join(pieces).strip(), self.name)


def cite_llm_text(question: Question, evidence: Evidence, text: str, mode: str) -> Answer:
    """Tie each sentence of the model's text to the passage sentence that supports it best."""
    if not text or prompts.REFUSAL.rstrip(".") in text:
        return abstain(question, Refusal("model_refused", text or prompts.REFUSAL), mode)
    sentences: list[AnswerSentence] = []
    citations: dict[int, Citation] = {}
    for start, end in split_sentences(text):
        raw = text[start:end]
        markers = [int(n) for n in _MARKER.findall(raw)]
        clean = _MARKER.sub("", raw).strip()
        support = _best_support(clean, evidence, markers)
        if support is None:
            continue
        if support.passage not in citations:
            citations[support.passage] = citation(len(citations) + 1, evidence, support.passage, [support])
        sentences.append(AnswerSentence(clean, (citations[support.passage].n,)))
    if not sentences:
        return abstain(question, Refusal("unsupported", prompts.REFUSAL), mode)
    ordered = tuple(sorted(citations.values(), key=lambda c: c.n))
    return Answer(question.text, answer_text(sentences), False, ordered, tuple(sentences), mode=mode)


def _best_support(sentence: str, evidence: Evidence, markers: list[int]) -> ScoredSentence | None:
    allowed = {m - 1 for m in markers if 0 < m <= len(evidence.passages)}
    pool = [s for s in evidence.sentences if not allowed or s.passage in allowed]
    words = set(tokenize(sentence))
    best = max(pool, key=lambda s: len(words & set(tokenize(s.text))), default=None)
    if best is None or not words & set(tokenize(best.text)):
        return None
    return best


def _messages(question: Question, evidence: Evidence) -> list[tuple[str, str]]:
    passages = "\n\n".join(
        prompts.LLM_PASSAGE.format(n=i, title=p.title, section=p.chunk.section, text=p.chunk.text)
        for i, p in enumerate(evidence.passages, start=1)
    )
    return [("system", f"{prompts.LLM_SYSTEM}\n\n{passages}"), ("human", question.standalone)]


@ANSWERERS.register("openai")
def _openai(settings: Settings) -> LlmAnswerer:
    try:
        from langchain_openai import ChatOpenAI
    except ImportError as exc:
        raise ConfigError("RAG_ANSWERER=openai needs: pip install langchain-openai") from exc
    if not settings.llm_model:
        raise ConfigError("RAG_ANSWERER=openai needs RAG_LLM_MODEL (and RAG_LLM_BASE_URL for a non-OpenAI server)")
    model = ChatOpenAI(
        model=settings.llm_model,
        base_url=settings.llm_base_url or None,
        api_key=settings.llm_api_key or "not-needed",
        timeout=settings.llm_timeout_s,
        temperature=0,
    )
    return LlmAnswerer("openai", model, settings.min_evidence)


@ANSWERERS.register("ollama")
def _ollama(settings: Settings) -> LlmAnswerer:
    try:
        from langchain_ollama import ChatOllama
    except ImportError as exc:
        raise ConfigError("RAG_ANSWERER=ollama needs: pip install langchain-ollama") from exc
    if not settings.llm_model:
        raise ConfigError("RAG_ANSWERER=ollama needs RAG_LLM_MODEL (e.g. llama3.2) and optionally RAG_LLM_BASE_URL")
    model = ChatOllama(model=settings.llm_model, base_url=settings.llm_base_url or None, temperature=0)
    return LlmAnswerer("ollama", model, settings.min_evidence)
