"""JATS loader: real PMC/PLOS files read in place, a generated PMC-shaped article, bad XML."""

from __future__ import annotations

from pathlib import Path

import pytest
from fixture_docs import JATS_DOI, jats_article

from rag.errors import LoaderError
from rag.index.loaders import load_document
from rag.text.references import cited_references
from rag.types import Document, DocumentMeta

REAL = Path(__file__).resolve().parents[1].parent / "shared" / "real-docs"


def _load(path: Path, **meta: object) -> Document:
    return load_document(path, DocumentMeta(doc_id=path.stem, title="", **meta))  # type: ignore[arg-type]


def _kinds(document: Document, kind: str) -> list[str]:
    return [s.title for s in document.sections if s.kind == kind]


def _table_rows(document: Document) -> list[int]:
    """Body rows per table section: every line after the caption except table footnotes (the header
    rows are not lines of their own: each body row names its columns)."""
    return [
        sum(1 for line in s.text.splitlines()[1:] if not line.startswith("Note: "))
        for s in document.sections
        if s.kind == "table"
    ]


@pytest.fixture()
def article(tmp_path: Path) -> Path:
    path = tmp_path / "article.nxml"
    path.write_text(jats_article(), encoding="utf-8")
    return path


def test_generated_article_sections_floats_and_metadata(article: Path) -> None:
    doc = _load(article)
    assert doc.meta.title == "Vesicles in therapy resistance"
    assert doc.meta.authors == ("Shan, Chan", "Li, Peifeng")  # family name first: styles need to know which
    assert (doc.meta.journal, doc.meta.year, doc.meta.doi) == ("Journal of Tests", "2025", JATS_DOI)
    assert doc.meta.licence == "CC BY 4.0"
    assert doc.meta.full_text is True
    assert _kinds(doc, "body") == ["1 Introduction", "2 Methods > 2.1 Patients"]
    assert _kinds(doc, "figure") == ["Fig. 1: Study design"]  # every passage of a long legend says what it shows
    figure = next(s for s in doc.sections if s.kind == "figure")
    assert figure.text == "Fig. 1: Study design. Arms A and B."  # the title, unstopped, is a sentence of its own
    table = next(s for s in doc.sections if s.kind == "table")
    assert table.title == "Table 1: Baseline characteristics"  # no <title>: the caption's first sentence
    assert table.text.splitlines() == [
        "Table 1: Baseline characteristics.",
        "Group: A | n: 20",
        "Group: B | n: 20",
        "Note: Counts are patients.",
    ]
    details = doc.sections[0]
    assert (details.title, details.kind) == ("Document details", "metadata")
    assert "Authors: Chan Shan, Peifeng Li." in details.text.splitlines()
    assert any(line.startswith("Cite (APA): Shan, C., & Li, P. (2025).") for line in details.text.splitlines())
    abstract = next(s for s in doc.sections if s.kind == "abstract")
    assert abstract.text == "Main abstract text about vesicles."


def test_generated_article_citations_link_to_references(article: Path) -> None:
    doc = _load(article)
    intro = next(s for s in doc.sections if s.title == "1 Introduction")
    assert "cells [1]." in intro.text
    assert "[2\u20133]" in intro.text  # "[2]–[3]" written as one range
    assert [r.label for r in cited_references(intro.text, doc.references)] == ["1", "2", "3"]
    assert "Box 1. Key points\nVesicles matter[1]." in intro.text  # boxed text, superscript citation
    patients = next(s for s in doc.sections if s.title.endswith("Patients"))
    assert [r.label for r in cited_references(patients.text, doc.references)] == ["3"]  # "(3)" style
    first = doc.references[0]
    assert (first.authors, first.year, first.title, first.doi) == (
        "Smith JA, Doe JB",
        "2019",
        "Exosomes and cisplatin",
        "10.1000/cr.2019.1",
    )
    assert doc.references[1].text.startswith("Roe R (2020) Resistance.")


def test_manifest_values_win_over_the_file(article: Path) -> None:
    doc = _load(article, doi="10.1/manifest", licence="CC BY-NC 4.0")
    assert (doc.meta.doi, doc.meta.licence, doc.meta.title) == (
        "10.1/manifest",
        "CC BY-NC 4.0",
        "Vesicles in therapy resistance",
    )


def test_malformed_xml_is_one_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.xml"
    path.write_text("<article><body><p>unclosed</body>", encoding="utf-8")
    with pytest.raises(LoaderError, match=r"broken\.xml: malformed XML") as info:
        _load(path)
    assert "\n" not in str(info.value)


def test_xml_that_is_not_jats_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "feed.xml"
    path.write_text("<rss><channel><title>x</title></channel></rss>", encoding="utf-8")
    with pytest.raises(LoaderError, match="not a JATS article"):
        _load(path)


def test_external_entities_are_not_expanded(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET", encoding="utf-8")
    path = tmp_path / "xxe.xml"
    path.write_text(
        f'<!DOCTYPE article [<!ENTITY x SYSTEM "file://{secret}">]>'
        "<article><front><article-meta><title-group><article-title>T</article-title></title-group>"
        "</article-meta></front><body><sec><title>S</title><p>a &x; b</p></sec></body></article>",
        encoding="utf-8",
    )
    doc = _load(path)
    assert all("TOP-SECRET" not in s.text for s in doc.sections)


# --- real files -----------------------------------------------------------------------------------

needs_real = pytest.mark.skipif(not REAL.is_dir(), reason=f"real documents folder absent: {REAL}")


@needs_real
def test_pmc_review_counts_and_metadata() -> None:
    doc = _load(REAL / "PMC7417471.nxml")
    assert doc.meta.doi == "10.1186/s40580-020-00237-4"
    assert (doc.meta.journal, doc.meta.year, doc.meta.licence) == ("Nano Convergence", "2020", "CC BY 4.0")
    assert len(doc.meta.authors) == 3
    assert _kinds(doc, "figure") == [f"Fig. {n}" for n in range(1, 7)]  # no-break space normalised
    assert _table_rows(doc) == [30, 4, 14, 4]  # the README's 31, 5, 15, 5 rows less one header row each
    assert len(doc.references) == 206
    top = {s.title.split(" > ")[0] for s in doc.sections if s.kind == "body"}
    for title in (
        "Introduction",
        "Graphene-based Nanomaterials (GNMs)",
        "Electrospun nanofibers containing GNMs",
        "Future outlook",
        "Supplementary information",
    ):
        assert title in top
    assert len(_kinds(doc, "abstract")) == 1 and len(_kinds(doc, "references")) == 1


@needs_real
def test_pmc_review_citations_in_text_and_tables_resolve() -> None:
    doc = _load(REAL / "PMC7417471.nxml")
    cited = {
        r.label for s in doc.sections if s.kind in ("body", "table") for r in cited_references(s.text, doc.references)
    }
    assert len(cited) >= 200  # 247 bibr xrefs name almost every one of the 206 entries
    intro = next(s for s in doc.sections if s.title == "Introduction")
    assert "environmental monitoring [1]." in intro.text


@needs_real
def test_plos_one_counts_and_text_only_licence() -> None:
    doc = _load(REAL / "pone.0046493.nxml")
    assert doc.meta.licence == "CC BY"
    assert len(doc.meta.authors) == 9
    assert len(_kinds(doc, "figure")) == 4
    assert _table_rows(doc) == [9, 15, 5]  # 12, 17, 7 rows less their 3, 2, 2 header rows
    assert len(doc.references) == 58
    top = [s.title.split(" > ")[0] for s in doc.sections if s.kind == "body"]
    assert sum(1 for t in top if t == "Materials and Methods") == 10
    assert sum(1 for t in top if t == "Results") == 6


@needs_real
def test_plos_medicine_keeps_only_the_main_abstract() -> None:
    doc = _load(REAL / "journal.pmed.1001473.xml")
    abstracts = [s for s in doc.sections if s.kind == "abstract"]
    assert len(abstracts) == 1
    assert abstracts[0].text.startswith("Background: ")
    assert "Why Was This Study Done" not in abstracts[0].text
    assert len(_kinds(doc, "figure")) == 2
    assert _table_rows(doc) == [11, 80]  # 12, 81 rows less one header row each
    assert len(doc.references) == 134
    intro = next(s for s in doc.sections if s.title.startswith("Introduction"))
    assert "[1\u20134]" in intro.text
    assert [r.label for r in cited_references("[1\u20134]", doc.references)] == ["1", "2", "3", "4"]


@needs_real
def test_funding_and_declaring_footnotes_are_sections_a_question_can_find() -> None:
    """PLOS keeps the funding statement in the front matter and competing interests and contributions in
    author notes, where "Who funded this work?" found nothing; a footnote's own heading names its section,
    and a statement a back-matter section already holds is not read twice."""
    plos = _load(REAL / "pone.0046493.nxml")
    by_title = {s.title: s.text for s in plos.sections}
    assert by_title["Funding"].startswith("V. Delorme was funded by a PhD fellowship")
    assert (
        by_title["Competing interests"]
        == "Competing Interests: The authors have declared that no competing interests exist."
    )
    assert by_title["Author contributions"].startswith("Conceived and designed the experiments: SC FF.")
    pmc = {s.title: s.text for s in _load(REAL / "PMC5828200.nxml").sections}
    assert pmc["CONFLICTS OF INTEREST"] == "The authors declare no conflicts of interest."
    assert pmc["Author contributions"].startswith("YHT and YYL performed")
    bmc = [s.title for s in _load(REAL / "PMC7417471.nxml").sections]
    assert bmc.count("Funding") == bmc.count("Competing interests") == 1
