from rag.text.tokens import tokenize


def test_tokenize_stems_drops_stopwords_and_splits_hyphens() -> None:
    assert tokenize("The MSC-EVs were transferring proteins") == ["msc-ev", "msc", "ev", "transfer", "protein"]


def test_irregular_plurals_meet_their_singulars() -> None:
    same = [
        ("mice", "mouse"),
        ("analyses", "analysis"),
        ("analysed", "analysis"),
        ("diagnosed", "diagnosis"),
        ("hypotheses", "hypothesis"),
        ("metastases", "metastasis"),
        ("criteria", "criterion"),
        ("bacteria", "bacterium"),
        ("nuclei", "nucleus"),
        ("women", "woman"),
        ("children", "child"),
        ("streptococci", "streptococcus"),
    ]
    for plural, singular in same:
        assert tokenize(plural) == tokenize(singular), (plural, singular)


def test_words_that_only_look_like_irregular_plurals_stay_apart() -> None:
    apart = [("basis", "base"), ("thesis", "these"), ("genesis", "genes"), ("doses", "dosis"), ("media", "mean")]
    for one, other in apart:
        assert tokenize(one) != tokenize(other), (one, other)
