"""Starter questions derived from the corpus, each checked against the assistant before it is offered.

A suggestion the review cannot answer is worse than none, so candidates (from keywords, defined
acronyms, section titles and the document's metadata parts) are asked for real and only those
answered with citations are kept. Candidates come from a bounded sample of passages (a few searches
whatever the corpus size), so the check costs the same at 1 document or 200.

Under an abstention, `related_questions` offers up to three questions the text does answer that are
close to the one asked: made from the passages nearest to it, checked by asking, ranked by embedding
similarity, and only above a similarity floor (a question about microRNAs gets no "Who are the authors?").
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import numpy as np

from rag.answer.evidence import is_back_matter
from rag.query.spelling import is_common_word
from rag.text.acronyms import extract_acronyms
from rag.types import Answer, IndexInfo, Passage

STARTERS_FILE = "suggestions.json"  # in the data dir, beside the index; shared by the chat page and the API
MAX_SUGGESTIONS = 6
MAX_CANDIDATES = 24  # each is one warm `ask` (tens of ms), so this bounds start-up work
SAMPLE_TITLES = 4  # documents whose titles seed the passage sample, spread over the corpus
SAMPLE_QUERIES = ("keywords", "abstract", "introduction", "conclusion")
SAMPLE_K = 30  # passages per sample search
# Cosine similarity (all-MiniLM-L6-v2) a suggestion needs to count as related to a refused question. On the
# shipped corpus an off-topic question ("capital of France?") reaches 0.05 at most, a content question the
# abstract cannot answer ("miRNA-21 in chemoresistance?") 0.14-0.23 with the content suggestions and 0.12 with
# "Who are the authors?", which a question about the paper itself ("Who funded it?") reaches at 0.41.
RELATED_FLOOR = 0.1
METADATA_FLOOR = 0.3
RELATED_TRIES = 5  # candidate questions asked (one warm `ask` each) to find related ones under a refusal


# Questions the metadata lines of the "Document details" section answer (rag.index.details), by line label.
_METADATA_QUESTIONS = {
    "Authors:": "Who are the authors?",
    "Cite (APA):": "How do I cite it in APA?",
    "Licence:": "What licence is it published under?",
}
_METADATA_SET = frozenset(_METADATA_QUESTIONS.values())
# Sections every paper has: "What does the paper say about results?" asks nothing in particular.
_SKIP_SECTIONS = {
    "title", "keywords", "abstract", "references", "citation styles", "introduction", "background", "methods",
    "materials and methods", "methods and materials", "results", "discussion", "results and discussion",
    "conclusion", "conclusions", "setting", "settings",
}  # fmt: skip
_COMPOUND = re.compile(r"\b[A-Z][A-Za-z]*[A-Z]s?-[A-Z][A-Za-z]*[A-Z]s\b")  # "MSC-EVs"
_KEYWORDS = re.compile(r"^\s*key\s*words?\s*:?\s*", re.I)
_ARTICLE_TYPE = re.compile(r"^\s*article type\s*:", re.I)


class Asker(Protocol):
    """What suggestions need from `rag.Assistant`."""

    def ask(self, question: str, *, answerer: str | None = None) -> Answer: ...

    def search(self, query: str, k: int = 5) -> list[Passage]: ...

    def info(self) -> IndexInfo: ...


@dataclass(frozen=True)
class Suggestions:
    """Starter questions the assistant answers, with their embeddings for `nearby`."""

    questions: tuple[str, ...]
    vectors: np.ndarray = field(repr=False)
    noun: str = "review"  # what the questions call the corpus: review, paper or papers

    def nearby(self, query_vector: np.ndarray, n: int = 3, floor: float = -1.0) -> list[str]:
        """The `n` suggestions closest to a question, none below `floor` (vectors are normalised: dot = cosine)."""
        if not self.questions or self.vectors.shape[0] != len(self.questions):
            return []
        scores = self.vectors @ np.asarray(query_vector, dtype=np.float32).reshape(-1)
        order = np.argsort(-scores, kind="stable")[:n]
        return [self.questions[i] for i in order if scores[i] >= floor]


def candidate_questions(passages: Sequence[Passage], noun: str = "review") -> list[str]:
    """Questions suggested by the passages' keywords, acronyms, compound terms and section titles, calling
    the corpus `noun` ("What does the review say about…?", "What do the papers say about…?").

    Content questions come first; the metadata ones ("Who wrote the review?") close the list.
    """
    texts = [p.chunk.text for p in passages]
    says = "What do the papers say about" if noun == "papers" else f"What does the {noun} say about"
    content: list[str] = [_about(noun)]
    content += [f"{says} {term}?" for term in sorted(set(_compounds(texts)))]
    acronyms = extract_acronyms(texts)
    content += [_definition_question(short, long, texts) for short, long in acronyms.items()]
    defined = {long.lower() for long in acronyms.values()}
    content += [f"{says} {kw}?" for kw in _keywords(passages) if kw.lower() not in defined]
    content += [f"{says} {title}?" for title in _body_sections(passages)]
    metadata = [q for label, q in _METADATA_QUESTIONS.items() if any(_has_line(p, label) for p in passages)]
    return _unique(content + metadata)[:MAX_CANDIDATES]


def build_suggestions(assistant: Asker, embed: EmbedFn, limit: int = MAX_SUGGESTIONS) -> Suggestions:
    """Ask every candidate; offer up to `limit` answered with citations, two of them about the paper itself.

    Students ask "who wrote it" and "how do I cite it" as often as about the content, so up to two
    metadata questions keep a place. Two questions whose answers open with the same sentence are one.
    """
    content: list[str] = []
    metadata: list[str] = []
    seen: set[str] = set()
    passages = corpus_passages(assistant)
    noun = corpus_noun(passages)
    for question in candidate_questions(passages, noun):
        answer = assistant.ask(question, answerer="extractive")  # whether the text answers: no model calls
        lead = answer.sentences[0].text if answer.sentences else answer.text
        if not _answered(answer) or lead in seen:
            continue
        seen.add(lead)
        (metadata if question in _METADATA_SET else content).append(question)
    meta = metadata[: min(2, limit)]
    kept = content[: limit - len(meta)] + meta
    kept += metadata[len(meta) : len(meta) + limit - len(kept)]
    vectors = embed(kept) if kept else np.zeros((0, 1), dtype=np.float32)
    return Suggestions(tuple(kept), np.asarray(vectors, dtype=np.float32), noun)


def corpus_noun(passages: Sequence[Passage]) -> str:
    """What the questions call the corpus: "papers" when the sample spans several, else "review" when the
    one document's details say it is one ("Article type: Review."), else "paper"."""
    if len({p.chunk.doc_id for p in passages}) > 1:
        return "papers"
    lines = (line for p in passages if p.chunk.kind == "metadata" for line in p.chunk.text.splitlines())
    return "review" if any(_ARTICLE_TYPE.match(line) and "review" in line.lower() for line in lines) else "paper"


def _about(noun: str) -> str:
    """The summary starter: related to every refused question alike, so never offered under one."""
    return "What are these papers about?" if noun == "papers" else f"What is the {noun} about?"


def related_questions(assistant: Asker, embed: EmbedFn, question: str, starters: Suggestions, n: int = 3) -> list[str]:
    """Up to `n` questions the text answers that are close to `question` (for a refusal).

    Candidates come from the passages nearest to the question (the closest first, at most
    `RELATED_TRIES` asked), then the starters; each must reach `RELATED_FLOOR` similarity.
    """
    vector = np.asarray(embed([question])[0], dtype=np.float32)
    asked = question.strip().lower()
    nearest = candidate_questions(assistant.search(question, k=5), starters.noun)
    about = _about(starters.noun).lower()
    candidates = [q for q in _unique([*nearest, *starters.questions]) if q.lower() not in (asked, about)]
    if not candidates:
        return []
    scores = np.asarray(embed(candidates), dtype=np.float32) @ vector
    found: list[str] = []
    tries = 0
    for i in np.argsort(-scores, kind="stable"):
        candidate = candidates[i]
        if len(found) == n or tries == RELATED_TRIES or scores[i] < RELATED_FLOOR:
            break
        if candidate in _METADATA_SET and scores[i] < METADATA_FLOOR:
            continue
        tries += candidate not in starters.questions  # starters were checked when they were made
        if candidate in starters.questions or _answered(assistant.ask(candidate)):
            found.append(candidate)
    return found


def not_yet_asked(questions: Sequence[str], asked: Iterable[str]) -> list[str]:
    """`questions` without those the student has already asked (case and spacing aside): "More questions
    to try" once offered "How do I cite it in APA?" right under its answer."""
    seen = {_normal(q) for q in asked}
    return [q for q in questions if _normal(q) not in seen]


def _normal(question: str) -> str:
    return " ".join(question.lower().split()).rstrip("?.! ")


def _answered(answer: Answer) -> bool:
    return not answer.abstained and bool(answer.citations)


def cached_questions(path: Path) -> list[str]:
    """The starter questions saved last time, whatever index they were made for ([] when none).

    Shown at once while the model loads; `stored_suggestions` checks them against the index afterwards.
    """
    data = _read(path)
    return [str(q) for q in data.get("questions", [])] if isinstance(data.get("questions"), list) else []


def stored_suggestions(assistant: Asker, embed: EmbedFn, path: Path) -> Suggestions:
    """Suggestions saved beside the index, rebuilt when the index changes.

    Checking candidates costs one `ask` each (seconds at start-up on a busy 2-core machine); saving
    them makes every later start instant. The key is the index identity (collection = model and chunker
    fingerprint) plus what was indexed (documents and chunk counts).
    """
    key = index_key(assistant.info())
    questions = _read_questions(path, key)
    if questions is None:
        built = build_suggestions(assistant, embed)
        _write_questions(path, key, built.questions, built.noun)
        return built
    vectors = embed(questions) if questions else np.zeros((0, 1), dtype=np.float32)
    noun = str(_read(path).get("noun") or "review")  # a file written before nouns were kept: "review"
    return Suggestions(tuple(questions), np.asarray(vectors, dtype=np.float32), noun)


def index_key(info: IndexInfo) -> str:
    """What identifies an index for caching: its collection, documents and chunk counts."""
    parts = [str(info.store.get("collection", "")), str(info.chunks)]
    parts += [f"{d.doc_id}:{d.chunks}:{d.full_text}:{d.title}" for d in info.documents]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


def _read_questions(path: Path, key: str) -> list[str] | None:
    data = _read(path)
    if data.get("key") != key or not isinstance(data.get("questions"), list):
        return None
    return [str(q) for q in data["questions"]]


def _read(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _write_questions(path: Path, key: str, questions: Sequence[str], noun: str) -> None:
    """Best effort: a read-only data dir only means the check runs again at the next start."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        data = {"key": key, "questions": list(questions), "noun": noun}
        path.write_text(json.dumps(data, indent=1), encoding="utf-8")
    except OSError:
        pass


class EmbedFn(Protocol):
    def __call__(self, texts: Sequence[str]) -> np.ndarray: ...


def corpus_passages(assistant: Asker, k: int = SAMPLE_K) -> list[Passage]:
    """A bounded sample of passages spread over the corpus: a few searches, whatever its size.

    The best matches for up to `SAMPLE_TITLES` document titles (spread over the document list) and for
    the parts every paper has (keywords, abstract, introduction, conclusion). For a small corpus this is
    all of it; for a large one it is what starter questions should come from anyway.
    """
    documents = assistant.info().documents
    step = max(1, len(documents) // SAMPLE_TITLES)
    titles = [d.title or d.doc_id for d in documents[::step][:SAMPLE_TITLES]]
    found: dict[str, Passage] = {}
    for query in [*titles, *SAMPLE_QUERIES]:
        for passage in assistant.search(query, k=k):
            found.setdefault(passage.chunk.chunk_id, passage)
    return sorted(found.values(), key=lambda p: (p.chunk.doc_id, p.chunk.position))


def _compounds(texts: Iterable[str]) -> list[str]:
    return [m.group(0) for text in texts for m in _COMPOUND.finditer(text)]


def _keywords(passages: Sequence[Passage]) -> list[str]:
    """The document's keywords: its "Keywords:" metadata line (rag.index.details)."""
    words: list[str] = []
    for passage in (p for p in passages if p.chunk.kind == "metadata"):
        for line in passage.chunk.text.splitlines():
            if _KEYWORDS.match(line):
                words += [w.strip(" .") for w in re.split(r"[,;]", _KEYWORDS.sub("", line)) if w.strip(" .")]
    return words


def _has_line(passage: Passage, label: str) -> bool:
    return passage.chunk.kind == "metadata" and any(line.startswith(label) for line in passage.chunk.text.splitlines())


def _body_sections(passages: Sequence[Passage]) -> list[str]:
    """The titles of body sections, each the innermost of its path ("Results > Burden > 3b) Managing
    stroke" -> "managing stroke"): a student asks about a topic, not a table of contents. Not the back
    matter: "What do the papers say about funding?" is no topic ("Who funded the study?" asks it)."""
    titles = _unique(_innermost(p.chunk.section) for p in passages if p.chunk.kind == "body" and p.chunk.section)
    return [t for t in titles if t and t.lower() not in _SKIP_SECTIONS and not is_back_matter(t)]


def _innermost(section: str) -> str:
    return _strip_numbering(section.rsplit(">", 1)[-1])


_NUMBERING = re.compile(
    r"^\s*(?:\d+(?:\.\d+)*\.?|\(?(?:[\dIVX]+(?:\.\d+)*[a-z]?|[a-z]|[ivx]+)[.)])\s+"
)  # "2.1 ", "3 ", "3b) ", "(iv) ", "IV. ", "a) "; not the "In" of "In vitro assays"


def _strip_numbering(title: str) -> str:
    """'2.1 Cell culture', '3b) Cell culture', '(iv) Cell culture' -> 'cell culture'; 'Study Details' and
    'STUDY DETAILS' -> 'study details' (acronyms keep their case)."""
    title = _NUMBERING.sub("", title.strip()).strip()
    shouted = title.isupper()  # "STUDY DESIGN AND SETTING": its everyday words are words, not acronyms
    return re.sub(r"[A-Za-z][\w-]*", lambda m: _lower_word(m.group(0), m.start() == 0, shouted), title)


def _lower_word(word: str, first: bool, shouted: bool = False) -> str:
    """'Strengths' -> 'strengths'; 'MSC-EVs', 'ROS', 'AIDS', 'miRNA' and the A of 'vitamin A' keep their
    case, unless the whole title is in capitals and the word is an everyday one ('AND', 'DESIGN')."""
    everyday = shouted and is_common_word(word)
    return word.lower() if word[1:].islower() or everyday or (first and word == "A") else word


def _definition_question(short: str, long: str, texts: Sequence[str]) -> str:
    """ "What are mesenchymal stem cells (MSCs)?" where the text counts them ("MSCs", or the long form in
    the plural: "low and middle income countries (LMIC)"); else "What is time to reach peak concentration
    (Tmax)?" ("What are time to reach peak concentrations (Tmaxs)?" before)."""
    counted = any(re.search(rf"\b{re.escape(short)}s\b", text) for text in texts)
    found = next((m for m in (re.search(rf"\b{re.escape(long)}(\w*)", t, re.I) for t in texts) if m), None)
    ending = found.group(1).lower() if found else ""  # the extractor stores "countrie" for "countries"
    shown = _as_named(found.group(0)[: len(found.group(0)) - len(ending)], long) if found else long
    if counted or ending:
        return f"What are {_plural(shown + ending)} ({short}s)?"
    return f"What is {shown} ({short})?"


def _as_named(written: str, long: str) -> str:
    """A name keeps its capitals ("Kamuzu Central Hospital"); other long forms are lower case, whatever
    the case of the sentence they open ("mesenchymal stem cells")."""
    words = [w for w in written.split() if w[:1].isalpha()]
    return written if len(words) > 1 and all(w[0].isupper() for w in words) else long


def _plural(noun: str) -> str:
    return noun if noun.endswith("s") else noun + "s"


def _unique(items: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for item in items:
        key = item.lower()
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out
