"""Per-file errors from the loader registry (empty, unknown type, oversized, corrupt) and file-level hardening."""

from __future__ import annotations

from pathlib import Path

import pytest
from fixture_docs import two_column_pdf

from rag.errors import LoaderError
from rag.index.loaders import format_for, load_document, supported_suffixes
from rag.types import DocumentMeta


def _meta(path: Path) -> DocumentMeta:
    return DocumentMeta(doc_id=path.stem, title="")


def test_builtin_formats_are_registered() -> None:
    for suffix in (".nxml", ".xml", ".html", ".htm", ".pdf", ".txt", ".md"):
        assert suffix in supported_suffixes()
    assert format_for(Path("a.PDF")) == "pdf"
    assert format_for(Path("a.nxml")) == "jats"


@pytest.mark.parametrize("name", ["empty.pdf", "empty.xml", "empty.html"])
def test_empty_file(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"")
    with pytest.raises(LoaderError, match=rf"{name}: empty file"):
        load_document(path, _meta(path))


def test_unknown_type(tmp_path: Path) -> None:
    path = tmp_path / "notes.docx"
    path.write_bytes(b"PK\x03\x04")
    with pytest.raises(LoaderError, match="notes.docx: unknown format"):
        load_document(path, _meta(path))


def test_oversized_file(tmp_path: Path) -> None:
    path = tmp_path / "big.html"
    path.write_text("<html><body><p>" + "x" * 2000 + "</p></body></html>", encoding="utf-8")
    with pytest.raises(LoaderError, match=r"big.html: \d+ bytes is over the 1000-byte limit"):
        load_document(path, _meta(path), max_bytes=1000)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("corrupt.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage garbage\n%%EOF"),
        ("notpdf.pdf", b"this is plain text pretending to be a PDF"),
        ("broken.nxml", b"<article><body><sec><p>never closed"),
        ("binary.html", bytes(range(256)) * 4),
    ],
)
def test_corrupt_files_give_one_line_errors(tmp_path: Path, name: str, data: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(LoaderError) as info:
        load_document(path, _meta(path))
    message = str(info.value)
    assert message.startswith(f"{name}: ")
    assert "\n" not in message and "Traceback" not in message


# File-level hardening: encodings, control characters, truncated PDFs, escaped HTML ---------------

TEXT = "Exosomes carry proteins — and microRNAs — between cells.\n"


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode("utf-8"),
        TEXT.encode("utf-8-sig"),
        TEXT.encode("utf-16"),  # with a byte order mark
        TEXT.encode("utf-16-le"),
        TEXT.encode("utf-16-be"),
        TEXT.encode("utf-32"),
        TEXT.encode("cp1252"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-bom", "utf-16-le", "utf-16-be", "utf-32-bom", "cp1252"],
)
def test_text_in_common_encodings_reads_the_same(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "notes.txt"
    path.write_bytes(data)
    text = "\n".join(s.text for s in load_document(path, _meta(path)).sections if s.kind != "metadata")
    assert text == TEXT.strip()


def test_binary_data_in_a_text_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_bytes(b"Exosomes\x00\x01\x02 carry proteins \x00\xff\x00 between cells " * 50)
    with pytest.raises(LoaderError, match=r"notes.txt: binary data or an unknown text encoding .*UTF-8"):
        load_document(path, _meta(path))


def test_control_characters_never_reach_the_index(tmp_path: Path) -> None:
    path = tmp_path / "notes.md"
    path.write_text("# Title\x1b[31m red\n\nExosomes\x07 carry\x7f proteins\x85 between\x0c cells.\tTab kept.\n")
    document = load_document(path, _meta(path))
    texts = [document.meta.title, *(s.title for s in document.sections), *(s.text for s in document.sections)]
    assert not any(ch in t for t in texts for ch in "\x1b\x07\x7f\x85\x0c")
    body = next(s for s in document.sections if s.kind != "metadata")  # the details section comes first
    assert " ".join(body.text.split()) == "Exosomes carry proteins between cells. Tab kept."


def test_a_truncated_pdf_is_reported_as_incomplete_not_scanned(tmp_path: Path) -> None:
    whole = two_column_pdf(tmp_path / "whole.pdf").read_bytes()
    for cut in (0.3, 0.9, 0.99):
        path = tmp_path / f"cut-{cut}.pdf"
        path.write_bytes(whole[: int(len(whole) * cut)])
        with pytest.raises(LoaderError) as info:
            load_document(path, _meta(path))
        assert "incomplete" in str(info.value) and "OCR" not in str(info.value), cut


def test_a_pdf_without_text_is_still_called_scanned(tmp_path: Path) -> None:
    from reportlab.pdfgen import canvas

    path = tmp_path / "scan.pdf"
    pdf = canvas.Canvas(str(path))
    pdf.rect(50, 50, 200, 200, fill=1)  # a drawing, no text
    pdf.save()
    with pytest.raises(LoaderError, match="scanned PDF"):
        load_document(path, _meta(path))


def test_escaped_html_stays_text_and_nothing_runs(tmp_path: Path) -> None:
    """`&lt;img onerror&gt;` in a page is text about markup: the loader keeps it as those characters (lxml
    never builds or runs it); clients get it neutralised by the API (`rag.adapters.api.inert`)."""
    path = tmp_path / "page.html"
    path.write_text(
        "<html><head><title>&lt;script&gt;alert(1)&lt;/script&gt;</title><script>alert(2)</script></head>"
        "<body><article><h1>Vesicles &lt;b&gt;bold&lt;/b&gt;</h1><p>Exosomes carry cargo "
        "&lt;img src=x onerror=alert(3)&gt; between cells.</p><p>Second <img src=y onerror=alert(4)> part.</p>"
        "</article></body></html>",
        encoding="utf-8",
    )
    document = load_document(path, _meta(path))
    text = "\n".join(s.text for s in document.sections)
    assert "Exosomes carry cargo <img src=x onerror=alert(3)> between cells." in text
    assert "alert(2)" not in text and "alert(4)" not in text and "src=y" not in text
