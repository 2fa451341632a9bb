from rag.answer.abstain import DEFAULT_MODEL, SIGNALS, AbstentionModel, fit, signals, with_confidence
from rag.answer.evidence import Evidence, ScoredSentence
from rag.types import Chunk, Passage


def evidence(dense: float, lexical: float, unknown: float, ranks: dict[str, int]) -> Evidence:
    passage = Passage(Chunk("c", "d", "Results", "Some sentence here.", 0, 19), 1.0, ranks)
    best = ScoredSentence(0, 0, 19, "Some sentence here.", dense, lexical, (dense + lexical) / 2)
    return Evidence([passage], [best], coverage=lexical, unknown=unknown)


def test_signals_describe_the_best_sentence_and_the_question() -> None:
    found = signals(evidence(0.7, 0.8, 0.1, {"bm25": 1, "dense": 2}))
    assert found == {
        "dense": 0.7,
        "lexical": 0.8,
        "rare": 0.0,
        "coverage": 0.8,
        "unknown": 0.1,
        "technical": 0.0,
        "agreement": 1.0,
    }
    empty = signals(Evidence([], []))
    assert empty["dense"] == 0.0 and set(empty) == set(SIGNALS)  # the model can score it without a KeyError
    assert 0.0 < DEFAULT_MODEL.confidence(empty) < 0.5


def test_confidence_rises_with_support_and_falls_with_unknown_words() -> None:
    strong = with_confidence(evidence(0.8, 1.0, 0.0, {"bm25": 1, "dense": 1})).confidence
    vague = with_confidence(evidence(0.3, 0.4, 0.0, {"bm25": 4})).confidence
    unknown = with_confidence(evidence(0.8, 1.0, 0.9, {"bm25": 1, "dense": 1})).confidence
    assert strong > vague and strong > unknown
    assert with_confidence(Evidence([], [])).confidence == 0.0


def test_fit_separates_what_it_is_shown() -> None:
    rows = [dict.fromkeys(SIGNALS, 0.0) | {"dense": d, "lexical": d} for d in (0.1, 0.2, 0.3, 0.7, 0.8, 0.9)]
    model = fit(rows, [0, 0, 0, 1, 1, 1])
    assert isinstance(model, AbstentionModel)
    low, high = model.confidence(rows[0]), model.confidence(rows[-1])
    assert low < 0.5 < high and set(DEFAULT_MODEL.weights) == set(SIGNALS)
