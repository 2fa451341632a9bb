"""A summary over several papers reads paper by paper, each named by its title line; over a real index too."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fixture_docs import jats_article

from rag import Assistant, Settings, Turn
from rag.answer.digest import per_document, without_registrations
from rag.answer.evidence import Evidence, ScoredSentence
from rag.answer.lookup import MAX_DOCUMENTS
from rag.index.chunk import chunk_sentences
from rag.types import Chunk, Passage

ABSTRACTS = {
    "g": "Glucose monitoring matters. We electrospun graphene nanofibres. The sensors detected glucose at 0.37 uM.",
    "s": "Stroke survivors manage treatments. We reviewed 69 studies. Care after discharge was poorly coordinated.",
    "o": "Open access grows. We sampled 100,000 articles. At least 28% of the literature is open access.",
}


def scored(doc_id: str, scores: list[float], position: int) -> tuple[Passage, list[ScoredSentence]]:
    text = ABSTRACTS[doc_id]
    passage = Passage(
        Chunk(f"a-{doc_id}", doc_id, "Abstract", text, 0, len(text), position=position, kind="abstract"), 1.0
    )
    spans = chunk_sentences(passage.chunk)
    return passage, [
        ScoredSentence(position, s, e, text[s:e], x, x, x, "abstract") for (s, e), x in zip(spans, scores, strict=True)
    ]


def titles(*doc_ids: str) -> Evidence:
    passages, sentences = [], []
    for n, doc_id in enumerate(doc_ids):
        line = f"Title: Paper {doc_id.upper()}."
        passages.append(
            Passage(Chunk(f"m-{doc_id}", doc_id, "Document details", line, 0, len(line), kind="metadata"), 1.0)
        )
        sentences.append(ScoredSentence(n, 0, len(line), line, 1.0, 1.0, 1.0, "metadata"))
    return Evidence(passages, sentences)


def abstracts(*papers: tuple[str, list[float]]) -> Evidence:
    passages, sentences = [], []
    for position, (doc_id, scores) in enumerate(papers):
        passage, own = scored(doc_id, scores, position)
        passages.append(passage)
        sentences += own
    return Evidence(passages, sorted(sentences, key=lambda s: -s.score))


def test_each_paper_opens_with_its_title_then_its_closest_sentences_best_paper_first() -> None:
    evidence = abstracts(("g", [0.2, 0.5, 0.6]), ("s", [0.3, 0.9, 0.1]))
    digest = per_document(evidence, titles("g", "s"))
    texts = [s.text for s in digest.sentences]
    assert texts == [  # two papers: two sentences each, the closest first, then the other in reading order
        "Title: Paper S.",
        "We reviewed 69 studies.",
        "Stroke survivors manage treatments.",
        "Title: Paper G.",
        "The sensors detected glucose at 0.37 uM.",
        "We electrospun graphene nanofibres.",
    ]
    assert digest.ordered and len(digest.passages) == 4
    for sentence in digest.sentences:  # each points at the passage that holds it, titles included
        chunk = digest.passages[sentence.passage].chunk
        assert chunk.text[sentence.start : sentence.end] == sentence.text


def test_with_more_papers_each_gets_one_sentence_and_a_paper_without_details_none_title() -> None:
    evidence = abstracts(("g", [0.2, 0.5, 0.6]), ("s", [0.3, 0.9, 0.1]), ("o", [0.1, 0.1, 0.7]))
    texts = [s.text for s in per_document(evidence, titles("g", "s")).sentences]
    assert texts == [
        "Title: Paper S.",
        "We reviewed 69 studies.",
        "At least 28% of the literature is open access.",  # no details line for "o": its sentence alone
        "Title: Paper G.",
        "The sensors detected glucose at 0.37 uM.",
    ]


def test_a_length_asked_for_is_kept_for_each_paper() -> None:
    """ "Summarize these papers in one sentence": each paper's title line and its one closest sentence (the
    whole answer cut to one sentence would have kept only the first paper's title)."""
    evidence = abstracts(("g", [0.2, 0.5, 0.6]), ("s", [0.3, 0.9, 0.1]), ("o", [0.1, 0.1, 0.7]))
    texts = [s.text for s in per_document(evidence, titles("g", "s", "o"), per_paper=1).sentences]
    assert texts == [
        "Title: Paper S.",
        "We reviewed 69 studies.",
        "Title: Paper O.",
        "At least 28% of the literature is open access.",
        "Title: Paper G.",
        "The sensors detected glucose at 0.37 uM.",
    ]
    two = per_document(evidence, titles("g", "s", "o"), per_paper=2).sentences
    assert len(two) == 9  # three papers, a title and two sentences each, not SUMMARY_SENTENCES // 3


@pytest.mark.parametrize(
    ("line", "dropped"),
    [
        ("Systematic Review Registration: International Prospective Register CRD42011001123", True),
        ("Trial registration: ClinicalTrials.gov NCT01234567", True),
        ("Trial Registration Number: ISRCTN12345678", True),
        ("Registration was poor: 40% of births were recorded.", False),  # a finding about registration
        ("The registration of patients took two weeks.", False),
    ],
)
def test_a_summary_leaves_out_the_abstracts_registration_line(line: str, dropped: bool) -> None:
    sentence = ScoredSentence(0, 0, len(line), line, 0.9, 0.9, 0.9, "abstract")
    kept = without_registrations(Evidence([], [sentence])).sentences
    assert (kept == []) == dropped


def test_a_question_about_all_the_papers_of_an_index_is_answered_paper_by_paper(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    records = [{"_id": doc_id, "title": f"Paper {doc_id}", "text": text} for doc_id, text in ABSTRACTS.items()]
    (corpus / "papers.jsonl").write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    with Assistant(Settings(data_dir=tmp_path / "data", corpus_dir=corpus)) as assistant:
        assistant.ingest()
        answer = assistant.ask("What are these papers about?")
        short = assistant.ask("Summarize these papers in one sentence.")
    assert not answer.abstained
    cited = [answer.citations[s.citations[0] - 1].doc_id for s in answer.sentences]
    assert sorted(set(cited)) == ["papers-g", "papers-o", "papers-s"]
    assert cited == sorted(cited, key=cited.index)  # each paper's sentences together, not interleaved
    assert answer.note == ""  # every paper is read
    short_cited = [short.citations[s.citations[0] - 1].doc_id for s in short.sentences]
    assert sorted(short_cited) == ["papers-g", "papers-o", "papers-s"]  # one sentence of each, no title lines here


def test_which_paper_is_about_a_topic_names_it_and_follow_ups_stay_with_it(tmp_path: Path) -> None:
    """A conversation over a reading list: "Which paper is about Malawi?" used to quote affiliation lines
    ("2 Medical Department, Kamuzu Central Hospital, Lilongwe, Malawi."), and "Who wrote it?" after it
    listed the authors of every paper. A topic only the text names is answered by the paper's title and the
    sentence that shows it ("Which paper is about mice?" used to quote four sentences on mice, unnamed)."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    first, second = "Vesicles in therapy resistance", "Hospital care quality in Malawi"
    (corpus / "vesicles.nxml").write_text(jats_article(), encoding="utf-8")
    malawi = (
        jats_article()
        .replace(first, second)
        .replace("Shan</surname>", "Banda</surname>")
        .replace("Vesicles carry cargo between cells", "Outpatients waited six hours at the clinic")
        .replace("We enrolled 40", "Over a year, we enrolled 98 hospital")
    )
    (corpus / "malawi.nxml").write_text(malawi.replace("10.9999/test.2025.1", "10.9999/test.2025.2"), encoding="utf-8")
    with Assistant(Settings(data_dir=tmp_path / "data", corpus_dir=corpus)) as assistant:
        assistant.ingest()
        which = assistant.ask("Which paper is about Malawi?")
        history = [Turn("user", "Which paper is about Malawi?"), Turn("assistant", which.text)]
        wrote = assistant.ask("Who wrote it?", history)
        by_text = assistant.ask("Which paper is about outpatients?")  # no title, journal or keyword says so
        history = [Turn("user", "Which paper is about outpatients?"), Turn("assistant", by_text.text)]
        wrote_too = assistant.ask("Who wrote it?", history)  # "outpatients" names no title; the answer's title does
        enrolled = assistant.ask("How many patients did it enroll?", history)  # both papers enrolled patients
        volcanoes = assistant.ask("What does it say about volcanoes?", history)
    assert which.text == f"Title: {second}. [1]"
    shown = [s.text for s in by_text.sentences]
    assert shown == [f"Title: {second}.", "Outpatients waited six hours at the clinic [1]."]
    assert {c.doc_id for c in by_text.citations} == {"malawi"}
    assert {c.doc_id for c in [*which.citations, *wrote.citations]} == {"malawi"}
    assert "Banda" in wrote.text and "Shan" not in wrote.text
    assert wrote_too.text == wrote.text
    assert "98" in enrolled.text and {c.doc_id for c in enrolled.citations} == {"malawi"}, enrolled.text
    assert volcanoes.abstained and volcanoes.text.startswith(f"The review does not say. I searched “{second}”")


def test_a_question_naming_its_paper_is_answered_from_that_paper(tmp_path: Path) -> None:
    """ "What were the mice fed in the CSP paper?" over two papers that both fed mice: the paper is named by
    a short form its title spells out in full, and only its passages answer. Its name is then no word to
    find in it: "Who funded the CSP study?" was refused, as the sentence naming the funder does not say CSP."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    records = [
        {
            "_id": "g",
            "title": "Graphene glucose sensors",
            "text": "Graphene sensors were tested. The mice were fed glucose. The Graphene Council funded this work.",
        },
        {
            "_id": "c",
            "title": "Curcuminoid submicron particle and memory",
            "text": "Curcuminoid submicron particle (CSP) improved memory. For two months the mice ate CSP chow. "
            "CSP was milled from turmeric powder in a grinder. The Wellcome Trust funded this work.",
        },
    ]
    (corpus / "papers.jsonl").write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    with Assistant(Settings(data_dir=tmp_path / "data", corpus_dir=corpus)) as assistant:
        assistant.ingest()
        named = assistant.ask("What were the mice fed in the CSP paper?")
        anywhere = assistant.ask("What were the mice fed?")
        funded = assistant.ask("Who funded the CSP study?")
    assert named.citations and {c.doc_id for c in named.citations} == {"papers-c"}, named.text
    assert "papers-g" in {c.doc_id for c in anywhere.citations}  # the other paper answers when none is named
    assert funded.text.startswith("The Wellcome Trust funded this work."), funded.text


def test_a_question_pointing_back_at_an_answer_from_one_paper_means_that_paper(tmp_path: Path) -> None:
    """ "Who funded the work described in that study?" after an answer quoting one paper: that paper's funder.
    It quoted the other paper's, whose sentence is closer to the question (the question is long enough to
    stand alone, so the one before is not added to what is searched)."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    records = [
        {"_id": "g", "title": "Graphene glucose sensors", "text": "Graphene sensors were tested in serum. "
         "The organisation that funded the work in this study was the Graphene Council."},
        {"_id": "c", "title": "Curcuminoid particles and memory", "text": "The particles were milled from turmeric "
         "powder in a grinder. The work described here was funded by the Wellcome Trust."},
    ]  # fmt: skip
    (corpus / "papers.jsonl").write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    with Assistant(Settings(data_dir=tmp_path / "data", corpus_dir=corpus)) as assistant:
        assistant.ingest()
        milled = assistant.ask("What were the particles milled from?")
        history = [Turn("user", "What were the particles milled from?"), Turn("assistant", milled.text)]
        funded = assistant.ask("Who funded the work described in that study?", history)
        both = assistant.ask("Who funded the work?")
    assert {c.doc_id for c in milled.citations} == {"papers-c"}, milled.text
    assert funded.text.startswith("The work described here was funded by the Wellcome Trust."), funded.text
    assert {c.doc_id for c in funded.citations} == {"papers-c"}
    assert {c.doc_id for c in both.citations} == {"papers-c", "papers-g"}, both.text


def test_a_summary_of_more_plain_text_papers_than_it_reads_says_so(tmp_path: Path) -> None:
    """Over 300 plain-text abstracts "What are these papers about?" was refused ("The papers do not say"):
    a .txt paper has no abstract section. Each paper's first passage of text stands in, and the answer
    says it reads MAX_DOCUMENTS of the papers."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    topics = ["glucose sensors", "stroke care", "open access", "tuberculosis", "curcumin", "hospital quality"]
    for n, topic in enumerate(topics):
        body = f"This study examines {topic} in detail. We measured {topic} in {n + 10} samples."
        (corpus / f"paper{n}.txt").write_text(f"A study of {topic}\n\n{body}\n", encoding="utf-8")
    with Assistant(Settings(data_dir=tmp_path / "data", corpus_dir=corpus)) as assistant:
        assistant.ingest()
        answer = assistant.ask("What are these papers about?")
        listed = assistant.ask("What papers do you have?")  # was refused: "The papers do not say."
    assert not answer.abstained and len({c.doc_id for c in answer.citations}) == MAX_DOCUMENTS
    assert (
        answer.note == f"This reads {MAX_DOCUMENTS} of the 6 papers: ask about one by its topic or title to read more."
    )
    assert [s.text for s in listed.sentences] == [f"Title: paper{n}." for n in range(MAX_DOCUMENTS)]  # file names
    assert listed.note.startswith(f"This lists {MAX_DOCUMENTS} of the 6 papers")
