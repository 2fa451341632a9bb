from rag.index.chunk import chunk_document, chunk_hash, chunk_sentences
from rag.types import Document, DocumentMeta, Reference, Section

META = DocumentMeta(doc_id="d1", title="T")


def doc(*sections: Section, references: tuple[Reference, ...] = ()) -> Document:
    return Document(META, sections, references)


def test_chunks_hold_whole_sentences_with_overlap_and_offsets() -> None:
    text = "S one. S two. S three. S four. S five."
    chunks = chunk_document(doc(Section("Intro", text)), sentences=2, overlap=1, max_chars=1000)
    assert [c.text for c in chunks] == ["S one. S two.", "S two. S three.", "S three. S four.", "S four. S five."]
    for c in chunks:
        assert text[c.start : c.end] == c.text
        assert (c.doc_id, c.section) == ("d1", "Intro")


def test_chunks_never_cross_sections() -> None:
    chunks = chunk_document(doc(Section("A", "One. Two."), Section("B", "Three.")), 4, 1, 1000)
    assert [(c.section, c.text) for c in chunks] == [("A", "One. Two."), ("B", "Three.")]


def test_max_chars_closes_a_chunk_early() -> None:
    text = "Alpha beta gamma. Delta epsilon zeta. Eta theta iota."
    chunks = chunk_document(doc(Section("A", text)), sentences=3, overlap=0, max_chars=30)
    assert all(len(c.text) <= 30 for c in chunks)
    assert len(chunks) == 3


def test_ids_are_content_hashes_stable_across_runs_and_sensitive_to_text() -> None:
    first = chunk_document(doc(Section("A", "One. Two.")), 4, 1, 1000)
    again = chunk_document(doc(Section("A", "One. Two.")), 4, 1, 1000)
    changed = chunk_document(doc(Section("A", "One. Three.")), 4, 1, 1000)
    assert first[0].chunk_id == again[0].chunk_id == chunk_hash("d1", "A", "One. Two.")
    assert first[0].chunk_id != changed[0].chunk_id


def test_metadata_sections_split_by_line_only() -> None:
    section = Section("Citation", "NLM: Shan C. Title. 2024.\nAPA: Shan, C. (2024).", kind="metadata")
    (chunk,) = chunk_document(doc(section), 4, 1, 1000)
    assert [chunk.text[s:e] for s, e in chunk_sentences(chunk)] == [
        "NLM: Shan C. Title. 2024.",
        "APA: Shan, C. (2024).",
    ]


def test_chunks_carry_the_references_they_cite() -> None:
    refs = (Reference("1", "First ref"), Reference("2", "Second ref"), Reference("3", "Third"))
    chunks = chunk_document(doc(Section("A", "MSC-EVs confer resistance [1, 3]."), references=refs), 4, 1, 1000)
    assert [r.label for r in chunks[0].references] == ["1", "3"]
