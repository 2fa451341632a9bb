"""Chunking: whole sentences, never across a section boundary, with sentence overlap."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

from rag.text.references import cited_references
from rag.text.sentences import split_sentences
from rag.types import Chunk, Document, Section

LINE_KINDS = {"metadata", "table", "references"}


def chunk_document(document: Document, sentences: int, overlap: int, max_chars: int) -> list[Chunk]:
    """Chunks of `sentences` sentences (fewer past `max_chars`), consecutive chunks sharing `overlap`."""
    chunks: list[Chunk] = []
    seen: set[str] = set()
    for section in document.sections:
        for start, end in _windows(section, sentences, overlap, max_chars):
            chunk_id = chunk_hash(document.doc_id, section.title, section.text[start:end])
            if chunk_id in seen:
                continue
            seen.add(chunk_id)
            chunks.append(
                Chunk(
                    chunk_id=chunk_id,
                    doc_id=document.doc_id,
                    section=section.title,
                    text=section.text[start:end],
                    start=start,
                    end=end,
                    page=section.page,
                    position=len(chunks),
                    kind=section.kind,
                    references=cited_references(section.text[start:end], document.references),
                )
            )
    return chunks


def chunk_hash(doc_id: str, section: str, text: str) -> str:
    return hashlib.sha256(f"{doc_id}\x1f{section}\x1f{text}".encode()).hexdigest()[:32]


def sentence_id(doc_id: str, text: str) -> str:
    """Sentences are stored once per document and text, whichever chunks hold them."""
    return hashlib.sha256(f"{doc_id}\x1f{text}".encode()).hexdigest()[:32]


def chunk_sentences(chunk: Chunk) -> list[tuple[int, int]]:
    """Sentence offsets inside a chunk, split the same way the chunker split its section."""
    return split_sentences(chunk.text, lines_only=chunk.kind in LINE_KINDS)


def sentence_texts(chunk: Chunk) -> list[str]:
    """The chunk's sentences, as `chunk_sentences` splits them."""
    return [chunk.text[start:end] for start, end in chunk_sentences(chunk)]


def _windows(section: Section, size: int, overlap: int, max_chars: int) -> Iterator[tuple[int, int]]:
    spans = split_sentences(section.text, lines_only=section.kind in LINE_KINDS)
    step_back = min(overlap, size - 1)
    i = 0
    while i < len(spans):
        j = i + 1
        while j < len(spans) and j - i < size and spans[j][1] - spans[i][0] <= max_chars:
            j += 1
        yield spans[i][0], spans[j - 1][1]
        if j >= len(spans):
            return
        i = max(j - step_back, i + 1)
