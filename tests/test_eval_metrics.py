"""eval/metrics.py and eval/text.py: small examples whose answers can be checked by hand."""

from __future__ import annotations

import math

import pytest

from eval import metrics as m
from eval.text import char_overlap, containment, contains, normalise, token_f1

R = m.Ranked
A, B, NONE = frozenset({"a"}), frozenset({"b"}), frozenset()


def test_normalise_and_contains_ignore_case_punctuation_and_word_boundaries():
    assert normalise("Self-Renewal,  and DNA!") == "self renewal and dna"
    assert contains("MSCs show self-renewal.", "Self renewal")
    assert not contains("cancers", "cancer s")
    assert not contains("radiotherapy", "therapy")  # starts at a word boundary
    assert contains("mesenchymal stem cells", "Mesenchymal stem cell")  # plural still matches
    assert not contains("anything", "")


def test_token_f1_and_containment():
    assert token_f1("proteins and lipids", "proteins, RNA, DNA, lipids") == pytest.approx(2 * 1.0 * 0.5 / 1.5)
    assert token_f1("", "anything") == 0.0
    assert containment("the cells", "stromal cell") == 1.0  # stop words dropped, plural folded
    assert containment("", "x") == 1.0


def test_hit_at_k():
    items = [R((NONE, A), 1), R((A,), 1), R((NONE, NONE), 1), R((), 0)]
    score = m.hit_at_k(items, 1)
    assert score.per_item == [0.0, 1.0, 0.0, None]
    assert score.value == pytest.approx(1 / 3)
    assert m.hit_at_k(items, 2).value == pytest.approx(2 / 3)


def test_recall_at_k_counts_distinct_gold_keys():
    items = [R((A, A, B), 2), R((A | B,), 2), R((NONE,), 3)]
    assert m.recall_at_k(items, 2).per_item == [0.5, 1.0, 0.0]
    assert m.recall_at_k(items, 3).per_item == [1.0, 1.0, 0.0]


def test_mrr():
    items = [R((NONE, NONE, A), 1), R((A,), 1), R((NONE,), 1)]
    score = m.mrr(items)
    assert score.per_item == [pytest.approx(1 / 3), 1.0, 0.0]
    assert score.value == pytest.approx((1 / 3 + 1) / 3)


def test_ndcg_binary_and_repeated_keys_do_not_count_twice():
    # relevant at ranks 2 and 3, two gold keys: (1/log2(3) + 1/log2(4)) / (1 + 1/log2(3))
    expected = (1 / math.log2(3) + 0.5) / (1 + 1 / math.log2(3))
    assert m.ndcg_at_k([R((NONE, A, B), 2)], 10).per_item[0] == pytest.approx(expected)
    # the same quote found again by an overlapping chunk adds nothing
    assert m.ndcg_at_k([R((A, A), 1)], 10).per_item[0] == pytest.approx(1.0)
    assert m.ndcg_at_k([R((NONE,) * 10 + (A,), 1)], 10).per_item[0] == 0.0
    assert m.ndcg_at_k([R((), 0)], 10).per_item == [None]


def test_empty_inputs_give_no_value():
    assert m.hit_at_k([], 3) == m.Score(None, [])
    assert m.mrr([R((), 0)]).value is None


def test_key_point_recall_with_alternatives():
    answers = ["Published in Int J Biol Sci in 2024.", "Radiotherapy and chemotherapy.", "anything"]
    points = [["Int J Biol Sci|International Journal of Biological Sciences", "2025"], ["radiotherapy"], []]
    assert m.key_point_recall(answers, points).per_item == [0.5, 1.0, None]


def test_supports_by_gold_quote_or_lexical_overlap():
    passage = "MSCs are stromal cells. They secrete vesicles."
    assert m.supports("MSCs are stromal cells. [1]", passage)  # lexical: every content word is in the passage
    assert not m.supports("Vesicles cure cancer.", passage)
    assert m.supports(
        "They secrete vesicles", "They secrete vesicles.", gold_quotes=["secrete vesicles"], threshold=1.1
    )


def test_citation_recall_alce_style():
    good = m.CitedSentence("MSCs are stromal cells [1]", ("MSCs are stromal cells.",))
    uncited = m.CitedSentence("MSCs are stromal cells.", ())
    wrong = m.CitedSentence("Vesicles cure cancer [2]", ("MSCs are stromal cells.",))
    score = m.citation_recall([[good, uncited], [wrong], None], [[], [], []])
    assert score.per_item == [0.5, 0.0, None]
    assert score.value == pytest.approx(0.25)


def test_citation_precision_counts_needed_citations_only():
    p1, p2, junk = "MSCs are stromal cells.", "Stromal cells renew.", "Paris is in France."
    both_needed = m.CitedSentence("MSCs are stromal cells that self renew", (p1, p2))
    one_junk = m.CitedSentence("MSCs are stromal cells", (p1, junk))
    unsupported = m.CitedSentence("Vesicles cure cancer", (p1,))
    score = m.citation_precision([[both_needed], [one_junk], [unsupported], [m.CitedSentence("x", ())]], [[]] * 4)
    assert score.per_item == [1.0, 0.5, 0.0, None]


def test_abstention_precision_and_recall():
    abstained = [True, True, False, False]
    expected = [True, False, True, False]
    assert m.abstention_recall(abstained, expected).per_item == [1.0, None, 0.0, None]
    assert m.abstention_precision(abstained, expected).per_item == [1.0, 0.0, None, None]
    assert m.abstention_precision([False], [True]).value is None


def test_answer_f1():
    assert m.answer_f1(["a b c", "x"], ["alpha", "x"]).per_item == [0.0, 1.0]


def test_latency_percentiles_match_numpy_linear():
    latencies = [10.0, 20.0, 30.0, 40.0, None]
    assert m.latency_percentile(latencies, 50).value == 25.0
    assert m.latency_percentile(latencies, 95).value == pytest.approx(38.5)
    assert m.latency_percentile([7.0], 95).value == 7.0
    assert m.latency_percentile([], 50).value is None


def test_breakdown_per_category_with_counts():
    table = m.breakdown([1.0, 0.0, None, 1.0], ["a", "a", "b", "c"])
    assert table == {
        "all": {"value": pytest.approx(2 / 3), "n": 3},
        "a": {"value": 0.5, "n": 2},
        "b": {"value": None, "n": 0},
        "c": {"value": 1.0, "n": 1},
    }


def test_strip_markers():
    assert m.strip_markers("MSCs are cells [1][2].") == "MSCs are cells."
    assert m.strip_markers("Text [3, 4]") == "Text"


# Full-text suite ------------------------------------------------------------------------------------


def test_char_overlap_is_a_shared_run_of_the_shorter_text():
    quote = "the detection limit of the biosensor was 0.53 μM"
    assert char_overlap("The detection limit of the biosensor was 0.53 μM [3].", quote) == 1.0
    assert char_overlap("limit of the biosensor", quote) == 1.0  # the sentence inside the quote
    assert char_overlap("Paris is the capital of France.", quote) == 0.0  # only short runs ("the ") in common
    assert char_overlap("", quote) == 0.0


def test_answered_all_key_facts_needs_every_point_and_an_answer():
    answers = ["LipY and LipI.", "LipY only.", None, "Published in CC BY 4.0 terms.", "anything"]
    points = [["LipY", "LipI"], ["LipY", "LipI"], ["LipY"], ["CC BY 4.0|Creative Commons"], []]
    assert m.answered_all_key_facts(answers, points).per_item == [1.0, 0.0, 0.0, 1.0, None]
    assert m.answered_all_key_facts(["radiotherapy"], [["therapy"]]).per_item == [0.0]  # word start only


def test_refusals_pointing_at_answer_looks_only_at_refused_answerable_items():
    offered = [["LipY is inhibited.", "So is LipI."], ["LipY only."], [], None, ["anything"]]
    points = [["LipY", "LipI"], ["LipY", "LipI"], ["LipY"], ["LipY"], []]
    # held across two passages / one point missing / nothing offered / answered / must be refused
    assert m.refusals_pointing_at_answer(offered, points).per_item == [1.0, 0.0, 0.0, None, None]


def test_cites_the_asked_paper_fails_an_answer_padded_from_another_paper():
    cited = [["a"], ["a", "b"], ["b"], None, []]
    assert m.cites_the_asked_paper(cited, ["a", "a", "a", "a", "a"]).per_item == [1.0, 0.0, 0.0, None, 1.0]


def test_key_facts_in_top_k_by_quote_or_by_key_points():
    passages = [
        ["noise", "a quote here", "noise"],  # quote at rank 2
        ["noise", "noise", "noise", "a quote here"],  # only at rank 4
        ["the DOI is 10.1/x", "year 2018"],  # both key points, spread over two passages
        ["the DOI is 10.1/x"],  # one of two key points
        ["anything"],
    ]
    quotes = [["a quote"], ["a quote"], ["not retrieved"], ["not retrieved"], []]
    points = [["zzz"], ["zzz"], ["10.1/x", "2018"], ["10.1/x", "2018"], []]
    assert m.key_facts_in_top_k(passages, quotes, points, k=3).per_item == [1.0, 0.0, 1.0, 0.0, None]
    assert m.key_facts_in_top_k([["A Quote"]], [["a quote"]], [["qq"]], 3).per_item == [0.0]  # quotes are verbatim


def test_benign_refused_counts_refusals_of_benign_questions_only():
    score = m.benign_refused([True, False, True, True], [True, True, False, True])
    assert score.per_item == [1.0, 0.0, None, 1.0]
    assert score.value == 2 and score.aggregate == "sum"
    assert m.benign_refused([False], [True]).value == 0
    assert m.benign_refused([True], [False]).value is None


def test_answer_sentences_that_answer_scores_padding_as_failures():
    quotes = [["MSCs are a type of stromal cells characterized by their properties of self-renewal"]]
    points = [["stromal cells"]]
    said = [
        [
            "MSCs (mesenchymal stem cells) are a type of stromal cells [1].",  # holds a key point
            "characterized by their properties of self-renewal and multi-lineage differentiation [1].",  # the quote
            "[12] Smith J, Doe A (2019) Stem cells in cancer. Nature 1: 2-3.",  # a reference-list entry
            "Figure 2: Schematic of the isolation workflow.",  # a caption
        ]
    ]
    score = m.answer_sentences_that_answer(said, quotes, points)
    assert score.per_item == [0.5]
    assert m.answer_sentences_that_answer([None, []], [["q"], ["q"]], [["p"], ["p"]]).per_item == [None, None]
    assert m.answer_sentences_that_answer([["x"]], [[]], [[]]).per_item == [None]  # nothing to compare with
    assert not m.answers_question("The cells of the body are stromal [1].", [], ["stromal cells"])


def test_first_sentence_answers_looks_at_the_first_sentence_only():
    quotes, points = [["the average diameter of CSP was 59 nm"]] * 3, [["59 nm"]] * 3
    said = [
        ["The average diameter of CSP was 59 nm [1].", "Figure 2: Schematic of the workflow [2]."],
        ["Figure 2: Schematic of the workflow [2].", "The average diameter of CSP was 59 nm [1]."],
        None,  # refused
    ]
    assert m.first_sentence_answers(said, quotes, points).per_item == [1.0, 0.0, None]
    assert m.first_sentence_answers([["x"]], [[]], [[]]).per_item == [None]  # nothing to compare with


def test_reference_entries_quoted_counts_sentences_cited_from_reference_lists():
    kinds = [
        [("body",), ("references",), ("body", "references")],
        [("references",)],  # allowed: the question asks which study says it
        None,  # abstained
        [("abstract",)],
    ]
    score = m.reference_entries_quoted(kinds, [False, True, False, False])
    assert score.per_item == [2.0, None, None, 0.0]
    assert score.value == 2 and score.aggregate == "sum"


def test_breakdown_sums_counting_metrics():
    table = m.breakdown([1.0, 0.0, 2.0, None], ["a", "a", "b", "b"], aggregate="sum")
    assert table == {"all": {"value": 3, "n": 3}, "a": {"value": 1, "n": 2}, "b": {"value": 2, "n": 1}}
    assert m.breakdown([None], ["a"], aggregate="sum")["a"] == {"value": None, "n": 0}
