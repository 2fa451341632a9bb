from rag.query import prepare
from rag.types import Turn


def test_prepare_expands_acronyms_and_adds_metadata_hints_once() -> None:
    prepared = prepare("who wrote the MSC paper?", [], {"MSC": "mesenchymal stem cell"})
    assert "mesenchymal stem cell" in prepared.expanded and "Authors" in prepared.expanded
    assert prepared.hints == "Authors" and prepared.scored.endswith("Authors")


def test_prepare_resolves_follow_ups_and_definitions() -> None:
    history = [Turn("user", "Is chemotherapy resistance linked to MSC-EVs?"), Turn("assistant", "Yes [1]")]
    prepared = prepare("and radiotherapy?", history, {})
    assert prepared.standalone == "and radiotherapy? Is chemotherapy resistance linked to MSC-EVs?"
    assert prepared.asked == "and radiotherapy?" and prepared.hints == ""
    assert prepare("What does EV stand for?", [], {"EV": "extracellular vesicle"}).define == ("EV",)
