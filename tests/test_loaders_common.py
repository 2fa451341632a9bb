"""Shared loader helpers: licence names, DOIs, initials, manifest-wins metadata merge."""

from __future__ import annotations

import pytest

from rag.index.loaders.common import TITLE_CHARS, find_doi, float_title, initials, licence_name, merge_meta
from rag.types import DocumentMeta, Section


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("https://creativecommons.org/licenses/by/4.0/", "CC BY 4.0"),
        ("http://creativecommons.org/licenses/by-nc-sa/3.0/legalcode", "CC BY-NC-SA 3.0"),
        ("https://creativecommons.org/publicdomain/zero/1.0/", "CC0 1.0"),
        ("licensed under a Creative Commons Attribution 4.0 International License", "CC BY 4.0"),
        ("distributed under the terms of the Creative Commons Attribution License", "CC BY"),
        ("Creative Commons Attribution-NonCommercial-NoDerivs License", "CC BY-NC-ND"),
        ("freely available under the Creative Commons Attribution Licence (CC-BY)", "CC BY"),
        ("All rights reserved.", ""),
    ],
)
def test_licence_name(text: str, name: str) -> None:
    assert licence_name(text) == name


def test_find_doi_and_initials() -> None:
    assert find_doi("Clinical Science (2014) doi:10.1042/CS20130403.") == "10.1042/CS20130403"
    assert find_doi("no identifier") == ""
    assert (initials("Adel Mohammed"), initials("NJ"), initials("Sadia V."), initials("Jean-Paul")) == (
        "AM",
        "NJ",
        "SV",
        "JP",
    )


def test_merge_meta_fills_only_empty_fields_and_marks_full_text() -> None:
    meta = DocumentMeta(doc_id="d", title="Manifest title", doi="")
    merged = merge_meta(meta, [Section("Intro", "text")], title="File title", doi="10.1/x", licence="")
    assert (merged.title, merged.doi, merged.licence, merged.full_text) == ("Manifest title", "10.1/x", "", True)
    abstract_only = merge_meta(meta, [Section("Abstract", "text", kind="abstract")])
    assert abstract_only.full_text is False


@pytest.mark.parametrize(
    ("label", "caption", "title"),
    [
        ("Table 1", "Accuracy of the service. Rows are manual counts.", "Table 1: Accuracy of the service"),
        ("Figure 2", "", "Figure 2"),
        ("", "Share of open articles.", "Share of open articles"),
    ],
)
def test_a_float_is_titled_by_its_label_and_first_caption_sentence(label: str, caption: str, title: str) -> None:
    assert float_title(label, caption) == title


def test_a_long_caption_sentence_is_cut_at_a_word() -> None:
    title = float_title("Fig. 3", "word " * 100)
    assert title.startswith("Fig. 3: word") and len(title) <= len("Fig. 3: ") + TITLE_CHARS
    assert title.endswith("word")
