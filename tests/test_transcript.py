from datetime import UTC, datetime

from rag.present.transcript import prose, to_markdown
from rag.types import Answer, AnswerSentence, Citation

WHEN = datetime(2026, 1, 2, 3, 4, tzinfo=UTC)
CITATION = Citation(1, "shan2024", "MSC-EVs review", "Abstract", 3, "passage", "Radiotherapy is one.", ((0, 20),))
ANSWER = Answer(
    "q", "MSC-EVs (the vesicles) matter. [1]", False, (CITATION,), (AnswerSentence("MSC-EVs matter.", (1,)),)
)


def test_conversation_reads_as_prose_with_sources_written_out() -> None:
    messages = [
        {"role": "user", "content": "Which treatments, e.g. radiotherapy?"},
        {"role": "assistant", "content": ANSWER.text, "answer": ANSWER},
        {"role": "user", "content": "and [x](http://e.example) <b>bold</b>?"},
        {"role": "assistant", "content": "x", "answer": Answer("q", "The review does not say.", True)},
    ]
    text = to_markdown(messages, "MSC-EVs review", WHEN)
    assert text.startswith("# Conversation with the study assistant\n")
    assert "Exported 2026-01-02 03:04 UTC." in text
    assert "### Answer\n\nMSC-EVs (the vesicles) matter. \\[1\\]" in text  # prose untouched: no "MSC\\-EVs\\."
    assert "Sources:\n\n1. *MSC-EVs review*, Abstract, p. 3: “Radiotherapy is one.”" in text
    assert "and \\[x\\](http://e.example) \\<b\\>bold\\</b\\>?" in text  # markup stays characters
    assert "\u2060" not in text
    assert text.count("Sources:") == 1 and text.endswith("The review does not say.\n")


def test_a_refusals_closest_passages_are_written_out_as_such() -> None:
    refusal = Answer(
        "q", "The review does not say. Below are the passages closest to your question.", True, (CITATION,)
    )
    text = to_markdown([{"role": "assistant", "content": refusal.text, "answer": refusal}], "", WHEN)
    assert "Closest passages:\n\n1. *MSC-EVs review*, Abstract, p. 3: “Radiotherapy is one.”" in text
    assert "Sources:" not in text


def test_prose_escapes_only_what_would_become_markup() -> None:
    assert prose("MSC-EVs, 20(1):347-366. doi:10.7150/ijbs.88500 & co.") == (
        "MSC-EVs, 20(1):347-366. doi:10.7150/ijbs.88500 & co."
    )
    assert prose("# title\n1. one\n- item\n> quote\n*a* _b_ `c` | &amp;") == (
        "\\# title  \n1\\. one  \n\\- item  \n\\> quote  \n\\*a\\* \\_b\\_ \\`c\\` \\| \\&amp;"
    )


def test_error_turns_and_empty_conversations_still_export() -> None:
    assert "### Answer\n\nthe index is gone" in to_markdown([{"role": "assistant", "content": "the index is gone"}])
    assert to_markdown([], when=WHEN) == "# Conversation with the study assistant\n\nExported 2026-01-02 03:04 UTC.\n"
