"""Text normalisation shared by the metrics: deterministic, offline, no stemming library."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from difflib import SequenceMatcher

_WORD = re.compile(r"[a-z0-9]+")
STOPWORDS = frozenset(
    """a an and are as at be by for from has have how in is it its of on or that the this to was were what which who
    whom why with does do did can could would should will about into than then there these those their they them we
    our you your me my i am been being also such not no yes all any some more most other so if but he she his her
    where when while whose""".split()  # noqa: SIM905 - a word list reads better as text
)


def normalise(text: str) -> str:
    """Lower case, Unicode-folded, punctuation replaced by spaces, whitespace collapsed."""
    folded = unicodedata.normalize("NFKC", text).lower()
    return " ".join(_WORD.findall(folded))


def tokens(text: str) -> list[str]:
    return normalise(text).split()


def content_tokens(text: str) -> list[str]:
    """Tokens without stop words, crudely singularised ("cells" ~ "cell")."""
    return [_singular(t) for t in tokens(text) if t not in STOPWORDS]


def contains(haystack: str, needle: str) -> bool:
    """Normalised containment starting at a word boundary: 'Self-renewal' is found in '... self renewal
    ...' and 'stem cell' in 'stem cells', but 'therapy' is not found in 'radiotherapy'."""
    target = normalise(needle)
    return bool(target) and f" {target}" in f" {normalise(haystack)} "


def token_f1(prediction: str, reference: str) -> float:
    """SQuAD-style token F1 over content tokens (0 when either side is empty)."""
    pred, ref = Counter(content_tokens(prediction)), Counter(content_tokens(reference))
    common = sum((pred & ref).values())
    if not common:
        return 0.0
    precision, recall = common / sum(pred.values()), common / sum(ref.values())
    return 2 * precision * recall / (precision + recall)


def containment(part: str, whole: str) -> float:
    """Share of `part`'s content tokens that occur in `whole` (1.0 when `part` has none)."""
    needed = content_tokens(part)
    if not needed:
        return 1.0
    have = set(content_tokens(whole))
    return sum(t in have for t in needed) / len(needed)


def char_overlap(a: str, b: str) -> float:
    """Longest run of characters the two normalised texts share, as a share of the shorter one.

    1.0 when one contains the other; runs shorter than 12 characters (or than the shorter text) count
    as nothing, so a shared "of the" does not make two sentences overlap.
    """
    x, y = normalise(a), normalise(b)
    shorter = min(len(x), len(y))
    if not shorter:
        return 0.0
    run = SequenceMatcher(None, x, y, autojunk=False).find_longest_match(0, len(x), 0, len(y)).size
    return run / shorter if run >= min(12, shorter) else 0.0


def _singular(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word
