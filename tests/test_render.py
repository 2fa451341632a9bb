import re
from html.parser import HTMLParser

from rag.present.render import (
    AnswerStream,
    answer_html,
    card_anchor,
    card_label,
    escape,
    passage_html,
    references_html,
    user_html,
    verdict_html,
)
from rag.types import Answer, AnswerSentence, Citation, Reference

EVIL = (
    "[click](http://evil.example) ![x](http://evil.example/x.png) <script>alert(1)</script> "
    "<img src=x onerror=alert(1)>"
)


class Parsed(HTMLParser):
    """Tags with their attributes, and the text as a browser would show it."""

    def __init__(self, markup: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text = ""
        self.feed(markup)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text += data


def test_generated_sentences_show_their_verdict_and_quoted_ones_do_not() -> None:
    sentences = (
        AnswerSentence("x", (1,), 0.874, "supported"),
        AnswerSentence("y", (2,), 0.9, "corrected"),
        AnswerSentence("z", (), 0.1, "unsupported"),
        AnswerSentence("w", (1,)),
    )
    labels = [verdict_html(s) for s in sentences]
    assert labels[0] == ' <span class="rag-verdict rag-supported">checked against the text (0.87)</span>'
    assert "citation corrected (0.90)" in labels[1] and "not supported by the text" in labels[2]
    assert labels[3] == ""  # a quoted sentence is the text itself
    shown = answer_html(Answer("q", "", False, sentences=sentences), "t")
    assert shown.count("rag-verdict") == 3


def citation(**changes: object) -> Citation:
    text = f"First sentence. Quoted {EVIL} here. Last one."
    quote = f"Quoted {EVIL} here."
    start = text.index(quote)
    base = dict(
        n=1, doc_id="d", title="A long paper title with many words in it", section="Results", page=4,
        text=text, quote=quote, spans=((start, start + len(quote)),),
    )  # fmt: skip
    return Citation(**{**base, **changes})  # type: ignore[arg-type]


def answer(*citations: Citation) -> Answer:
    sentences = tuple(AnswerSentence(c.quote, (c.n,)) for c in citations)
    return Answer("q", " ".join(f"{c.quote} [{c.n}]" for c in citations), False, citations, sentences)


def test_corpus_markup_is_text_and_copies_out_clean() -> None:
    out = answer_html(answer(citation()), "7")
    parsed = Parsed(out)
    assert {tag for tag, _ in parsed.tags} <= {"div", "p", "span", "a", "details", "summary", "mark", "br"}
    assert EVIL in parsed.text  # shown as the characters it is made of
    assert "\u2060" not in out  # nothing invisible: a copied URL or DOI pastes as it reads
    hrefs = [attrs["href"] for tag, attrs in parsed.tags if tag == "a"]
    assert hrefs == ["#src-7-1"]  # our link only, never one from the text


def test_each_marker_links_to_its_card_and_has_an_accessible_name() -> None:
    second = citation(n=2, section="Methods", page=None)
    parsed = Parsed(answer_html(answer(citation(), second), "t9"))
    links = [attrs for tag, attrs in parsed.tags if tag == "a"]
    assert [a["href"] for a in links] == ["#src-t9-1", "#src-t9-2"]
    assert [a["aria-label"] for a in links] == ["Source 1: Results, p. 4", "Source 2: Methods"]
    targets = [attrs.get("id") for tag, attrs in parsed.tags if tag == "div" and attrs.get("class") == "rag-passage"]
    assert targets == ["src-t9-1", "src-t9-2"]  # the passage inside each card: the browser opens the card to it
    assert card_anchor('a b"<x>', 3) == "src-abx-3"


def test_a_copied_answer_keeps_each_citation_apart_from_the_words_before_it() -> None:
    """A badge right after a DOI once copied as "ijbs.885001": the copy now reads "ijbs.88500 [1]"."""
    doi = citation(quote="See https://doi.org/10.7150/ijbs.88500", text="See https://doi.org/10.7150/ijbs.88500")
    text = Parsed(answer_html(answer(doi), "c")).text
    assert "ijbs.88500 [1]" in text and "885001" not in text


def test_the_quote_is_highlighted_and_nothing_else() -> None:
    out = passage_html("One. Two three. Four.\nFive.", [(5, 15)])
    assert out == 'One. <mark class="rag-quote">Two three.</mark> Four.<br>Five.'
    assert passage_html("A. B. C.", [(0, 2), (3, 5)]) == '<mark class="rag-quote">A. B.</mark> C.'
    assert passage_html("One.", [(-5, 99)]) == '<mark class="rag-quote">One.</mark>'


def test_card_labels_are_short_distinct_and_name_the_paper_when_several() -> None:
    one = card_label(citation(quote="Mesenchymal stem cells are a type of stromal cells with self-renewal."))
    assert one == "[1] Results, p. 4 · “Mesenchymal stem cells are a type of stromal…”"
    other = card_label(citation(n=2, quote="Another sentence of the same section."))
    assert one.split("·")[0] != other.split("·")[0] and one.split("·")[1] != other.split("·")[1]
    several = card_label(citation(), several_documents=True)
    assert several.startswith("[1] A long paper title with many… · Results, p. 4 ·")
    assert len(card_label(citation(quote="word " * 200))) < 120


def test_refusals_and_questions_are_escaped_paragraphs() -> None:
    refusal = Answer("q", "The review does not say.\n\nIt covers <b>x</b>.", True)
    out = answer_html(refusal, "3")
    assert 'class="rag-answer rag-refusal"' in out and "<p>It covers &lt;b&gt;x&lt;/b&gt;.</p>" in out
    assert user_html("<b>x</b> & y\nz") == '<div class="rag-question"><p>&lt;b&gt;x&lt;/b&gt; &amp; y<br>z</p></div>'


def test_a_claim_not_stated_in_those_words_leads_with_why_then_the_cited_closest_sentence() -> None:
    lead = "The review does not state in those words that <b>x</b>. The closest it comes:"
    closest = answer(citation())
    out = answer_html(Answer("q", f"{lead} {closest.text}", True, closest.citations, closest.sentences, lead), "4")
    parsed = Parsed(out)
    assert 'class="rag-answer rag-refusal"' in out and "&lt;b&gt;x&lt;/b&gt;" in out
    assert parsed.text.index("The closest it comes:") < parsed.text.index("Quoted") < parsed.text.index("Sources")
    assert any(tag == "a" and (attrs.get("href") or "").endswith(card_anchor("4", 1)) for tag, attrs in parsed.tags)


def test_a_refusal_offering_the_closest_passages_titles_them_so_and_quotes_nothing() -> None:
    offered = citation()
    refusal = "The review does not say. Below are the passages closest to your question."
    parsed = Parsed(answer_html(Answer("q", refusal, True, (offered,), (), refusal), "6"))
    assert parsed.text.index("does not say") < parsed.text.index("Closest passages") < parsed.text.index("Quoted")
    assert "Sources" not in parsed.text
    assert not any(tag == "a" for tag, _ in parsed.tags)  # no sentence cites it: nothing is offered as the answer
    assert [tag for tag, _ in parsed.tags].count("details") == 1


def test_sentences_from_several_papers_read_as_a_paragraph_per_paper() -> None:
    first, second = citation(doc_id="a"), citation(n=2, doc_id="b")
    sentences = (
        AnswerSentence("Title: A.", (1,)),
        AnswerSentence("A found x.", (1,)),
        AnswerSentence("Title: B.", (2,)),
        AnswerSentence("B found y.", (2,)),
    )
    out = answer_html(Answer("q", "…", False, (first, second), sentences), "8")
    paragraphs = [Parsed(p).text for p in re.findall(r"<p>(.*?)</p>", out)]
    assert len(paragraphs) == 2 and "A found x." in paragraphs[0] and "Title: B." in paragraphs[1]
    one = answer_html(Answer("q", "…", False, (first,), sentences[:2]), "9")
    assert len(re.findall(r"<p>", one)) == 1  # one paper: one paragraph, as before


def test_an_answers_note_is_read_before_the_answer() -> None:
    noted = answer(citation())
    noted = Answer("q", noted.text, False, noted.citations, noted.sentences, note="Mind <b>x</b>.")
    out = Parsed(answer_html(noted, "5"))
    assert out.text.index("Mind <b>x</b>.") < out.text.index("Quoted") and ("b", {}) not in out.tags


def test_references_are_listed_escaped() -> None:
    ref = Reference("12", "Smith J. <i>Bold</i> claims.", doi="10.1/x")
    out = references_html(citation(references=(ref,)))
    assert "<li>[12] Smith J. &lt;i&gt;Bold&lt;/i&gt; claims. doi:10.1/x</li>" in out
    assert references_html(citation()) == ""


def test_markdown_escape_disarms_every_construct() -> None:
    out = escape(EVIL)
    assert out.replace("\\", "").replace("\u2060", "") == EVIL
    assert not re.search(r"(?<!\\)[\[\]()!<>]", out)
    assert not re.search(r"https?\\?:\\?/", out)
    lines = escape(":red[big] $x$\n    code\n# heading").split("  \n")
    assert lines == ["\\:red\\[big\\] \\$x\\$", "code", "\\# heading"]


def test_a_url_split_across_stream_pieces_never_autolinks() -> None:
    pieces = list(AnswerStream(iter(["see http:", "//evil.example/x now", Answer("q", "a", False)])))
    assert "".join(pieces) == "see http\\:\u2060\\/\\/evil\\.example\\/x now"


def test_answer_stream_escapes_pieces_and_keeps_the_answer() -> None:
    answer = Answer("q", "a", False)
    stream = AnswerStream(iter(["**a**", " [1]", answer]))
    assert "".join(stream) == "\\*\\*a\\*\\* \\[1\\]"
    assert stream.answer is answer
