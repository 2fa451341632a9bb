"""A BEIR-style corpus in one JSONL file (`{"_id", "title", "text"}` per line): one document per line.

The document id is the line's `_id` after the file's own id (`corpus-4983` for `_id` 4983 in
corpus.jsonl), so two corpora never share an id; the title becomes the section title, which BM25
indexes with the text, as BEIR encodes `title + text`.
"""

from __future__ import annotations

import json
from pathlib import Path

from rag.errors import LoaderError
from rag.index.loaders import register_collection
from rag.types import Document, DocumentMeta, Section


@register_collection("beir", (".jsonl",))
def load_beir(path: Path, meta: DocumentMeta) -> list[Document]:
    documents = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if line.strip():
                documents.append(_document(_record(line, path, number), meta, path, number))
    return documents


def _record(line: str, path: Path, number: int) -> dict:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise LoaderError(f"{path.name}:{number}: not valid JSON ({exc.msg})") from exc
    if not isinstance(record, dict) or "_id" not in record:
        raise LoaderError(f'{path.name}:{number}: a BEIR corpus line needs an "_id" (and "title", "text")')
    return record


def _document(record: dict, meta: DocumentMeta, path: Path, number: int) -> Document:
    title = " ".join(str(record.get("title") or "").split())
    text = " ".join(str(record.get("text") or "").split())
    if not text and not title:
        raise LoaderError(f"{path.name}:{number}: no title or text")
    doc_meta = DocumentMeta(
        doc_id=f"{meta.doc_id}-{record['_id']}", title=title, file=meta.file or path.name, format="beir"
    )
    return Document(
        meta=doc_meta, sections=(Section(title=title or str(record["_id"]), text=text or title, kind="abstract"),)
    )
