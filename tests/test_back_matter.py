"""End to end with the real model, what a paper declares at its end: "Who funded the study?" is answered by
the sentence saying who paid (not by the acknowledgements before it, nor by funding as a topic), "Any
conflicts of interest?" by the declaration (not "regions of interest"), "Where can I find the data?" by the
statement of where the data are (not "Data were entered into a spreadsheet."). A paper that declares none of
these is not answered by the sentences that share their words."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from rag import Assistant
from tests.fixture_docs import assistant_over, small_article

pytestmark = pytest.mark.integration

BODY = [
    "Funding bodies increasingly ask hospitals to report their nurse staffing.",
    "Which sources of funding hospitals draw on was not recorded.",
    "Regions of interest were drawn around each ward on the hospital map, and the interests of the authors "
    "in each region are shown in Figure S2.",
    "Data were entered into a spreadsheet by two nurses, and the data were made available to ward managers.",
    "Readmissions rose by a third on days with fewer than two nurses on duty.",
]
ACKNOWLEDGEMENTS = [
    "Behavioural studies were carried out at the Core Facility of Lakeside University.",
    "Imaging services were provided by the Imaging Core of the university.",
]
FUNDING = "This work was supported by the Health Research Council grant (HRC-12-345)."
INTERESTS = "The authors declare no conflicts of interest."
AVAILABILITY = "All data are available upon request from the corresponding author."


def _article(back_matter: bool) -> str:
    sections = [("Methods and results", " ".join(BODY))]
    if back_matter:
        sections += [
            ("Acknowledgements and funding", " ".join([*ACKNOWLEDGEMENTS, FUNDING])),
            ("Conflicts of interest", INTERESTS),
            ("Data availability", AVAILABILITY),
        ]
    body = "".join(f"<sec><title>{title}</title><p>{text}</p></sec>" for title, text in sections)
    return small_article(
        "Nurse staffing and readmissions", "We asked whether short staffing leads to readmissions.", body
    )


@pytest.fixture(scope="module")
def declared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Assistant]:
    files = {"wards.xml": _article(back_matter=True)}
    with assistant_over(tmp_path_factory.mktemp("declared"), files, chunk_sentences=2, chunk_overlap=0) as assistant:
        yield assistant


@pytest.fixture(scope="module")
def undeclared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Assistant]:
    files = {"wards.xml": _article(back_matter=False)}
    with assistant_over(tmp_path_factory.mktemp("silent"), files, chunk_sentences=2, chunk_overlap=0) as assistant:
        yield assistant


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Who funded the study?", FUNDING),
        ("How was the research funded?", FUNDING),
        ("Did the authors receive any funding?", FUNDING),
        ("Did the authors declare any conflicts of interest?", INTERESTS),
        ("What competing interests do the authors have?", INTERESTS),
        ("Where can I find the data?", AVAILABILITY),
        ("Are the data publicly available?", AVAILABILITY),
    ],
)
def test_what_a_paper_declares_is_answered_by_its_declaration(
    declared: Assistant, question: str, expected: str
) -> None:
    answer = declared.ask(question)
    assert [s.text for s in answer.sentences] == [expected]


@pytest.mark.parametrize(
    "question",
    ["Who funded the study?", "What competing interests do the authors have?", "Where can I find the data?"],
)
def test_a_paper_that_declares_nothing_is_not_answered_by_shared_words(undeclared: Assistant, question: str) -> None:
    answer = undeclared.ask(question)
    assert answer.abstained and answer.reason_code == "no_evidence"


def test_over_a_reading_list_each_paper_declares_its_own(tmp_path_factory: pytest.TempPathFactory) -> None:
    """ "Did the authors declare any conflicts of interest?" over two papers, when the passages the search
    hands on (two here, as many as a large reading list crowds out) are all one paper's ("conflicts" and
    "interest" in every one): the other paper's declaration, in words of its own, is looked for too, and
    each paper's answers."""
    crowded = [
        "Conflicts between nurses and managers were of great interest to the authors.",
        "The authors declare that such conflicts of interest between wards are common.",
        "Interest in staffing conflicts grew among the authors over the study.",
        "Conflicts over rotas were of particular interest in night shifts.",
    ]
    first = "".join(f"<sec><title>Part {i}</title><p>{text}</p></sec>" for i, text in enumerate(crowded, 1))
    first += f"<sec><title>Conflicts of interest</title><p>{INTERESTS}</p></sec>"
    consultant = "K. L. is a paid consultant for Acme Pharma."
    second = "".join(
        f"<sec><title>{title}</title><p>{text}</p></sec>"
        for title, text in [
            ("Methods", "Night shifts were counted in twelve wards. Errors were counted by pharmacists."),
            ("Results", "Medication errors doubled on night shifts. Errors fell when pharmacists checked orders."),
            ("Competing interests", consultant),
        ]
    )
    files = {
        "wards.xml": small_article("Nurse staffing conflicts", "We studied conflicts over staffing.", first),
        "shifts.xml": small_article("Night shifts and medication errors", "We counted medication errors.", second),
    }
    with assistant_over(tmp_path_factory.mktemp("two-declarations"), files, top_k=2) as assistant:
        answer = assistant.ask("Did the authors declare any conflicts of interest?")
    assert {s.text for s in answer.sentences} == {INTERESTS, consultant}
