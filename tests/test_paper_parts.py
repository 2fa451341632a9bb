"""End to end with the real model, questions about parts of a paper: "Summarize the discussion" is answered
from its Discussion, by the sentences closest to what that section says most, not from its abstract; "What
future work do the authors suggest?" by the sentence saying what remains to be done, wherever it is; "When
(where) was the study conducted?" by the sentence dating (placing) the work, not by any year (place) the
paper names."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from rag import Assistant, Turn
from tests.fixture_docs import assistant_over, small_article

pytestmark = pytest.mark.integration

INTRODUCTION = [
    "Rural hospitals in many countries struggle to keep enough nurses on their wards.",
    "Earlier surveys counted nurses but did not follow patients after discharge.",
    "Nurse staffing has been a concern of health ministries since 1998.",
    "One survey carried out in Kenya found the same gaps.",
]
METHODS = [
    "Data collection was carried out in June 2010.",
    "Twelve wards took part.",
    "The study was conducted at Lakeside District Hospital, a rural referral hospital.",
    "The study was approved by the regional ethics board.",
]
RESULTS = [
    "Twelve wards kept complete registers for two years.",
    "Readmissions rose by a third on days with fewer than two nurses on duty.",
]
DISCUSSION = [
    "Short staffing on a ward was followed by more readmissions in our data.",
    "Readmissions after short-staffed days may reflect hurried discharge teaching.",
    "Staffing rotas that keep two nurses on every shift could lower readmissions.",
    "The registers did not record the severity of illness, which limits these conclusions.",
    "Future studies should test these rotas in urban hospitals.",
    "Ward managers approved the new staffing rotas.",
]


def _section(title: str, sentences: list[str]) -> str:
    return f"<sec><title>{title}</title><p>{' '.join(sentences)}</p></sec>"


def _article() -> str:
    body = "".join(
        _section(title, sentences)
        for title, sentences in [
            ("Introduction", INTRODUCTION),
            ("Methods", METHODS),
            ("Results", RESULTS),
            ("Discussion", DISCUSSION),
        ]
    )
    abstract = "We asked whether short staffing leads to readmissions. We reviewed ward registers."
    return small_article("Nurse staffing and readmissions in rural wards", abstract, body)


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Assistant]:
    root = tmp_path_factory.mktemp("sections")
    with assistant_over(root, {"wards.xml": _article()}, chunk_sentences=2, chunk_overlap=0) as assistant:
        yield assistant


@pytest.mark.parametrize(
    ("question", "section"),
    [
        ("Summarize the discussion.", DISCUSSION),
        ("What does the introduction say?", INTRODUCTION),
        ("Summarize the results section of this paper.", RESULTS),
    ],
)
def test_a_section_asked_for_is_summarised_from_that_section(
    assistant: Assistant, question: str, section: list[str]
) -> None:
    answer = assistant.ask(question)
    assert not answer.abstained
    assert answer.sentences and all(s.text in section for s in answer.sentences)


def test_a_section_the_paper_lacks_is_summarised_from_its_abstract(assistant: Assistant) -> None:
    answer = assistant.ask("Summarize the conclusions section.")
    assert answer.sentences[0].text in {
        "We asked whether short staffing leads to readmissions.",
        "We reviewed ward registers.",
    }


def test_over_papers_of_which_one_lacks_the_section_each_is_summarised_from_its_abstract(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """Over a reading list, "Summarize the discussion" quoted only the one paper that had the section (the
    gate papers asked together: "Summarize the conclusions of this review." answered from another paper)."""
    other = _article().replace(_section("Discussion", DISCUSSION), "").replace("Nurse staffing", "Night shifts")
    files = {"wards.xml": _article(), "shifts.xml": other.replace("We asked whether", "We tested whether")}
    with assistant_over(tmp_path_factory.mktemp("reading-list"), files) as assistant:
        texts = [s.text for s in assistant.ask("Summarize the discussion.").sentences]
    assert not set(texts) & set(DISCUSSION)
    assert "We tested whether short staffing leads to readmissions." in texts


@pytest.mark.parametrize("question", ["What future work do the authors suggest?", "What further research is needed?"])
def test_what_remains_to_be_done_is_the_sentence_saying_so(assistant: Assistant, question: str) -> None:
    """No word of these questions is one the answer must hold; the paper's sentence on future studies answers."""
    answer = assistant.ask(question)
    assert [s.text for s in answer.sentences] == ["Future studies should test these rotas in urban hospitals."]


def test_what_remains_to_be_done_is_found_where_the_search_does_not_reach(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """Sentences on the authors' work and suggestions fill the search for "What future work do the authors
    suggest?"; the one saying what remains to be done is looked for in the rest of the paper."""
    noise = "".join(
        _section(
            f"Part {n}", [f"The authors suggest that ward {n} kept good registers of its work.", "It was audited."]
        )
        for n in range(1, 17)
    )
    later = _section("Outlook", ["Whether rotas change outcomes in cities remains to be studied."])
    article = _article().replace("</body>", f"{noise}{later}</body>")
    files = {"wards.xml": article.replace(_section("Discussion", DISCUSSION), "")}
    with assistant_over(tmp_path_factory.mktemp("onward"), files, chunk_sentences=2, chunk_overlap=0) as assistant:
        answer = assistant.ask("What future work do the authors suggest?")
    assert [s.text for s in answer.sentences] == ["Whether rotas change outcomes in cities remains to be studied."]


@pytest.mark.parametrize(
    "question",
    [
        "When was the study conducted?",
        "What was the study period?",
        "Over what period was the study carried out?",
        "When were the data collected?",
    ],
)
def test_when_the_work_was_done_is_the_sentence_dating_it(assistant: Assistant, question: str) -> None:
    """No word of most of these is one the answer must hold ("conducted" is said of anything); the
    sentence giving a date and what was done then answers, not "…a concern since 1998"."""
    answer = assistant.ask(question)
    assert [s.text for s in answer.sentences][:1] == ["Data collection was carried out in June 2010."]


@pytest.mark.parametrize(
    "question",
    ["Where was the study conducted?", "In which country was the study done?", "What was the study setting?"],
)
def test_where_the_work_was_done_is_the_sentence_placing_it(assistant: Assistant, question: str) -> None:
    answer = assistant.ask(question)
    assert [s.text for s in answer.sentences][:1] == [METHODS[2]]


def test_and_where_after_when_asks_where(assistant: Assistant) -> None:
    history = [Turn("user", "When was the study conducted?"), Turn("assistant", METHODS[0] + " [1]")]
    assert [s.text for s in assistant.ask("And where?", history).sentences][:1] == [METHODS[2]]
    assert [s.text for s in assistant.ask("Where was it done?", history).sentences][:1] == [METHODS[2]]


@pytest.mark.parametrize("question", ["Who approved the study?", "Did the study receive ethical approval?"])
def test_who_approved_the_study_is_the_committee_that_did(assistant: Assistant, question: str) -> None:
    assert [s.text for s in assistant.ask(question).sentences][:1] == [METHODS[3]]


@pytest.mark.parametrize(
    "question", ["When was the study conducted?", "Where was the study conducted?", "Who approved the study?"]
)
def test_a_paper_that_dates_or_places_no_work_is_not_answered_by_a_year_or_place_it_names(
    tmp_path_factory: pytest.TempPathFactory, question: str
) -> None:
    """ "…a concern since 1998" dates no work of the paper, "One survey carried out in Kenya…" places
    another study's, and "Ward managers approved the new staffing rotas." is no approval of the study."""
    files = {"wards.xml": _article().replace(_section("Methods", METHODS), "")}
    with assistant_over(tmp_path_factory.mktemp("undated"), files, chunk_sentences=2, chunk_overlap=0) as assistant:
        answer = assistant.ask(question)
    assert answer.abstained and answer.reason_code == "no_evidence"


def test_and_where_stays_with_the_paper_that_answered_when(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Over a reading list, "And where?" asks where the study just dated was done, not where any study was."""
    dated = small_article(
        "Nurse staffing and readmissions in rural wards",
        "We asked whether short staffing leads to readmissions.",
        _section("Methods", ["Data collection was carried out in June 2010.", "Fieldwork took place in Lakeside."]),
    )
    placed = small_article(
        "Night shifts and medication errors",
        "We counted medication errors on night shifts.",
        _section("Methods", ["The study was conducted at Hilltop Hospital.", "Errors were counted by pharmacists."]),
    )
    files = {"wards.xml": dated, "shifts.xml": placed}
    with assistant_over(tmp_path_factory.mktemp("two-places"), files) as assistant:
        first = assistant.ask("When was the study conducted?")
        assert [s.text for s in first.sentences][:1] == ["Data collection was carried out in June 2010."]
        history = [Turn("user", "When was the study conducted?"), Turn("assistant", first.text)]
        texts = [s.text for s in assistant.ask("And where?", history).sentences]
    assert texts[:1] == ["Fieldwork took place in Lakeside."]
    assert "The study was conducted at Hilltop Hospital." not in texts


PREPARATION = [
    "To prepare the buffer for ZX7, 2 g of salt were dissolved in 100 mL water.",
    "The buffer was stirred at 25°C, and 5 g of ZX7 powder were added to it.",
    "The mixture was milled with 0.2 mm beads for three hours.",
]


def test_how_a_thing_was_made_is_read_under_the_heading_that_says(tmp_path_factory: pytest.TempPathFactory) -> None:
    """ "How was ZX7 made?" is answered by the "Preparation of … ZX7" section, whose sentences weigh out
    amounts and name machines, not by the sentences that say most about ZX7; "Synthesis of markers in
    ZX7-treated brains" names ZX7 where markers were made, not ZX7 being made."""
    body = "".join(
        _section(title, sentences)
        for title, sentences in [
            ("Introduction", ["ZX7 is a small molecule that may protect memory.", "ZX7 was given to old mice."]),
            ("Methods > Preparation of the aqueous dispersion with ZX7", PREPARATION),
            ("Methods > Synthesis of markers in ZX7-treated brains", ["Markers were made from brain extracts."]),
            ("Results", ["ZX7 improved memory in treated mice.", "Mice received ZX7 in their drinking water."]),
        ]
    )
    files = {"zx7.xml": small_article("ZX7 protects memory in old mice", "We tested ZX7 in old mice.", body)}
    with assistant_over(tmp_path_factory.mktemp("made"), files, chunk_sentences=2, chunk_overlap=0) as assistant:
        answer = assistant.ask("How was ZX7 made?")
    assert [s.text for s in answer.sentences] == PREPARATION


def test_statistical_methods_are_the_sentence_naming_the_tests(tmp_path_factory: pytest.TempPathFactory) -> None:
    """ "What statistical methods were used?" quoted "The detailed refinement statistics… are given in Table
    2." and another study's "…greatly improving statistical power"; a paper naming no test says so."""
    tested = "Differences between wards were assessed by unpaired t test and one-way ANOVA."
    noise = [
        "The detailed refinement statistics for the registers are given in Table 2.",
        "By using automated methods, earlier studies greatly improved statistical power.",
    ]
    methods = _section("Methods", [*noise, "Twelve wards kept registers for two years."])
    analysis = _section("Statistical analysis", [tested])  # where papers say it, in words of their own
    plain = small_article("Ward registers", "We reviewed ward registers.", methods)
    with_tests = small_article("Ward registers", "We reviewed ward registers.", methods + analysis)
    for files, expected in [({"tested.xml": with_tests}, [tested]), ({"plain.xml": plain}, [])]:
        with assistant_over(tmp_path_factory.mktemp("stats"), files, chunk_sentences=2, chunk_overlap=0) as assistant:
            answer = assistant.ask("What statistical methods were used?")
        assert [s.text for s in answer.sentences] == expected
        assert answer.abstained is not expected
