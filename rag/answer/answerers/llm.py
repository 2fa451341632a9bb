"""Generated answers that are checked: LLM answerers (OpenAI-compatible servers, Ollama, a local GGUF file).

The same evidence gate as the extractive answerer decides whether to answer at all. The model then writes
from the numbered passages; every sentence it writes is checked against the passage sentences
(`rag.answer.verify`): unsupported ones are removed (or marked, `RAG_LLM_UNSUPPORTED=mark`), a wrong
citation number is corrected, and each citation quotes the supporting sentences exactly. When the model
fails (unreachable, slow, rate-limited, malformed) or nothing it wrote survives, the extractive answer is
returned with a note saying why. With a conversation, or a question in another language, the model first
condenses it into a standalone English question for retrieval; the verified answer is then translated
back into the question's language.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import replace
from typing import Any

from rag.answer import prompts
from rag.answer.answerers import ANSWERERS, Question
from rag.answer.answerers.chat import ChatBackend, LangChainChat, ProviderFailure, complete, stream_reply
from rag.answer.answerers.extractive import ExtractiveAnswerer, refusal_for, refused
from rag.answer.citing import Draft, answer_text, assemble
from rag.answer.evidence import Evidence
from rag.answer.verify import Checked, Embed, SupportChecker
from rag.errors import ConfigError
from rag.query.intent import classify
from rag.settings import Settings
from rag.text.sentences import split_sentences
from rag.text.tokens import STOPWORDS, tokenize
from rag.types import Answer, Turn

_MARKERS = re.compile(r"\s*\[(\d+(?:\s*[,;\u2013-]\s*\d+)*)\]")
_MARKERS_AFTER_STOP = re.compile(r"([.!?])((?:\s*\[\d+(?:\s*[,;\u2013-]\s*\d+)*\])+)")
_MARKDOWN = re.compile(r"^\s*(?:[-*+\u2022]\s+|\d+[.)]\s+|#+\s*)|\*\*|__|`", re.M)
_LABEL = re.compile(r"^\s*(?:answer|question|standalone question)\s*:\s*", re.I)
_FOREIGN_LETTER = re.compile(r"[^\x00-\x7f\u0370-\u03ff\u2010-\u2015\u2018-\u201f\u00b0-\u00bf]")
_NUMBERED_LINE = re.compile(r"^\s*(\d+)[.):]\s*(.+?)\s*$", re.M)
HISTORY_TURNS = 6  # the most recent turns shown to the model when condensing
TURN_CHARS = 600  # each turn is cut to this many characters
CONDENSE_TOKENS = 96


class LlmAnswerer:
    """Writes an answer with a chat model, then keeps only what the passages support."""

    def __init__(self, name: str, backend: ChatBackend, settings: Settings, embed: Embed | None = None) -> None:
        self.name = name
        self.backend = backend
        self.settings = settings
        self.embed = embed
        self.extractive = ExtractiveAnswerer(settings.min_evidence, settings.max_answer_sentences)

    def using(self, embed: Embed) -> LlmAnswerer:
        return LlmAnswerer(self.name, self.backend, self.settings, embed)

    def answer(self, question: Question, evidence: Evidence) -> Answer:
        *_, answer = self.stream(question, evidence)
        assert isinstance(answer, Answer)
        return answer

    def stream(self, question: Question, evidence: Evidence) -> Iterator[str | Answer]:
        """The model's text as it arrives (unchecked), then the checked Answer."""
        if question.intent.kind == "metadata":  # a line of the document's details, quoted as it is
            yield from self.extractive.stream(question, evidence)
            return
        refusal = refusal_for(question, evidence, self.settings.min_evidence)
        if refusal:
            answer = refused(question, evidence, refusal, self.name, self.settings.min_evidence)
            yield answer.text
            yield answer
            return
        pieces: list[str] = []
        try:
            for piece in self._reply(answer_messages(question, evidence)):
                pieces.append(piece)
                yield piece
        except ProviderFailure as exc:
            yield self.fallback(question, evidence, f"the {self.name} model failed: {exc}")
            return
        yield self.compose(question, evidence, "".join(pieces))

    def compose(self, question: Question, evidence: Evidence, reply: str) -> Answer:
        """The checked answer from the model's `reply`, or the extractive one with a note."""
        parsed = [(text, cited) for text, cited in parse_reply(reply) if not _is_refusal(text)]
        if not parsed:
            return self.fallback(question, evidence, prompts.WHY_REFUSED if reply.strip() else prompts.WHY_EMPTY)
        if self.embed is None:
            raise ConfigError(f"the {self.name} answerer was built without an embedding model to check answers")
        checker = SupportChecker(evidence, self.embed, self.settings.llm_min_support, question.standalone)
        checked = checker.check(parsed)
        if not any(c.supported for c in checked):
            return self.fallback(question, evidence, prompts.WHY_NONE_SUPPORTED.format(total=len(checked)))
        mark = self.settings.llm_unsupported == "mark"
        drafts = [_draft(c) for c in checked if c.supported or mark]
        answer = assemble(question, evidence, drafts, self.name, _removal_note(checked, mark))
        return answer if is_english(question.text) else self.translate(answer)

    def fallback(self, question: Question, evidence: Evidence, why: str) -> Answer:
        answer = self.extractive.answer(question, evidence)
        return replace(answer, note=prompts.NOTE_FALLBACK.format(why=why))

    def condense(self, question: str, history: Sequence[Turn]) -> str:
        """A standalone English question for retrieval ('' keeps the rule-based follow-up handling)."""
        if classify(question).refused or (not history and is_english(question)):
            return ""
        turns = [
            prompts.LLM_CONVERSATION_TURN.format(role=t.role, content=t.content[:TURN_CHARS])
            for t in history[-HISTORY_TURNS:]
        ]
        text = "\n".join([*turns, prompts.LLM_LAST_MESSAGE.format(question=question)])
        try:
            reply = complete(
                self.backend, [("system", prompts.LLM_CONDENSE), ("human", text)], CONDENSE_TOKENS, self._timeout
            )
        except ProviderFailure:
            return ""
        condensed = _LABEL.sub("", reply.strip().splitlines()[0] if reply.strip() else "").strip(" \"'")
        return condensed if _plausible(condensed, question, history) else ""

    def translate(self, answer: Answer) -> Answer:
        """The verified sentences in the question's language (citations and verdicts unchanged)."""
        lines = "\n".join(f"{i}. {s.text}" for i, s in enumerate(answer.sentences, start=1))
        system = prompts.LLM_TRANSLATE.format(question=answer.question)
        budget = self.settings.llm_max_tokens
        try:
            reply = complete(self.backend, [("system", system), ("human", lines)], budget, self._timeout)
        except ProviderFailure as exc:
            return replace(answer, note=answer.note + prompts.NOTE_UNTRANSLATED.format(why=exc))
        translated = {int(n): text for n, text in _NUMBERED_LINE.findall(reply)}
        if sorted(translated) != list(range(1, len(answer.sentences) + 1)):
            why = "the model did not return one line per sentence"
            return replace(answer, note=answer.note + prompts.NOTE_UNTRANSLATED.format(why=why))
        sentences = tuple(replace(s, text=translated[i]) for i, s in enumerate(answer.sentences, start=1))
        return replace(answer, sentences=sentences, text=answer_text(sentences))

    @property
    def _timeout(self) -> float:
        return self.settings.llm_timeout_s

    def _reply(self, messages: list[tuple[str, str]]) -> Iterator[str]:
        return stream_reply(self.backend, messages, self.settings.llm_max_tokens, self._timeout)


def answer_messages(question: Question, evidence: Evidence) -> list[tuple[str, str]]:
    passages = "\n\n".join(
        prompts.LLM_PASSAGE.format(n=i, title=p.title, section=p.chunk.section, text=p.chunk.text)
        for i, p in enumerate(evidence.passages, start=1)
    )
    return [("system", f"{prompts.LLM_SYSTEM}\n\n{passages}"), ("human", question.standalone)]


def parse_reply(reply: str) -> list[tuple[str, list[int]]]:
    """(sentence, cited passage numbers) for each distinct sentence of the model's reply, Markdown removed;
    markers after the full stop ("... resistance. [1]") belong to the sentence before them. A last sentence
    with neither a full stop nor a marker was cut off by the token limit and is dropped, and so are
    questions (a small model may echo the student's) and lead-ins ending in a colon."""
    text = _MARKERS_AFTER_STOP.sub(r"\2\1", _MARKDOWN.sub("", reply)).rstrip()
    spans = split_sentences(text)
    if spans and not re.search(r"[.!?\]][\"')\u201d]*$", text):
        spans = spans[:-1]
    parsed: list[tuple[str, list[int]]] = []
    seen: set[str] = set()
    for start, end in spans:
        raw = text[start:end]
        cited = [int(n) for group in _MARKERS.findall(raw) for n in re.findall(r"\d+", group)]
        clean = _LABEL.sub("", _MARKERS.sub("", raw)).strip()
        key = " ".join(clean.lower().split())
        if clean and key not in seen and not clean.endswith(("?", ":")):  # no echoed questions or lead-ins
            seen.add(key)
            parsed.append((clean, cited))
    return parsed


def is_english(text: str) -> bool:
    """A cheap guess: no letters outside ASCII (Greek allowed: TGF-β) and, past three words, an English
    function word among them."""
    if _FOREIGN_LETTER.search(text):
        return False
    words = re.findall(r"[a-z]+", text.lower())
    return len(words) <= 3 or any(w in STOPWORDS for w in words)


def _is_refusal(sentence: str) -> bool:
    return prompts.REFUSAL.rstrip(".").lower() in sentence.lower()


def _draft(checked: Checked) -> Draft:
    sources = checked.support.sources if checked.supported else ()
    return Draft(checked.text, sources, checked.support.score, checked.verdict)


def _removal_note(checked: Sequence[Checked], mark: bool) -> str:
    removed = sum(not c.supported for c in checked)
    if not removed:
        return ""
    template = prompts.NOTE_MARKED if mark else prompts.NOTE_REMOVED
    return template.format(removed=removed, total=len(checked))


def _plausible(condensed: str, question: str, history: Sequence[Turn]) -> bool:
    """A condensed question must be short and, for an English conversation, reuse some of its words
    (a tiny model sometimes answers instead, or drifts off the conversation)."""
    if not condensed or len(condensed) > 3 * len(question) + 300:
        return False
    if not is_english(question):
        return True
    said = set(tokenize(" ".join([question, *(t.content for t in history)])))
    return bool(set(tokenize(condensed)) & said)


def _chat_answerer(name: str, model: Any, settings: Settings) -> LlmAnswerer:
    return LlmAnswerer(name, LangChainChat(model), settings)


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
        max_retries=0,  # a retry would outlast RAG_LLM_TIMEOUT_S; the extractive answer is the fallback
        max_tokens=settings.llm_max_tokens,
        temperature=0,
    )
    return _chat_answerer("openai", model, settings)


@ANSWERERS.register("ollama")
def _ollama(settings: Settings) -> LlmAnswerer:
    try:
        from langchain_ollama import ChatOllama
    except ImportError as exc:
        raise ConfigError("RAG_ANSWERER=ollama needs: pip install langchain-ollama") from exc
    if not settings.llm_model:
        raise ConfigError("RAG_ANSWERER=ollama needs RAG_LLM_MODEL (e.g. llama3.2) and optionally RAG_LLM_BASE_URL")
    model = ChatOllama(
        model=settings.llm_model,
        base_url=settings.llm_base_url or None,
        temperature=0,
        num_predict=settings.llm_max_tokens,
        client_kwargs={"timeout": settings.llm_timeout_s},
    )
    return _chat_answerer("ollama", model, settings)
