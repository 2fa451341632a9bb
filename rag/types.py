"""Plain data that crosses stage boundaries: documents, chunks, passages, answers."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Reference:
    """One entry of a document's reference list, linked from in-text citations."""

    label: str
    text: str
    authors: str = ""
    year: str = ""
    title: str = ""
    doi: str = ""


@dataclass(frozen=True)
class Section:
    """A titled part of a document. PDF loaders emit one Section per page of a section."""

    title: str
    text: str
    page: int | None = None
    kind: str = "body"  # metadata | abstract | body | figure | table | references


@dataclass(frozen=True)
class DocumentMeta:
    """What the manifest says about a document."""

    doc_id: str
    title: str
    authors: tuple[str, ...] = ()
    journal: str = ""
    year: str = ""
    volume: str = ""
    issue: str = ""
    pages: str = ""
    doi: str = ""
    url: str = ""
    licence: str = ""
    file: str = ""
    format: str = ""
    full_text: bool = False
    article_type: str = ""  # "Review", "Research article", ...
    journal_abbrev: str = ""  # e.g. the NLM title abbreviation, used by Vancouver, ACS and CSE
    keywords: tuple[str, ...] = ()
    corresponding: tuple[str, ...] = ()  # corresponding author(s)
    affiliations: tuple[str, ...] = ()  # "1: Institute of ..., University of ..., Country"


@dataclass(frozen=True)
class Document:
    """A loaded document: its sections in reading order, and its reference list."""

    meta: DocumentMeta
    sections: tuple[Section, ...]
    references: tuple[Reference, ...] = ()

    @property
    def doc_id(self) -> str:
        return self.meta.doc_id


@dataclass(frozen=True)
class Chunk:
    """A run of whole sentences inside one section. `start`/`end` index the section text."""

    chunk_id: str
    doc_id: str
    section: str
    text: str
    start: int
    end: int
    page: int | None = None
    position: int = 0  # order of the chunk in its document
    kind: str = "body"  # the section kind; metadata and table chunks hold one fact per line
    references: tuple[Reference, ...] = ()  # works cited in the chunk's text


@dataclass(frozen=True)
class Passage:
    """A retrieved chunk with its fused score and its rank from each retriever that found it (1-based)."""

    chunk: Chunk
    score: float
    ranks: Mapping[str, int] = field(default_factory=dict, hash=False)
    title: str = ""

    @property
    def dense_rank(self) -> int:
        return self.ranks.get("dense", 0)

    @property
    def sparse_rank(self) -> int:
        return self.ranks.get("bm25", 0)

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of a search result, shared by the CLI and the HTTP API."""
        chunk = self.chunk
        return {
            "chunk_id": chunk.chunk_id,
            "doc_id": chunk.doc_id,
            "title": self.title,
            "section": chunk.section,
            "page": chunk.page,
            "text": chunk.text,
            "score": self.score,
            "dense_rank": self.dense_rank,
            "sparse_rank": self.sparse_rank,
            "ranks": dict(self.ranks),
        }


@dataclass(frozen=True)
class Citation:
    """Where one or more answer sentences come from, quoted exactly."""

    n: int
    doc_id: str
    title: str
    section: str
    page: int | None
    text: str  # the whole passage
    quote: str  # the supporting sentence(s), exactly as in `text`
    spans: tuple[tuple[int, int], ...]  # offsets of each quoted sentence in `text`
    chunk_id: str = ""
    references: tuple[Reference, ...] = ()
    kind: str = "body"  # the passage's section kind: abstract, body, table, figure, metadata, references

    @property
    def location(self) -> str:
        """Where in the document: 'Results, p. 4', or the section alone when pages are unknown."""
        return self.section + (f", p. {self.page}" if self.page is not None else "")


@dataclass(frozen=True)
class AnswerSentence:
    """One sentence of an answer with its citation numbers, how well the cited text supports it (0..1)
    and the verdict: `quoted` (a verbatim sentence of the text: supported by construction, support 1),
    `supported` (a generated sentence the check accepted), `corrected` (accepted, its citation number
    corrected to the supporting passage) or `unsupported` (kept only when RAG_LLM_UNSUPPORTED=mark)."""

    text: str
    citations: tuple[int, ...]
    support: float = 1.0
    verdict: str = "quoted"


@dataclass(frozen=True)
class Answer:
    question: str
    text: str
    abstained: bool
    citations: tuple[Citation, ...] = ()
    sentences: tuple[AnswerSentence, ...] = ()
    reason: str = ""
    reason_code: str = ""  # why it abstained, for machines: no_evidence, instructions, task, empty, ...
    mode: str = "extractive"
    note: str = ""  # why a generated answer fell back to the extractive one, or what the check removed
    evidence: float = 0.0  # score of the best supporting sentence; abstention compares it to RAG_MIN_EVIDENCE
    timings_ms: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The stable JSON shape shared by the CLI, the HTTP API and the eval harness."""
        return {
            "question": self.question,
            "answer": self.text,
            "abstained": self.abstained,
            "reason": self.reason,
            "reason_code": self.reason_code,
            "mode": self.mode,
            "note": self.note,
            "evidence": round(self.evidence, 4),
            "citations": [_citation_dict(c) for c in self.citations],
            "sentences": [asdict(s) for s in self.sentences],
            "timings_ms": {k: round(v, 2) for k, v in self.timings_ms.items()},
        }


def _citation_dict(citation: Citation) -> dict[str, Any]:
    data = asdict(citation)
    data["title"] = citation.title
    data["spans"] = [list(span) for span in citation.spans]
    data["references"] = [asdict(r) for r in citation.references]
    return data


@dataclass(frozen=True)
class Turn:
    """One message of a conversation, as in the OpenAI chat format."""

    role: str  # "user" | "assistant"
    content: str


@dataclass(frozen=True)
class DocumentInfo:
    doc_id: str
    title: str
    chunks: int
    full_text: bool
    doi: str = ""
    format: str = ""


@dataclass(frozen=True)
class IndexInfo:
    documents: tuple[DocumentInfo, ...]
    chunks: int
    model: str
    store: dict[str, Any]
    document_count: int = 0  # all indexed documents; `documents` may list fewer (Assistant.info(limit))

    def to_dict(self) -> dict[str, Any]:
        return {
            "documents": [asdict(d) for d in self.documents],
            "document_count": self.document_count,
            "chunks": self.chunks,
            "model": self.model,
            "store": self.store,
        }


@dataclass(frozen=True)
class IngestReport:
    documents: int
    added: int
    removed: int
    unchanged: int
    rebuilt: bool = False
    errors: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
