"""HTML loader: the real PeerJ page read in place and a generated page full of chrome."""

from __future__ import annotations

from pathlib import Path

import pytest
from fixture_docs import html_page

from rag.index.loaders import load_document
from rag.text.references import cited_references
from rag.types import Document, DocumentMeta

REAL = Path(__file__).resolve().parents[1].parent / "shared" / "real-docs"


def _load(path: Path) -> Document:
    return load_document(path, DocumentMeta(doc_id=path.stem, title=""))


def _all_text(doc: Document) -> str:
    return "\n".join(s.text for s in doc.sections)


def test_generated_page_keeps_the_article_and_drops_chrome(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(html_page(), encoding="utf-8")
    doc = _load(path)
    text = _all_text(doc)
    for chrome in ("SCRIPT-TEXT", "INLINE-SCRIPT", "NAV-TEXT", "CHROME-TEXT", "Sign in", "color: red", "newsletter"):
        assert chrome not in text
    assert [s.title for s in doc.sections if s.kind == "body"] == ["Introduction", "Introduction > Prevalence"]
    assert next(s for s in doc.sections if s.kind == "abstract").text == "We measured open access."
    assert [s.text for s in doc.sections if s.kind == "figure"] == ["Figure 1: Share of open articles."]
    table = next(s for s in doc.sections if s.kind == "table")
    assert table.text.splitlines() == ["Table 1: Samples.", "Sample: Crossref | Size: 100000"]
    assert table.title == "Table 1: Samples"  # every row says which table it belongs to
    assert doc.meta.title == "Open access at scale"
    assert doc.meta.authors == ("Heather Piwowar", "Jason Priem")
    assert (doc.meta.journal, doc.meta.year, doc.meta.doi, doc.meta.licence) == (
        "PeerJ",
        "2018",
        "10.7717/peerj.9999",
        "CC BY 4.0",
    )
    intro = next(s for s in doc.sections if s.title == "Introduction")
    assert "(Roe, 2020 [2])" in intro.text  # author-year link gets the entry number
    assert [r.label for r in cited_references(intro.text, doc.references)] == ["2"]
    assert doc.references[0].doi == "10.1000/first"
    prevalence = next(s for s in doc.sections if s.title == "Introduction > Prevalence")
    assert prevalence.text.startswith("About 28% of articles are open[1].")


@pytest.mark.skipif(not REAL.is_dir(), reason=f"real documents folder absent: {REAL}")
def test_peerj_page_counts_and_metadata() -> None:
    doc = _load(REAL / "peerj-4375.html")
    assert doc.meta.doi == "10.7717/peerj.4375"
    assert doc.meta.licence == "CC BY 4.0"
    assert doc.meta.year == "2018"
    assert doc.meta.title.startswith("The state of OA")
    assert len([s for s in doc.sections if s.kind == "table"]) == 3
    assert len([s for s in doc.sections if s.kind == "figure"]) == 6
    assert len(doc.references) == 52
    top = {s.title.split(" > ")[0] for s in doc.sections if s.kind == "body"}
    for title in ("Introduction", "Literature Review", "Methods", "Results", "Discussion and Conclusion"):
        assert title in top
    text = _all_text(doc)
    assert "Articles citing this paper" not in text
    assert "function(" not in text and "googletag" not in text
    cited = {r.label for s in doc.sections if s.kind == "body" for r in cited_references(s.text, doc.references)}
    assert len(cited) >= 40  # 73 citation links to 52 entries


def test_page_without_article_element_drops_site_header_and_footer(tmp_path: Path) -> None:
    path = tmp_path / "plain.htm"
    path.write_text(
        "<html><body><header>SITE-HEADER</header><h2>Results</h2><p>Cells grew.</p>"
        "<footer>SITE-FOOTER</footer></body></html>",
        encoding="utf-8",
    )
    doc = _load(path)
    assert [(s.title, s.text) for s in doc.sections] == [("Results", "Cells grew.")]
