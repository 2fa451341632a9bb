"""PDF loader: a generated two-column PDF and the two real two-column articles, read in place."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fixture_docs import two_column_pdf

from rag.index.loaders import load_document
from rag.index.loaders.pdf import _blocks, _numeric_table, _paragraphs, join_lines, rejoin_page_breaks
from rag.index.loaders.pdf_layout import Line, normalise, page_lines
from rag.types import Document, DocumentMeta, Section

REAL = Path(__file__).resolve().parents[1].parent / "shared" / "real-docs"
needs_real = pytest.mark.skipif(not REAL.is_dir(), reason=f"real documents folder absent: {REAL}")


def _load(path: Path) -> Document:
    return load_document(path, DocumentMeta(doc_id=path.stem, title=""))


def _text(doc: Document) -> str:
    return "\n".join(s.text for s in doc.sections)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Document:
    return _load(two_column_pdf(tmp_path_factory.mktemp("pdf") / "two-column.pdf"))


def test_two_columns_are_read_left_then_right(generated: Document) -> None:
    text = _text(generated)
    order = [text.index(s) for s in ("Alpha sentence opens", "Alpha sentence closes", "Beta sentence opens")]
    assert order == sorted(order)
    assert text.index("Gamma text on page 2") < text.index("Delta text on page 2")


def test_sections_keep_their_page_and_path(generated: Document) -> None:
    places = [(s.title, s.page) for s in generated.sections if s.kind == "body"]
    assert places == [("1 Introduction", 1), ("2 Methods", 1), ("2 Methods", 2)]
    assert generated.meta.title == "Vesicles in a Generated Test Article"
    assert generated.meta.full_text is True


def test_running_header_and_page_numbers_are_removed(generated: Document) -> None:
    text = _text(generated)
    assert "Journal of Tests" not in text
    assert not any(re.fullmatch(r"\d", line.strip()) for line in text.splitlines())


def test_hyphenated_word_is_rejoined(generated: Document) -> None:
    text = _text(generated)
    assert "carry inhibitors between cells" in text
    assert "inhibi-" not in text


def test_caption_and_numbered_references(generated: Document) -> None:
    assert [(s.title, s.page) for s in generated.sections if s.kind == "figure"] == [("Figure 1", 3)]
    refs = generated.references
    assert [r.label for r in refs] == ["1", "2", "3"]
    assert (refs[0].authors, refs[0].year, refs[0].title) == ("Smith J, Doe A", "2019", "Exosomes and cisplatin")
    assert refs[0].text == "Smith J, Doe A: Exosomes and cisplatin. Cancer Res 2019, 79:1-9."


def test_small_notes_at_the_foot_of_page_one_are_front_matter_and_a_caption_there_is_a_caption(tmp_path: Path) -> None:
    notes = ["* Correspondence: someone@example.org", "This is an open access article under CC BY 4.0."]
    doc = _load(two_column_pdf(tmp_path / "notes.pdf", foot=notes))
    front = next(s for s in doc.sections if s.title == "Front matter")
    assert front.kind == "metadata" and all(note in front.text for note in notes)
    assert not any(note in s.text for s in doc.sections if s.kind != "metadata" for note in notes)
    captioned = _load(two_column_pdf(tmp_path / "caption.pdf", foot=["Figure 9. A legend in small type."]))
    assert any(s.kind == "figure" and "A legend in small type." in s.text for s in captioned.sections)


def test_words_set_with_narrow_spaces_stay_apart_and_a_large_letter_spaced_banner_stays_whole(tmp_path: Path) -> None:
    """Tightly justified 9 pt text spaces its words 1.45 pt apart: a fixed 1.5 pt tolerance read the line as one
    word ("clearthevasodilatorpeptide…"). The tolerance follows the type size instead."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen import canvas

    path = tmp_path / "tight.pdf"
    pdf = canvas.Canvas(str(path), pagesize=A4)
    for y, size, gap, words in ((700, 9, 1.45, "both domains clear the peptide".split()), (650, 16, 2.0, ["RESEARCH"])):
        x = 60.0
        pdf.setFont("Helvetica", size)
        for word in words:
            for letter in word if size > 10 else [word]:  # the banner: letters 2 pt apart
                pdf.drawString(x, y, letter)
                x += stringWidth(letter, "Helvetica", size) + (gap if size > 10 else 0)
            x += gap if size <= 10 else 6 * gap
    pdf.showPage()
    pdf.save()
    text = _text(_load(path))
    assert "both domains clear the peptide" in text and "RESEARCH" in text


def test_line_joining_and_ligatures() -> None:
    assert join_lines("resist-", "ance") == "resistance"
    assert join_lines("N-", "domain") == "N-domain"
    assert join_lines("ends here.", "Next") == "ends here. Next"
    assert normalise("\ufb01brosis and \ufb02ow(cid:12)") == "fibrosis and flow"


# --- real files -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def clinsci() -> Document:
    if not REAL.is_dir():
        pytest.skip(f"real documents folder absent: {REAL}")
    return _load(REAL / "clinsci-2014-126-305.pdf")


@pytest.fixture(scope="module")
def bmc() -> Document:
    if not REAL.is_dir():
        pytest.skip(f"real documents folder absent: {REAL}")
    return _load(REAL / "bmc-hsr-2014-14-1.pdf")


@needs_real
def test_clinsci_counts(clinsci: Document) -> None:
    main_figures = {s.title for s in clinsci.sections if s.kind == "figure" and "S" not in s.title}
    tables = {s.title for s in clinsci.sections if s.kind == "table"}
    assert abs(len(main_figures) - 7) <= 1
    assert abs(len(tables) - 5) <= 1
    assert "Table 4: Inhibitor-binding constants ( Ki ) determined for wild-type" in tables  # rows say what they are
    text = " ".join(s.text for s in clinsci.sections)
    assert "( Ki = 11.21 ± 0.74 nM) in a similar range to parent molecule RXP407 ( Ki = 21.03 ± 0.27 nM)" in text
    assert "927-fold more selective for the N-domain" in text  # not "927-fold − more": the "±" is whole
    assert abs(len(clinsci.references) - 52) <= 2
    assert clinsci.references[0].text.startswith("Acharya, K. R.")


@needs_real
def test_byline_and_journal_line_become_metadata(clinsci: Document, bmc: Document) -> None:
    assert clinsci.meta.authors[:2] == ("Ross G. Douglas", "Rajni K. Sharma") and len(clinsci.meta.authors) == 8
    assert (clinsci.meta.journal, clinsci.meta.volume, clinsci.meta.pages) == ("Clinical Science", "126", "305-313")
    assert bmc.meta.authors[-1] == "Florian Neuhann" and len(bmc.meta.authors) == 5
    assert bmc.meta.corresponding == ("Josephine Nana Afrakoma Agyeman-Duah",)
    assert (bmc.meta.journal, bmc.meta.year, bmc.meta.volume, bmc.meta.pages) == (
        "BMC Health Services Research",
        "2014",
        "14",
        "1",
    )


@needs_real
def test_clinsci_metadata_and_furniture(clinsci: Document) -> None:
    assert clinsci.meta.doi == "10.1042/CS20130403"
    assert clinsci.meta.title.startswith("Fragment-based design for the development")
    assert clinsci.meta.licence.startswith("CC BY")
    text = _text(clinsci)
    for furniture in (
        "R. G. Douglas and others",
        "Fragment-based design of ACE inhibitors",
        "has paid for this article",
    ):
        assert furniture not in text
    assert not re.search(r"www\.clinsci\.org \d{3}", text)  # footer with the page number
    assert "\ufb01" not in text and "\ufb02" not in text
    assert {s.page for s in clinsci.sections} >= set(range(1, 10))
    intro = " ".join(s.text for s in clinsci.sections if s.title == "INTRODUCTION")
    assert "zinc dipeptidyl carboxypeptidase that plays a critical role in blood pressure regulation" in intro


@needs_real
def test_the_notes_at_the_foot_of_page_one_are_front_matter_not_the_abstract(clinsci: Document, bmc: Document) -> None:
    """Correspondence, affiliations and the licence statement, in small type under the abstract, once ran on
    from its last paragraph and were quoted as part of it."""
    notes = ((bmc, "* Correspondence:"), (bmc, "This is an open access article"), (clinsci, "Correspondence:"))
    for doc, note in notes:
        front = " ".join(s.text for s in doc.sections if s.title == "Front matter")
        content = " ".join(s.text for s in doc.sections if s.kind != "metadata" and s.page == 1)
        assert note in front and note not in content
    conclusions = next(s for s in bmc.sections if s.title == "Abstract > Conclusions")
    assert conclusions.text.splitlines()[-1].startswith("Keywords: Healthcare quality improvement")
    assert sum(s.title == "Front matter" for s in bmc.sections) == 1


@needs_real
def test_bmc_sections_follow_the_outline(bmc: Document) -> None:
    titles = {s.title for s in bmc.sections}
    for title in ("Abstract > Background", "Methods > Setting", "Discussion > Leadership", "Conclusions"):
        assert title in titles
    assert len(bmc.references) == 31
    assert len({s.title for s in bmc.sections if s.kind == "figure"}) == 1
    assert len({s.title for s in bmc.sections if s.kind == "table"}) == 2
    table = next(s for s in bmc.sections if s.title == "Table 1: Patient-provider relationship during consultation")
    assert "Item: Opportunity to ask questions | Yes (%): 62.8 | No (%): 37.2 | Respondents: 78" in table.text
    assert bmc.meta.licence == "CC BY 2.0"
    text = "\n".join(s.text for s in bmc.sections if s.kind != "metadata")  # the URL is metadata, not text
    assert "Page 2 of 10" not in text and "www.biomedcentral.com/1472-6963/14/1" not in text
    setting = next(s for s in bmc.sections if s.title == "Methods > Setting")
    assert setting.page == 2


def test_a_sentence_cut_by_a_page_break_is_whole_on_its_first_page(bmc: Document) -> None:
    whole = (
        "In order to validate the questions before posing them to the study interviewees, the questionnaires"
        " for this study were first administered to some staff of the KCH."
    )
    assert [s.page for s in bmc.sections if whole in s.text] == [2]
    assert not any(s.text.startswith("them to the study") for s in bmc.sections)
    mid = "From the responses, however, the Medical Department is underresourced"
    assert [s.page for s in bmc.sections if mid in s.text] == [8]


def test_an_indented_list_goes_on_with_the_sentence_that_opens_it(bmc: Document) -> None:
    def line(text: str, top: float, x0: float) -> Line:
        return Line(1, top, top + 9, x0, x0 + 200, text, 9.0, False, 1)

    lines = [
        line("The aims were to assess", 100, 50),
        line("1. the flow of patients and", 111, 62),  # indented: it would start a paragraph of its own
        line("2. the views of the staff.", 122, 62),
        line("A new paragraph starts here.", 140, 50),
        line("Indented, but a sentence of its own.", 151, 62),
    ]
    assert _paragraphs(lines).split("\n") == [
        "The aims were to assess 1. the flow of patients and 2. the views of the staff.",
        "A new paragraph starts here.",
        "Indented, but a sentence of its own.",
    ]
    text = "\n".join(s.text for s in bmc.sections)
    assert "The exit interview sought to address research objective 1 by identifying: the patient" in text
    assert "The specific objectives were to assess 1. the organization of patient flow" in text
    table = next(s.text for s in bmc.sections if s.title.startswith("Table 2:"))
    assert "low incentives for work among staff\n(Additional file 1" in table  # cells do not run on


def test_only_a_sentence_left_open_is_continued_over_the_page() -> None:
    sections = [
        Section("Methods", "We mixed the samples and", page=1),
        Section("Methods", "stirred them for an hour. Then we read them.\nA new paragraph.", page=2),
        Section("Methods", "It ended here.", page=3),
        Section("Results", "lower case after a full stop stays on its page.", page=3),
        Section("Results", "A heading-like line without a stop", page=4),
        Section("Results", "Capitalised text is a new sentence.", page=5),
        Section("Results", "A sentence runs on past", page=5),
        Section("Figure 2", "Figure 2: a figure set in the middle of it", page=5, kind="figure"),
        Section("Results", "the figure.", page=6),
    ]
    joined = rejoin_page_breaks(sections)
    assert [(s.page, s.text) for s in joined] == [
        (1, "We mixed the samples and stirred them for an hour."),
        (2, "Then we read them.\nA new paragraph."),
        (3, "It ended here."),
        (3, "lower case after a full stop stays on its page."),
        (4, "A heading-like line without a stop"),
        (5, "Capitalised text is a new sentence."),
        (5, "A sentence runs on past the figure."),
        (5, "Figure 2: a figure set in the middle of it"),
    ]
    assert rejoin_page_breaks([Section("A", "cut at", page=1), Section("A", "the end.", page=2)]) == [
        Section("A", "cut at the end.", page=1)
    ]


def word(text: str, x0: float, top: float, size: float = 9.0) -> dict:
    return {"text": text, "x0": x0, "x1": x0 + 5 * len(text), "top": top, "bottom": top + size, "size": size}


def test_a_plus_stacked_over_a_minus_is_one_plus_minus_sign_on_its_line() -> None:
    """Some fonts draw "±" as "+" over "−"; the "+" sits higher than the line and began a line of its own,
    and a symbol font's "=" sits off the baseline too."""
    words = [
        word("domain", 100, 607.6), word("(Ki", 140, 607.6), word("=", 160, 605.7), word("11.21", 170, 607.6),
        word("+", 200, 604.7), word("−", 200, 608.7), word("0.74", 210, 607.6), word("nM)", 240, 607.6),
    ]  # fmt: skip
    [line] = page_lines(words, 1, 600)
    assert line.text == "domain (Ki = 11.21 ± 0.74 nM)"


def test_a_subscript_is_set_against_its_word_and_a_superscript_is_not() -> None:
    """ "K" with a lowered, smaller "i" is "Ki", as a student types it; a raised citation mark stays apart."""
    words = [
        word("K", 100, 607.6),
        {**word("i", 105, 611.3, 6.0), "x0": 105.0},
        word("is", 120, 607.6),
        word("low", 140, 607.6),
        word("12", 155, 605.0, 6.0),
    ]
    [line] = page_lines(words, 1, 600)
    assert line.text == "Ki is low 12"


def lines(*texts: str) -> list[Line]:
    return [Line(1, 10.0 * i, 10.0 * i + 9, 50, 300, text, 9.0, False) for i, text in enumerate(texts)]


def test_a_table_of_a_label_and_number_columns_becomes_rows_with_their_headers() -> None:
    """As the XML and HTML loaders give rows: each number says what it is ("Yes (%): 62.8")."""
    table = lines(
        "Table 1 Patient-provider relationship during consultation",
        "Item Yes (%) No (%) Respondents",
        "Privacy given 99 1 97",
        "Opportunity to ask questions 62.8 37.2 78",
        "Informed to come for check-up 60.5 39.4 76",
    )
    assert _numeric_table(table).splitlines() == [
        "Table 1 Patient-provider relationship during consultation",
        "Item: Privacy given | Yes (%): 99 | No (%): 1 | Respondents: 97",
        "Item: Opportunity to ask questions | Yes (%): 62.8 | No (%): 37.2 | Respondents: 78",
        "Item: Informed to come for check-up | Yes (%): 60.5 | No (%): 39.4 | Respondents: 76",
    ]


def test_each_row_of_a_table_of_words_and_values_is_a_line_of_its_own() -> None:
    """Rows set close together were one run-on "sentence" ("Tyr 498 OH O 2.5 Lys 489 NZ O 2.8 …"), so the
    row that answers was never quoted alone. A row ends at its value; a cell of words over two lines stays
    whole, a "+" set a little above its row is part of it, and a footnote starts a line of its own."""
    table = [
        Line(1, 84, 91, 305, 526, "Table 5 Potential hydrogen bonds", 7.5, True),
        Line(1, 99, 108, 307, 534, "Residue Atom Distance (A)", 7.5, True),
        Line(1, 124.6, 133, 314, 501, "Tyr 498 OH O 2.5", 7.5, False),
        Line(1, 136.6, 145, 314, 501, "Water 1 O NAC 2.7", 7.5, False),
        Line(1, 148.4, 153.6, 390, 395, "+", 5.2, False),
        Line(1, 149.3, 157.6, 378, 501, "Zn 2 OAH 2.0", 7.5, False),
        Line(1, 161, 169, 314, 501, "Tyr 369 OH NAS 2.7", 7.5, False),
        Line(1, 173, 181, 314, 501, "Patients not involved in", 7.5, False),
        Line(1, 185, 193, 314, 501, "their own care", 7.5, False),
        Line(1, 197, 205, 314, 501, "PDB code 4BXK", 7.5, False),
        Line(1, 209, 217, 314, 501, "∗ Rsymm is the mean of all", 7.5, False),
        Line(1, 221, 229, 314, 501, "the measurements.", 7.5, False),
    ]
    assert _paragraphs(table, run_on=False, rows=True).split("\n") == [
        "Table 5 Potential hydrogen bonds",
        "Residue Atom Distance (A)",
        "Tyr 498 OH O 2.5",
        "Water 1 O NAC 2.7",
        "+ Zn 2 OAH 2.0",
        "Tyr 369 OH NAS 2.7",
        "Patients not involved in their own care PDB code 4BXK",
        "∗ Rsymm is the mean of all the measurements.",
    ]
    assert _paragraphs(table, run_on=False).count("\n") == 3  # as running text, rows ran together


def test_the_rows_of_a_real_two_column_table_are_lines(clinsci: Document, bmc: Document) -> None:
    bonds = next(s.text for s in clinsci.sections if s.title.startswith("Table 5"))
    assert "\nTyr 369 OH NAS 2.7\n" in bonds
    statistics = next(s.text for s in clinsci.sections if s.title.startswith("Table 2"))
    assert "\nPDB code 4BXK\n" in statistics
    views = next(s.text for s in bmc.sections if s.title.startswith("Table 2"))
    assert "- Quality control and assurance measures are in place" in views  # a cell of words stays whole


def test_a_legend_read_after_the_column_text_goes_to_its_figure_not_into_a_sentence(clinsci: Document) -> None:
    """A caption set in the left column with its legend running the full page width below it is read left
    column, right column, legend: the legend landed inside the right column's last sentence. A legend line
    cut in two at the column gutter put its right half into the right column's text."""
    lines = [
        Line(6, 660, 669, 57, 287, "The compound stabilises the pocket.", 9.0, False, 1),
        Line(6, 676, 683, 57, 256, "Figure 6 Binding of the compound", 7.5, True, 1),
        Line(6, 440, 449, 305, 535, "With its effects evident, the design of", 9.0, False, 2),
        Line(6, 684.7, 692, 98, 492, "( A ) Residues are shown as sticks. Hydrogen bonds", 7.5, False, 0),
        Line(6, 692.5, 700, 98, 492, "are shown as dashed lines.", 7.5, False, 0),
    ]
    blocks = _blocks(lines, {}, [], 9)
    assert [(b.path, [line.text[:12] for line in b.lines]) for b in blocks] == [
        ("Front matter", ["The compound"]),
        ("Figure 6", ["Figure 6 Bin", "( A ) Residu", "are shown as"]),
        ("Front matter", ["With its eff"]),
    ]
    text = " ".join(s.text for s in clinsci.sections if s.kind == "body")
    assert "effects of Ac-SDKP evident, design of novel N-selective ACE inhibitors could be" in text
    assert "for the residues of interest, it was anticipated that the N-selectivity" in text
    legend = next(s.text for s in clinsci.sections if s.title.startswith("Figure 7"))
    assert "(purple) and ( B ) RXP407" in legend


def test_a_table_whose_header_does_not_match_its_columns_is_left_as_it_reads() -> None:
    header_short = lines("Table 2 Doses", "Group Dose", "A 1 2", "B 3 4", "C 5 6")
    assert _numeric_table(header_short) == ""  # two header cells for three columns: no guessing
    too_few = lines("Table 3 Doses", "Group Low High", "A 1 2", "B 3 4")
    assert _numeric_table(too_few) == ""
