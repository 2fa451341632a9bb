from rag.text.tokens import tokenize


def test_tokenize_stems_drops_stopwords_and_splits_hyphens() -> None:
    assert tokenize("The MSC-EVs were transferring proteins") == ["msc-ev", "msc", "ev", "transfer", "protein"]
