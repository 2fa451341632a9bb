from datetime import UTC, datetime

from rag.present.transcript import to_markdown
from rag.types import Answer, AnswerSentence, Citation

WHEN = datetime(2026, 1, 2, 3, 4, tzinfo=UTC)
CITATION = Citation(1, "shan2024", "MSC-EVs review", "Abstract", 3, "passage", "Radiotherapy is one.", ((0, 20),))
ANSWER = Answer("q", "Radiotherapy is one. [1]", False, (CITATION,), (AnswerSentence("Radiotherapy is one.", (1,)),))


def test_conversation_with_sources_written_out() -> None:
    messages = [
        {"role": "user", "content": "Which treatments?"},
        {"role": "assistant", "content": ANSWER.text, "answer": ANSWER},
        {"role": "user", "content": "and [x](http://e.example)?"},
        {
            "role": "assistant",
            "content": "The review does not say.",
            "answer": Answer("q", "The review does not say.", True),
        },
    ]
    text = to_markdown(messages, "MSC-EVs review", WHEN)
    assert text.startswith("# Conversation with the study assistant\n")
    assert "Exported 2026-01-02 03:04 UTC." in text
    assert "## Question 1\n\nWhich treatments\\?\n\n### Answer\n\nRadiotherapy is one\\. \\[1\\]" in text
    assert "Sources:\n\n1. *MSC\\-EVs review*, Abstract\\, p\\. 3: “Radiotherapy is one\\.”" in text
    assert "## Question 2\n\nand \\[x\\]\\(http\\:\u2060\\/\\/e\\.example\\)\\?" in text
    assert text.count("Sources:") == 1 and text.endswith("The review does not say\\.\n")


def test_error_turns_and_empty_conversations_still_export() -> None:
    assert "### Answer\n\nthe index is gone" in to_markdown([{"role": "assistant", "content": "the index is gone"}])
    assert to_markdown([], when=WHEN) == "# Conversation with the study assistant\n\nExported 2026-01-02 03:04 UTC.\n"
