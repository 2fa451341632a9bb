"""Acronyms defined in the corpus ("reactive oxygen species (ROS)", or a glossary such as a table's note
"Cmax: peak concentration. AUC: area under curve"), used to expand queries and table rows both ways."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

from rag.text.tokens import STOPWORDS

# "reactive oxygen species (ROS)", "tetrahydrolipstatin (THL; Orlistat)": the short form opens the brackets.
# "extracellular vesicles (EVs)", "“open access citation advantage” (OACA)": up to eight words (quotes
# around them allowed), then the short form in brackets (a second name after ";" or "," allowed).
_QUOTES = "\"'“”‘’"
_DEFINITION = re.compile(
    rf"((?:[{_QUOTES}]?[A-Za-z][\w-]*[{_QUOTES}]?\s+){{1,8}})\((?P<short>[A-Za-z][A-Za-z0-9-]{{1,9}})(?:[;,][^()]*)?\)"
)
_WORD = re.compile(r"[a-z0-9]+")
# One glossary entry: a short form with a capital, ":" or "=", then one to six lower-case words.
_ENTRY = re.compile(
    r"\s*(?:[A-Z][a-z]+\s*:\s*)?"  # a label before the first entry: "Note: Cmax: peak concentration"
    r"(?P<short>[A-Za-z][A-Za-z0-9-]{1,9})\s*[:=]\s*(?P<long>[a-z][a-z-]*(?:\s+[a-z][a-z-]*){0,5})"
    r"\s*(?:\([^()]*\))?\s*"
)
_PIECES = re.compile(r"[.;\n]")
COMPOUND_LETTERS = 4  # a one-word long form has at least this many letters per letter of its short form
MIN_GLOSSARY = 2  # entries in one text before it is read as a glossary ("Results: we found" is not one)


def extract_acronyms(texts: Iterable[str]) -> dict[str, str]:
    """Map short form -> long form, e.g. {"ROS": "reactive oxygen species"} (singular forms)."""
    found: dict[str, str] = {}
    glossary: dict[str, str] = {}
    for text in texts:
        for match in _DEFINITION.finditer(text):
            short = _singular_short(match.group("short"))
            if not any(ch.isupper() for ch in short) or short in found:
                continue
            long_form = _long_form(_words_before(match), short)
            if long_form:
                found[short] = long_form
        entries = _glossary(text)
        if len(entries) >= MIN_GLOSSARY:
            glossary.update((short, long_form) for short, long_form in entries if short not in glossary)
    return {**glossary, **found}  # a definition in the text ("... (AUC)") wins over a glossary's


def _words_before(match: re.Match[str]) -> list[str]:
    """The words before a definition's brackets, without the quotes around them."""
    return [word.strip(_QUOTES) for word in match.group(1).split()]


def _glossary(text: str) -> list[tuple[str, str]]:
    """The "SHORT: long form" entries of a table note or abbreviation list (the short form has a capital)."""
    entries = []
    for piece in _PIECES.split(text):
        match = _ENTRY.fullmatch(piece)
        if match and _defines(match["short"], match["long"].split()):
            entries.append((_singular_short(match["short"]), " ".join(match["long"].split())))
    return entries


def _defines(short: str, words: list[str]) -> bool:
    """A short form (a capital in it) and a noun phrase: "Methods: nothing" or "Results: we found" are not
    definitions (one word after a capitalised word, or a phrase opening with a function word)."""
    if not any(ch.isupper() for ch in short) or words[0] in STOPWORDS:
        return False
    return len(words) >= 2 or short.isupper()


class AcronymIndex(dict[str, str]):
    """Acronyms (short form -> long form) indexed by the head noun of each long form, so expanding a text
    looks only at the acronyms it can mention: the cost does not grow with how many the corpus defines."""

    def __init__(self, acronyms: Mapping[str, str] = {}) -> None:  # noqa: B006 - never mutated
        super().__init__(acronyms)
        self.order = {short: n for n, short in enumerate(self)}
        self.parts = {short: _parts(long_form) for short, long_form in self.items()}
        self.by_head: dict[str, list[str]] = {}
        for short, parts in self.parts.items():
            if parts:
                self.by_head.setdefault(parts[-1], []).append(short)

    def candidates(self, words: set[str], shorts: set[str]) -> list[tuple[str, str]]:
        """The entries a text with these stemmed words and short forms may expand, in definition order."""
        found = set(shorts) | {short for word in words for short in self.by_head.get(word, ())}
        return [(short, self[short]) for short in sorted(found, key=self.order.__getitem__)]


def expand_query(query: str, acronyms: Mapping[str, str]) -> str:
    """Append the long form of each short form in the query, and the short form of each long form."""
    additions: list[str] = []
    shorts = set(short_forms_in(query, acronyms))
    words = {_stem(w) for w in _WORD.findall(query.lower())}
    if isinstance(acronyms, AcronymIndex):  # the long forms' words stemmed once, at load
        entries = [(short, long_form, acronyms.parts[short]) for short, long_form in acronyms.candidates(words, shorts)]
    else:
        entries = [(short, long_form, _parts(long_form)) for short, long_form in acronyms.items()]
    for short, long_form, parts in entries:
        if short in shorts:
            additions.append(long_form)
        elif _mentions(words, parts):
            additions.append(short + "s")
    return f"{query} {' '.join(additions)}" if additions else query


def short_forms_in(text: str, acronyms: Mapping[str, str]) -> list[str]:
    """The defined short forms that `text` uses, e.g. ["MSC", "EV"] for "MSC-EVs"."""
    tokens = {_singular_short(t) for t in re.findall(r"[A-Za-z][A-Za-z0-9]*", text)}
    if isinstance(acronyms, AcronymIndex):
        return sorted((t for t in tokens if t in acronyms), key=acronyms.order.__getitem__)
    return [short for short in acronyms if short in tokens]


def defines(sentence: str, name: str) -> bool:
    """Whether `sentence` defines `name`: it introduces it ("extracellular vesicles (EVs)", "tetrahydrolipstatin
    (THL; Orlistat)": the words before the brackets spell it; not "xI50 (THL)/xI50 (MmPPOX)") or says what
    it is."""
    return introduces(sentence, name) or says_what(sentence, name)


def introduces(sentence: str, name: str) -> bool:
    for match in _DEFINITION.finditer(sentence):
        short = match.group("short")
        if short in (name, name + "s") and _long_form(_words_before(match), _singular_short(short)):
            return True
    return False


def says_what(sentence: str, name: str) -> bool:
    """Whether `sentence` opens by saying what `name` is ("GQDs are nanometer-sized fragments…", "Bronze OA:
    free to read…"), or names it and says what it is ("…an under-discussed category we dub Bronze:
    articles made free-to-read…", "…the potent inhibitory activity of an oxadiazolone compound, named
    MmPPOX."; a category's trailing short form may be left out there: "Bronze" for "Bronze OA")."""
    opening = rf"^\W*(?:the\s+|an?\s+)?{re.escape(name)}s?(?:\s*\([^)]*\))?(?:\s*:|\s+{_COPULA}\b(?!{_GOING_ON}))"
    if re.match(opening, sentence, re.I):
        return True
    names = "|".join(re.escape(n) for n in _naming_forms(name))
    return re.search(rf"\b{_NAMING}\s+['\"“‘]?(?:{names})['\"”’]?\s*(?:[:(—.,;]|$)", sentence, re.I) is not None


def _naming_forms(name: str) -> list[str]:
    """`name`, and without a trailing short form ("Bronze OA" -> "Bronze")."""
    words = name.split()
    shorter = [" ".join(words[:-1])] if len(words) > 1 and words[-1].isupper() else []
    return [name, *shorter]


# "we dub X:", "termed X (", "referred to as X:", "known as X —": the sentence names X, then says what it is.
_NAMING = r"(?:dub|dubbed|term|termed|call|called|name|named|known\s+as|referred\s+to\s+as|defined\s+as)"


_COPULA = r"(?:is|are|refers?\s+to|represents?|denotes?|means|stands?\s+for|consists?\s+of|comprises?)"
# "Open access is thus provoking a new surge…", "MSC-EVs are also involved…": a sentence going on about the
# thing, not one saying what it is
_GOING_ON = r"\s+(?:thus|also|now|therefore|then|still|not|however|hence|indeed|increasingly|currently|being)\b"


def _mentions(words: set[str], parts: Sequence[str]) -> bool:
    """A long form (its stemmed words, `parts`) is mentioned when its head noun and at least half of its
    words appear."""
    return bool(parts) and parts[-1] in words and len(words.intersection(parts)) * 2 >= len(parts)


def _parts(long_form: str) -> tuple[str, ...]:
    return tuple(_stem(w) for w in long_form.split())


def _long_form(words: list[str], short: str) -> str:
    """The shortest run of preceding words whose initials can spell the short form."""
    letters = [c.lower() for c in short if c.isalpha()]
    for size in range(1, len(words) + 1):
        candidate = words[-size:]
        starts_right = candidate[0][0].lower() == letters[0]
        enough = size >= len(letters) - 1 or _compound(candidate, letters)
        if starts_right and enough and _spells(" ".join(candidate).lower(), letters):
            return " ".join(_singular(w) for w in candidate).lower()
    return ""


def _compound(words: list[str], letters: list[str]) -> bool:
    """One long word that holds the short form's letters in order: "tetrahydrolipstatin (THL)"."""
    return len(words) == 1 and len(words[0]) >= COMPOUND_LETTERS * len(letters)


def _spells(long_form: str, letters: list[str]) -> bool:
    position = 0
    for letter in letters:
        position = long_form.find(letter, position)
        if position < 0:
            return False
        position += 1
    return True


def _singular_short(short: str) -> str:
    return short[:-1] if len(short) > 2 and short.endswith("s") and short[-2].isupper() else short


def _singular(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def _stem(word: str) -> str:
    return _singular(word.lower())
