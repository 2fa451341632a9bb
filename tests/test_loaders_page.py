from pathlib import Path

import pytest

from rag.errors import LoaderError
from rag.index.loaders import load_document
from rag.types import Document, DocumentMeta

PAGE = Path(__file__).resolve().parents[1] / "corpus" / "shan2024-ijbs-page.txt"


@pytest.fixture(scope="module")
def document() -> Document:
    return load_document(PAGE, DocumentMeta("shan2024", "", format="article-page"))


def lines(document: Document) -> list[str]:
    return document.sections[0].text.splitlines()


def test_page_becomes_metadata_and_an_abstract(document: Document) -> None:
    assert [(s.title, s.kind) for s in document.sections] == [
        ("Document details", "metadata"),
        ("Abstract", "abstract"),
    ]


def test_metadata_comes_from_the_page_alone(document: Document) -> None:
    meta = document.meta  # no manifest values were given: everything here was read off the page
    assert meta.title.startswith("Mesenchymal Stem Cell-Derived Extracellular Vesicles")
    assert (meta.article_type, meta.journal_abbrev, meta.year, meta.volume, meta.issue, meta.pages) == (
        "Review",
        "Int J Biol Sci",
        "2024",
        "20",
        "1",
        "347-366",
    )
    assert meta.doi == "10.7150/ijbs.88500" and meta.licence == "CC BY 4.0"
    assert meta.authors == ("Chan Shan", "Yan Liang", "Kun Wang", "Peifeng Li") and meta.corresponding == ("Chan Shan",)
    assert meta.keywords == ("mesenchymal stem cell", "extracellular vesicle", "cancer", "therapy resistance")


def test_authors_affiliations_and_corresponding_author(document: Document) -> None:
    text = lines(document)
    assert "Authors: Chan Shan, Yan Liang, Kun Wang, Peifeng Li." in text
    assert "Corresponding author: Chan Shan." in text
    assert any(line.startswith("Affiliation 2 (Yan Liang): Department of Pharmaceutics") for line in text)


def test_citation_styles_are_written_from_the_metadata_not_read_off_the_page(document: Document) -> None:
    styles = [line.split(")")[0].removeprefix("Cite (") for line in lines(document) if line.startswith("Cite (")]
    assert styles == ["APA", "MLA", "Chicago", "Harvard", "Vancouver", "ACS", "CSE"]
    page_apa = "Shan, C., Liang, Y., Wang, K., Li, P. (2024)."  # the page's own APA line lacks the "&"
    assert not any(page_apa in line for line in lines(document))


def test_abstract_and_licence(document: Document) -> None:
    abstract = document.sections[1].text
    assert abstract.startswith("Mesenchymal stem cells (MSCs) are a type of stromal cells")
    assert abstract.endswith("for cancer patients in the future.")
    assert "Licence: Creative Commons Attribution 4.0 (CC BY 4.0), open access." in lines(document)


def test_page_chrome_is_dropped(document: Document) -> None:
    everything = "\n".join(s.text for s in document.sections)
    for chrome in ("Popup Image", "File import instruction", "Other styles", "Graphic abstract", "This issue Cite"):
        assert chrome not in everything


def test_empty_and_unknown_files_fail_with_one_clear_error(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    with pytest.raises(LoaderError, match="empty file"):
        load_document(empty, DocumentMeta("e", ""))
    odd = tmp_path / "data.xyz"
    odd.write_text("x")
    with pytest.raises(LoaderError, match="unknown format"):
        load_document(odd, DocumentMeta("x", ""))
