"""End to end with the real model: "What does Figure 2 show?" is answered by Figure 2's caption, over a
paper whose text cites the figure in many sentences and labels it "Fig. 2"."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from rag import Assistant
from tests.fixture_docs import assistant_over, small_article

pytestmark = pytest.mark.integration

CITING = [
    "Weight gain was larger in treated rats (Figure 2).",
    "As Figure 2 shows, mice responded later than rats.",
    "The dogs tolerated every dose (Figure 2C).",
    "Figure 2 also hints at a plateau at high doses.",
    "Rats given water alone kept their weight (Figure 2A).",
    "Growth slowed in the second month (Figure 2B).",
    "Figure 2 was drawn from the weekly records.",
    "No animal lost weight in the first week (Figure 2).",
    "The curves of Figure 2 overlap for mice.",
    "Females gained less than males (Figure 2A).",
    "Figure 2 omits the animals that were withdrawn.",
    "The high dose group led from week four (Figure 2B).",
    "Figure 2 uses the same scale for every species.",
    "Dogs were weighed fasting (Figure 2C).",
    "Figure 2 agrees with the food records.",
    "Weights at day ninety are marked in Figure 2.",
]


def _article() -> str:
    sections = "".join(
        f"<sec><title>Part {n}</title><p>{text} The animals were weighed weekly. Results were reproduced.</p></sec>"
        for n, text in enumerate(CITING, start=1)
    )
    floats = """
<fig id="F2"><label>Fig. 2</label><caption><title>Body weight under QX-7 over ninety days.</title>
<p>(A) Rats given 1 g/kg daily. (B) Mice given the same dose. (C) Dogs given half of it.</p></caption></fig>
<table-wrap id="T1"><label>Table 1</label><caption><title>Tolerated doses by species.</title></caption>
<table><thead><tr><th>Species</th><th>Dose (g/kg)</th></tr></thead>
<tbody><tr><td>Rat</td><td>1.0</td></tr><tr><td>Dog</td><td>0.5</td></tr></tbody></table></table-wrap>"""
    abstract = "QX-7 was given by mouth to rats, mice and dogs. Results are summarized in Table 1."
    return small_article("Oral QX-7 in three species", abstract, sections + floats)


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Assistant]:
    root = tmp_path_factory.mktemp("captions")
    with assistant_over(root, {"qx7.xml": _article()}, chunk_sentences=3, chunk_overlap=1) as assistant:
        yield assistant


@pytest.mark.parametrize("question", ["What does Figure 2 show?", "Describe Fig. 2", "Summarize figure 2."])
def test_a_figure_asked_about_is_answered_by_its_caption(assistant: Assistant, question: str) -> None:
    answer = assistant.ask(question)
    assert not answer.abstained
    texts = [s.text for s in answer.sentences]
    assert texts[0] == "Fig. 2: Body weight under QX-7 over ninety days."
    assert "(A) Rats given 1 g/kg daily." in texts


def test_a_table_asked_about_is_answered_by_its_caption_not_the_sentence_citing_it(assistant: Assistant) -> None:
    answer = assistant.ask("What is shown in Table 1?")
    assert not answer.abstained
    assert answer.sentences[0].text.startswith("Table 1: Tolerated doses by species.")


def test_a_figure_the_paper_does_not_have_is_not_answered(assistant: Assistant) -> None:
    assert assistant.ask("What does Figure 5 show?").abstained
