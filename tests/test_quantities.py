"""A sentence states a quantity only with a measured number: not a citation, figure, name or year."""

from __future__ import annotations

import pytest

from rag.query.hints import asks_quantity
from rag.text.quantities import states_quantity


@pytest.mark.parametrize(
    "text",
    [
        "The detection limit was 0.37 fM.",
        "We found 27.9% of all articles are OA.",
        "Each sample held 100,000 articles.",
        "The reaction is expected to yield a mass increase of +284 Da.",
        "Growth stopped at concentrations under 25 µg/mL.",
        "Three samples were used.",
        "Citations rose twofold.",
    ],
)
def test_measured_numbers_are_quantities(text: str) -> None:
    assert states_quantity(text)


@pytest.mark.parametrize(
    "text",
    [
        "IL-6 and CD81 were raised [12, 13].",
        "As shown in Figure 2 and Table 3 (Smith et al., 2014).",
        "5-FU resistance was first described in 2016.",
        "miR-21 binds sp2 carbon [52–70].",
        "See Fig. 4B and Supplementary S2.",
    ],
)
def test_citations_figures_names_and_years_are_not_quantities(text: str) -> None:
    assert not states_quantity(text)


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("How many articles were in each sample?", True),
        ("What share of the literature is open access?", True),
        ("What is the detection limit of the biosensor?", True),
        ("At what concentrations did the inhibitor stop growth?", True),
        ("What were the recall and the precision of the tool?", True),
        ("What is Bronze OA?", False),
        ("What role do EVs play in resistance?", False),
        ("How is graphene oxide reduced?", False),
        ("What is the difference between EVs and exosomes?", False),
    ],
)
def test_questions_asking_for_a_number(question: str, asks: bool) -> None:
    assert asks_quantity(question) is asks
