from rag.text.sentences import split_sentences


def texts(text: str, **kw: bool) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text, **kw)]


def test_splits_on_sentence_ends_and_keeps_offsets() -> None:
    text = "MSCs are stromal cells. They secrete EVs! Do they matter? Yes."
    assert texts(text) == ["MSCs are stromal cells.", "They secrete EVs!", "Do they matter?", "Yes."]


def test_abbreviations_and_initials_do_not_end_sentences() -> None:
    text = "As shown by Smith et al. in Fig. 2, e.g. in mice, the effect holds. J. Doe agreed."
    assert texts(text) == ["As shown by Smith et al. in Fig. 2, e.g. in mice, the effect holds.", "J. Doe agreed."]


def test_country_initials_before_a_name_do_not_end_sentences() -> None:
    """A funding declaration was quoted as "DTE is currently receiving federal funding from the U.S." """
    text = "DTE receives funding from the U.S. National Institutes of Health. The U.K. Medical Research Council paid."
    assert texts(text) == [
        "DTE receives funding from the U.S. National Institutes of Health.",
        "The U.K. Medical Research Council paid.",
    ]


def test_line_breaks_always_end_a_sentence() -> None:
    assert texts("first line without stop\nSecond line.") == ["first line without stop", "Second line."]


def test_lines_only_keeps_citation_lines_whole() -> None:
    line = "NLM: Shan C, Liang Y. Mesenchymal Stem Cell. Int J Biol Sci 2024; 20(1):347-366."
    assert texts(line + "\nAPA: x.", lines_only=True) == [line, "APA: x."]


def test_whitespace_is_trimmed_and_empty_text_gives_nothing() -> None:
    assert texts("   \n  ") == []
    text = "  One.   Two.  "
    assert texts(text) == ["One.", "Two."]
