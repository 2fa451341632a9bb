import pytest

from rag.query.spelling import SpellChecker, english_frequencies

VOCABULARY = {
    "patients": 30,
    "stroke": 20,
    "graphene": 40,
    "sensors": 12,
    "detection": 9,
    "limit": 7,
    "nanofibers": 5,
    "electrospun": 6,
}


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("grafene sensrs", "graphene sensors"),
        ("What is the detection limt?", "What is the detection limit?"),
        ("Whta are electrospun nanofibres?", "What are electrospun nanofibers?"),  # the corpus spelling wins
        ("Grafene", "Graphene"),
        ("stroke pateints", "stroke patients"),  # swapped letters: one slip, like the dropped one of "patents"
        ("the detecton limit", "the detection limit"),
        ("open acess", "open access"),  # not a plural of "aces"
    ],
)
def test_misspelled_words_become_the_closest_known_word(typed: str, meant: str) -> None:
    assert SpellChecker(VOCABULARY).correct(typed) == meant


@pytest.mark.parametrize("text", ["football scores", "How do I bake bread?", "MSC-EVs and CD63", "IL6 p53"])
def test_real_words_acronyms_and_codes_are_left_alone(text: str) -> None:
    assert SpellChecker(VOCABULARY).correct(text) == text


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("Did readmissions fall?", "readmissions"),  # not "admissions": the list knows "readmission"
        ("Does it stop graphene agglomerating?", "agglomerating"),  # not "agglomeration", the corpus word
        ("Which patients were studied?", "studied"),
    ],
)
def test_an_inflection_of_a_known_word_is_not_a_misspelling(typed: str, kept: str) -> None:
    checker = SpellChecker({**VOCABULARY, "admissions": 4, "agglomeration": 3})
    assert kept in typed
    assert checker.correct(typed) == typed


def test_a_word_nothing_resembles_stays_as_typed() -> None:
    assert SpellChecker(VOCABULARY).correct("xqzvwk") == "xqzvwk"
    assert "which" in english_frequencies()


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("wat problems do stroke patients face?", "what problems do stroke patients face?"),
        ("Hw is graphene made?", "How is graphene made?"),
        ("Waht limit?", "What limit?"),
        ("Wen was it published?", "When was it published?"),
    ],
)
def test_a_slipped_question_word_at_the_start_is_made_whole(typed: str, meant: str) -> None:
    assert SpellChecker(VOCABULARY).correct(typed) == meant


@pytest.mark.parametrize("text", ["Why not?", "Was it used?", "Hot electrospun fibres?", "Graphene sensors?"])
def test_real_openings_are_left_alone(text: str) -> None:
    assert SpellChecker(VOCABULARY).correct(text) == text


def test_an_opening_the_corpus_uses_is_left_alone() -> None:
    assert SpellChecker({**VOCABULARY, "wen": 3}).correct("Wen reported what?") == "Wen reported what?"
