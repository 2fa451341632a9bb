"""JATS XML (PMC `.nxml`, Europe PMC `fullTextXML`, PLOS publisher XML).

Keeps: the metadata (title, authors, journal, year, DOI, licence, keywords, article type; written out
as the "Document details" section by `load_document`), the main abstract, body sections with their
nested path ("2 Methods > 2.1 Patients"), paragraphs, figure and table captions, table rows that
name their columns ("Header: cell | Header: cell"), acknowledgements, the funding statement and the
footnotes declaring competing interests and contributions (as sections of those names), and the
reference list. In-text citations are rendered as "[23]" so `rag.text.references` links them to the
entry "23". Drops: secondary abstracts (PLOS "toc", "editors-summary"), affiliations, other footnotes,
MathML markup (its text is kept) and the TeX twins of formulas, graphics, supplementary files (captions
kept). The external DTD is never loaded and the network is never used.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rag.errors import LoaderError
from rag.index.loaders import register
from rag.index.loaders.common import clean, float_title, initials, licence_name, merge_meta, table_rows
from rag.types import Document, DocumentMeta, Reference, Section

_XLINK = "{http://www.w3.org/1999/xlink}href"
_FLOATS = ("fig", "table-wrap", "fig-group")
# tex-math: the TeX twin of a MathML formula (a LaTeX preamble and all); the MathML text is kept.
_SKIP_IN_TEXT = {"fig", "table-wrap", "fig-group", "sec", "title", "label", "supplementary-material", "tex-math"}
_SECONDARY_ABSTRACTS = {"toc", "editors-summary", "summary", "teaser", "graphical", "author-summary", "web-summary"}
_CITATIONS = ("element-citation", "mixed-citation", "citation", "nlm-citation")
_MAX_AUTHORS = 6
_NUMERIC = re.compile(r"[\[(]?\d+(?:\s*[-\u2013,]\s*\d+)*[\])]?")


@register("jats", (".nxml", ".xml"))
def load_jats(path: Path, meta: DocumentMeta) -> Document:
    root = parse_jats(path.read_bytes(), path.name)
    references, labels = _references(root)
    sections = _abstract(root, labels)
    body = root.find("body")
    if body is not None:
        sections += _sections(body, labels, path_titles=[])
        sections += _floats(root, labels)
    back = root.find("back")
    if back is not None:  # acknowledgements, funding, contributions; not the glossary or footnotes
        for part in back:
            if isinstance(part.tag, str) and part.tag in ("ack", "notes", "sec"):
                default = "Acknowledgements" if part.tag == "ack" else "Notes"
                sections.append(Section(_title(part) or default, _paragraphs(part, labels)))
    known = {s.text for s in sections}
    sections += [s for s in _declarations(root, labels) if s.text not in known]
    if references:
        ref_text = "\n".join(f"[{r.label}] {r.text}" for r in references)
        sections.append(Section("References", ref_text, kind="references"))
    sections = [s for s in sections if s.text.strip()]
    found = _front_meta(root)
    return Document(merge_meta(meta, sections, **found), tuple(sections), tuple(references))


def parse_jats(data: bytes, name: str) -> Any:
    """Parse without the DTD, entities or network; LoaderError unless the root is <article>."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise LoaderError(f"{name}: malformed XML: {clean(str(exc))}") from exc
    if root is None or not isinstance(root.tag, str):
        raise LoaderError(f"{name}: no XML element found")
    _strip_namespaces(root)
    if root.tag != "article":
        raise LoaderError(f"{name}: not a JATS article (root element is <{root.tag}>, expected <article>)")
    return root


def has_body(root: Any) -> bool:
    body = root.find("body")
    return body is not None and bool(clean("".join(body.itertext())))


def _strip_namespaces(root: Any) -> None:
    """MathML and other namespaced elements become plain tags; xlink:href stays as an attribute."""
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag.startswith("{"):
            el.tag = el.tag.split("}", 1)[1]


# --- front matter -------------------------------------------------------------------------------

# Footnotes that declare something about the work (JATS `fn-type`), read as the sections journals that print
# them in the back matter give them: a student asks "Who funded it?" whichever way the XML holds it.
_DECLARATIONS = {
    "conflict": "Competing interests",
    "coi-statement": "Competing interests",
    "con": "Author contributions",
    "financial-disclosure": "Funding",
    "supported-by": "Funding",
}


def _declarations(root: Any, labels: dict[str, str]) -> list[Section]:
    """The funding statement and the declaring footnotes (competing interests, contributions) of the front
    matter or of a back-matter footnote group, which PLOS and others keep there instead of in a section."""
    found: dict[str, list[str]] = {}
    for statement in root.iterfind("front/article-meta/funding-group/funding-statement"):
        found.setdefault("Funding", []).append(_inline(statement, labels))
    for note in root.iterfind(".//fn"):
        title = _DECLARATIONS.get((note.get("fn-type") or "").lower())
        if title and note.getparent().tag in ("author-notes", "fn-group"):
            heading, text = _headed(_paragraphs(note, labels))
            found.setdefault(heading or title, []).append(text)
    return [Section(title, "\n".join(t for t in texts if t)) for title, texts in found.items()]


def _headed(text: str) -> tuple[str, str]:
    """A footnote's own heading line ("CONFLICTS OF INTEREST") and the text under it."""
    first, _, rest = text.partition("\n")
    if rest and len(first.split()) <= 5 and not first.rstrip().endswith((".", ":", "!", "?")):
        return first.strip(), rest
    return "", text


def _front_meta(root: Any) -> dict[str, Any]:
    am = root.find("front/article-meta")
    jm = root.find("front/journal-meta")
    if am is None:
        return {}
    return {
        "title": _text(am.find("title-group/article-title")),
        "authors": tuple(_inverted(n) for n in am.findall("contrib-group/contrib[@contrib-type='author']/name")),
        "corresponding": tuple(
            _inverted(c.find("name"))
            for c in am.findall("contrib-group/contrib[@corresp='yes']")
            if c.find("name") is not None
        ),
        "journal": _text(jm.find(".//journal-title")) if jm is not None else "",
        "journal_abbrev": _journal_abbrev(jm),
        "article_type": _article_type(root.get("article-type", "")),
        "keywords": tuple(_text(k) for k in am.findall("kwd-group/kwd") if _text(k)),
        "affiliations": tuple(a for a in (_affiliation(aff) for aff in root.iter("aff")) if a),
        "year": _pub_year(am),
        "volume": _text(am.find("volume")),
        "issue": _text(am.find("issue")),
        "pages": _pages(am),
        "doi": _text(am.find("article-id[@pub-id-type='doi']")),
        "licence": _licence(am),
    }


def _inverted(name: Any) -> str:
    """'Gopinath, Subash Chandra Bose': family name first, so citation styles never guess which is which."""
    surname, given = _text(name.find("surname")), _text(name.find("given-names"))
    return f"{surname}, {given}" if given else surname


def _affiliation(aff: Any) -> str:
    """'1: Institute of ..., Country': the label (a <label> or a leading <sup>), then the address without
    identifiers (GRID, ISNI) the reader does not want."""
    label_el = aff.find("label")
    if label_el is None and len(aff) and aff[0].tag == "sup" and not (aff.text or "").strip():
        label_el = aff[0]
    label = _text(label_el) if label_el is not None else ""
    text = clean(_text_skipping(aff, lambda el: el is label_el or el.tag == "institution-id"))
    text = re.sub(r"\s*,(\s*,)+", ",", text).strip(" ,;")
    return f"{label}: {text}" if label and text else text


def _text_skipping(el: Any, skip: Callable[[Any], bool]) -> str:
    """The text of `el` in document order, leaving out the elements `skip` names (their tails stay)."""
    parts = [el.text or ""]
    for child in el:
        if isinstance(child.tag, str) and not skip(child):
            parts.append(_text_skipping(child, skip))
        parts.append(child.tail or "")
    return " ".join(parts)


def _journal_abbrev(jm: Any) -> str:
    if jm is None:
        return ""
    for query in (
        "journal-id[@journal-id-type='nlm-ta']",
        ".//abbrev-journal-title",
        "journal-id[@journal-id-type='iso-abbrev']",
    ):
        if found := _text(jm.find(query)):
            return found
    return ""


def _article_type(kind: str) -> str:
    """'review-article' -> 'Review article'; '' stays ''."""
    return kind.replace("-", " ").capitalize()


def _pub_year(am: Any) -> str:
    dates = am.findall("pub-date")
    order = ("epub", "ppub", "pub", "collection", "epub-ppub")
    dates.sort(key=lambda d: order.index(t) if (t := d.get("pub-type") or d.get("date-type")) in order else 9)
    return next((_text(d.find("year")) for d in dates if d.find("year") is not None), "")


def _pages(am: Any) -> str:
    first, last = _text(am.find("fpage")), _text(am.find("lpage"))
    if first:
        return f"{first}-{last}" if last else first
    return _text(am.find("elocation-id"))


def _licence(am: Any) -> str:
    for lic in am.iter("license"):
        hrefs = [lic.get(_XLINK, "")] + [e.get(_XLINK, "") for e in lic.iter("ext-link")]
        name = licence_name(" ".join(hrefs)) or licence_name(clean("".join(lic.itertext())))
        if name:
            return name
    return ""


def _person(name: Any) -> str:
    """'Gopinath SCB', as reference lists write names."""
    surname, given = _text(name.find("surname")), _text(name.find("given-names"))
    return f"{surname} {initials(given)}".strip()


# --- abstract and body --------------------------------------------------------------------------


def _abstract(root: Any, labels: dict[str, str]) -> list[Section]:
    """The main abstract only: PLOS files also hold 'toc' and 'editors-summary' abstracts."""
    abstracts = root.findall("front/article-meta/abstract")
    main = [a for a in abstracts if a.get("abstract-type") not in _SECONDARY_ABSTRACTS]
    if not main:
        return []
    abstract = main[0]
    parts = [_paragraphs(abstract, labels)]
    for sec in abstract.iter("sec"):
        heading, text = _title(sec), _paragraphs(sec, labels)
        parts.append(f"{heading}: {text}" if heading and text else text)
    return [Section("Abstract", "\n".join(p for p in parts if p), kind="abstract")]


def _sections(parent: Any, labels: dict[str, str], path_titles: list[str]) -> list[Section]:
    """Each <sec> becomes a Section holding its own paragraphs; nested secs follow it."""
    sections: list[Section] = []
    own = _paragraphs(parent, labels)
    if own:
        sections.append(Section(" > ".join(path_titles) or "Body", own))
    for sec in parent.findall("sec"):
        heading = " ".join(x for x in (_text(sec.find("label")), _title(sec)) if x)
        sections += _sections(sec, labels, [*path_titles, heading or "Section"])
    return sections


def _paragraphs(element: Any, labels: dict[str, str]) -> str:
    """Direct paragraphs, lists and quotes of `element`, one paragraph per line."""
    lines: list[str] = []
    for child in element:
        if not isinstance(child.tag, str):
            continue
        if child.tag in ("p", "disp-quote", "statement", "disp-formula"):
            lines.append(_inline(child, labels))
        elif child.tag in ("list", "def-list"):
            lines += [_inline(item, labels) for item in child if isinstance(item.tag, str)]
        elif child.tag == "supplementary-material":
            lines.append(_caption_text(child, labels))
        elif child.tag == "boxed-text":  # review boxes: their title, then their paragraphs
            lines += [_caption_text(child, labels) or _title(child), _paragraphs(child, labels)]
            lines += [_paragraphs(sec, labels) for sec in child.iter("sec")]
        elif child.tag == "sec" and child.find("title") is None:  # untitled wrapper (PMC supplements)
            lines.append(_paragraphs(child, labels))
    return "\n".join(_tidy_citations(line) for line in lines if line)


def _inline(element: Any, labels: dict[str, str]) -> str:
    """Text of an element with floats left out and bibliography xrefs rendered as labels."""
    return clean(_raw(element, labels))


def _raw(element: Any, labels: dict[str, str]) -> str:
    parts: list[str] = [element.text or ""]
    for child in element:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag in _SKIP_IN_TEXT:
            pass
        elif tag == "xref" and child.get("ref-type") == "bibr":
            parts.append(_xref(child, labels))
        elif tag == "sup" and child.find("xref[@ref-type='bibr']") is not None:
            parts.append(f"[{clean(_raw(child, labels)).strip('[]')}]")  # superscript citation style
        elif tag:
            parts.append(_raw(child, labels))
        parts.append(child.tail or "")
    return "".join(parts)


def _xref(xref: Any, labels: dict[str, str]) -> str:
    """'[23]' when the xref shows its number; 'Smith 2010 [23]' for author-year styles."""
    shown = clean("".join(xref.itertext()))
    label = labels.get((xref.get("rid") or "").split()[0] if xref.get("rid") else "", "")
    if not label or _NUMERIC.fullmatch(shown):
        return shown
    return f"{shown} [{label}]"


def _tidy_citations(text: str) -> str:
    """'[1]–[4]' becomes '[1–4]' and '[2], [3]' becomes '[2, 3]', so ranges and lists stay one citation."""
    text = re.sub(r"\]\s*([-\u2013])\s*\[", "\u2013", text)
    return re.sub(r"\]\s*,\s*\[", ", ", text)


# --- figures and tables -------------------------------------------------------------------------


def _floats(root: Any, labels: dict[str, str]) -> list[Section]:
    sections: list[Section] = []
    for el in root.iter("fig", "table-wrap"):
        label = _text(el.find("label"))
        caption = _caption_text(el, labels)
        if el.tag == "fig":
            sections.append(Section(_float_title(el, label or "Figure"), _join(label, caption), kind="figure"))
        else:
            rows = _table_rows(el, labels)
            foot = [f"Note: {_inline(p, labels)}" for p in el.iter("p") if _in_foot(p)]
            text = "\n".join(x for x in [_join(label, caption), *rows, *foot] if x)
            sections.append(Section(_float_title(el, label or "Table", caption), text, kind="table"))
    return sections


def _float_title(el: Any, label: str, caption: str = "") -> str:
    """'Figure 9: CSP increased phagocytosis of BV2 microglia': the label and the caption's title, so every
    passage of a long legend says what its figure shows ("N = 11,480 cells in control group" is about
    phagocytosis), as a table row carries its column headers. A table without a caption title takes the
    caption's first sentence (see `float_title`); a figure keeps its label: a legend's first sentence is
    often long and general, and would match a question in every one of its sentences."""
    title = _text(el.find("./caption/title")).strip().rstrip(".")
    return _join(label, title) if title else float_title(label, caption)


def _caption_text(el: Any, labels: dict[str, str]) -> str:
    caption = el.find(".//caption")  # supplementary files keep theirs inside <media>
    if caption is None:
        return ""
    parts = [(c.tag, _inline(c, labels)) for c in caption if isinstance(c.tag, str) and c.tag in ("title", "p")]
    texts = [(tag, text) for tag, text in parts if text]
    last = len(texts) - 1
    return _tidy_citations(
        " ".join(_closed(t) if tag == "title" and n < last else t for n, (tag, t) in enumerate(texts))
    )


def _closed(title: str) -> str:
    """A caption's title, when the legend follows it, as a sentence of its own: most have no full stop ("CSP
    did not inhibit Aβ aggregation in vitro"), and without one it ran into the legend's first sentence."""
    title = title.rstrip()
    return title if not title or title.endswith((".", "!", "?", ":")) else f"{title}."


def _table_rows(table_wrap: Any, labels: dict[str, str]) -> list[str]:
    return table_rows(table_wrap.iter("tr"), lambda cell: _tidy_citations(_inline(cell, labels)))


def _in_foot(el: Any) -> bool:
    return el.tag == "p" and el.getparent() is not None and el.getparent().tag in ("table-wrap-foot", "fn")


def _join(label: str, caption: str) -> str:
    if label and caption:
        return f"{label}: {caption}" if not label.endswith((".", ":")) else f"{label} {caption}"
    return label or caption


# --- references ---------------------------------------------------------------------------------


def _references(root: Any) -> tuple[list[Reference], dict[str, str]]:
    """Reference entries, and the map from <ref id> to the label shown in the text."""
    references: list[Reference] = []
    labels: dict[str, str] = {}
    for n, ref in enumerate(root.iterfind("back//ref-list/ref"), start=1):
        label = _text(ref.find("label")).strip("[]().") or str(n)
        citation = next((c for tag in _CITATIONS if (c := ref.find(tag)) is not None), None)
        if citation is None:
            continue
        labels[ref.get("id", "")] = label
        references.append(_reference(label, citation))
    return references, labels


def _reference(label: str, citation: Any) -> Reference:
    names = citation.findall(".//name")
    authors = [_person(name) for name in names[:_MAX_AUTHORS]]
    authors += [_text(c) for c in citation.findall(".//collab")][: max(0, _MAX_AUTHORS - len(authors))]
    author_text = ", ".join(a for a in authors if a) + (" et al." if len(names) > _MAX_AUTHORS else "")
    title = _text(citation.find("article-title")) or _text(citation.find("chapter-title"))
    source = _text(citation.find("source"))
    doi = _text(citation.find("pub-id[@pub-id-type='doi']"))
    year = _text(citation.find("year"))
    if citation.tag == "mixed-citation":
        text = _mixed_text(citation)
    else:
        volume, first, last = (
            _text(citation.find("volume")),
            _text(citation.find("fpage")),
            _text(citation.find("lpage")),
        )
        where = f"{year};{volume}:{first}" + (f"-{last}" if last else "") if volume else year
        text = ". ".join(x for x in (author_text, title, source, where) if x) + "."
        if doi:
            text += f" doi:{doi}"
    return Reference(label=label, text=text, authors=author_text, year=year[:4], title=title or source, doi=doi)


def _mixed_text(citation: Any) -> str:
    """Mixed citations carry their own punctuation; names and ids need rendering and spacing."""
    parts = [citation.text or ""]
    for child in citation:
        if not isinstance(child.tag, str):
            continue
        if child.tag == "name":
            parts.append(_person(child))
        elif child.tag == "pub-id":
            parts.append(f"doi:{_text(child)}" if child.get("pub-id-type") == "doi" else "")
        else:
            parts.append(_text(child))
        parts.append(child.tail if child.tail else " ")
    return clean("".join(parts))


def _title(el: Any) -> str:
    return _text(el.find("title"))


def _text(el: Any) -> str:
    return clean("".join(el.itertext())) if el is not None else ""
