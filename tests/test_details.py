from rag.index.details import details_section, licence_words
from rag.types import DocumentMeta


def test_details_write_one_fact_per_line_from_the_metadata() -> None:
    meta = DocumentMeta(
        "x",
        "A study",
        authors=("Lee, Ann", "Wu, Bo"),
        corresponding=("Lee, Ann",),
        affiliations=("1: Institute of Tests, Testland",),
        journal="Journal of Tests",
        year="2021",
        volume="3",
        pages="e12",
        doi="10.1/x",
        licence="CC BY-NC 4.0",
        keywords=("a", "b"),
    )
    section = details_section(meta)
    assert section is not None and section.kind == "metadata"
    lines = section.text.splitlines()
    assert lines[:4] == [
        "Title: A study.",
        "Authors: Ann Lee, Bo Wu.",
        "Corresponding author: Ann Lee.",
        "Affiliation 1: Institute of Tests, Testland.",
    ]
    assert (
        "Published: 2021, volume 3, article e12." in lines
        and "DOI: 10.1/x" in lines
        and "URL: https://doi.org/10.1/x" in lines
    )
    assert "Licence: Creative Commons Attribution-NonCommercial 4.0 (CC BY-NC 4.0), open access." in lines
    assert "Keywords: a, b." in lines and any(
        line.startswith("Cite (APA): Lee, A., & Wu, B. (2021).") for line in lines
    )


def test_nothing_to_say_means_no_section() -> None:
    assert details_section(DocumentMeta("x", "")) is None


def test_licences_in_words() -> None:
    assert licence_words("CC BY 4.0") == "Creative Commons Attribution 4.0 (CC BY 4.0), open access."
    assert licence_words("CC0") == "Creative Commons CC0 public domain dedication, open access."
    assert licence_words("All rights reserved") == "All rights reserved."
