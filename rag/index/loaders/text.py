"""Plain text and Markdown: Markdown headings (and a title line) become sections."""

from __future__ import annotations

import re
from pathlib import Path

from rag.errors import LoaderError
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


# Longest first: the UTF-32 little-endian mark starts with the UTF-16 one.
_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


def read_text(path: Path) -> str:
    """UTF-8, or UTF-16/32 with a byte order mark, or UTF-16 without one; else Windows-1252 (then Latin-1).

    Other encodings put NUL bytes in the text: such a file is refused rather than indexed as garbage.
    """
    data = path.read_bytes()
    codec = next((codec for bom, codec in _BOMS if data.startswith(bom)), None) or _utf16_without_bom(data)
    if codec:
        try:
            return data.decode(codec)
        except UnicodeDecodeError as exc:
            raise LoaderError(f"{path.name}: not valid {codec.upper()} text ({exc.reason}); save it as UTF-8") from exc
    if b"\x00" in data:
        raise LoaderError(f"{path.name}: binary data or an unknown text encoding (NUL bytes); save it as UTF-8")
    for fallback in ("utf-8", "cp1252"):
        try:
            return data.decode(fallback)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def _utf16_without_bom(data: bytes) -> str | None:
    """Mostly-ASCII UTF-16 has a NUL in every other byte: in odd places (little endian) or even ones (big)."""
    sample = data[:4096]
    half = len(sample) // 2
    if half < 4:
        return None
    odd, even = sample[1::2].count(0), sample[0::2].count(0)
    if odd > 0.4 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.4 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


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
