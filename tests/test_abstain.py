from dataclasses import replace

from rag.answer.abstain import (
    DEFAULT_MODEL,
    ELSEWHERE_SIMILARITY,
    ELSEWHERE_UNKNOWN,
    PRIOR_COUNT,
    PRIOR_SIMILARITY,
    SIGNALS,
    UNRELATED_SIMILARITY,
    AbstentionModel,
    fit,
    signals,
    with_confidence,
)
from rag.answer.evidence import Evidence, ScoredSentence
from rag.settings import Settings
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
        "margin": found["margin"],
    }
    assert abs(found["margin"] - (0.7 - (0.7 + PRIOR_COUNT * PRIOR_SIMILARITY) / (1 + PRIOR_COUNT))) < 1e-9
    empty = signals(Evidence([], []))
    assert empty["dense"] == 0.0 and set(empty) == set(SIGNALS)  # the model can score it without a KeyError
    assert 0.0 < DEFAULT_MODEL.confidence(empty) < 0.5


def test_confidence_rises_with_support_and_falls_with_unknown_words() -> None:
    strong = with_confidence(evidence(0.8, 1.0, 0.0, {"bm25": 1, "dense": 1})).confidence
    vague = with_confidence(evidence(0.3, 0.4, 0.0, {"bm25": 4})).confidence
    unknown = with_confidence(evidence(0.8, 1.0, 0.9, {"bm25": 1, "dense": 1})).confidence
    assert strong > vague and strong > unknown
    assert with_confidence(Evidence([], [])).confidence == 0.0


def with_neighbours(best: float, others: list[float]) -> Evidence:
    """One strong sentence among candidates of the given similarities, same words everywhere."""
    passage = Passage(Chunk("c", "d", "Results", "Some sentence here.", 0, 19), 1.0, {"bm25": 1})
    scored = [ScoredSentence(0, 0, 19, f"Sentence {i}.", d, 0.6, d) for i, d in enumerate([best, *others])]
    return Evidence([passage], scored, coverage=0.6)


def test_an_answer_that_stands_out_from_the_other_candidates_is_trusted_more() -> None:
    """The same best similarity means less on a text where every candidate is as close (on topic, not
    answered) than where it stands out."""
    alike = with_confidence(with_neighbours(0.55, [0.53] * 30))
    standing_out = with_confidence(with_neighbours(0.55, [0.2] * 30))
    assert signals(standing_out)["margin"] > signals(alike)["margin"]
    assert standing_out.confidence > DEFAULT_MODEL.confidence(signals(alike)) == alike.confidence


def test_a_handful_of_candidates_is_measured_against_the_prior_not_only_itself() -> None:
    few = signals(with_neighbours(0.55, [0.53] * 3))["margin"]
    many = signals(with_neighbours(0.55, [0.53] * 300))["margin"]
    assert few > many > 0.0


def test_fit_separates_what_it_is_shown() -> None:
    rows = [dict.fromkeys(SIGNALS, 0.0) | {"dense": d, "lexical": d} for d in (0.1, 0.2, 0.3, 0.7, 0.8, 0.9)]
    model = fit(rows, [0, 0, 0, 1, 1, 1])
    assert isinstance(model, AbstentionModel)
    low, high = model.confidence(rows[0]), model.confidence(rows[-1])
    assert low < 0.5 < high and set(DEFAULT_MODEL.weights) == set(SIGNALS)


def with_sentences(*texts: str) -> Evidence:
    passage = Passage(Chunk("c", "d", "Results", " ".join(texts), 0, 1), 1.0, {"bm25": 1, "dense": 1})
    scored = [ScoredSentence(0, 0, 1, t, 0.8, 1.0, 0.9 - n / 10) for n, t in enumerate(texts)]
    return Evidence([passage], scored, coverage=1.0)


def test_a_question_asking_for_a_number_none_of_the_best_sentences_states_is_not_answered() -> None:
    wordy = with_sentences("Patients respond well to the therapy.", "The therapy is promising.")
    assert with_confidence(wordy).confidence > 0.5  # asking for nothing in particular, it answers
    assert with_confidence(wordy, expects="number").confidence == 0.0  # "what percentage respond?"
    second = with_sentences("Patients respond well to the therapy.", "Of them, 42% respond within a week.")
    assert with_confidence(second, expects="number").confidence > 0.5  # the number is in the second best
    far = with_sentences("A.", "B is so.", "C is so.", "D responds in 42% of cases.")
    assert with_confidence(far, expects="number").confidence == 0.0  # beyond the best KIND_WINDOW
    assert with_confidence(wordy, expects="year").confidence > 0.5  # "when does it respond?": maybe in words


def test_a_comparison_must_be_made_by_the_best_sentence_itself() -> None:
    """ "…and how does that compare with orlistat?" was answered with the reagent list, the one sentence naming
    orlistat, because the next best (about other inhibitors) compared. A comparison naming nothing to compare
    ("What is the difference between?") is not answered either."""
    thl = {"thl": 2.0}
    listed = with_sentences(
        "THL (orlistat) was purchased from Sigma.", "This inhibitor was more versatile than MmPPOX."
    )
    assert with_confidence(listed).confidence > 0.5
    assert with_confidence(replace(listed, terms=thl), expects="comparison").confidence == 0.0
    unlike = with_sentences("Unlike THL, MmPPOX was a selective inhibitor.", "THL was purchased from Sigma.")
    assert with_confidence(replace(unlike, terms=thl), expects="comparison").confidence > 0.5
    assert with_confidence(unlike, expects="comparison").confidence == 0.0  # no terms: of what?
    assert with_confidence(replace(unlike, terms={"differ": 2.0}), expects="comparison").confidence == 0.0


def test_the_limitations_asked_of_a_paper_must_be_in_the_best_sentence_and_not_a_table_row() -> None:
    """ "What are the limitations?" was answered "Limit of detection limits: 12 µM" over a review that names none."""
    limits = with_sentences("Limit of detection limits: 12 µM.", "This review has two limitations.")
    assert with_confidence(limits).confidence > 0.5
    assert with_confidence(limits, expects="limitation").confidence == 0.0
    owned = with_sentences("This study has several important limitations.", "Limit of detection: 12 µM.")
    assert with_confidence(owned, expects="limitation").confidence > 0.5
    row = replace(owned, sentences=[replace(owned.sentences[0], kind="table")])
    assert with_confidence(row, expects="limitation").confidence == 0.0


def test_a_question_asking_only_for_what_remains_to_be_done_is_answered_by_a_sentence_saying_it() -> None:
    """ "What further research is needed?" has no term of its own, so the lexical signal is nil."""
    onward = with_sentences("Further research is needed to determine the prevalence of Green OA.", "OA grows.")
    assert with_confidence(onward, expects="future").confidence == 1.0
    other = with_sentences("This is of utmost importance for the future of scholarly communication.", "OA grows.")
    assert with_confidence(other, expects="future").confidence == 0.0
    with_terms = replace(onward, terms={"green": 2.0})  # "What further research on Green OA is needed?"
    assert with_confidence(with_terms, expects="future").confidence < 1.0


def test_when_the_study_was_done_is_answered_by_a_sentence_dating_the_work_and_not_a_table_row() -> None:
    dated = with_sentences("Data collection was carried out in June 2010.", "Twelve wards took part.")
    assert with_confidence(dated, expects="period").confidence == 1.0
    undated = with_sentences("Nurse staffing has been a concern since 1998.", "Twelve wards took part.")
    assert with_confidence(undated, expects="period").confidence == 0.0
    row = replace(dated, sentences=[replace(dated.sentences[0], kind="table")])
    assert with_confidence(row, expects="period").confidence == 0.0


def test_how_a_thing_was_made_is_answered_by_a_sentence_saying_how_it_was_made() -> None:
    """ "How was CSP made?" quoted "Our results indicated that the therapeutic efficacy of orally administered
    CSP was greatly increased…": about CSP, and not how it was made."""
    about = with_sentences("Orally administered CSP was greatly effective.", "CSP was prepared by spray drying.")
    assert with_confidence(about).confidence > 0.5
    assert with_confidence(about, expects="making").confidence == 0.0
    made = with_sentences("CSP was prepared by spray drying.", "Orally administered CSP was greatly effective.")
    assert with_confidence(made, expects="making").confidence > 0.5


def test_a_year_the_question_names_must_be_in_one_of_the_best_sentences() -> None:
    """ "What share of articles published in 2016 were OA?" over a text whose figures stop at 2015."""
    asked = "What share of articles published in 2016 were OA?"
    earlier = with_sentences("Well over one million OA papers were published in 2015.", "See Tennant et al. (2016).")
    assert with_confidence(earlier, question=asked).confidence == 0.0  # a citation's year does not count
    named = with_sentences("Of articles published in 2016, 47% were OA.")
    assert with_confidence(named, question=asked).confidence > 0.5
    assert with_confidence(earlier, question="What share of articles were OA?").confidence > 0.5


def test_a_question_about_something_else_that_shares_one_word_with_the_text_is_not_answered() -> None:
    """ "What is the capital of Australia?" over a table of study countries: "Australia" is the one known
    word, so the lexical signal is full, but half the question is words the text never uses and the row
    is barely like it."""
    shared_word = evidence(dense=0.24, lexical=1.0, unknown=0.55, ranks={"bm25": 1, "dense": 2})
    assert DEFAULT_MODEL.confidence(signals(shared_word)) > 0.5  # the linear model alone leans to answering
    assert with_confidence(shared_word).confidence == 0.0
    close = evidence(dense=ELSEWHERE_SIMILARITY + 0.08, lexical=1.0, unknown=0.55, ranks={"bm25": 1, "dense": 2})
    assert with_confidence(close).confidence > 0.5  # a paraphrase: everyday words, but the sentence is like it
    known = evidence(dense=0.24, lexical=1.0, unknown=ELSEWHERE_UNKNOWN - 0.2, ranks={"bm25": 1, "dense": 2})
    assert with_confidence(known).confidence > 0.5  # "What does EV stand for?": short, known, dissimilar


def test_a_sentence_sharing_only_the_questions_words_is_not_an_answer() -> None:
    """ "Who were the participants?" over "…enzymes … participating in…": full lexical coverage, a similarity
    of about nil and below the other candidates'. The linear model alone would answer."""
    other_sense = with_neighbours(UNRELATED_SIMILARITY - 0.11, [0.0] * 8)
    first, *rest = other_sense.sentences
    other_sense = replace(other_sense, sentences=[replace(first, lexical=1.0), *rest])
    assert DEFAULT_MODEL.confidence(signals(other_sense)) > Settings().min_evidence
    assert with_confidence(other_sense).confidence == 0.0
    like_it = replace(other_sense, sentences=[replace(first, lexical=1.0, dense=UNRELATED_SIMILARITY + 0.05), *rest])
    assert with_confidence(like_it).confidence > 0.0  # low, but not nil: left to the model


def in_section(section: str, *texts: str) -> Evidence:
    passage = Passage(Chunk("c", "d", section, " ".join(texts), 0, 1), 1.0, {"bm25": 1, "dense": 1})
    scored = [ScoredSentence(0, 0, 1, t, 0.8, 1.0, 0.9 - n / 10) for n, t in enumerate(texts)]
    return Evidence([passage], scored, coverage=1.0)


def test_a_name_the_question_uses_must_be_in_the_best_sentences_passage() -> None:
    """ "Does MmPPOX work against multidrug-resistant strains?" over a passage on such strains that never
    names MmPPOX is a question the text does not answer; the same question over a passage that names it,
    in a sentence, its section title, its long form or each part of a compound, is answered."""
    strains = in_section("Introduction", "Multidrug-resistant strains made treatments less efficient.")
    question = "Does MmPPOX work against multidrug-resistant strains?"
    assert with_confidence(strains).confidence > 0.5  # nothing named: the rule stays out of the way
    assert with_confidence(strains, question=question).confidence == 0.0
    earlier = in_section("Results", "It stopped multidrug-resistant strains.", "We tested MmPPOX next.")
    assert with_confidence(earlier, question=question).confidence > 0.5  # the passage names it
    titled = in_section("Activity of mmppox", "It stopped multidrug-resistant strains.")
    assert with_confidence(titled, question=question).confidence > 0.5  # any case, in the section title
    both = "Does PTEN bind miR-21?"
    one = in_section("Results", "miR-21 binds many targets.")
    assert with_confidence(one, question=both).confidence == 0.0  # every name, not one of them
    long_form = in_section("Results", "Mesenchymal stem cells and extracellular vesicles were isolated.")
    abbreviations = {"MSC": "mesenchymal stem cells", "EV": "extracellular vesicles"}
    asked = "How were MSC-EVs isolated?"
    assert with_confidence(long_form, question=asked, long_forms=abbreviations).confidence > 0.5
    assert with_confidence(long_form, question=asked).confidence == 0.0  # no abbreviation known: not named


def test_a_proper_noun_the_corpus_never_uses_means_the_text_does_not_hold_the_answer() -> None:
    """ "Who won the Nobel Prize in 2015?" over a paper whose sentences about 2015 read close: "Nobel" and
    "Prize" are words the corpus never uses. A capitalised word the corpus does use, or a lower-case one it
    lacks (a paraphrase's everyday word), is no such sign; nor is the capital a sentence starts with."""
    papers = with_sentences("Well over one million OA papers were published in 2015.")
    asked = "Who won the Nobel Prize in 2015?"
    assert with_confidence(papers, question=asked).confidence > 0.5  # before: the year matched, so it answered
    lacking = replace(papers, absent=("won", "nobel", "prize"))
    assert with_confidence(lacking, question=asked).confidence == 0.0
    everyday = replace(papers, absent=("won",))
    assert with_confidence(everyday, question="Who won most in 2015?").confidence > 0.5
    first = replace(papers, absent=("papers",))
    assert with_confidence(first, question="Papers published in 2015?").confidence > 0.5


def under(section: str, asked: bool, dense: float = -0.09, unknown: float = 0.0) -> Evidence:
    text = "This work was supported by grant MOST-105-2320-B-010-031."
    passage = Passage(Chunk("c", "d", section, text, 0, len(text)), 1.0, {"bm25": 1})
    best = ScoredSentence(0, 0, len(text), text, dense, 1.0, 0.5)
    terms = {"fund": 4.4}
    return Evidence(
        [passage], [best], coverage=1.0, unknown=unknown, terms=terms, asked=frozenset({0} if asked else ())
    )


def test_the_back_matter_section_a_question_asks_for_answers_it() -> None:
    """ "Who funded this work?": a list of grant numbers reads nothing like the question to the model (on a
    tuning paper it fell just under the bar), yet the section the question names is the answer (which
    section a question asks for: `test_evidence`); so is it for "What was the funding source?", whose
    "source" the paper never uses (half its words unknown, no sentence alike: "about something else")."""
    assert DEFAULT_MODEL.confidence(signals(under("Acknowledgments and funding", asked=True))) < 0.564
    assert with_confidence(under("Acknowledgments and funding", asked=True)).confidence == 1.0
    assert with_confidence(under("Funding", asked=True, dense=0.11, unknown=0.55)).confidence == 1.0
    assert with_confidence(under("Funding", asked=False, dense=0.11, unknown=0.55)).confidence == 0.0
    assert with_confidence(under("Funding", asked=False)).confidence < 0.564


def test_the_caption_of_the_figure_asked_about_answers_it_whatever_words_the_question_uses() -> None:
    """ "Describe Fig. 3" over a paper that writes "Figure": "Fig" is a capitalised word the corpus never
    uses, which refuses any other question; here the caption the question names was found."""
    text = "Figure 3: Protein-inhibitor adducts studied by mass spectrometry."
    passage = Passage(Chunk("f", "d", "Figure 3: Protein-inhibitor adducts", text, 0, len(text), kind="figure"), 1.0)
    best = ScoredSentence(0, 0, len(text), text, 0.13, 1.0, 1.5, "figure")
    found = Evidence([passage], [best], coverage=1.0, unknown=0.8, absent=("fig",), asked=frozenset({0}))
    assert with_confidence(found, question="Describe Fig. 3").confidence == 1.0
    assert with_confidence(replace(found, asked=frozenset()), question="Describe Fig. 3").confidence == 0.0
