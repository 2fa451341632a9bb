"""Names a question asks about, and whether a text names them."""

from __future__ import annotations

import pytest

from rag.text.names import capitalised_words, names, names_in


def test_names_are_the_words_papers_write_compounds_genes_and_tools_with() -> None:
    question = "How does MSC-EV-derived miR-21 regulate PTEN in MSCs? Which Tool did oaDOI, 33RE or SARS-CoV-2 use?"
    assert names_in(question) == ["MSC-EV", "miR-21", "PTEN", "MSC", "oaDOI", "33RE", "SARS-CoV-2"]
    assert names_in("What did the authors find in the Methods? I ask") == []  # capitalised words are not names


@pytest.mark.parametrize(
    ("name", "text", "named"),
    [
        ("LipY", "the lipase Lip Y was purified", True),  # spaces and hyphens aside
        ("SARS-CoV-2", "sars cov 2 was not studied", True),
        ("PTEN", "Pten levels fell", True),  # any case
        ("MSC", "mesenchymal stem cells were used", True),  # by its long form
        ("MSC-EV", "vesicles from mesenchymal stem cells (EVs)", True),  # each part of a compound
        ("FDA", "no approval is mentioned", False),
        ("MSC-EV", "mesenchymal stem cells were grown", False),  # one part alone is not the compound
    ],
)
def test_a_text_names_a_thing_as_written_by_its_long_form_or_by_its_parts(name: str, text: str, named: bool) -> None:
    assert names(name, text, {"MSC": "mesenchymal stem cells"}) is named


def test_capitalised_words_are_those_inside_a_sentence() -> None:
    assert capitalised_words("Who won the Nobel Prize in 2015? Does Tamoxifen help?") == ["Nobel", "Prize", "Tamoxifen"]
    assert capitalised_words("Which of THL and Figure 1A inhibits Cut6?") == ["Figure"]  # names are not words
    assert capitalised_words("What did they find?") == []
