"""Query hints for questions about the document itself ("who wrote it", "how do I cite it").

Students phrase these without the words the page uses ("Authors", "Citation", "Licence"), so the
matching section's vocabulary is appended to the query before retrieval.
"""

from __future__ import annotations

import re

_HINTS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\b(wrote|written|writers?|authors?|authored)\b", re.I), "Authors"),
    (re.compile(r"\b(corresponding|contact)\b", re.I), "Corresponding author"),
    (re.compile(r"\b(affiliat\w*|institut\w*|universit(y|ies)|where .* (from|based|work))\b", re.I), "Affiliation"),
    (re.compile(r"\b(cite|citing|citation|reference it|apa|acs|nlm|cse|bibliograph\w*)\b", re.I), "Citation"),
    (
        re.compile(r"\b(licen[cs]ed?|copyright|reuse|re-use|open access|creative commons)\b", re.I),
        "licence open access Creative Commons Attribution License",
    ),
    (re.compile(r"\b(keywords?|key words|topics?)\b", re.I), "Keywords"),
    (
        re.compile(r"\b(journal|published|publication|volume|issue|pages|doi|year)\b", re.I),
        "Published in Int J Biol Sci",
    ),
    (re.compile(r"\b(title|called|named)\b", re.I), "Title"),
    (re.compile(r"\b(url|link|website|web ?page|web address|online|page)\b", re.I), "Citation https www"),
    (re.compile(r"\b(kind|type|sort) of (article|paper|publication|study|document)\b", re.I), "Article type"),
    (
        re.compile(
            r"\bwhat('s| is| are)? (this|the|it)\b.{0,25}\babout\b|\bsummar\w*|\boverview\b|\bgist\b"
            r"|\bmain (points?|topics?|ideas?|focus|message)\b|\bscope\b",
            re.I,
        ),
        "In this review we provide an overview",
    ),
)

# How students phrase a question, not what it is about: these never have to appear in an answer.
PHRASING = frozenset(
    "stand stands abbreviation abbreviated acronym short style format formatted cite citing mean meant meaning "
    "define definition explain describe summarise summarize tell list give show please briefly exactly say says "
    "said talk mention mentions article paper publication".split()
)


_DEFINITION = re.compile(
    r"\bstands? for\b|\babbreviat\w*|\bacronyms?\b|\bshort for\b|\brefers? to\b|\bmean(s|t)?\b|\bdefin\w*", re.I
)


def asks_definition(question: str) -> bool:
    """'What does EV stand for?', 'What does MSC-EVs refer to?': the answer is where the text defines it."""
    return _DEFINITION.search(question) is not None


def metadata_hints(question: str) -> str:
    """Words to append to the query for document-level questions ('' for content questions)."""
    return " ".join(words for pattern, words in _HINTS if pattern.search(question))
