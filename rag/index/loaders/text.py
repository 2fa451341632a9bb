"""Plain text and Markdown: Markdown headings (and a title line) become sections."""

from __future__ import annotations

import re
from pathlib import Path

from rag.index.loaders import register
from rag.types import Document, DocumentMeta, Section

_HEADING = re.compile(r"^(#{1,6})\s+(.*\S)\s*$")


@register("md", (".md", ".markdown"))
@register("txt", (".txt",))
def load_text(path: Path, meta: DocumentMeta) -> Document:
    raw = read_text(path)
    sections = split_markdown(raw, default_title=meta.title or path.stem)
    title = meta.title or (sections[0].title if sections else path.stem)
    return Document(meta=_with_title(meta, title), sections=tuple(sections))


def read_text(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def split_markdown(raw: str, default_title: str) -> list[Section]:
    sections: list[Section] = []
    title, lines = default_title, list[str]()
    for line in raw.splitlines():
        match = _HEADING.match(line)
        if match:
            _flush(sections, title, lines)
            title, lines = match.group(2), []
        else:
            lines.append(line)
    _flush(sections, title, lines)
    return sections


def _flush(sections: list[Section], title: str, lines: list[str]) -> None:
    paragraphs = [" ".join(p.split()) for p in "\n".join(lines).split("\n\n")]
    text = "\n".join(p for p in paragraphs if p)
    if text:
        sections.append(Section(title=title, text=text))


def _with_title(meta: DocumentMeta, title: str) -> DocumentMeta:
    from dataclasses import replace

    return meta if meta.title else replace(meta, title=title)
