"""Reference-list entries for a document in the common citation styles, written from its metadata.

Students ask "how do I cite it in APA?"; the answer must be right for any paper, so it is built from
the document's own metadata (authors, year, title, journal, volume, issue, pages, DOI), never read off
one publisher's page. Names are "Given Family" or "Family, Given"; particles ("van", "de") stay with
the family name.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from rag.types import DocumentMeta

_PARTICLES = {"van", "von", "de", "der", "den", "da", "di", "del", "della", "dos", "du", "le", "la", "ter", "ten"}


@dataclass(frozen=True)
class Name:
    family: str
    given: str

    @classmethod
    def parse(cls, name: str) -> Name:
        name = " ".join(name.split())
        if "," in name:
            family, given = (part.strip() for part in name.split(",", 1))
            return cls(family, given)
        words = name.split()
        if len(words) == 1:
            return cls(words[0], "")
        cut = len(words) - 1
        while cut > 1 and words[cut - 1].lower() in _PARTICLES:
            cut -= 1
        return cls(" ".join(words[cut:]), " ".join(words[:cut]))

    @property
    def initials(self) -> list[str]:
        """'Subash Chandra-Bose' -> ['S', 'C-B']; given names written as initials ('SCB', 'S. C.') are kept."""
        given = self.given.replace(".", " ").split()
        if len(given) == 1 and given[0].isupper() and len(given[0]) <= 3:
            return list(given[0])
        return ["-".join(part[0].upper() for part in word.split("-") if part) for word in given]

    def nlm(self) -> str:  # "Gopinath SCB"
        return f"{self.family} {''.join(i.replace('-', '') for i in self.initials)}".strip()

    def apa(self) -> str:  # "Gopinath, S. C. B."
        initials = " ".join(f"{i.replace('-', '.-')}." for i in self.initials)
        return f"{self.family}, {initials}" if initials else self.family

    def acs(self) -> str:  # "Gopinath, S. C. B."
        return self.apa()

    def full_inverted(self) -> str:  # "Gopinath, Subash Chandra Bose"
        return f"{self.family}, {self.given}" if self.given else self.family

    def full(self) -> str:  # "Subash Chandra Bose Gopinath"
        return f"{self.given} {self.family}".strip()


def _sentence(text: str) -> str:
    """`text` ending in one full stop (or its own ? or !)."""
    text = text.strip()
    return text if text.endswith((".", "?", "!")) else f"{text}."


def _doi_url(meta: DocumentMeta) -> str:
    return f"https://doi.org/{meta.doi}" if meta.doi else meta.url


def _volume_issue(meta: DocumentMeta, space: str = "") -> str:
    """'20(1)' (or '20 (1)' with space=' '); just the volume or just '(issue)' when one is missing."""
    issue = f"{space}({meta.issue})" if meta.issue else ""
    return f"{meta.volume}{issue}"


def _join(names: list[str], last: str = ", ") -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + last + names[-1]


def apa(meta: DocumentMeta, names: list[Name]) -> str:
    authors = [n.apa() for n in names]
    if len(authors) > 20:
        authors = [*authors[:19], "...", authors[-1]]
        who = ", ".join(authors)
    else:
        who = _join(authors, ", & ") if len(authors) > 1 else "".join(authors)
    where = ", ".join(x for x in (meta.journal, _volume_issue(meta), meta.pages) if x)
    parts = [f"{who} ({meta.year or 'n.d.'}).", _sentence(meta.title), _sentence(where) if where else ""]
    return " ".join(p for p in [*parts, _doi_url(meta)] if p)


def mla(meta: DocumentMeta, names: list[Name]) -> str:
    if len(names) >= 3:
        who = f"{names[0].full_inverted()}, et al."
    elif len(names) == 2:
        who = f"{names[0].full_inverted()}, and {names[1].full()}."
    else:
        who = _sentence(names[0].full_inverted()) if names else ""
    details = [meta.journal, f"vol. {meta.volume}" if meta.volume else "", f"no. {meta.issue}" if meta.issue else ""]
    details += [meta.year, f"pp. {meta.pages}" if meta.pages and "-" in meta.pages else meta.pages]
    where = ", ".join(x for x in details if x)
    parts = [who, f"\u201c{_sentence(meta.title)}\u201d", _sentence(where) if where else "", _doi_url(meta)]
    return " ".join(p for p in parts if p)


def chicago(meta: DocumentMeta, names: list[Name]) -> str:
    """Chicago author-date."""
    listed = [names[0].full_inverted(), *(n.full() for n in names[1:])] if names else []
    if len(listed) > 10:
        listed = [*listed[:7], "et al"]
        who = ", ".join(listed)
    else:
        who = _join(listed, ", and ") if len(listed) > 2 else " and ".join(listed)
    where = meta.journal + (f" {_volume_issue(meta, ' ')}" if meta.volume or meta.issue else "")
    where += f": {meta.pages}" if meta.pages else ""
    parts = [_sentence(who) if who else "", _sentence(meta.year or "n.d."), f"\u201c{_sentence(meta.title)}\u201d"]
    return " ".join(p for p in [*parts, _sentence(where.strip()) if where.strip() else "", _doi_url(meta)] if p)


def harvard(meta: DocumentMeta, names: list[Name]) -> str:
    authors = [n.apa() for n in names]
    who = _join(authors, " and ") if len(authors) <= 3 else f"{authors[0]} et al."
    pages = (f"pp. {meta.pages}" if "-" in meta.pages else meta.pages) if meta.pages else ""
    where = ", ".join(x for x in (meta.journal, _volume_issue(meta), pages) if x)
    doi = f"doi:{meta.doi}" if meta.doi else (f"Available at: {meta.url}" if meta.url else "")
    title = f"\u2018{meta.title.rstrip('.')}\u2019"
    return " ".join(
        p for p in (f"{who} ({meta.year or 'n.d.'})", f"{title},", _sentence(where) if where else "", doi) if p
    )


def vancouver(meta: DocumentMeta, names: list[Name]) -> str:
    """Vancouver, as the NLM recommends: up to six authors, then 'et al.'."""
    authors = [n.nlm() for n in names]
    who = ", ".join(authors[:6]) + (", et al." if len(authors) > 6 else ".")
    journal = meta.journal_abbrev or meta.journal
    where = f"{journal}. {meta.year}" + (f";{_volume_issue(meta)}" if meta.volume or meta.issue else "")
    where += f":{meta.pages}" if meta.pages else ""
    doi = f"doi:{meta.doi}" if meta.doi else ""
    return " ".join(p for p in (who if authors else "", _sentence(meta.title), _sentence(where), doi) if p)


def iso_abbreviation(abbrev: str, journal: str) -> str:
    """'J Appl Cell Sci' -> 'J. Appl. Cell Sci.': ISO 4 marks a shortened word with a full stop. A word is
    shortened when the full title holds a longer word it begins; 'Nano' in 'Nano Convergence' is not."""
    words = [w.strip(",:").lower() for w in journal.split()]
    marked = []
    for word in abbrev.split():
        bare = word.rstrip(".")
        shortened = bare.lower() not in words and any(w.startswith(bare.lower()) for w in words if len(w) > len(bare))
        marked.append(f"{bare}." if shortened else word)
    return " ".join(marked)


def acs(meta: DocumentMeta, names: list[Name]) -> str:
    who = "; ".join(n.acs() for n in names)
    journal = iso_abbreviation(meta.journal_abbrev, meta.journal) if meta.journal_abbrev else meta.journal
    where = ", ".join(x for x in (f"{journal} {meta.year}".strip(), _volume_issue(meta, " "), meta.pages) if x)
    doi = f"DOI: {meta.doi}." if meta.doi else ""
    return " ".join(p for p in (_sentence(who) if who else "", _sentence(meta.title), _sentence(where), doi) if p)


def cse(meta: DocumentMeta, names: list[Name]) -> str:
    """CSE name-year."""
    authors = [n.nlm() for n in names]
    who = ", ".join(authors[:10]) + (", et al." if len(authors) > 10 else ".")
    journal = meta.journal_abbrev or meta.journal
    where = f"{journal}. {_volume_issue(meta)}" + (f":{meta.pages}" if meta.pages else "")
    doi = f"doi:{meta.doi}." if meta.doi else ""
    parts = (who if authors else "", _sentence(meta.year or "[date unknown]"), _sentence(meta.title), _sentence(where))
    return " ".join(p for p in (*parts, doi) if p)


STYLES: dict[str, Callable[[DocumentMeta, list[Name]], str]] = {
    "APA": apa,
    "MLA": mla,
    "Chicago": chicago,
    "Harvard": harvard,
    "Vancouver": vancouver,
    "ACS": acs,
    "CSE": cse,
}


def citations(meta: DocumentMeta) -> dict[str, str]:
    """{style: entry} for every style, or {} when the metadata cannot make a useful entry."""
    if not meta.title or not (meta.authors and (meta.journal or meta.doi or meta.url)):
        return {}
    names = [Name.parse(a) for a in meta.authors if a.strip()]
    return {style: re.sub(r"\s+", " ", make(meta, names)).strip() for style, make in STYLES.items()}
