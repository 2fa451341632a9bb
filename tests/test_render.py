import re

from rag.present.render import AnswerStream, answer_markdown, card_label, escape, highlight, references_markdown
from rag.types import Answer, AnswerSentence, Citation, Reference

EVIL = (
    "[click](http://evil.example) ![x](http://evil.example/x.png) <script>alert(1)</script> "
    "<img src=x onerror=alert(1)>"
)


def unescaped(markdown: str) -> str:
    return markdown.replace("\\", "").replace("\u2060", "")


def test_escape_keeps_the_characters_and_disarms_every_construct() -> None:
    out = escape(EVIL)
    assert unescaped(out) == EVIL
    assert not re.search(r"(?<!\\)[\[\]()!<>]", out)  # every bracket, bang and angle is escaped
    assert not re.search(r"https?\\?:\\?/", out)  # the URL is broken for GFM autolinking


def test_escape_breaks_bare_urls_www_and_emails() -> None:
    out = escape("see www.evil.example, https://x.example and me@evil.example")
    assert "www\u2060\\." in out and "https\\:\u2060\\/\\/" in out and "\\@\u2060evil" in out


def test_escape_disarms_streamlit_directives_math_and_block_syntax() -> None:
    out = escape(":red[big] :material/home: $x^2$\n    code\n# heading\n- item\n1. one\n> quote\n| a | b |")
    assert "\\:red\\[big\\]" in out and "\\:material\\/home\\:" in out and "\\$x\\^2\\$" in out
    lines = out.split("  \n")
    assert [line[:2] for line in lines] == ["\\:", "co", "\\#", "\\-", "1\\", "\\>", "\\|"]


def test_highlight_marks_quoted_spans_and_escapes_the_rest() -> None:
    text = "First [a](b). Second <i>x</i>.\nThird."
    second = text.index("Second")
    out = highlight(text, [(second, second + len("Second <i>x</i>."))])
    assert out == "First \\[a\\]\\(b\\)\\. :orange-background[Second \\<i\\>x\\<\\/i\\>\\.]  \nThird\\."


def test_highlight_never_crosses_a_line_and_clamps_spans() -> None:
    out = highlight("One.\nTwo.", [(0, 99), (-5, 2)])
    assert out == ":orange-background[One\\.]  \n:orange-background[Two\\.]"


def test_highlight_joins_consecutive_sentences_into_one_mark() -> None:
    assert highlight("A. B. C.", [(0, 2), (3, 5)]) == ":orange-background[A\\. B\\.] C\\."


def test_answer_markdown_puts_a_badge_after_each_sentence() -> None:
    answer = Answer("q", "x [1] y! [2]", False, sentences=(AnswerSentence("x", (1,)), AnswerSentence("y!", (2,))))
    assert answer_markdown(answer) == "x :blue-badge[1] y\\! :blue-badge[2]"
    refusal = Answer("q", "The review does not say. `python -m rag ingest`", True)
    assert answer_markdown(refusal) == "The review does not say\\. `python -m rag ingest`"  # commands stay code
    sneaky = Answer("q", "Not said about `[x](http://e.example)` [y](z).", True)
    assert answer_markdown(sneaky) == "Not said about `[x](http://e.example)` \\[y\\]\\(z\\)\\."


def test_generated_sentences_show_their_verdict_and_quoted_ones_do_not() -> None:
    sentences = (
        AnswerSentence("x", (1,), 0.874, "supported"),
        AnswerSentence("y", (2,), 0.9, "corrected"),
        AnswerSentence("z", (), 0.1, "unsupported"),
        AnswerSentence("w", (1,)),
    )
    assert answer_markdown(Answer("q", "", False, sentences=sentences)) == (
        "x :blue-badge[1] :green-badge[checked 0.87] y :blue-badge[2] :green-badge[checked 0.90, citation corrected] "
        "z :red-badge[not supported by the text] w :blue-badge[1]"
    )


def citation(**changes: object) -> Citation:
    base = dict(n=2, doc_id="d", title="T [x](y)", section="Results", page=None, text="t", quote="t", spans=((0, 1),))
    return Citation(**{**base, **changes})  # type: ignore[arg-type]


def test_card_label_shows_number_title_section_and_page_when_known() -> None:
    assert card_label(citation()) == "\\[2\\] T \\[x\\]\\(y\\) — Results"
    assert card_label(citation(page=7)).endswith("— Results\\, p\\. 7")


def test_references_are_listed_escaped() -> None:
    ref = Reference("12", "Smith J. *Bold* claims.", doi="10.1/x")
    assert (
        references_markdown(citation(references=(ref,)))
        == "- \\[12\\] Smith J\\. \\*Bold\\* claims\\. doi\\: 10\\.1\\/x"
    )
    assert references_markdown(citation()) == ""


def test_answer_stream_escapes_pieces_and_keeps_the_answer() -> None:
    answer = Answer("q", "a", False)
    stream = AnswerStream(iter(["**a**", " [1]", answer]))
    assert list(stream) == ["\\*\\*a\\*\\*", " \\[1\\]"]
    assert stream.answer is answer
