import pytest

from rag.query import prepare
from rag.query.plan import unnamed
from rag.query.spelling import SpellChecker
from rag.types import Turn

ACRONYMS = {"MSC": "mesenchymal stem cell", "EV": "extracellular vesicle"}
FIRST = [Turn("user", "Is chemotherapy resistance linked to MSC-EVs?"), Turn("assistant", "Yes, it is. [1]")]


def test_prepare_expands_acronyms_for_lexical_search() -> None:
    prepared = prepare("What do MSCs release?", [], ACRONYMS)
    assert "mesenchymal stem cell" in prepared.expanded and prepared.intent.kind == "content"


def test_prepare_resolves_follow_ups_and_definitions() -> None:
    prepared = prepare("and radiotherapy?", FIRST, {})
    assert prepared.standalone == "and radiotherapy? Is chemotherapy resistance linked to MSC-EVs?"
    assert prepared.asked == "and radiotherapy?" and prepared.scored == "and radiotherapy?"
    assert prepare("What does EV stand for?", [], ACRONYMS).define == ("EV",)


def test_a_follow_up_with_nothing_of_its_own_is_scored_on_its_context() -> None:
    prepared = prepare("Why?", FIRST, {})
    assert prepared.intent.kind == "content" and "chemotherapy" in prepared.scored


def test_it_is_scored_as_the_thing_named_before_and_a_bare_how_on_the_question_before() -> None:
    named = [Turn("user", "What is MmPPOX?"), Turn("assistant", "An oxadiazolone compound, named MmPPOX. [1]")]
    inhibits = prepare("What does it inhibit?", named, {})
    assert (inhibits.asked, inhibits.scored) == ("What does it inhibit?", "What does MmPPOX inhibit?")
    chain = [*named, Turn("user", "What does it inhibit?"), Turn("assistant", "Lip-HSL proteins. [1]")]
    assert prepare("How strongly?", chain, {}).scored == "How strongly? What does MmPPOX inhibit?"
    assert prepare("Who wrote it?", named, {}).intent.kind == "metadata"  # "it" is the paper there


def test_a_style_after_a_citation_question_asks_for_the_same_field() -> None:
    history = [Turn("user", "How do I cite it in APA?"), Turn("assistant", "Cite (APA): ... [1]")]
    intent = prepare("And in MLA?", history, {}).intent
    assert (intent.kind, intent.fields, intent.style) == ("metadata", ("cite",), "MLA")


MALAWI = [Turn("user", "Which paper is about Malawi?"), Turn("assistant", "Title: Barriers to care in Malawi. [1]")]
NAMED = ("barriers", "care", "malawi")  # the words of the title the answer quoted


def test_a_follow_up_about_the_document_keeps_the_document_an_earlier_question_named() -> None:
    """Over a reading list, "What did they find there?" and then "Who wrote it?" after "Which paper is about
    Malawi?" ask about that paper; without the topic they were answered for every paper."""
    found = prepare("What did they find there?", MALAWI, {}).intent
    assert (found.kind, found.topic) == ("summary", NAMED)
    later = [*MALAWI, Turn("user", "What did they find there?"), Turn("assistant", "Conclusions: … [1]")]
    wrote = prepare("Who wrote it?", later, {}).intent
    assert (wrote.kind, wrote.fields, wrote.topic) == ("metadata", ("authors",), NAMED)
    pointing = [*MALAWI, Turn("user", "How many outpatients did it interview?"), Turn("assistant", "98. [1]")]
    assert prepare("Who wrote it?", pointing, {}).intent.topic == NAMED  # "it" is still that paper


def test_a_follow_up_names_the_paper_by_the_title_its_answer_quoted_else_by_the_earlier_topic() -> None:
    """ "Which paper is about mice?" is answered by a paper whose title says "mouse model": "mice" names no
    title, so "Who wrote it?" took its topic and was answered from the text ("The corresponding author wrote
    the first draft…")."""
    mice = [Turn("user", "Which paper is about mice?"), Turn("assistant", "Title: A mouse model. [1] Mice ate. [2]")]
    assert prepare("Who wrote it?", mice, {}).intent.topic == ("mouse", "model")
    two = [Turn("user", "Which papers are about mice?"), Turn("assistant", "Title: A. [1] x [2] Title: B. [3] y [4]")]
    assert prepare("Who wrote them?", two, {}).intent.topic == ("mice",)  # several titles: the question's topic


@pytest.mark.parametrize(
    "history",
    [
        [*MALAWI, Turn("user", "How many outpatients were interviewed?"), Turn("assistant", "98. [1]")],  # stood alone
        [Turn("user", "What is the detection limit?"), Turn("assistant", "0.37 fM. [1]")],  # named no document
    ],
)
def test_a_follow_up_about_the_document_takes_no_topic_from_beyond_the_last_question_that_stood_alone(
    history: list[Turn],
) -> None:
    assert prepare("Who wrote it?", history, {}).intent.topic == ()


def test_a_question_pointing_back_is_about_the_paper_the_conversation_named() -> None:
    """ "How many patients did it enroll?" after "Which paper is about Malawi?" is searched in that paper only;
    a question that names its own subject is searched everywhere."""
    pointing = prepare("How many patients did it enroll?", MALAWI, {})
    assert (pointing.intent.kind, pointing.about) == ("content", NAMED)
    assert prepare("How many patients were enrolled in the trials?", MALAWI, {}).about == ()


@pytest.mark.parametrize(
    ("question", "about"),
    [
        ("How many studies did the stroke review include?", ("stroke",)),
        ("Which mouse model did the CSP paper use?", ("csp",)),
        ("What did the authors of the paper find?", ()),  # no words of its own name a paper
        ("What does the present study show?", ()),
        ("What was the objective of the study?", ()),  # the words do not run into the noun
    ],
)
def test_a_question_naming_its_paper_in_words_is_about_that_paper(question: str, about: tuple[str, ...]) -> None:
    assert prepare(question, [], {}).about == about


def test_once_its_name_has_chosen_the_paper_the_question_is_searched_without_it() -> None:
    acronyms = {"CSP": "curcuminoid submicron particle"}
    prepared = prepare("Who funded the CSP study?", [], acronyms)
    searched = unnamed(prepared, acronyms)
    assert (searched.corrected, searched.searched, searched.asked) == (
        "Who funded the study?",
        "Who funded the study?",
        "Who funded the CSP study?",
    )
    assert "curcuminoid" in prepared.expanded and "curcuminoid" not in searched.expanded
    plain = prepare("What does the present study show?", [], acronyms)
    assert unnamed(plain, acronyms) == plain


def test_a_question_pointing_back_at_an_answer_carries_what_it_quoted() -> None:
    answer = "The particles were milled from turmeric. [1] They were 60 nm wide. [1]"
    history = [Turn("user", "What were the particles made from?"), Turn("assistant", answer)]
    assert prepare("Who funded that study?", history, {}).quoted == (
        "The particles were milled from turmeric.",
        "They were 60 nm wide.",
    )
    assert prepare("Who funded the graphene work?", history, {}).quoted == ()  # it points at nothing before
    assert prepare("Who funded it?", MALAWI, {}).quoted == ()  # the paper an earlier question named wins
    refused = [Turn("user", "What about volcanoes?"), Turn("assistant", "The papers do not say.")]
    assert prepare("Who funded that study?", refused, {}).quoted == ()


def test_a_content_follow_up_after_a_document_question_is_no_document_question() -> None:
    """ "What limitations does it acknowledge?" after "Which paper is about Malawi?" was answered with the
    title again: the follow-up took the earlier question's field. A continuation still does ("and the one
    on stroke?")."""
    limitations = prepare("What limitations does it acknowledge?", MALAWI, {})
    assert (limitations.intent.kind, limitations.about) == ("content", NAMED)
    assert prepare("And the one on stroke?", MALAWI, {}).intent.fields == ("title",)


def test_asking_about_all_the_papers_after_one_of_them_is_still_about_all() -> None:
    for question in ("What are they about?", "Summarize the papers."):
        assert prepare(question, MALAWI, {}).intent.topic == ()


def test_the_second_one_points_into_the_previous_answer() -> None:
    answer = "Resistance involves radiotherapy, chemotherapy, and immunotherapy. [1]"
    history = [Turn("user", "Which treatments?"), Turn("assistant", answer)]
    prepared = prepare("Tell me more about the second one", history, {})
    assert prepared.pointed == "chemotherapy" and "chemotherapy" in prepared.scored
    assert prepared.exclude == ("Resistance involves radiotherapy, chemotherapy, and immunotherapy.",)


def test_the_sentence_a_follow_up_points_at_is_not_its_answer() -> None:
    answer = "The water maze tested spatial memory in the mice. [1] The open field tested locomotor activity. [2]"
    history = [Turn("user", "Which behavioural tests were done?"), Turn("assistant", answer)]
    prepared = prepare("What did the first one show?", history, {})
    assert prepared.pointed == "The water maze tested spatial memory in the mice."
    assert prepared.exclude == (prepared.pointed,) and prepared.pointed in prepared.searched


def test_a_list_item_a_follow_up_points_at_may_be_repeated() -> None:
    answer = "Resistance involves radiotherapy, chemotherapy, and immunotherapy. [1]"
    history = [Turn("user", "Which treatments?"), Turn("assistant", answer)]
    prepared = prepare("How does the second one work?", history, {})
    assert prepared.pointed == "chemotherapy" and prepared.exclude == ()


def test_claims_are_searched_and_scored_as_the_claim() -> None:
    prepared = prepare("Is it true that MSC-EVs cure cancer?", [], {})
    assert prepared.searched == prepared.scored == "MSC-EVs cure cancer"


def test_spelling_is_corrected_against_the_corpus_before_anything_else() -> None:
    speller = SpellChecker({"treatments": 4, "resistance": 9, "cancer": 12})
    prepared = prepare("wich cancer treatmens cause resistence?", [], {}, speller)
    assert prepared.corrected == "which cancer treatments cause resistance?"
    assert prepared.asked == "wich cancer treatmens cause resistence?"


def test_a_claim_is_searched_corrected_but_echoed_as_typed() -> None:
    """The refusal "Nothing in … states that X" repeats the user's words, not the speller's guesses."""
    speller = SpellChecker({"treatments": 4, "resistance": 9, "cancer": 12})
    prepared = prepare("Confirm that cancer treatmens cause resistence", [], {}, speller)
    assert prepared.intent.claim == prepared.searched == "cancer treatments cause resistance"
    assert prepared.intent.typed_claim == "cancer treatmens cause resistence"


def test_the_kind_of_answer_asked_for_is_marked_so_sentences_giving_it_are_preferred() -> None:
    assert prepare("How many EVs do MSCs release?", [], ACRONYMS).expects == "number"
    assert prepare("When were MSCs first described?", [], ACRONYMS).expects == "year"
    assert prepare("Is it true that MSCs release 30% more EVs?", [], ACRONYMS).expects == ""
    assert prepare("What do MSCs release when stressed?", [], ACRONYMS).expects == ""


def test_a_named_thing_is_defined_by_its_own_name_and_its_short_form() -> None:
    acronyms = {"GQD": "graphene quantum dot", **ACRONYMS}
    named = prepare("Say what graphene quantum dots are.", [], acronyms)
    assert named.define == ("graphene quantum dots",) and named.subjects == ("GQD",)  # "GQDs are…", not "(GQD)"
    assert prepare("What are EVs?", [], ACRONYMS).define == ("EV", "EVs")
    assert prepare("What do MSCs release?", [], ACRONYMS).define == ()


AIM_ANSWER = "The aim of this study was to measure staffing. [1] Wards ran short of nurses. [1]"
MORE_ANSWER = "Readmissions rose by a third. [1]"


def test_tell_me_more_after_a_summary_asks_for_more_of_that_summary() -> None:
    history = [Turn("user", "What was the aim of this study?"), Turn("assistant", AIM_ANSWER)]
    prepared = prepare("Tell me more about that.", history, {})
    assert prepared.intent.kind == "summary" and prepared.intent.aim
    assert prepared.exclude == ("The aim of this study was to measure staffing.", "Wards ran short of nurses.")


def test_a_chain_of_follow_ups_stays_on_the_question_it_started_from() -> None:
    """ "Tell me more." after "Tell me more about that." after the aim: still the aim, and neither answer's
    sentences again."""
    history = [
        Turn("user", "What was the aim of this study?"),
        Turn("assistant", AIM_ANSWER),
        Turn("user", "Tell me more about that."),
        Turn("assistant", MORE_ANSWER),
    ]
    prepared = prepare("Tell me more.", history, {})
    assert "What was the aim of this study?" in prepared.standalone
    assert prepared.intent.kind == "summary" and prepared.intent.aim
    assert set(prepared.exclude) == {
        "The aim of this study was to measure staffing.",
        "Wards ran short of nurses.",
        "Readmissions rose by a third.",
    }


def test_how_did_they_do_that_asks_how_the_paper_went_about_it() -> None:
    history = [Turn("user", "What was the aim of this study?"), Turn("assistant", AIM_ANSWER)]
    prepared = prepare("How did they do that?", history, {})
    assert prepared.intent.kind == "summary" and prepared.intent.methods and not prepared.intent.aim


def test_tell_me_more_about_a_paper_a_reading_list_question_found_stays_with_that_paper() -> None:
    """ "Tell me more." after "What did they find?" after "Which paper is about Malawi?": the three questions
    joined read as another "which paper" (its title line came back); it is more of that paper's findings."""
    history = [*MALAWI, Turn("user", "What did they find?"), Turn("assistant", "Staff were short. [1]")]
    more = prepare("Tell me more.", history, {})
    assert (more.intent.kind, more.intent.findings, more.intent.topic) == ("summary", True, NAMED)
    assert "Staff were short." in more.exclude


PAPER_BY_PAPER = (
    "Title: Treatment burden in stroke care. [1] Stroke care is demanding. [2] "
    "Title: Barriers to care in Malawi. [3] Staff were short. [4]"
)


def test_the_second_one_of_an_answer_paper_by_paper_is_the_second_paper() -> None:
    """After "What are these papers about?" answered paper by paper, "the second one" was the answer's
    second sentence (the first paper's); it is the second paper."""
    history = [Turn("user", "What are these papers about?"), Turn("assistant", PAPER_BY_PAPER)]
    more = prepare("Tell me more about the second one.", history, {})
    assert (more.intent.kind, more.intent.topic, more.about) == ("summary", NAMED, NAMED)
    counted = prepare("How many staff did the second one interview?", history, {})
    assert (counted.intent.kind, counted.about) == ("content", NAMED)


def test_a_question_after_which_paper_with_no_topic_of_its_own_asks_about_that_paper() -> None:
    """ "How were they tested?" after "Which paper used mice?" ("tested" is a word that phrases a document
    question) took the title field of the question before and answered with the title again."""
    history = [Turn("user", "Which paper used mice?"), Turn("assistant", "Title: Curcuminoids in a mouse model. [1]")]
    tested = prepare("How were they tested?", history, {})
    assert tested.intent.kind == "content" and tested.about == ("curcuminoids", "mouse", "model")


def test_where_does_it_say_that_asks_for_the_answer_before_again() -> None:
    """Refused before ("The paper does not say"): its words "say that" were searched. It points at the
    answer's first quoted sentence, which is asked for again (not left out), with its passage."""
    history = [Turn("user", "What was the aim of this study?"), Turn("assistant", AIM_ANSWER)]
    where = prepare("Where does it say that?", history, {})
    assert where.pointed == "The aim of this study was to measure staffing." and where.exclude == ()
    assert where.pointed in where.scored and where.expects == ""  # "where" asks for no place here
    funded = [Turn("user", "Who funded the study?"), Turn("assistant", "The Wellcome Trust funded it. [1]")]
    assert prepare("Where does it say that?", funded, {}).expects == "funding"  # read where funding is said
