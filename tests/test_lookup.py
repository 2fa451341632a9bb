from rag.answer.lookup import choose_documents, metadata_evidence, missing
from rag.query.intent import Intent
from rag.types import Chunk, Passage

DOCS = [
    {"doc_id": "g", "title": "Graphene nanofiber sensors", "keywords": ["electrospinning"]},
    {"doc_id": "s", "title": "Treatment burden after stroke", "keywords": []},
]


def details(doc_id: str, title: str) -> Passage:
    lines = [f"Title: {title}.", f"Authors: A {doc_id.upper()}, B {doc_id.upper()}."]
    text = "\n".join([*lines, f"Cite (APA): {doc_id} (2020). {title}.", f"Cite (MLA): {doc_id}."])
    return Passage(
        Chunk(f"m-{doc_id}", doc_id, "Document details", text, 0, len(text), kind="metadata"), 0.0, title=title
    )


def test_one_document_is_always_the_one_meant() -> None:
    assert choose_documents(("tamoxifen",), DOCS[:1]) == ["g"]


def test_the_questions_words_pick_the_document_by_title_or_keywords() -> None:
    assert choose_documents(("graphene",), DOCS) == ["g"]
    assert choose_documents(("electrospinning",), DOCS) == ["g"]
    assert choose_documents(("stroke",), DOCS) == ["s"]
    assert choose_documents((), DOCS) == ["g", "s"]  # no topic: every document answers
    assert choose_documents(("tamoxifen",), DOCS) == []  # a topic no document is about


def test_a_question_may_name_the_document_by_its_journal() -> None:
    """Asked "which volume of PeerJ is it?", the one paper published there is meant, not a cited study."""
    paper = {"doc_id": "p", "title": "The state of open access", "journal": "PeerJ", "keywords": []}
    assert choose_documents(("peerj",), [paper], strict=True) == ["p"]
    assert choose_documents(("jama",), [paper], strict=True) == []


def test_words_naming_a_lone_document_must_be_its_own() -> None:
    """ "the stroke review" names the one paper only if it is about stroke: everyday words get no allowance."""
    assert choose_documents(("stroke",), DOCS[1:], strict=True, literal=True) == ["s"]
    assert choose_documents(("objective",), DOCS[1:], strict=True) == ["s"]  # a metadata question's allowance
    assert choose_documents(("objective",), DOCS[1:], strict=True, literal=True) == []


def test_metadata_answers_quote_the_asked_line_and_name_each_document_when_there_are_several() -> None:
    one = metadata_evidence(Intent("metadata", ("authors",)), [details("g", "Graphene")], several=False)
    assert [s.text for s in one.sentences] == ["Authors: A G, B G."] and one.confidence == 1.0
    both = metadata_evidence(Intent("metadata", ("authors",)), [details("g", "Graphene"), details("s", "Stroke")], True)
    assert [s.text for s in both.sentences] == [
        "Title: Graphene.",
        "Authors: A G, B G.",
        "Title: Stroke.",
        "Authors: A S, B S.",
    ]


def test_citation_style_defaults_to_apa_and_a_missing_field_is_named() -> None:
    cite = metadata_evidence(Intent("metadata", ("cite",)), [details("g", "Graphene")], several=False)
    assert [s.text for s in cite.sentences] == ["Cite (APA): g (2020). Graphene."]
    absent = metadata_evidence(Intent("metadata", ("doi",)), [details("g", "Graphene")], several=False)
    assert absent.sentences == [] and absent.confidence == 0.0
    assert (
        missing(Intent("metadata", ("doi",))) == "DOI"
        and missing(Intent("metadata", ("cite",), "MLA")) == "MLA citation"
    )


def test_a_line_two_overlapping_metadata_chunks_hold_is_said_once() -> None:
    """The details section is chunked with overlap, so the citation line can sit in two chunks: the answer
    once quoted it twice, each with its own source."""
    first = details("g", "Graphene")
    text = first.chunk.text.split("\n", 2)[2]  # the second chunk starts at the citation lines
    second = Passage(Chunk("m-g-2", "g", "Document details", text, 0, len(text), kind="metadata"), 0.0, title="G")
    cite = metadata_evidence(Intent("metadata", ("cite",)), [first, second], several=False)
    assert [s.text for s in cite.sentences] == ["Cite (APA): g (2020). Graphene."]
    other = details("s", "Graphene")  # another document's identical line is its own answer
    both = metadata_evidence(Intent("metadata", ("title",)), [first, other], several=True)
    assert [s.text for s in both.sentences] == ["Title: Graphene.", "Title: Graphene."]
