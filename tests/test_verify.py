"""The generated-sentence check: numbers, names, negations and content words must be in the support."""

from __future__ import annotations

import pytest

from rag.answer.verify import SupportChecker, entities_in, numbers_in
from tests.fakes import HashEmbedder, hand_evidence

THRESHOLD = 0.17


def check(text: str, cited: list[int], question: str = "") -> tuple[bool, str, tuple[int, ...]]:
    """(supported, verdict, passages of the support) for one sentence against the hand-built evidence."""
    checker = SupportChecker(hand_evidence(), HashEmbedder().embed, THRESHOLD, question)
    (checked,) = checker.check([(text, cited)])
    return checked.supported, checked.verdict, tuple(s.passage for s in checked.support.sources)


def test_numbers_and_number_words_are_found_as_digits() -> None:
    assert numbers_in("87% of patients after five years, 1,200 cells") == {"87", "5", "1200"}
    assert numbers_in("one of the mechanisms") == set()  # 'one' is rarely a count


def test_entities_are_short_forms_codes_and_mid_sentence_names() -> None:
    assert entities_in("MSC-EVs carry miR-21 to Boston labs. The cells") == ["MSC-EVs", "miR-21", "Boston"]


def test_a_sentence_restating_a_passage_sentence_is_supported_by_it() -> None:
    assert check("MSC-EVs are linked to resistance to chemotherapy and radiotherapy.", [2]) == (True, "supported", (1,))


@pytest.mark.parametrize(
    "invented",
    [
        "MSC-EVs cure most cancers within two weeks of a single injection.",
        "87% of patients treated with MSC-EVs were cancer-free after five years.",
        "MSC-EVs are linked to resistance to chemotherapy in 2019.",  # a number the passage lacks
        "MSC-EVs are linked to resistance to chemotherapy in Boston.",  # a name the passage lacks
        "MSC-EVs are not linked to resistance to chemotherapy.",  # a negation the passage lacks
        "MSC-EVs are linked to resistance to chemotherapy and insulin therapy.",  # a word the passage lacks
    ],
)
def test_invented_content_is_never_supported(invented: str) -> None:
    supported, verdict, _ = check(invented, [2])
    assert not supported and verdict == "unsupported"


def test_a_wrong_citation_is_corrected_to_the_supporting_passage() -> None:
    assert check("MSCs are characterized by self-renewal and multi-lineage differentiation.", [2]) == (
        True,
        "corrected",
        (0,),
    )


def test_an_uncited_sentence_gets_the_passage_that_supports_it() -> None:
    assert check("The clinical use of MSC-EVs for drug delivery is discussed.", []) == (True, "supported", (1,))


def test_two_neighbouring_sentences_can_support_one_sentence_but_distant_ones_cannot() -> None:
    joined = "MSCs are stromal cells that exert their effects mainly through extracellular vesicles."
    assert check(joined, [1]) == (True, "supported", (0, 0))
    recombined = "MSCs are stromal cells linked to resistance to radiotherapy."  # facts of two passages
    assert not check(recombined, [1])[0]


def test_words_of_the_question_may_be_restated() -> None:
    sentence = "MSC-EVs contribute to resistance to chemotherapy."
    assert not check(sentence, [2])[0]  # 'contribute' is in no passage
    assert check(sentence, [2], question="Do MSC-EVs contribute to resistance?")[0]


def test_a_sentence_without_content_words_is_not_supported() -> None:
    assert check("The review discusses this.", [1])[0] is False
