import pytest

from rag.text.labels import asked_labels, captioned, labels_in


@pytest.mark.parametrize(
    ("text", "labels"),
    [
        ("Table 2 Crystallographic statistics", {("table", "2")}),
        ("as shown in Fig. 3B and Figure 4", {("figure", "3"), ("figure", "4")}),
        ("Figures 2 and 3 compare the groups", {("figure", "2"), ("figure", "3")}),
        ("see Tables S1–S3", {("table", "S1"), ("table", "S3")}),
        ("Additional file 1: Appendices, Tables and figures.", set()),
        ("We tabled 3 motions", set()),
    ],
)
def test_labels_a_text_names(text: str, labels: set[tuple[str, str]]) -> None:
    assert labels_in(text) == labels


@pytest.mark.parametrize(
    ("question", "labels"),
    [
        ("What does Table 1 show?", {("table", "1")}),
        ("Describe Figure 2.", {("figure", "2")}),
        ("What is shown in fig. 3b?", {("figure", "3")}),
        ("Explain Figure 4 to me", {("figure", "4")}),
        ("Which drug reduced pain in Table 2?", set()),  # the table only says where to look
        ("What is the Ki of 33RE?", set()),
    ],
)
def test_labels_a_question_is_about(question: str, labels: set[tuple[str, str]]) -> None:
    assert asked_labels(question) == labels


@pytest.mark.parametrize(
    ("section", "captions"),
    [
        ("Fig. 2", True),
        ("Figure 2: Body weight of rats", True),
        ("Results > Figure 2", True),
        ("Figures 1 and 2", True),
        ("Figure 20", False),
        ("Figure 3: as in Figure 2, with the drug", False),  # mentions Figure 2; is Figure 3's caption
        ("Table 2: Doses", False),  # a table, not the figure
        ("Results", False),
    ],
)
def test_a_section_is_the_caption_of_the_figure_its_title_starts_with(section: str, captions: bool) -> None:
    assert captioned(section, frozenset({("figure", "2")})) is captions
