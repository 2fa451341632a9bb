"""The publisher's article page as plain text (ijbs.com): metadata parts, abstract, keywords, licence.

The page mixes article content with page chrome ("Popup Image", "Other styles", ...). This loader
keeps the parts students ask about, each as its own section, one fact per line, so an answer to
"who wrote it" or "how do I cite it in APA" quotes exactly one line of the page.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from rag.index.loaders import register
from rag.index.loaders.text import read_text
from rag.types import Document, DocumentMeta, Section

CHROME = {"popup image", "file import instruction", "other styles", "graphic abstract", "this issue cite"}
STYLE_NAMES = ("APA", "ACS", "NLM", "CSE")
_AFFILIATION = re.compile(r"^(\d+)\.\s+(.*)$")
_AUTHOR = re.compile(r"^(?P<name>[^\d✉]+?)(?P<marks>[\d,✉*]*)$")


@register("ijbs-page")
def load_article_page(path: Path, meta: DocumentMeta) -> Document:
    lines = [line.strip() for line in read_text(path).splitlines()]
    lines = [line for line in lines if line and line.lower() not in CHROME]
    page = _parse(lines)
    title = page.get("title") or meta.title
    sections = [
        Section("Title", f"Title: {title}.\nArticle type: {page.get('type', 'Article')}.", kind="metadata"),
        Section("Authors and affiliations", _authors_text(page), kind="metadata"),
        Section("Citation", _citation_text(page), kind="metadata"),
        Section("Abstract", page.get("abstract", ""), kind="abstract"),
        Section("Keywords", page.get("keywords", ""), kind="metadata"),
        Section("Licence", page.get("licence", ""), kind="metadata"),
    ]
    return Document(meta=replace(meta, title=title), sections=tuple(s for s in sections if s.text))


def _parse(lines: list[str]) -> dict[str, str]:
    """Walk the page top to bottom; headings switch what the following lines are."""
    page: dict[str, str] = {"header": lines[0].removesuffix(" This issue Cite") if lines else ""}
    affiliations: list[str] = []
    styles: list[str] = []
    mode = "head"
    for i, line in enumerate(lines[1:], start=1):
        if (
            mode == "head"
            and "type" not in page
            and line in ("Review", "Research Paper", "Short Research Communication")
        ):
            page["type"] = line
        elif mode == "head" and "title" not in page:
            page["title"] = line
        elif mode == "head" and "authors" not in page:
            page["authors"] = line
        elif mode == "head" and (match := _AFFILIATION.match(line)):
            affiliations.append(f"{match.group(1)}|{match.group(2)}")
        elif line == "Citation:":
            mode = "citation"
        elif mode == "citation":
            page["citation"], mode = line, "body"
        elif line == "Abstract":
            mode = "abstract"
        elif mode == "abstract" and not line.startswith("Keywords:"):
            page["abstract"] = (page.get("abstract", "") + "\n" + line).strip()
        elif line.startswith("Keywords:"):
            page["keywords"], mode = line, "body"
        elif line == "Citation styles":
            mode = "styles"
        elif mode == "styles" and line in STYLE_NAMES and i + 1 < len(lines):
            styles.append(f"{line}: {lines[i + 1]}")
        elif line.startswith("This is an open access article"):
            page["licence"], mode = line, "body"
    page["affiliations"] = "\n".join(affiliations)
    page["styles"] = "\n".join(styles)
    return page


def _authors_text(page: dict[str, str]) -> str:
    names: list[str] = []
    corresponding: list[str] = []
    by_affiliation: dict[str, list[str]] = {}
    for raw in page.get("authors", "").split(","):
        match = _AUTHOR.match(raw.strip())
        if not match:
            continue
        name, marks = match.group("name").strip(), match.group("marks")
        names.append(name)
        if "✉" in marks or "*" in marks:
            corresponding.append(name)
        for number in re.findall(r"\d+", marks):
            by_affiliation.setdefault(number, []).append(name)
    lines = [f"Authors: {', '.join(names)}."] if names else []
    if corresponding:
        lines.append(f"Corresponding author: {', '.join(corresponding)}.")
    for entry in filter(None, page.get("affiliations", "").split("\n")):
        number, place = entry.split("|", 1)
        who = ", ".join(by_affiliation.get(number, []))
        lines.append(f"Affiliation {number} ({who}): {place}" if who else f"Affiliation {number}: {place}")
    return "\n".join(lines)


def _citation_text(page: dict[str, str]) -> str:
    lines = [f"Published in: {page['header']}."] if page.get("header") else []
    if page.get("citation"):
        lines.append(f"Citation: {page['citation']}")
    lines.extend(page.get("styles", "").split("\n") if page.get("styles") else [])
    return "\n".join(lines)
