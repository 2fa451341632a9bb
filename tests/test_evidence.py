"""Sentence scoring on a hand-made passage set, with the hash embedder for vectors."""

from __future__ import annotations

import numpy as np
import pytest

from rag.answer.evidence import Query, SentenceScorer, in_named_section, tells_making, titled_for
from rag.index.chunk import sentence_id
from rag.index.snapshot import StoredSentenceVectors
from rag.query.hints import self_references
from rag.types import Chunk, Passage
from tests.fakes import HashEmbedder

ABSTRACT = "Mesenchymal stem cells (MSCs) are stromal cells. MSC-EVs confer chemotherapy resistance."
CITATION = "APA: Shan, C. (2024). Stem cells and chemotherapy resistance."
ACRONYMS = {"MSC": "mesenchymal stem cell", "EV": "extracellular vesicle"}


def passages() -> list[Passage]:
    return [
        Passage(Chunk("a", "doc", "Abstract", ABSTRACT, 0, len(ABSTRACT), kind="abstract"), 1.0),
        Passage(Chunk("c", "doc", "Citation", CITATION, 0, len(CITATION), kind="metadata"), 0.5),
    ]


def scorer(embedder: HashEmbedder, stored: list[str] | None = None) -> SentenceScorer:
    texts = stored if stored is not None else ["Mesenchymal stem cells (MSCs) are stromal cells."]
    vectors = {sentence_id("doc", t): v for t, v in zip(texts, embedder.embed(texts), strict=True)}
    idf = {"msc": 0.5, "chemotherapi": 1.5, "resist": 1.0, "apa": 2.0, "citat": 2.0}
    return SentenceScorer(StoredSentenceVectors(vectors, embedder.embed), idf, 3.0, ACRONYMS)


def query(embedder: HashEmbedder, text: str, **kw: object) -> Query:
    return Query(text, embedder.embed([text])[0], **kw)  # type: ignore[arg-type]


def test_best_sentence_first_and_metadata_lines_left_out_of_content_questions() -> None:
    embedder = HashEmbedder()
    evidence = scorer(embedder).score(query(embedder, "Do MSCs confer chemotherapy resistance?"), passages())
    assert evidence.sentences[0].text == "MSC-EVs confer chemotherapy resistance."
    assert all(not s.text.startswith("APA") for s in evidence.sentences)


def test_metadata_lines_are_never_candidates_even_for_questions_about_them() -> None:
    embedder = HashEmbedder()
    evidence = scorer(embedder).score(query(embedder, "cite APA Shan"), passages())
    assert all(not s.text.startswith("APA") for s in evidence.sentences)


def test_a_word_the_corpus_never_uses_counts_as_unknown_not_as_a_missing_term() -> None:
    embedder = HashEmbedder()
    covered = scorer(embedder).score(query(embedder, "chemotherapy resistance"), passages())
    uncovered = scorer(embedder).score(query(embedder, "tamoxifen chemotherapy resistance"), passages())
    assert covered.sentences[0].lexical == uncovered.sentences[0].lexical == 1.0
    assert covered.unknown == 0.0 and 0.5 < uncovered.unknown < 1.0  # tamoxifen weighs as the rarest word
    assert covered.coverage == 1.0


def test_the_words_a_question_uses_that_the_corpus_never_does_are_listed_as_typed() -> None:
    embedder = HashEmbedder()
    evidence = scorer(embedder).score(
        query(embedder, "Do MSC-EVs cure Pancreatic chemotherapy resistance?"), passages()
    )
    assert evidence.absent == ("cure", "pancreatic")  # "do" is phrasing; "msc-evs" is known by its parts
    assert scorer(embedder).score(query(embedder, "chemotherapy resistance"), passages()).absent == ()
    delivery = SentenceScorer(StoredSentenceVectors({}, embedder.embed), {"deliveri": 1.0, "cell": 1.0}, 3.0, {})
    said = delivery.score(query(embedder, "Can cells deliver drugs?"), passages())
    assert said.absent == ("drugs",)  # "deliver" is the text's word: it says "delivery"


def test_a_name_that_starts_with_digits_is_one_word_the_corpus_may_know() -> None:
    """ "33RE" is a compound the text names: not a specialist word it lacks (once read as the word "RE")."""
    embedder = HashEmbedder()
    known = scorer(embedder)
    known.idf["33re"] = 2.0  # type: ignore[index]
    assert known.score(query(embedder, "Does 33RE confer chemotherapy resistance?"), passages()).technical == 0.0
    lacking = scorer(embedder).score(query(embedder, "Does 33RE confer chemotherapy resistance?"), passages())
    assert lacking.technical > 0.0  # the same question over a text that never names it
    stray = known.score(query(embedder, "Does 33RE confer chemotherapy resistance? <b>x</b>"), passages())
    assert stray.technical == 0.0  # single letters of stray markup are not words the text lacks


def test_short_everyday_words_are_not_specialist_words_the_text_lacks() -> None:
    """A paraphrase asks in everyday words, two-letter ones included: "so" in "why are these cells so valued
    for repairing tissues?" once counted as a specialist word the text lacks, and that alone refused it."""
    embedder = HashEmbedder()
    everyday = scorer(embedder).score(
        query(embedder, "Why is chemotherapy resistance so valued for repairing?"), passages()
    )
    assert everyday.technical == 0.0
    specialist = scorer(embedder).score(query(embedder, "Why is chemotherapy resistance so tetraspanin?"), passages())
    assert specialist.technical > 0.0  # a word neither the text nor everyday English uses still counts


def test_reference_entries_answer_only_questions_about_references() -> None:
    embedder = HashEmbedder()
    entry = "[12] Smith J. Chemotherapy resistance and exosomes. Nature 2020."
    refs = Passage(Chunk("r", "doc", "References", entry, 0, len(entry), kind="references"), 0.4)
    content = scorer(embedder).score(query(embedder, "chemotherapy resistance"), [*passages(), refs])
    cited = scorer(embedder).score(query(embedder, "chemotherapy resistance", references=True), [*passages(), refs])
    assert entry not in {s.text for s in content.sentences} and entry in {s.text for s in cited.sentences}


def test_sentences_to_exclude_are_not_offered_again() -> None:
    embedder = HashEmbedder()
    said = "MSC-EVs confer chemotherapy resistance."
    evidence = scorer(embedder).score(query(embedder, "resistance", exclude=frozenset({said})), passages())
    assert said not in {s.text for s in evidence.sentences} and evidence.sentences


def test_a_sentence_holding_one_already_said_is_not_offered_again() -> None:
    """The history may quote a sentence shortened or re-punctuated ("What did the first one show?")."""
    embedder = HashEmbedder()
    said = "msc-evs confer chemotherapy resistance"
    evidence = scorer(embedder).score(query(embedder, "resistance", exclude=frozenset({said})), passages())
    assert "MSC-EVs confer chemotherapy resistance." not in {s.text for s in evidence.sentences}
    assert "Mesenchymal stem cells (MSCs) are stromal cells." in {s.text for s in evidence.sentences}


def test_what_a_table_shows_is_said_by_sentences_naming_it_or_by_its_own_caption() -> None:
    embedder = HashEmbedder()
    body = "Table 1 lists the patients. Table 2 lists the tablets. Additional file 1: Appendices, Tables and figures."
    legend = "Ages are in years."
    passages = [
        Passage(Chunk("b", "doc", "Results", body, 0, len(body)), 1.0),
        Passage(Chunk("t", "doc", "Table 1: Patients", legend, 0, len(legend), kind="table"), 0.9),
    ]
    asked = query(embedder, "What does Table 1 show?", labels=frozenset({("table", "1")}))
    shown = {s.text for s in scorer(embedder).score(asked, passages).sentences}
    assert shown == {"Table 1 lists the patients.", "Ages are in years."}


def test_the_caption_of_the_table_asked_about_comes_before_a_sentence_citing_it() -> None:
    """ "Results are summarized in Table 1." names the table and reads like the question; the caption says
    what the table holds, and it is the section the question asks for."""
    embedder = HashEmbedder()
    body = "Results are summarized in Table 1."
    caption = "Table 1: Substrate specificity of the lipases."
    passages = [
        Passage(Chunk("b", "doc", "Results", body, 0, len(body)), 1.0),
        Passage(Chunk("t", "doc", "Table 1: Substrate specificity", caption, 0, len(caption), kind="table"), 0.2),
    ]
    asked = query(embedder, "What is summarized in Table 1?", labels=frozenset({("table", "1")}))
    evidence = scorer(embedder).score(asked, passages)
    assert evidence.sentences[0].text == caption
    assert evidence.asked == {1}
    assert [evidence.in_asked_section(s) for s in evidence.sentences] == [True, False]


def test_a_comparison_is_answered_by_the_sentence_setting_the_two_against_each_other() -> None:
    """ "What is the difference between MmPPOX and THL?" was refused: its rarest terms were "between" and
    "differ", and the sentence holding "between" gave MICs. "between" asks for a comparison; it is no term."""
    idf = {"thl": 2.0, "mmppox": 2.0, "between": 2.8}
    scoring = SentenceScorer(StoredSentenceVectors({}, HashEmbedder().embed), idf, 3.0, {})
    asked = "What is the difference between MmPPOX and THL?"
    assert scoring.terms(asked, "comparison") == {"thl": 2.0, "mmppox": 2.0}
    text = "MICs were between 10 and 20 for MmPPOX and THL. Unlike THL, MmPPOX was a selective inhibitor."
    passage = Passage(Chunk("b", "doc", "Results", text, 0, len(text)), 1.0)
    embedder = HashEmbedder()
    evidence = scoring.score(query(embedder, asked, expects="comparison"), [passage])
    assert evidence.sentences[0].text == "Unlike THL, MmPPOX was a selective inhibitor."


def test_that_the_study_was_done_is_no_term_of_when_or_where_it_was() -> None:
    """ "When was the study conducted?" quoted "…a probe trial was conducted by removing the platform…" and
    "…we conducted an exhaustive search…" on five of the seven full texts."""
    idf = {"conduct": 2.0, "graphen": 1.5, "discov": 2.5, "studi": 1.0}
    scoring = SentenceScorer(StoredSentenceVectors({}, HashEmbedder().embed), idf, 3.0, {})
    asked = "When was the study conducted?"
    assert scoring.terms(asked, "year", self_references(asked)) == {}
    assert scoring.terms("Where was this research carried out?", "") == {}
    assert scoring.terms("When was graphene discovered?", "year") == {"graphen": 1.5, "discov": 2.5}
    assert scoring.terms("How was the survey conducted in each ward?", "") == {"conduct": 2.0}


def test_the_noun_a_question_points_at_its_paper_with_is_no_term_to_match() -> None:
    """ "How many patients were in the study?" over a review: its sentences say "review", and "study" is no
    word the answer must hold; "Which study reported it?" asks about studies."""
    scoring = SentenceScorer(StoredSentenceVectors({}, HashEmbedder().embed), {"patient": 2.0, "studi": 1.0}, 3.0, {})
    asked = "How many patients were in the study?"
    assert scoring.terms(asked, pointing=self_references(asked)) == {"patient": 2.0}
    assert scoring.terms("Which study reported patients?", pointing=frozenset()) == {"patient": 2.0, "studi": 1.0}
    listed = "How many patients did these studies include?"  # a reading list points at its papers so
    assert scoring.terms(listed, pointing=self_references(listed)) == {"patient": 2.0}


def test_the_authors_and_what_they_make_are_no_terms_of_a_question_about_their_paper() -> None:
    """ "What recommendations do the authors make?" was refused over a paper whose recommendations never say
    "authors" or "make": its best sentence was "The corresponding author wrote the first draft…"."""
    idf = {"recommend": 3.1, "make": 4.2, "author": 2.3, "draft": 2.0, "fiber": 2.0}
    scoring = SentenceScorer(StoredSentenceVectors({}, HashEmbedder().embed), idf, 3.0, {})
    asked = "What recommendations do the authors make?"
    assert scoring.terms(asked, pointing=self_references(asked)) == {"recommend": 3.1}
    drafted = "Which draft did an author write?"  # no pointing: the author is what it asks about
    assert scoring.terms(drafted, pointing=self_references(drafted)) == {"draft": 2.0, "author": 2.3}
    assert scoring.terms("What hampers fibre-making?") == {"fiber": 2.0, "make": 4.2}  # no fronted noun


def test_the_verb_a_question_ends_on_after_its_noun_and_subject_is_no_term() -> None:
    """ "What problems did the hospital face?" was refused over a paper whose answer says "41% cited staff
    performance as the major problem": "face", its rarest term, is in no sentence that answers."""
    idf = {"problem": 2.6, "hospit": 1.1, "face": 4.2, "role": 2.0, "play": 3.0, "resist": 2.0, "chang": 2.0}
    scoring = SentenceScorer(StoredSentenceVectors({}, HashEmbedder().embed), idf, 3.0, {})
    assert scoring.terms("What problems did the hospital face?") == {"problem": 2.6, "hospit": 1.1}
    assert "resist" in scoring.terms("What role did MSC-EVs play in resistance?")  # not its last verb
    assert scoring.terms("What did CSP change?") == {"chang": 2.0}  # the verb is what it asks about


def test_definition_questions_lift_the_defining_sentence() -> None:
    embedder = HashEmbedder()
    plain = scorer(embedder).score(query(embedder, "MSC"), passages())
    asked = scorer(embedder).score(query(embedder, "MSC", define=("MSC",)), passages())
    defining = "Mesenchymal stem cells (MSCs) are stromal cells."
    assert asked.sentences[0].text == defining
    assert asked.sentences[0].score > next(s.score for s in plain.sentences if s.text == defining)


def test_sentences_missing_from_the_index_are_embedded_on_the_fly() -> None:
    embedder = HashEmbedder()
    scoring = scorer(embedder, stored=[])
    before = embedder.texts_embedded
    evidence = scoring.score(query(embedder, "chemotherapy"), passages())
    assert embedder.texts_embedded - before == len(evidence.sentences) + 1  # +1 for the query itself
    assert np.isfinite([s.dense for s in evidence.sentences]).all()


def test_the_keyword_list_is_not_a_statement_to_quote() -> None:
    embedder = HashEmbedder()
    text = "Key words: chemotherapy resistance, stem cells, vesicles. MSC-EVs confer chemotherapy resistance."
    keywords = [Passage(Chunk("k", "doc", "Abstract", text, 0, len(text), kind="abstract"), 1.0)]
    evidence = scorer(embedder).score(query(embedder, "chemotherapy resistance key words"), keywords)
    assert [s.text for s in evidence.sentences] == ["MSC-EVs confer chemotherapy resistance."]


def test_a_question_the_text_asks_is_not_an_answer() -> None:
    embedder = HashEmbedder()
    text = "What drives chemotherapy resistance? MSC-EVs confer chemotherapy resistance."
    asked = [Passage(Chunk("q", "doc", "Introduction", text, 0, len(text)), 1.0)]
    evidence = scorer(embedder).score(query(embedder, "What drives chemotherapy resistance?"), asked)
    assert [s.text for s in evidence.sentences] == ["MSC-EVs confer chemotherapy resistance."]


def test_question_words_are_not_terms_an_answer_must_hold() -> None:
    """As a term, the rare word "when" would outweigh the words the question is about."""
    embedder = HashEmbedder()
    terms = SentenceScorer(StoredSentenceVectors({}, embedder.embed), {"when": 4.0, "resist": 1.0}, 3.0, {}).terms(
        "When was resistance found, and where?"
    )
    assert terms == {"resist": 1.0}


def test_a_question_asking_for_a_number_prefers_the_sentence_that_states_one() -> None:
    embedder = HashEmbedder()
    text = "The sensor detection limit was low. The sensor detection limit was 0.37 fM [12]."
    chunk = Passage(Chunk("s", "doc", "Results", text, 0, len(text)), 1.0)
    scoring = scorer(embedder)
    scoring.idf.update({"detect": 1.0, "limit": 1.0, "sensor": 0.2})  # type: ignore[attr-defined]
    asked = "What is the detection limit of the sensor?"
    plain = scoring.score(query(embedder, asked), [chunk])
    number = scoring.score(query(embedder, asked, expects="number"), [chunk])
    assert plain.sentences[0].text.endswith("was low."), plain.sentences  # as close to the question, no number
    assert number.sentences[0].text.startswith("The sensor detection limit was 0.37 fM"), number.sentences


def test_a_when_question_prefers_the_sentence_that_names_a_year() -> None:
    embedder = HashEmbedder()
    text = "Graphene was discovered as a material [4]. Since 2004 graphene was studied [50]."
    chunk = Passage(Chunk("g", "doc", "Introduction", text, 0, len(text)), 1.0)
    scoring = scorer(embedder)
    scoring.idf.update({"graphen": 1.0})  # type: ignore[attr-defined]
    asked = "When was graphene discovered?"
    assert scoring.score(query(embedder, asked), [chunk]).sentences[0].text.endswith("material [4].")
    evidence = scoring.score(query(embedder, asked, expects="year"), [chunk])
    assert evidence.sentences[0].text.startswith("Since 2004"), evidence.sentences


def test_a_long_form_asked_about_is_defined_by_saying_what_it_is_not_by_introducing_its_short_form() -> None:
    embedder = HashEmbedder()
    text = "Materials such as graphene quantum dots (GQD) attract interest. GQDs are fragments of graphene."
    chunk = Passage(Chunk("q", "doc", "Introduction", text, 0, len(text)), 1.0)
    asked = "Say what graphene quantum dots are."
    introduced = scorer(embedder).score(query(embedder, asked, define=("GQD",)), [chunk])
    assert introduced.sentences[0].text.startswith("Materials")  # the short form's introduction lifted
    evidence = scorer(embedder).score(query(embedder, asked, subjects=("GQD",)), [chunk])
    assert evidence.sentences[0].text.startswith("GQDs are")


def test_acknowledgements_are_candidates_only_for_questions_about_them() -> None:
    """ "We thank J. G. for Figures 1 and 2" shares the words of "What does Figure 2 show?" and says nothing of it."""
    thanks = "We thank J. Goodfellow for the design of Figures 1 and 2. The work was funded by the MRC."
    shows = "Figure 2 shows a model of treatment resistance."
    found = [
        Passage(Chunk("k", "doc", "Back > Acknowledgements", thanks, 0, len(thanks)), 1.0),
        Passage(Chunk("f", "doc", "Funding", thanks, 0, len(thanks)), 1.0),
        Passage(Chunk("r", "doc", "Results", shows, 0, len(shows)), 0.5),
    ]
    embedder = HashEmbedder()
    idf = {"figur": 1.0, "show": 1.0, "fund": 2.0, "work": 1.0}
    scoring = SentenceScorer(StoredSentenceVectors({}, embedder.embed), idf, 3.0, {})
    sentences = scoring.score(query(embedder, "What does Figure 2 show?"), found).sentences
    assert [s.text for s in sentences] == [shows]
    funded = scoring.score(query(embedder, "Who funded the work?"), found).sentences
    assert "The work was funded by the MRC." in [s.text for s in funded]


def test_function_words_are_not_terms_a_sentence_must_hold() -> None:
    """ "Confirm that the hospital introduced records during the study": a sentence about records "during the
    field study" does not state it because both say "during"."""
    embedder = HashEmbedder()
    idf = {"hospit": 1.0, "record": 2.0, "studi": 1.0, "dure": 2.0, "had": 3.0, "each": 2.0, "introduc": 2.0}
    scoring = SentenceScorer(StoredSentenceVectors({}, embedder.embed), idf, 3.0, {})
    assert set(scoring.terms("Had each hospital introduced records during the study?")) == {
        "hospit", "record", "studi", "introduc"
    }  # fmt: skip


def test_a_question_asking_for_a_number_does_not_need_the_word_share_or_many() -> None:
    """ "What share of the literature is OA?" is answered by "28% of the literature is OA"."""
    embedder = HashEmbedder()
    idf = {"share": 3.0, "literatur": 1.0, "oa": 1.0, "mani": 2.0, "cell": 1.0}
    scoring = SentenceScorer(StoredSentenceVectors({}, embedder.embed), idf, 3.0, {})
    assert set(scoring.terms("What share of the literature is OA?", "number")) == {"literatur", "oa"}
    assert set(scoring.terms("Do they share the literature?")) == {"share", "literatur"}
    assert set(scoring.terms("How many cells?", "number")) == {"cell"}


def test_the_back_matter_section_a_question_asks_for_ranks_above_the_one_beside_it() -> None:
    """ "Did the authors declare competing interests?" over a paper whose "Author contributions" sentence
    says "authors" and whose competing-interests sentence says neither word of the question: the section
    it asks for comes first. "authors" asks for no section, so a plain question gets no lift from it."""
    interests = "Two of us founded the company that makes the tool."
    roles = "All authors declared their roles and wrote the paper."
    found = [
        Passage(Chunk("r", "doc", "Declarations > Author Contributions", roles, 0, len(roles)), 1.0),
        Passage(Chunk("i", "doc", "Declarations > Competing Interests", interests, 0, len(interests)), 0.9),
    ]
    embedder = HashEmbedder()
    idf = {"author": 1.0, "declar": 2.0, "compet": 3.0, "interest": 2.0, "role": 2.0}
    scoring = SentenceScorer(StoredSentenceVectors({}, embedder.embed), idf, 3.0, {})
    asked = scoring.score(query(embedder, "Did the authors declare competing interests?"), found)
    assert asked.sentences[0].text == interests and asked.asked == {1}
    other_name = scoring.score(query(embedder, "Any conflicts of interest?"), found)  # never says "conflict"
    assert other_name.sentences[0].text == interests and other_name.sentences[0].lexical == 1.0
    assert other_name.asked == {1}
    plain = scoring.score(query(embedder, "What roles did the authors declare?"), found)
    assert plain.sentences[0].text == roles and plain.asked == set()
    assert scoring.score(query(embedder, "What are the interests of the authors?"), found).asked == set()


@pytest.mark.parametrize(
    ("section", "name", "inside"),
    [
        ("Discussion > Stakeholder view", "discussion", True),
        ("RESULTS AND DISCUSSION > Binding", "discussion", True),
        ("Materials and Methods > SHOP search", "methods", True),
        ("Background", "introduction", True),  # the other name of the same part
        ("Methodology", "methods", True),
        ("Results > Discussion of RQ1", "discussion", False),  # the top heading decides
        ("Abstract", "discussion", False),
    ],
)
def test_the_part_of_a_paper_a_section_belongs_to(section: str, name: str, inside: bool) -> None:
    assert in_named_section(section, name) is inside


def _lexical_of(asked: str, texts: list[str]) -> dict[str, float]:
    idf = {"mmppox": 2.0, "made": 1.0, "make": 1.0, "synthes": 2.0, "prepar": 1.0, "fibr": 1.5, "use": 0.5}
    scoring = SentenceScorer(StoredSentenceVectors({}, HashEmbedder().embed), idf, 3.0, {})
    text = " ".join(texts)
    passage = Passage(Chunk("m", "doc", "Methods", text, 0, len(text)), 1.0)
    evidence = scoring.score(query(HashEmbedder(), asked), [passage])
    return {s.text: s.lexical for s in evidence.sentences}


def test_made_asks_for_any_verb_of_making_but_a_specific_verb_only_for_itself() -> None:
    """ "How was MmPPOX made?" is answered by "…was synthesized as described"; "How was MmPPOX synthesized?"
    is not answered by "stock solutions of MmPPOX were prepared", nor does "fibre-making" ask for making."""
    synthesized, prepared = "MmPPOX was synthesized as described.", "Stock solutions of MmPPOX were prepared."
    made = _lexical_of("How was MmPPOX made?", [synthesized, prepared, "MmPPOX was used in assays."])
    assert made[synthesized] == made[prepared] == 1.0 and made["MmPPOX was used in assays."] < 1.0
    specific = _lexical_of("How was MmPPOX synthesized?", [synthesized, prepared])
    assert specific[synthesized] == 1.0 and specific[prepared] < 1.0
    fibre = _lexical_of("What hampers fibre-making?", ["Fibres were prepared by spinning."])
    assert fibre["Fibres were prepared by spinning."] < 1.0


@pytest.mark.parametrize(
    ("section", "expects", "declared"),
    [
        ("Additional Information and Declarations > Data Availability", "availability", True),
        ("ACKNOWLEDGMENTS AND FUNDING", "funding", True),
        ("Conflicts of interest", "interests", True),
        ("Funding", "interests", False),  # another declaration
        ("Methods > Data collection", "availability", False),  # not back matter
        ("Data availability", "", False),  # a question asking for no declaration
        ("MATERIALS AND METHODS > Statistical analysis", "statistics", True),  # not back matter, and need not be
    ],
)
def test_a_section_is_titled_for_what_a_kind_of_question_asks(section: str, expects: str, declared: bool) -> None:
    """ "Where can I find the data?" asks for the "Data Availability" section without saying "availability"."""
    assert titled_for(section, expects) is declared


@pytest.mark.parametrize(
    ("section", "told"),
    [
        ("MATERIALS AND METHODS > Preparation of aqueous dispersion with CSP", True),
        ("Graphene-based Nanomaterials (GNMs) > CSP fabrication", True),
        ("Electrospun nanofibers > In-situ synthesis of GNMs in CSP nanofibers", False),  # made in it, not it
        ("Results > CSP improved memory", False),  # no heading of making
        ("Methods > Synthesis of 33RE", False),  # another thing made
    ],
)
def test_a_heading_tells_how_a_thing_was_made_when_it_names_making_and_the_thing(section: str, told: bool) -> None:
    """ "How was CSP made?" (terms: the thing, and "made") asks for the heading that says how CSP was made."""
    terms = {"csp": 3.0, "made": 1.0}
    assert tells_making(section, terms) is told
