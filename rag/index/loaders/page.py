"""A journal's article page saved as plain text: metadata, affiliations, abstract, keywords, licence.

The page mixes article content with page chrome ("Popup Image", "Other styles", ...). This loader
reads the metadata (title, article type, authors and their affiliations, the NLM-style citation line
"Journal YYYY; V(I):P-P. doi:...", keywords, licence) into the document's metadata, from which the
"Document details" section and every citation style are written, and keeps the abstract. Citation
styles printed on the page are not used: they are produced from the metadata.
"""

from __future__ import annotations

import re
from pathlib import Path

from rag.index.loaders import register
from rag.index.loaders.common import find_doi, licence_name, merge_meta
from rag.index.loaders.text import read_text
from rag.types import Document, DocumentMeta, Section

CHROME = {"popup image", "file import instruction", "other styles", "graphic abstract", "this issue cite"}
ARTICLE_TYPES = ("Review", "Research Paper", "Research Article", "Short Research Communication", "Editorial")
STYLE_NAMES = ("APA", "ACS", "NLM", "CSE", "MLA", "Vancouver", "Harvard", "Chicago")
_AFFILIATION = re.compile(r"^(\d+)\.\s+(.*)$")
_AUTHOR = re.compile(r"^(?P<name>[^\d✉*]+?)(?P<marks>[\d,✉*]*)$")
# "J Appl Sci 2021; 7(2):10-19. doi:10.1/x": NLM-style source line, as many journal pages print it
_SOURCE = re.compile(
    r"^(?P<abbrev>[A-Z][\w .&-]*?)\s+(?P<year>(?:19|20)\d\d)\s*;\s*(?P<volume>\w+)(?:\((?P<issue>\w+)\))?"
    r"\s*:\s*(?P<pages>[\w-]+)"
)


@register("article-page")
def load_article_page(path: Path, meta: DocumentMeta) -> Document:
    lines = [line.strip() for line in read_text(path).splitlines()]
    lines = [line for line in lines if line and line.lower() not in CHROME]
    page = _parse(lines)
    sections = [Section("Abstract", page.get("abstract", ""), kind="abstract")] if page.get("abstract") else []
    found = {**_source(page.get("header", "")), **_people(page)}
    found.update(
        title=page.get("title", ""),
        article_type=page.get("type", ""),
        keywords=tuple(k.strip(" .") for k in page.get("keywords", "").split(",") if k.strip(" .")),
        licence=licence_name(page.get("licence", "")),
        affiliations=_affiliations(page),
    )
    return Document(meta=merge_meta(meta, sections, **found), sections=tuple(sections))


def _parse(lines: list[str]) -> dict[str, str]:
    """Walk the page top to bottom; headings switch what the following lines are."""
    page: dict[str, str] = {"header": lines[0].removesuffix(" This issue Cite") if lines else ""}
    affiliations: list[str] = []
    mode = "head"
    for line in lines[1:]:
        if mode == "head" and "type" not in page and line in ARTICLE_TYPES:
            page["type"] = line
        elif mode == "head" and "title" not in page:
            page["title"] = line
        elif mode == "head" and "authors" not in page:
            page["authors"] = line
        elif mode == "head" and (match := _AFFILIATION.match(line)):
            affiliations.append(f"{match.group(1)}|{match.group(2)}")
        elif line == "Abstract":
            mode = "abstract"
        elif mode == "abstract" and not line.startswith("Keywords:"):
            page["abstract"] = (page.get("abstract", "") + "\n" + line).strip()
        elif line.startswith("Keywords:"):
            page["keywords"], mode = line.removeprefix("Keywords:").strip(), "body"
        elif line.startswith("This is an open access article"):
            page["licence"], mode = line, "body"
        elif line in ("Citation:", "Citation styles") or (mode == "styles" and line not in STYLE_NAMES):
            mode = "styles"  # the page's own citation lines: the styles are written from the metadata instead
    page["affiliations"] = "\n".join(affiliations)
    return page


def _source(header: str) -> dict[str, str]:
    match = _SOURCE.match(header)
    found = {"doi": find_doi(header)}
    if match:
        found.update({k: v for k, v in match.groupdict().items() if v and k != "abbrev"})
        found["journal_abbrev"] = match.group("abbrev").strip()
    return found


def _authors(page: dict[str, str]) -> list[tuple[str, str]]:
    """(name, marks) for each author on the byline: marks hold affiliation numbers and ✉ or *."""
    found = []
    for raw in page.get("authors", "").split(","):
        if match := _AUTHOR.match(raw.strip()):
            found.append((match.group("name").strip(), match.group("marks")))
    return found


def _people(page: dict[str, str]) -> dict[str, tuple[str, ...]]:
    authors = _authors(page)
    corresponding = tuple(name for name, marks in authors if "✉" in marks or "*" in marks)
    return {"authors": tuple(name for name, _ in authors), "corresponding": corresponding}


def _affiliations(page: dict[str, str]) -> tuple[str, ...]:
    """'1 (Ann Lee, Bo Wu): Institute of ...': each numbered affiliation with the authors it belongs to."""
    by_affiliation: dict[str, list[str]] = {}
    for name, marks in _authors(page):
        for number in re.findall(r"\d+", marks):
            by_affiliation.setdefault(number, []).append(name)
    found = []
    for entry in filter(None, page.get("affiliations", "").split("\n")):
        number, place = entry.split("|", 1)
        who = ", ".join(by_affiliation.get(number, []))
        found.append(f"{number} ({who}): {place}" if who else f"{number}: {place}")
    return tuple(found)
