"""Sentence-level evidence: every candidate sentence (table row, caption) scored against the question.

Candidates are the sentences of the retrieved passages plus any the retrieval stage added (sentences
found by their own vectors, neighbours of strong ones). Each gets a dense similarity (cosine of the
sentence and question embeddings) and a lexical coverage (the IDF-weighted share of the question's
terms found in the sentence, its section title, or the other form of an acronym it uses); the ranking
score mixes the two, and lifts a sentence that gives the kind of answer asked for: a number for "how
many…" or "what is the detection limit…" (the sentence with "0.37 fM", not one that only names it), a
year for "when…".
Metadata lines and reference-list entries are not candidates: questions about the document are answered
from its metadata, and a reference entry only answers "which study says X".
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence, Set
from dataclasses import dataclass, field
from functools import cached_property
from typing import Protocol

import numpy as np

from rag.index.chunk import chunk_sentences
from rag.query.hints import KIND_WORDS, PHRASING
from rag.query.spelling import is_common_word
from rag.text.acronyms import defines, expand_query, says_what, short_forms_in
from rag.text.labels import captioned, labels_in
from rag.text.quantities import gives
from rag.text.tokens import plain_words, tokenize
from rag.types import Passage

_PHRASING = frozenset(tokenize(" ".join(PHRASING)))
# What a question of each kind is phrased in: "share" when a number is asked for, "between" for a comparison.
_KIND_PHRASING = {kind: _PHRASING | frozenset(tokenize(" ".join(words))) for kind, words in KIND_WORDS.items()}
DENSE_WEIGHT = 0.5  # the rest is lexical coverage
PREFIX = 5  # letters two stems must share before one may extend the other ("discov", "discoveri")
MEMO_SENTENCES = 50_000  # candidate sentences whose terms a scorer keeps (a few MB)
DEFINITION_BONUS = 0.5  # lifts "extracellular vesicles (EVs)" above other sentences that merely use "EVs"
ANSWER_KIND_BONUS = 0.2  # "how many…": a sentence stating a number is preferred (chosen on the tuning documents)
ASKED_SECTION_BONUS = 0.2  # "Any competing interests?": that section, not "Author contributions" beside it
CAPTION_BONUS = 1.0  # "What does Table 1 show?": its caption, above "Results are summarized in Table 1."
NEVER_CANDIDATES = frozenset({"metadata"})
# "How was MmPPOX made?" is answered by "MmPPOX was synthesized as previously described": "made" asks for any
# verb of making (and is said of anything, "an effort was made"). Not the other way round: "How was it
# synthesized?" is not answered by "stock solutions of it were prepared".
_MADE = re.compile(r"(?<![\w-])(?:made|make)\b", re.I)  # the verb, not "fibre-making"
MADE = frozenset(tokenize("made make"))
MAKING = frozenset(tokenize("produced prepared synthesized fabricated manufactured grown"))
# The words of the section titles under which papers say what a kind of question asks for: "Where can I find
# the data?" asks for "Data availability", "What statistical tests were used?" for "Statistical analysis".
_KIND_SECTIONS = {
    "funding": frozenset(tokenize("funding financial")),
    "interests": frozenset(tokenize("competing conflicts")),
    "availability": frozenset(tokenize("availability")),
    "statistics": frozenset(tokenize("statistical statistics")),
}
# What only the back matter says: who paid for the work, the authors' interests, where the data are.
BACK_MATTER_KINDS = frozenset({"funding", "interests", "availability"})
# The headings under which a paper says how it made something: "Preparation of aqueous dispersion with CSP",
# "GNMs fabrication", "Synthesis of 33RE".
_MAKING_HEADINGS = frozenset(tokenize("preparation synthesis fabrication production manufacture"))
_WHERE_MADE = re.compile(r"\s(?:in|into|on|onto|within)\s", re.I)  # what follows names the place, not the thing
CAPTIONED = frozenset({"figure", "table"})  # the kinds of passage a label ("Fig. 2", "Table 1") heads
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
_ALNUM = re.compile(r"[a-z0-9]+")
_LETTER = re.compile(r"[a-z]")
_WORD_LIST = re.compile(r"\s*(key\s*words?|index terms|abbreviations)\s*[:.]", re.I)
# Back matter, by the section names journals use: its sentences name figures, methods and people ("We thank
# J. G. for the design of Figures 1 and 2") without saying what a question about the work asks.
_BACK_MATTER = re.compile(
    r"\s*(acknowledge?ments?|funding|financial (support|disclosure)|competing interests?|conflicts? of interests?"
    r"|declarations?|(authors?'?s?'? )?contributions?|data availability)\b",
    re.I,
)
# The words that ask for one of those sections ("Who funded it?", "Any conflicts of interest?"); not
# "acknowledge" ("What limitations do the authors acknowledge?") nor "interests" alone.
_SECTION_NAMES = frozenset(tokenize("funding financial disclosure competing conflicts"))
_SAME_SECTION = {"compet": ("compet", "conflict"), "conflict": ("conflict", "compet")}  # of interests
# "What recommendations do the authors make?", "What problems did the hospital face?": the verb a question
# ends on, after the noun it asks about and its subject, only carries that noun, which answers hold
# without the verb ("41% cited staff performance as the major problem"). Only a subject of a word or two
# between: not "What role did MSC-EVs play in resistance?", nor "What did CSP change?", whose verb is what
# it asks about.
# "When was the study conducted?", "Where was this research carried out?": the verb says the paper's own
# study was done, which any sentence may say of anything ("a probe trial was conducted…"); the question asks
# when or where.
_STUDY_DONE = re.compile(
    r"^\W*(?:when|where)\s+(?:was|were|is|are|did)\s+(?:the|this|that|these|our|their|its)\s+"
    r"(?:[\w-]+\s+)?(?:stud(?:y|ies)|research|review|work|trial|survey|analysis|experiments?|data collection)\s+"
    r"((?:conducted|carried\s+out|performed|undertaken|done|run|held|made)\b.*)$",
    re.I,
)
_FRONTED_OBJECT_VERB = re.compile(
    r"^\W*(?:what|which)\s+(?:[\w-]+\s+){1,3}?(?:do|does|did|would|will|can|could|should|might)\s+"
    r"(?:(?:the|this|these|those|its|their|our|a|an)\s+)?(?:[\w-]+\s+)?[\w-]+\s+([a-z]+)\W*$",
    re.I,
)


@dataclass(frozen=True)
class ScoredSentence:
    passage: int  # index into Evidence.passages
    start: int
    end: int
    text: str
    dense: float
    lexical: float
    score: float
    kind: str = "body"  # the section kind of its passage
    rare: float = 0.0  # like `lexical` with each term weighted by its squared IDF: are the rarest words here?


@dataclass(frozen=True)
class Evidence:
    passages: list[Passage]
    sentences: list[ScoredSentence]  # best first, one entry per distinct sentence text
    coverage: float = 0.0  # IDF-weighted share of the question's terms found anywhere in the candidates
    unknown: float = 0.0  # IDF-weighted share of the question's terms the corpus never uses
    technical: float = 0.0  # the share of the question's words neither the corpus nor everyday English uses
    absent: tuple[str, ...] = ()  # the question's words (as typed) the corpus never uses
    confidence: float = 0.0  # the abstention model's belief that the best sentence answers (see `abstain`)
    terms: Mapping[str, float] = field(default_factory=dict)  # the question's terms and their IDF
    parts: tuple[Evidence, ...] = ()  # a question asking two or three things: the whole, then each part
    ordered: bool = False  # the sentences are in answer order already (a summary over several papers)
    asked: frozenset[int] = frozenset()  # the passages of the sections the question asks for by name

    @property
    def best(self) -> ScoredSentence | None:
        return self.sentences[0] if self.sentences else None

    @property
    def strength(self) -> float:
        return self.confidence

    def position_of(self, sentence: ScoredSentence) -> tuple[int, int]:
        """Where `sentence` stands in its document: its chunk's position, then its offset in the chunk."""
        return self.passages[sentence.passage].chunk.position, sentence.start

    def in_asked_section(self, sentence: ScoredSentence) -> bool:
        """Whether `sentence` is in a section the question asks for by name ("Who funded it?" and "Funding",
        "What does Figure 2 show?" and its caption): that section is the answer."""
        return sentence.passage in self.asked

    def document_of(self, sentence: ScoredSentence) -> str:
        return self.passages[sentence.passage].chunk.doc_id

    def by_document(self) -> dict[str, list[ScoredSentence]]:
        """The sentences of each document, best first; the documents in order of their best sentence."""
        grouped: dict[str, list[ScoredSentence]] = {}
        for sentence in self.sentences:
            grouped.setdefault(self.document_of(sentence), []).append(sentence)
        return grouped


class SentenceVectors(Protocol):
    """Embeddings of sentences, looked up (or computed) by (doc id, sentence text); one row each."""

    def vectors(self, sentences: Sequence[tuple[str, str]]) -> np.ndarray: ...


@dataclass(frozen=True)
class Query:
    """What the scorer needs to know about one question."""

    text: str  # what sentences are scored against (the question, or the claim of "is it true that X")
    vector: np.ndarray  # the embedding the retrieval made of it
    define: Sequence[str] = ()  # short forms (or a name) the question asks the meaning of
    references: bool = False  # "which study says X": reference-list entries may answer
    exclude: frozenset[str] = frozenset()  # sentences not to offer again, nor any sentence holding one
    expects: str = ""  # the kind of answer asked for: "number", "year" (see hints.expected_answer)
    subjects: Sequence[str] = ()  # short forms of a long form asked about: "GQDs are…" defines them
    labels: frozenset[tuple[str, str]] = frozenset()  # the figures or tables asked about ("What does Table 1 show?")
    pointing: frozenset[str] = frozenset()  # nouns the question points at its paper with ("study" in "this study")

    def defined_in(self, sentence: str) -> bool:
        """Whether `sentence` is the definition the question asks for."""
        return any(defines(sentence, n) for n in self.define) or any(says_what(sentence, n) for n in self.subjects)


@dataclass(frozen=True)
class SentenceScorer:
    """Scores candidate sentences against a question; holds what is fixed per index."""

    vectors: SentenceVectors
    idf: Mapping[str, float]
    default_idf: float
    acronyms: Mapping[str, str]
    dense_weight: float = DENSE_WEIGHT
    _terms_of: dict[tuple[str, str], frozenset[str]] = field(default_factory=dict, repr=False, compare=False)

    def score(self, query: Query, passages: Sequence[Passage]) -> Evidence:
        """Score each distinct sentence once (the copy in the best-ranked passage wins)."""
        terms = self.terms(query.text, query.expects, query.pointing)
        words = _question_words(query.text, query.pointing)
        missing = self._missing(words)
        technical = sum(not is_common_word(w) for w in missing) / len(words) if words else 0.0
        absent = tuple(dict.fromkeys(w for w in missing if self._unused(w)))
        said = [_plain(t) for t in query.exclude]
        candidates = [
            c
            for c in _candidates(passages, query.references, terms, query.expects in BACK_MATTER_KINDS)
            if not _repeats(c[3], said) and _shows(query.labels, passages[c[0]], c[3])
        ]
        if not candidates:
            return Evidence(
                list(passages),
                [],
                terms=terms,
                unknown=self._unknown(query.text),
                technical=technical,
                absent=absent,
            )
        keys = [(passages[i].chunk.doc_id, t) for i, _, _, t in candidates]
        dense = self.vectors.vectors(keys) @ query.vector
        squared = {t: w * w for t, w in terms.items()}
        offered = [self._offered(passages[i].chunk.section, text) for i, _, _, text in candidates]
        by_prefix = _by_prefix(frozenset().union(*offered))
        matches = {t: _matching(t, by_prefix) for t in terms}
        if _MADE.search(query.text):
            matches = _with_making(matches, by_prefix)
        typed = set(tokenize(query.text))  # a section's name may be a word the corpus never uses ("conflicts")
        sections = {
            i
            for i, passage in enumerate(passages)
            if asks_for_section(passage.chunk.section, typed)
            or titled_for(passage.chunk.section, query.expects)
            or (query.expects == "making" and tells_making(passage.chunk.section, terms))
        }
        captions = {i for i, passage in enumerate(passages) if is_caption_of(passage, query.labels)}
        scored = []
        for (i, start, end, text), similarity, present in zip(candidates, dense, offered, strict=True):
            chunk = passages[i].chunk
            found = {t for t in terms if not present.isdisjoint(matches[t])}
            lexical = _share(terms, found)
            score = self.dense_weight * float(similarity) + (1 - self.dense_weight) * lexical
            if query.defined_in(text):
                score += DEFINITION_BONUS
            if query.expects and gives(query.expects, text, query.text):
                score += ANSWER_KIND_BONUS
            if i in captions:
                score += CAPTION_BONUS
            elif i in sections:
                score += ASKED_SECTION_BONUS
            rare = _share(squared, found)
            scored.append(ScoredSentence(i, start, end, text, float(similarity), lexical, score, chunk.kind, rare))
        scored.sort(key=lambda s: (-s.score, s.passage, s.start))
        return Evidence(
            list(passages),
            scored,
            _share(terms, {t for t in terms if matches[t]}),
            self._unknown(query.text),
            technical,
            absent=absent,
            terms=terms,
            asked=frozenset(sections | captions),
        )

    def centroid(self, passages: Sequence[Passage]) -> np.ndarray:
        """The mean of the vectors of the passages' sentences, normalised: what they say most. The sentences
        closest to it summarise them ("Summarize the discussion")."""
        keys = [(passages[i].chunk.doc_id, text) for i, _, _, text in _candidates(passages, False, {})]
        if not keys:
            return np.zeros(0, dtype=np.float32)
        mean = self.vectors.vectors(keys).mean(axis=0)
        return mean / (np.linalg.norm(mean) or 1.0)

    def _offered(self, section: str, sentence: str) -> frozenset[str]:
        """The terms a sentence offers to match, kept per index: the same sentences come back question
        after question (bounded: the memo starts over past MEMO_SENTENCES)."""
        key = (section, sentence)
        found = self._terms_of.get(key)
        if found is None:
            if len(self._terms_of) >= MEMO_SENTENCES:
                self._terms_of.clear()
            found = frozenset(tokenize(_context(section, sentence, self.acronyms))) | _section_names(section)
            self._terms_of[key] = found
        return found

    def terms(self, text: str, expects: str = "", pointing: Set[str] = frozenset()) -> dict[str, float]:
        """IDF of each question term the corpus uses (phrasing words left out, and "share" or "percentage"
        when a number is asked for, "difference" or "between" when a comparison is, and the nouns `pointing`
        at the paper). Words it never uses are not in here: they count in `unknown`, a signal of its own.
        "made", which any verb of making answers, weighs as the commonest of them: a rare word in a paper
        that says "synthesized", it would otherwise outweigh the thing made."""
        skipped = _KIND_PHRASING.get(expects, _PHRASING) | set(tokenize(" ".join(pointing)))
        verb = _FRONTED_OBJECT_VERB.match(text) or _STUDY_DONE.match(text)
        asked = text[: verb.start(1)] if verb else text
        terms = {t: self.idf[t] for t in set(tokenize(asked)) - skipped if t in self.idf}
        if _MADE.search(text) and MADE & terms.keys():
            generic = min(self.idf.get(v, self.default_idf) for v in MADE | MAKING)
            terms.update((t, min(terms[t], generic)) for t in MADE & terms.keys())
        return terms

    def _unknown(self, text: str) -> float:
        """The share of the question's terms the corpus never uses (each weighted as the rarest word)."""
        words = set(tokenize(text)) - _PHRASING
        known = sum(self.idf[t] for t in words if t in self.idf)
        unknown = self.default_idf * sum(t not in self.idf for t in words)
        return unknown / (known + unknown) if known + unknown else 0.0

    def _missing(self, words: Sequence[str]) -> list[str]:
        """The words none of whose terms the corpus uses. Split two ways for `technical`: everyday words
        ("valued", "rebuilding") are how a paraphrase asks; specialist ones ("tetraspanin", "CD81") name a
        fact the text does not hold."""
        return [w for w in words if not any(t in self.idf for t in tokenize(w))]

    def _unused(self, word: str) -> bool:
        """Whether no term of the corpus matches the word's, as sentence terms match a question's ("deliver"
        is used where the text says "delivery"): a word the text truly never uses."""
        return not any(_matching(t, self._vocabulary) for t in tokenize(word))

    @cached_property
    def _vocabulary(self) -> dict[str, list[str]]:
        """The corpus's terms by their first letters (see `_matching`), built on first use."""
        return _by_prefix(self.idf.keys())


def _question_words(text: str, pointing: Set[str] = frozenset()) -> list[str]:
    """The question's words as typed, phrasing words and the nouns pointing at the paper left out."""
    return [w for w in plain_words(text) if _is_word(w) and tokenize(w) and w not in _PHRASING and w not in pointing]


def _is_word(token: str) -> bool:
    """Two characters or more, one a letter ("b" of a stray "<b>" says nothing about the question); whole
    words, so "33RE" is one word the corpus may know, not "RE"."""
    return len(token) >= 2 and bool(_LETTER.search(token))


def _candidates(
    passages: Sequence[Passage], references: bool, terms: Mapping[str, float], back_matter: bool = False
) -> list[tuple[int, int, int, str]]:
    """(passage index, start, end, text) of each distinct candidate sentence, in passage rank order; the
    back matter's only when the question names its section or asks what it declares (`back_matter`)."""
    candidates: list[tuple[int, int, int, str]] = []
    seen: set[str] = set()
    for index, passage in enumerate(passages):
        kind = passage.chunk.kind
        if kind in NEVER_CANDIDATES or (kind == "references" and not references):
            continue
        if not back_matter and _unasked_back_matter(passage.chunk.section, terms):
            continue
        for start, end in chunk_sentences(passage.chunk):
            text = passage.chunk.text[start:end]
            if text not in seen and _has_words(text):
                seen.add(text)
                candidates.append((index, start, end, text))
    return candidates


def _shows(labels: frozenset[tuple[str, str]], passage: Passage, text: str) -> bool:
    """Whether a sentence may answer what a figure or table shows: it names one of `labels`, or belongs to
    that figure's or table's own caption and legend. "Table 2 Crystallographic statistics…" and "Additional
    file 1: Appendices, Tables and figures." do not say what Table 1 shows."""
    return not labels or not labels.isdisjoint(labels_in(text) | labels_in(passage.chunk.section))


def _repeats(text: str, said: Sequence[str]) -> bool:
    """Whether a candidate is, or holds, a sentence already said (letters and digits compared, so a quote
    the history shortened or re-punctuated still counts)."""
    plain = _plain(text)
    return any(s and s in plain for s in said)


def _plain(text: str) -> str:
    return " ".join(_ALNUM.findall(text.lower()))


def _unasked_back_matter(section: str, terms: Mapping[str, float]) -> bool:
    """A passage of the acknowledgements, funding or similar, when the question does not ask about that
    section ("who funded the study?" matches "Funding" and may be answered from it)."""
    title = section.rsplit(">", 1)[-1]
    return _BACK_MATTER.match(title) is not None and not set(tokenize(title)) & set(terms)


def is_caption_of(passage: Passage, labels: frozenset[tuple[str, str]]) -> bool:
    """Whether `passage` is the caption (or, for a table, rows) of a figure or table `labels` names."""
    return passage.chunk.kind in CAPTIONED and captioned(passage.chunk.section, labels)


_SECTION_OTHER_NAMES = {
    "introduct": ("background",),
    "background": ("introduction",),
    "method": ("methodology",),
    "methodolog": ("methods",),
}


def in_named_section(section: str, name: str) -> bool:
    """Whether a passage under `section` ("Materials and Methods > SHOP search", "RESULTS AND DISCUSSION")
    is in the part of the paper called `name` ("methods", "discussion"): its top heading uses that word, or
    the other name of that part ("Background" for "introduction")."""
    top = set(tokenize(section.split(">", 1)[0]))
    asked = set(tokenize(name))
    for term in list(asked):
        asked.update(t for other in _SECTION_OTHER_NAMES.get(term, ()) for t in tokenize(other))
    return not asked.isdisjoint(top)


def asks_for_section(section: str, terms: Set[str]) -> bool:
    """Whether the question's terms name the back-matter section `section` ("Who funded this work?" and
    "Funding", "Any conflicts of interest?" and "Competing interests"): the section is the answer. Only
    by the words that name such a section: "authors" (in "Did the authors declare…") does not ask for
    "Author contributions", nor "contributions" ("the main contributions of this work")."""
    return bool(_section_names(section) & terms)


def tells_making(section: str, terms: Mapping[str, float]) -> bool:
    """Whether `section` is where the paper says how it made the thing a "How was X made?" question names
    (`terms`): a heading of making that names it ("Preparation of aqueous dispersion with CSP" for "How was
    CSP made?"), as "Summarize the discussion" names its section."""
    made = _WHERE_MADE.split(section.rsplit(">", 1)[-1], maxsplit=1)[0]  # not "…of GNMs in polymer nanofibers"
    title = set(tokenize(made))
    return not title.isdisjoint(_MAKING_HEADINGS) and not title.isdisjoint(set(terms) - MADE)


def is_back_matter(title: str) -> bool:
    """Whether a section titled `title` is back matter: acknowledgements, funding, interests, contributions,
    data availability."""
    return _BACK_MATTER.match(title) is not None


def titled_for(section: str, expects: str) -> bool:
    """Whether section `section` is titled for what a question asking for `expects` wants, without the question
    naming it: "Where can I find the data?" and "Data availability", "Who paid for it?" and "Funding" (in the
    back matter), "What statistical tests were used?" and "Statistical analysis"."""
    title = section.rsplit(">", 1)[-1]
    words = _KIND_SECTIONS.get(expects, frozenset())
    placed = expects not in BACK_MATTER_KINDS or is_back_matter(title)
    return bool(words) and placed and not words.isdisjoint(tokenize(title))


def _section_names(section: str) -> frozenset[str]:
    """The words that ask for back-matter section `section`, by its title or the other name of what it
    declares ("Competing interests" is asked for as "conflicts of interest" too)."""
    title = section.rsplit(">", 1)[-1]
    if _BACK_MATTER.match(title) is None:
        return frozenset()
    named = {word for term in tokenize(title) for word in _SAME_SECTION.get(term, (term,))}
    return frozenset(named & _SECTION_NAMES)


def _has_words(text: str) -> bool:
    """A candidate says something: at least three words (a bare number or label answers nothing); it is
    not the article's keyword or abbreviation list (words about the paper, not statements in it), nor a
    question the text asks ("What percentage of the literature is OA?" opens a section; it answers nothing)."""
    words = len(re.findall(r"[A-Za-z]{2,}", text)) >= 3
    return words and not _WORD_LIST.match(text) and not text.rstrip().endswith("?")


def _context(section: str, sentence: str, acronyms: Mapping[str, str]) -> str:
    """What a sentence offers to match: its words, its section title, and both forms of its acronyms
    (the singular short form too: the stemmer leaves a vowel-less "MSCs" as it is)."""
    return f"{section} {expand_query(sentence, acronyms)} {' '.join(short_forms_in(sentence, acronyms))}"


def _share(terms: Mapping[str, float], found: Set[str]) -> float:
    """The IDF-weighted share of `terms` that are `found`."""
    total = sum(terms.values())
    return sum(w for t, w in terms.items() if t in found) / total if total else 0.0


def _by_prefix(offered: Set[str]) -> dict[str, list[str]]:
    """The offered terms grouped by their first five letters (shorter ones by themselves)."""
    groups: dict[str, list[str]] = {}
    for term in offered:
        groups.setdefault(term[:PREFIX], []).append(term)
    return groups


def _matching(term: str, by_prefix: Mapping[str, list[str]]) -> frozenset[str]:
    """The offered terms that match `term`: itself, or from five letters a stem it begins or extends (the
    stemmer leaves "discovered" as "discov" but "discovery" as "discoveri"). Worked out once per question
    over all candidates' terms, so each sentence needs one set intersection per term; only the terms that
    share its first five letters can match."""
    group = by_prefix.get(term[:PREFIX], ())
    if len(term) < PREFIX:
        return frozenset(p for p in group if p == term)
    return frozenset(p for p in group if len(p) >= PREFIX and (p.startswith(term) or term.startswith(p)))


def _with_making(matches: dict[str, frozenset[str]], by_prefix: Mapping[str, list[str]]) -> dict[str, frozenset[str]]:
    """ "made" in the question matches any verb of making a sentence offers (see MADE)."""
    asked = MADE.intersection(matches)
    if not asked:
        return matches
    making = frozenset().union(*(_matching(verb, by_prefix) for verb in MAKING))
    return {t: found | making if t in asked else found for t, found in matches.items()}


def numbers_in(text: str) -> set[str]:
    """The numbers a text states ("0.1", "87", "1,250"), normalised for comparison."""
    return {n.replace(",", "") for n in _NUMBER.findall(text)}
