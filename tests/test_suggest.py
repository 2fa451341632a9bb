"""Starter questions: candidates from the corpus, kept only when the assistant answers them (fake assistant)."""

from __future__ import annotations

from pathlib import Path

from rag.present.suggest import (
    RELATED_TRIES,
    SAMPLE_QUERIES,
    SAMPLE_TITLES,
    build_suggestions,
    cached_questions,
    candidate_questions,
    corpus_noun,
    corpus_passages,
    not_yet_asked,
    related_questions,
    stored_suggestions,
)
from rag.types import Answer, AnswerSentence, Chunk, Citation, DocumentInfo, IndexInfo, Passage
from tests.fakes import HashEmbedder

DETAILS = (
    "Article type: Review.\nAuthors: Chan Shan, Yan Liang.\nKeywords: mesenchymal stem cell, cancer, therapy "
    "resistance.\nLicence: CC BY 4.0."
)
SECTIONS = [
    ("Document details", "metadata", DETAILS),
    ("Abstract", "abstract", "Mesenchymal stem cells (MSCs) release extracellular vesicles (EVs). MSC-EVs matter."),
    ("3.1 Chemotherapy resistance", "body", "MSC-EVs carry microRNAs that blunt cisplatin."),
]


def passages() -> list[Passage]:
    return [
        Passage(Chunk(f"c{i}", "doc", title, text, 0, len(text), position=i, kind=kind), score=1.0, title="Review")
        for i, (title, kind, text) in enumerate(SECTIONS)
    ]


class FakeAssistant:
    """Answers any question except those containing a word in `refuse`; counts the questions asked."""

    def __init__(self, refuse: tuple[str, ...] = ("cancer", "licence"), chunks: int = 5, documents: int = 1) -> None:
        self.refuse = refuse
        self.asked: list[str] = []
        self.searched: list[str] = []
        self.chunks = chunks
        self.documents = documents

    def ask(self, question: str, answerer: str | None = None) -> Answer:
        assert answerer == "extractive"  # checking a starter question never calls a model
        self.asked.append(question)
        if any(word in question.lower() for word in self.refuse):
            return Answer(question, "The review does not say.", True)
        lead = f"About {question}"
        cited = Citation(1, "doc", "Review", "Abstract", None, lead, lead, ((0, len(lead)),))
        return Answer(question, lead + " [1]", False, (cited,), (AnswerSentence(lead, (1,)),))

    def search(self, query: str, k: int = 5) -> list[Passage]:
        self.searched.append(query)
        return passages()[:k]

    def info(self) -> IndexInfo:
        docs = tuple(DocumentInfo(f"doc{i}", f"Review {i}", self.chunks, False) for i in range(self.documents))
        return IndexInfo(docs, self.chunks, "fake", {"kind": "persistent", "location": "x", "collection": "c-1"})


def test_candidates_come_from_keywords_acronyms_compounds_and_sections() -> None:
    questions = candidate_questions(passages())
    assert questions[0] == "What is the review about?"
    assert "What does the review say about MSC-EVs?" in questions
    assert "What are mesenchymal stem cells (MSCs)?" in questions
    assert "What does the review say about therapy resistance?" in questions
    assert "What does the review say about chemotherapy resistance?" in questions  # numbering dropped
    assert "What does the review say about mesenchymal stem cell?" not in questions  # the acronym covers it
    assert questions[-2:] == ["Who are the authors?", "What licence is it published under?"]


def test_questions_call_the_corpus_what_it_is() -> None:
    """A reading list was offered "What is the review about?" and "What does the review say about
    results?"; a research paper, "What does the review say about…?"."""
    reading = [
        Passage(Chunk(f"c{i}", f"doc{i}", "Results", text, 0, len(text), kind="body"), score=1.0, title=f"P{i}")
        for i, text in enumerate(["Mice were fed glucose.", "Outpatients waited six hours."])
    ]
    assert corpus_noun(reading) == "papers"
    questions = candidate_questions(reading, "papers")
    assert questions[0] == "What are these papers about?"
    assert not any("say about results" in q for q in questions)  # a section every paper has asks nothing
    one = [p for p in passages() if p.chunk.kind != "metadata"]
    assert (corpus_noun(passages()), corpus_noun(one)) == ("review", "paper")  # "Article type: Review." or not
    assert "What does the paper say about MSC-EVs?" in candidate_questions(one, "paper")


def test_an_acronym_the_text_never_counts_is_asked_about_in_the_singular() -> None:
    """ "What are time to reach peak concentrations (Tmaxs)?" was offered to students."""
    text = (
        "Tmax: time to reach peak concentration; Cmax: maximum plasma concentration. Tmax was 2 h. Care in low "
        "and middle income countries (LMIC) differs at Kamuzu Central Hospital (KCH)."
    )
    chunk = Chunk("c0", "doc", "Pharmacokinetics", text, 0, len(text), kind="body")
    questions = candidate_questions([Passage(chunk, score=1.0, title="Paper")])
    assert "What is time to reach peak concentration (Tmax)?" in questions
    assert not any("Tmaxs" in q for q in questions)
    assert "What are low and middle income countries (LMICs)?" in questions  # not "countrie (LMIC)"
    assert "What is Kamuzu Central Hospital (KCH)?" in questions  # a name keeps its capitals


def test_a_section_path_suggests_its_innermost_topic_without_numbering() -> None:
    """Not "What does the review say about results > Treatment Burden > 3b) Managing stroke…?"."""
    paths = [
        "Results > Treatment Burden > 3b) Managing stroke in the community",
        "(iv) Cell culture",
        "In vitro assays",
        "Limitations/Strengths",
        "Vitamin A",
        "STUDY DESIGN AND SETTING",
        "AIDS and ACE inhibitors",
        "FUNDING",
        "Additional Information and Declarations > Competing Interests",
    ]
    found = [Passage(Chunk(f"s{i}", "doc", t, "Text.", 0, 5, position=i), 1.0) for i, t in enumerate(paths)]
    questions = candidate_questions(found)
    assert "What does the review say about managing stroke in the community?" in questions
    assert "What does the review say about cell culture?" in questions
    assert "What does the review say about in vitro assays?" in questions
    assert "What does the review say about limitations/strengths?" in questions
    assert "What does the review say about vitamin A?" in questions
    assert "What does the review say about study design and setting?" in questions  # a title in capitals
    assert "What does the review say about AIDS and ACE inhibitors?" in questions  # acronyms stay
    assert not any("funding" in q.lower() or "interests" in q for q in questions)  # back matter is no topic
    assert not any(">" in q or "3b)" in q for q in questions)


def test_only_answered_questions_are_offered() -> None:
    assistant = FakeAssistant()
    suggestions = build_suggestions(assistant, HashEmbedder().embed)
    assert 4 <= len(suggestions.questions) <= 6
    assert not any("cancer" in q or "licence" in q for q in suggestions.questions)
    assert any("cancer" in q for q in assistant.asked)  # it was tried, and dropped
    assert suggestions.questions[-1] == "Who are the authors?"  # a place is kept for the paper itself
    assert suggestions.vectors.shape == (len(suggestions.questions), 64)


def test_nearby_ranks_suggestions_by_similarity() -> None:
    embed = HashEmbedder().embed
    suggestions = build_suggestions(FakeAssistant(), embed)
    assert suggestions.nearby(embed(["who are the authors of it"])[0], n=1) == ["Who are the authors?"]
    assert len(suggestions.nearby(embed(["capital of France"])[0])) == 3


def test_suggestions_are_saved_beside_the_index_and_rebuilt_when_it_changes(tmp_path: Path) -> None:
    path = tmp_path / "suggestions.json"
    embed = HashEmbedder().embed
    first = FakeAssistant()
    built = stored_suggestions(first, embed, path)
    again = FakeAssistant()
    read = stored_suggestions(again, embed, path)
    assert read.questions == built.questions and again.asked == []
    assert read.noun == built.noun == "review"  # what related questions call the corpus survives the cache
    changed = FakeAssistant(chunks=6)
    stored_suggestions(changed, embed, path)
    assert changed.asked  # another index: checked again


def test_an_unwritable_store_only_costs_a_recheck(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    suggestions = stored_suggestions(FakeAssistant(), HashEmbedder().embed, blocker / "suggestions.json")
    assert suggestions.questions


def test_the_passage_sample_costs_the_same_at_any_corpus_size() -> None:
    small, large = FakeAssistant(documents=1), FakeAssistant(documents=200)
    corpus_passages(small)
    corpus_passages(large)
    assert len(large.searched) == SAMPLE_TITLES + len(SAMPLE_QUERIES)  # not one search per document
    assert len(small.searched) == 1 + len(SAMPLE_QUERIES)
    assert "Review 0" in large.searched and "Review 150" in large.searched  # titles spread over the corpus


def test_related_questions_are_answered_close_and_not_about_the_paper_itself() -> None:
    embed = HashEmbedder(dimension=4096).embed  # few collisions: unrelated words score 0
    assistant = FakeAssistant(refuse=("licence",))
    starters = build_suggestions(assistant, embed)
    assistant.asked.clear()
    related = related_questions(assistant, embed, "What do MSC-EVs carry to cisplatin treated cells?", starters)
    assert related and len(related) <= 3 and "What does the review say about MSC-EVs?" in related
    assert "Who are the authors?" not in related  # a content question gets no metadata suggestion
    assert len(assistant.asked) <= RELATED_TRIES
    assert related_questions(assistant, embed, "Who are the authors of this?", starters)[0] == "Who are the authors?"


def test_nothing_related_is_offered_for_an_off_topic_question() -> None:
    embed = HashEmbedder(dimension=4096).embed
    assistant = FakeAssistant()
    starters = build_suggestions(assistant, embed)
    assert related_questions(assistant, embed, "capital France Paris population", starters) == []


def test_cached_questions_show_before_the_index_loads(tmp_path: Path) -> None:
    path = tmp_path / "suggestions.json"
    assert cached_questions(path) == []
    built = stored_suggestions(FakeAssistant(), HashEmbedder().embed, path)
    assert cached_questions(path) == list(built.questions)


def test_questions_already_asked_are_not_offered_again() -> None:
    starters = ["How do I cite it in APA?", "What are MSC-EVs?", "Who wrote it?"]
    asked = ["how do I cite it in  APA", "Something else?"]
    assert not_yet_asked(starters, asked) == ["What are MSC-EVs?", "Who wrote it?"]
    assert not_yet_asked(starters, []) == starters
