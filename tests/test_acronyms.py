import pytest

from rag.text.acronyms import defines, expand_query, extract_acronyms

TEXT = (
    "Mesenchymal stem cells (MSCs) are stromal cells. They release extracellular vesicles (EVs). "
    "Radiotherapy (RT) is common. This is noise (see above) and (2024)."
)


def test_extracts_defined_acronyms_in_singular_form() -> None:
    acronyms = extract_acronyms([TEXT])
    assert acronyms["MSC"] == "mesenchymal stem cell"
    assert acronyms["EV"] == "extracellular vesicle"
    assert acronyms["RT"] == "radiotherapy"
    assert "see" not in acronyms and "2024" not in acronyms


def test_a_quoted_long_form_defines_its_short_form() -> None:
    quoted = "suggesting a so-called “open access citation advantage” (OACA); others disagree"
    assert extract_acronyms([quoted]) == {"OACA": "open access citation advantage"}
    assert extract_acronyms(['the "detection limit" (DL) is low']) == {"DL": "detection limit"}
    assert defines(quoted, "OACA")


def test_short_form_in_query_adds_long_form() -> None:
    expanded = expand_query("What do MSC-EVs carry?", extract_acronyms([TEXT]))
    assert "mesenchymal stem cell" in expanded and "extracellular vesicle" in expanded


def test_long_form_paraphrase_adds_short_form() -> None:
    expanded = expand_query("vesicles from stromal stem cells", extract_acronyms([TEXT]))
    assert "MSCs" in expanded and "EVs" in expanded


def test_unrelated_query_is_unchanged() -> None:
    assert expand_query("capital of France", extract_acronyms([TEXT])) == "capital of France"


def test_short_forms_and_their_definitions() -> None:
    from rag.text.acronyms import short_forms_in

    acronyms = extract_acronyms([TEXT])
    assert short_forms_in("What do MSC-EVs carry?", acronyms) == ["MSC", "EV"]
    assert defines("Mesenchymal stem cells (MSCs) are stromal cells.", "MSC")
    assert not defines("MSC-EVs carry RNA.", "MSC")


def test_the_acronym_index_expands_exactly_like_the_plain_mapping() -> None:
    from rag.text.acronyms import AcronymIndex, expand_query, short_forms_in

    acronyms = {
        "MSC": "mesenchymal stem cell",
        "EV": "extracellular vesicle",
        "TME": "tumour microenvironment",
        "CAF": "cancer-associated fibroblast",
    }
    index = AcronymIndex(acronyms)
    for text in [
        "Do MSC-EVs shape the tumour microenvironment?",
        "mesenchymal stem cells and extracellular vesicles",
        "What does CAF stand for, and EVs?",
        "nothing defined here",
    ]:
        assert expand_query(text, index) == expand_query(text, acronyms)
        assert short_forms_in(text, index) == short_forms_in(text, acronyms)
    assert expand_query("tumour microenvironment", index).endswith("TMEs")


def test_a_table_note_is_a_glossary_of_its_abbreviations() -> None:
    note = (
        "Note: Cmax: peak concentration. Tmax: time to reach peak concentration. AUC: area under curve "
        "(plasma concentration-time). C: curcuminoid. Data are listed as the mean ± standard deviation."
    )
    found = extract_acronyms([note, "HR = hazard ratio; CI = confidence interval"])
    assert found == {
        "Cmax": "peak concentration",
        "Tmax": "time to reach peak concentration",
        "AUC": "area under curve",
        "HR": "hazard ratio",
        "CI": "confidence interval",
    }
    row = "Treatment: CSP | Cmax (μg/ml): 5.96±0.72"
    assert "peak concentration" in expand_query(row, found)  # the row now offers the words it abbreviates


def test_labelled_sentences_are_not_a_glossary() -> None:
    """Section labels look like entries; what follows them is a sentence, not a definition."""
    assert extract_acronyms(["Results: we found that mice grew. Methods: nothing."]) == {}
    assert extract_acronyms(["Background: Stroke is common. Methods: We searched five databases."]) == {}
    assert extract_acronyms(["Key point: stem cells matter."]) == {}  # one entry alone is not a glossary


def test_a_definition_in_the_text_wins_over_a_glossary_entry() -> None:
    glossary = "AUC: area under the plasma curve. CI: confidence interval."
    found = extract_acronyms([glossary, "We computed the area under curve (AUC) for each arm."])
    assert found["AUC"] == "area under curve" and found["CI"] == "confidence interval"


@pytest.mark.parametrize(
    ("sentence", "name", "defining"),
    [
        ("Graphene quantum dots (GQDs) are nanometer-sized fragments.", "GQD", True),
        ("GQDs are nanometer-sized fragments of graphene.", "GQD", True),
        ("Bronze OA: free to read on the publisher page.", "Bronze OA", True),
        ("The detection limit is the lowest measurable amount.", "detection limit", True),
        ("The reversibility of the inhibition by THL was reported.", "THL", False),
        ("Tetrahydrolipstatin (THL; Orlistat) was purchased from Sigma.", "THL", True),  # one long word spells it
        ("Note: Calculated as: xI50 (THL)/xI50 (MmPPOX).", "THL", False),  # brackets after a formula
        ("Bronze is the most common OA subtype.", "Bronze OA", False),
        ("It is a category we dub Bronze: articles free to read on the publisher site.", "Bronze OA", True),
        ("This approach, termed electrospinning (Fig. 2), draws fibres.", "electrospinning", True),
        ("It revealed the activity of an oxadiazolone compound, named MmPPOX.", "MmPPOX", True),
        ("A compound named MmPPOX inhibited LipY.", "MmPPOX", False),  # named in passing, not said what it is
        ("Open access is thus provoking a new surge of investment.", "open access", False),
        ("MSC-EVs are also involved in drug delivery.", "MSC-EV", False),
        ("Much more research is needed into Bronze OA.", "Bronze OA", False),
        ("We dub them Bronze articles in what follows.", "Bronze OA", False),  # named, but not said what it is
        ("The study was called GQD-1: a pilot.", "GQD", False),  # another name that begins the same
        ("GQDs were dispersed in the polymer.", "GQD", False),
        ("Many GQDs are toxic.", "GQD", False),
    ],
)
def test_a_sentence_defines_a_name_by_saying_what_it_is(sentence: str, name: str, defining: bool) -> None:
    assert defines(sentence, name) is defining
