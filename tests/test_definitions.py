"""End to end with the real model: "What is X?" over a paper that names X in every section finds the one
sentence saying what X is, in its abstract."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.fixture_docs import assistant_over, small_article

pytestmark = pytest.mark.integration

USES = [
    "Each lipase was assayed alone in the presence of QX-7.",
    "Stock solutions of QX-7 were prepared in acetonitrile.",
    "QX-7 was stable for a week at room temperature.",
    "Data point to the strong activity of QX-7 towards the lipases.",
    "The mass of LipH rose after QX-7 was added.",
    "Growth of the bacteria slowed when QX-7 was present.",
    "It is plausible that the lipases are the main targets of QX-7.",
    "The inhibition by QX-7 was partly reversible.",
    "QX-7 was weighed on a precision balance.",
    "QX-7 was kept in the dark.",
    "QX-7 was tested at five concentrations.",
    "QX-7 was compared with the reference drug.",
    "QX-7 was dissolved before each assay.",
    "QX-7 was added to the plates last.",
    "QX-7 was removed by washing.",
    "QX-7 was supplied by a partner laboratory.",
]


def _article() -> str:
    sections = "".join(
        f"<sec><title>Part {n}</title><p>{use} The lipases of the family were studied in culture. "
        f"Results were reproduced three times.</p></sec>"
        for n, use in enumerate(USES, start=1)
    )
    abstract = (
        "Lipid metabolism matters to the bacterium. Enzyme assays revealed the potent activity of an\n"
        "oxadiazolone compound, named QX-7. It also slowed growth."
    )
    return small_article("Lipase inhibition in a model bacterium", abstract, sections)


def test_what_is_x_is_answered_by_the_abstract_sentence_naming_x(tmp_path: Path) -> None:
    with assistant_over(tmp_path, {"lipase.xml": _article()}, chunk_sentences=3, chunk_overlap=1) as assistant:
        top = [p.chunk.kind for p in assistant.search("What is QX-7?", k=assistant.settings.top_k)]
        assert "abstract" not in top  # the body's uses fill the passages retrieved
        answer = assistant.ask("What is QX-7?")
    assert not answer.abstained
    assert answer.sentences[0].text == (
        "Enzyme assays revealed the potent activity of an oxadiazolone compound, named QX-7."
    )
