from pathlib import Path

import pytest

from rag.errors import LoaderError
from rag.index.loaders import load_document
from rag.types import DocumentMeta

PAGE = Path(__file__).resolve().parents[1] / "corpus" / "shan2024-ijbs-page.txt"


@pytest.fixture(scope="module")
def sections() -> dict[str, str]:
    document = load_document(PAGE, DocumentMeta("shan2024", "", format="ijbs-page"))
    return {s.title: s.text for s in document.sections}


def test_page_becomes_structured_parts(sections: dict[str, str]) -> None:
    assert list(sections) == ["Title", "Authors and affiliations", "Citation", "Abstract", "Keywords", "Licence"]


def test_authors_affiliations_and_corresponding_author(sections: dict[str, str]) -> None:
    text = sections["Authors and affiliations"]
    assert "Authors: Chan Shan, Yan Liang, Kun Wang, Peifeng Li." in text
    assert "Corresponding author: Chan Shan." in text
    assert "Affiliation 2 (Yan Liang): Department of Pharmaceutics" in text


def test_all_four_citation_styles(sections: dict[str, str]) -> None:
    lines = sections["Citation"].splitlines()
    assert [line.split(":")[0] for line in lines[2:]] == ["APA", "ACS", "NLM", "CSE"]
    assert "https://doi.org/10.7150/ijbs.88500" in lines[2]


def test_abstract_keywords_licence(sections: dict[str, str]) -> None:
    assert sections["Abstract"].startswith("Mesenchymal stem cells (MSCs) are a type of stromal cells")
    assert sections["Abstract"].endswith("for cancer patients in the future.")
    assert sections["Keywords"] == "Keywords: mesenchymal stem cell, extracellular vesicle, cancer, therapy resistance"
    assert "Creative Commons Attribution License" in sections["Licence"]


def test_page_chrome_is_dropped(sections: dict[str, str]) -> None:
    everything = "\n".join(sections.values())
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
