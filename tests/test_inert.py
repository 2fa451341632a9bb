"""`Inert`: every hostile string comes out inert for HTML, CommonMark and GFM clients; allowed links stay links.

The corpus and the checker are in tests/hostile.py. The property tests run with a fixed Hypothesis seed,
printed on failure; re-run another with RAG_TEST_SEED=N.
"""

from __future__ import annotations

import os
import random

import pytest
from hostile import ALLOWED, STRINGS, problems
from hypothesis import given, seed, settings
from hypothesis import strategies as st

from rag.adapters.api.inert import Inert, InertStream

SEED = int(os.environ.get("RAG_TEST_SEED", "20240101"))
INERT = Inert(ALLOWED)
# Characters that make markup, links and trouble, plus letters and white space to join them.
ALPHABET = st.sampled_from(
    list("<>![]():/.@\\&#;'\"`=*_~-?w ht psx\n\t\x00\x1b\u202e")
    + ["www.", "http://", "doi.org", "&#58;", "&colon;", "&sol;"]
)


def test_the_corpus_is_hostile() -> None:
    """The checker is not blind: most raw strings are not inert."""
    raw = [s for s in STRINGS if problems(s)]
    assert len(STRINGS) >= 300 and len(raw) >= 200


@pytest.mark.parametrize("text", STRINGS)
def test_every_hostile_string_comes_out_inert_and_as_long(text: str) -> None:
    out = INERT(text)
    assert problems(out) == [], (text, out)
    assert len(out) == len(text)
    assert INERT(out) == out


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<script>alert(1)</script>", "\uff1cscript>alert(1)\uff1c/script>"),
        ("![x](https://doi.org/x.png)", "\uff01[x](https://doi.org/x.png)"),
        ("[click](http://evil.example)", "[click\uff3d(http\uff1a//evil\uff0eexample)"),
        ("[1]: http://evil.example", "[1\uff3d: http\uff1a//evil\uff0eexample"),
        ("www.evil.example/x", "www\uff0eevil\uff0eexample/x"),
        ("p < 0.05, IC50 <10 nM", "p < 0.05, IC50 <10 nM"),
        ("bell\x07 and \x1b[31m", "bell  and  [31m"),
        ("Exosomes carry cargo [1] [2].", "Exosomes carry cargo [1] [2]."),
    ],
)
def test_what_changes_and_what_does_not(text: str, expected: str) -> None:
    assert INERT(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "[the article](https://doi.org/10.7150/ijbs.88500)",
        "see https://doi.org/10.7150/ijbs.88500.",
        "licence https://creativecommons.org/licenses/by/4.0/ applies",
        "[dx](https://dx.doi.org/10.1/x)",
    ],
)
def test_links_to_allowed_hosts_stay(text: str) -> None:
    assert INERT(text) == text and problems(text) == []


def test_without_allowed_hosts_every_link_goes() -> None:
    out = Inert()("[the article](https://doi.org/10.7150/ijbs.88500)")
    assert out == "[the article\uff3d(https\uff1a//doi\uff0eorg/10.7150/ijbs.88500)" and problems(out, ()) == []


def test_tree_neutralises_every_string_and_keeps_keys_and_numbers() -> None:
    data = {"<b>": "<b>x</b>", "n": 1, "list": ["![a](http://evil.example/a)", None, 2.5], "nested": {"t": "<i>"}}
    out = INERT.tree(data)
    assert out == {
        "<b>": "\uff1cb>x\uff1c/b>",
        "n": 1,
        "list": ["\uff01[a\uff3d(http\uff1a//evil\uff0eexample/a)", None, 2.5],
        "nested": {"t": "\uff1ci>"},
    }


@seed(SEED)
@settings(max_examples=400, deadline=None)
@given(st.lists(ALPHABET, max_size=40).map("".join))
def test_any_text_comes_out_inert_and_as_long(text: str) -> None:
    print(f"hypothesis seed {SEED}")
    out = INERT(text)
    assert problems(out) == [] and len(out) == len(text) and INERT(out) == out


@seed(SEED)
@settings(max_examples=400, deadline=None)
@given(st.lists(ALPHABET, max_size=40).map("".join), st.lists(ALPHABET, max_size=40).map("".join))
def test_text_cut_after_white_space_is_neutralised_piece_by_piece(a: str, b: str) -> None:
    print(f"hypothesis seed {SEED}")
    assert INERT(a + " ") + INERT(b) == INERT(a + " " + b)


@pytest.mark.parametrize("size", [1, 2, 3, 7])
def test_a_stream_of_pieces_joins_to_the_inert_whole(size: int) -> None:
    """An LLM may send `<` and `img` in two pieces: what the client joins is still inert."""
    rng = random.Random(SEED + size)
    whole = " ".join(rng.sample(STRINGS, 60))
    stream = InertStream(INERT)
    pieces, i = [], 0
    while i < len(whole):
        step = rng.randint(1, size)
        pieces.append(stream.feed(whole[i : i + step]))
        i += step
    joined = "".join(pieces) + stream.flush()
    assert joined == INERT(whole), f"seed {SEED + size}"
    assert problems(joined) == []
