"""HTML article pages (publisher pages, saved "web page, complete" files).

Keeps: the article element (or <main>, or the body), headings h2-h4 as nested section titles, the
paragraphs and list items under them, figure captions, tables as "cell | cell" rows, and the
reference list; metadata from Highwire `citation_*` meta tags and the rel="license" link.
Drops: scripts, styles, navigation, forms, buttons, iframes, SVG, asides and everything outside
the article element. Nothing is fetched and no script runs: lxml only parses the bytes.
In-text links to reference entries become "[n]" (author-year links keep their text: "Smith, 2010 [n]").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rag.errors import LoaderError
from rag.index.loaders import register
from rag.index.loaders.common import clean, find_doi, float_title, initials, licence_name, merge_meta, table_rows
from rag.types import Document, DocumentMeta, Reference, Section

_DROP = ("script", "style", "noscript", "nav", "aside", "form", "button", "iframe", "svg", "template", "select")
_HEADINGS = {"h2": 0, "h3": 1, "h4": 2}
_BLOCKS = {"p", "li", "blockquote", "dd", "dt", "pre"}
_REF_HEADINGS = re.compile(r"^(references|bibliography|literature cited|works cited)$", re.I)
_LABEL = re.compile(r"^((?:Fig(?:ure)?|Table|Supplementary (?:Figure|Table))\.?\s*S?\d+[a-z]?)\s*[:.|]?\s*", re.I)
_DOWNLOAD = re.compile(r"\s*Download (?:full[- ]size|high[- ]res\w*) (?:image|figure).*$", re.I)
_MAX_AUTHORS = 6
_NUMERIC = re.compile(r"[\[(]?\d+(?:\s*[-\u2013,]\s*\d+)*[\])]?")


@dataclass
class _Walk:
    """Section being filled while the article tree is walked in reading order."""

    refs: dict[str, str]
    path: list[str] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    floats: list[Section] = field(default_factory=list)

    def flush(self) -> None:
        text = "\n".join(line for line in self.lines if line)
        if text:
            title = " > ".join(self.path) or "Title"
            kind = "abstract" if self.path and self.path[-1].lower() == "abstract" else "body"
            self.sections.append(Section(title, text, kind="metadata" if not self.path else kind))
        self.lines = []


@register("html", (".html", ".htm", ".xhtml"))
def load_html(path: Path, meta: DocumentMeta) -> Document:
    from lxml import etree, html

    try:
        tree = html.fromstring(path.read_bytes())
    except (etree.ParserError, ValueError) as exc:
        raise LoaderError(f"{path.name}: not readable as HTML: {clean(str(exc))}") from exc
    found = _meta_tags(tree)
    root = _article_root(tree)
    # Inside <article> the header holds the title and abstract; around a whole body it is site chrome.
    drop = _DROP if root.tag in ("article", "main") else (*_DROP, "header", "footer")
    for el in list(root.iter(*drop)):
        _remove(el)
    ref_list = _reference_list(root)
    references, ids = _references(ref_list) if ref_list is not None else ([], {})
    if ref_list is not None:
        _remove(ref_list)
    walk = _Walk(refs=ids)
    _walk(root, walk)
    walk.flush()
    sections = walk.sections + walk.floats
    if references:
        sections.append(
            Section("References", "\n".join(f"[{r.label}] {r.text}" for r in references), kind="references")
        )
    return Document(merge_meta(meta, sections, **found), tuple(sections), tuple(references))


def _meta_tags(tree: Any) -> dict[str, Any]:
    def tag(*names: str) -> list[str]:
        return [clean(m.get("content", "")) for n in names for m in tree.xpath(f"//meta[@name='{n}']")]

    dates = tag("citation_publication_date", "citation_date", "citation_online_date")
    year = next((m.group(0) for d in dates if (m := re.search(r"\b(19|20)\d\d\b", d))), "")
    first, last = (tag("citation_firstpage") or [""])[0], (tag("citation_lastpage") or [""])[0]
    licence_links = [a.get("href", "") for a in tree.xpath("//a[@rel='license'] | //link[@rel='license']")]
    return {
        "title": (tag("citation_title", "dc.title", "DC.title") or [""])[0],
        "authors": tuple(tag("citation_author")),
        "journal": (tag("citation_journal_title") or [""])[0],
        "year": year,
        "volume": (tag("citation_volume") or [""])[0],
        "issue": (tag("citation_issue") or [""])[0],
        "pages": f"{first}-{last}" if first and last else first,
        "doi": find_doi((tag("citation_doi", "dc.identifier", "DC.identifier") or [""])[0]),
        "licence": licence_name(" ".join(licence_links + tag("dc.rights", "DC.rights"))),
    }


def _article_root(tree: Any) -> Any:
    for query in ("//article", "//main", "//*[@role='main']", "//body"):
        found = tree.xpath(query)
        if found:
            return max(found, key=lambda el: len(el.text_content()))
    return tree


def _remove(el: Any) -> None:
    """Drop an element but keep its tail text in the parent."""
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def _walk(el: Any, walk: _Walk) -> None:
    for child in el:
        if not isinstance(child.tag, str):
            continue
        tag = child.tag.lower()
        if tag in _HEADINGS:
            walk.flush()
            level = _HEADINGS[tag]
            walk.path = [*walk.path[:level], clean(child.text_content())]
        elif tag == "h1":
            walk.flush()
            walk.path = []
            walk.lines.append(clean(child.text_content()))
        elif tag in ("figure", "table"):
            walk.floats.append(_float(child, walk.refs))
        elif tag in _BLOCKS and not child.xpath(".//p|.//li|.//table|.//figure|.//h2|.//h3|.//h4"):
            walk.lines.append(_inline(child, walk.refs))
        else:
            if child.text and child.text.strip() and tag not in ("span", "a", "b", "i", "em", "strong"):
                walk.lines.append(clean(child.text))
            _walk(child, walk)


def _inline(el: Any, refs: dict[str, str]) -> str:
    """Element text with links to reference entries rendered as '[n]'."""
    return clean(_raw(el, refs))


def _raw(el: Any, refs: dict[str, str]) -> str:
    parts = [el.text or ""]
    for child in el:
        tag = child.tag.lower() if isinstance(child.tag, str) else ""
        label = _ref_target(child, refs) if tag == "a" else ""
        if label:
            shown = clean(child.text_content())
            parts.append(shown if _NUMERIC.fullmatch(shown) else f"{shown} [{label}]")
        elif tag == "sup" and any(_ref_target(a, refs) for a in child.iter("a")):
            parts.append(f"[{clean(_raw(child, refs)).strip('[]')}]")  # superscript citation style
        elif tag == "br":
            parts.append(" ")
        elif tag:
            parts.append(_raw(child, refs))
        parts.append(child.tail or "")
    return "".join(parts)


def _ref_target(a: Any, refs: dict[str, str]) -> str:
    target = a.get("data-jats-rid") or (a.get("href", "").split("#", 1)[1] if "#" in a.get("href", "") else "")
    return refs.get(target, "")


def _float(el: Any, refs: dict[str, str]) -> Section:
    caption_el = next(iter(el.xpath(".//figcaption | .//*[contains(@class, 'caption')] | .//caption")), None)
    caption = _inline(caption_el, refs) if caption_el is not None else ""
    caption = _DOWNLOAD.sub("", caption)
    match = _LABEL.match(caption)
    label = match.group(1) if match else ""
    title = float_title(label, caption[match.end() :]) if match else label
    caption = f"{label}: {caption[match.end() :]}" if match else caption
    tables = [el] if el.tag == "table" else el.xpath(".//table")
    if not tables:
        return Section(label or "Figure", caption, kind="figure")
    lines = table_rows(tables[0].iter("tr"), lambda cell: _inline(cell, refs))
    return Section(title or "Table", "\n".join([caption, *lines]).strip(), kind="table")


def _reference_list(root: Any) -> Any:
    marked = root.xpath(".//*[contains(concat(' ', @class, ' '), ' ref-list ')][self::ul or self::ol]")
    if marked:
        return marked[0]
    for heading in root.xpath(".//h2 | .//h3"):
        if _REF_HEADINGS.match(clean(heading.text_content())):
            following = heading.xpath("following::*[self::ol or self::ul][1]")
            if following:
                return following[0]
    return None


def _references(ref_list: Any) -> tuple[list[Reference], dict[str, str]]:
    references: list[Reference] = []
    ids: dict[str, str] = {}
    for n, item in enumerate(ref_list.xpath("./li"), start=1):
        label = str(n)
        for el in [item, *item.xpath(".//*[@id]")]:
            if el.get("id"):
                ids[el.get("id")] = label
        references.append(_reference(label, item))
    return references, ids


def _name(el: Any) -> str:
    """'Surname GN' from schema.org/JATS-style name spans, else the span's text."""
    surname = el.xpath(".//*[contains(@class, 'surname')]")
    given = el.xpath(".//*[contains(@class, 'given-names')]")
    if surname and given:
        return f"{clean(surname[0].text_content())} {initials(clean(given[0].text_content()))}"
    return clean(el.text_content())


def _reference(label: str, item: Any) -> Reference:
    text = re.sub(r"^\[?\d+[.\]]\s+", "", clean(item.text_content()))
    names = [_name(n) for n in item.xpath(".//*[contains(concat(' ', @class, ' '), ' name ')]")]
    authors = ", ".join(names[:_MAX_AUTHORS]) + (" et al." if len(names) > _MAX_AUTHORS else "")
    year_el = item.xpath(".//*[contains(@class, 'year')]")
    year_match = re.search(r"\b(19|20)\d\d", clean(year_el[0].text_content()) if year_el else text)
    title_el = item.xpath(".//*[contains(@class, 'article-title') or contains(@class, 'source')]")
    doi_links = [a.get("href", "") for a in item.xpath(".//a[contains(@href, 'doi.org/10.')]")]
    doi = find_doi(" ".join(doi_links).replace("%2F", "/")) or find_doi(text)
    return Reference(
        label=label,
        text=text,
        authors=authors,
        year=year_match.group(0) if year_match else "",
        title=clean(title_el[0].text_content()).rstrip(".") if title_el else "",
        doi=doi,
    )
