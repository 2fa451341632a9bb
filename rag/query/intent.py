"""What kind of question this is, recognised by its form before anything is searched.

- `instructions`: an attempt to override the assistant (ignore your instructions, reveal the prompt,
  role-play); never obeyed, always refused.
- `task`: a request for something the text cannot hold (code, a poem, a joke); refused.
- `empty`: nothing to look up (only digits, symbols, template or SQL fragments); refused.
- `metadata`: about the document itself (authors, journal, DOI, licence, how to cite...): answered
  from the document's metadata lines.
- `summary`: what the document is about, its main finding, the gist in simple words.
- `claim`: "Is it true that X?", "Confirm that X": what the text says about X, or that it does not.
- `reference`: which study or reference says something (reference-list entries may then be quoted).
- `content`: everything else, including commands about the text ("State the main finding...",
  "Say what MSCs are"): a command is a way to ask, not an instruction to obey.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from rag.query.hints import without_length
from rag.text.labels import asked_labels
from rag.text.tokens import STOPWORDS

_INSTRUCTIONS = re.compile(
    r"\b(ignore|disregard|forget|override|bypass)\b.{0,40}\b(instructions?|rules|prompt|previous|above|system|"
    r"documents?|context|sources?|text|review|paper|guidelines)\b"
    r"|\b(system|hidden|initial|original) prompt\b|\byou are now\b|\bpretend (to be|you)\b|\bact as (an?|the)\b"
    r"|\bjailbreak\b|\bdeveloper mode\b|\brepeat after me\b|\bnew rule\b|</?(context|system|instructions?)>"
    r"|^\s*(system|assistant)\s*:|\b(api keys?|password|credentials)\b",
    re.I | re.S,
)
_TASKS = re.compile(
    r"\b(write|give|show|generate|implement|code|compose|draft)\b.{0,30}\b(code|function|script|program|class|regex|"
    r"sql|poem|essay|story|joke|song|limerick|haiku|email|letter)\b|\b(python|javascript|java|c\+\+|rust)\b.{0,20}"
    r"\b(code|function|script)\b|\btell me a (joke|story)\b",
    re.I | re.S,
)
# Template, shell and SQL fragments: `{{7*7}}`, `$HOME`, `' OR '1'='1`, `<tag>`.
_CODE_LIKE = re.compile(r"\{\{.*?\}\}|\$\{?\w+\}?|<[^>]*>|'[^']*'|\"[^\"]*\"|`[^`]*`", re.S)
_WORD = re.compile(r"[A-Za-z][A-Za-z-]+")
_TOPIC_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]+")
# Markup pasted along with a question names no topic: script or style elements, Markdown links and
# images, URLs, and the code-like fragments above.
_NOISE = re.compile(
    r"<(script|style)\b[^>]*>.*?</\1\s*>|!?\[[^\]]*\]\([^)]*\)|https?://\S+|" + _CODE_LIKE.pattern, re.I | re.S
)

# Metadata fields, by the words students use for them. Order matters: the first match names the field.
FIELDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "cite",
        re.compile(
            # "citation" as the thing asked ("the citation in APA", "give me the citation"), not as a modifier
            # ("the citation advantage", "citation counts")
            r"\b(cite|citing|citation(?=\s*(?:$|[?.!,;:]|in\b|for\b|of\b|style\b|format\b|please\b))|"
            r"reference (it|this|the (paper|article|review))|bibliograph\w*|bibtex|reference list entry)\b",
            re.I,
        ),
    ),
    ("corresponding", re.compile(r"\b(corresponding|contact author|whom? (should|can|do) I contact)\b", re.I)),
    (
        "affiliation",
        re.compile(
            r"\b(affiliat\w*|institutions?|universit(y|ies)|where (are|do|were) the authors?"
            r"( from| based| work)?)\b",
            re.I,
        ),
    ),
    (
        "authors",
        re.compile(
            r"\b(who (wrote|authored|published|are the authors|is the author)|wrote (it|this|the)|written by|"
            r"(first|last|senior|lead) authors?|"
            r"authors? (of|are|is|were)|(list|name) the authors|the authors'? names|authored by|writers? of)\b",
            re.I,
        ),
    ),
    ("doi", re.compile(r"\bdois?\b", re.I)),
    (
        "url",
        re.compile(
            r"\b(urls?|web ?(sites?|pages?|address(es)?)|"
            # the paper itself, not its data ("Where can I find the data?" asks what the paper declares)
            r"where can i (find|read|get) (it|this( \w+)?|the (paper|article|review|study|publication|text|pdf))|"
            r"link to (it|this|the (paper|article|review)))\b",
            re.I,
        ),
    ),
    (
        "licence",
        re.compile(
            r"\b(licen[cs](ed?|es)?|copyright|re-?use|creative commons)\b"
            # open access is the paper's licence when the question is about the paper ("is it open access?"),
            # and a topic otherwise ("what share of the literature is open access?")
            r"|\b((is|was) (it|this)|(this|the) (paper|article|review|study))\b.{0,20}\b(open access|free to read)\b",
            re.I,
        ),
    ),
    (
        "journal",
        re.compile(
            r"\b(journals?|which (publications?|venues?)|where (was|is) (it|this|the [\w -]{1,40}?) published)\b"
            # "published in" names the venue when nothing follows or a question word does ("published in
            # which journal?"), not in "articles published in 2016"
            r"|\bpublished in\s*(\?|$|which\b|what\b)",
            re.I,
        ),
    ),
    (
        "published",
        re.compile(
            r"\b((what|which|in which) years?|years? of publication|publication years?|"
            r"when (was|is) (it|this|the [\w -]{1,40}?) published|publication date|volume|issue|"
            r"pages?( range)?|page numbers?)\b",
            re.I,
        ),
    ),
    ("title", re.compile(r"\b(titles?|what is (it|the (paper|article|review)) called)\b", re.I)),
    ("keywords", re.compile(r"\bkey ?words?\b", re.I)),
    ("type", re.compile(r"\b(kind|type|sort) of (article|paper|publication|study|document)\b", re.I)),
)
STYLES = {
    "apa": "APA", "mla": "MLA", "chicago": "Chicago", "harvard": "Harvard", "vancouver": "Vancouver",
    "nlm": "Vancouver", "ama": "Vancouver", "icmje": "Vancouver", "acs": "ACS", "cse": "CSE",
}  # fmt: skip
_DOCUMENT = r"(the |this |that )?(paper|article|review|study|document|text|work|manuscript|publication|report|it)"
# Several documents asked about as such ("what are these papers about?"), not a topic of them ("what are the
# articles published in 2016 about open access?" asks what the text says of those articles).
_DOCUMENTS = r"(the |these |those )?(papers|articles|reviews|studies|documents|texts|they)"
# A question about all of them, which no earlier question's topic narrows ("summarize the papers").
_SEVERAL = re.compile(rf"\b(papers|articles|reviews|studies|documents|texts)\b|\bwhat are {_DOCUMENTS} about\b", re.I)
# "… in the MmPPOX paper": a paper named at the end of a question about how it was done
_IN_PAPER = (
    r"( (in|of|by|for) (the|this|that|these|those) ([\w-]+ ){0,3}(stud(y|ies)|papers?|articles?|reviews?|work))?"
)
_CONTRIBUTION = r"(implications?|significance|contributions?|novelty)\b"  # of a paper, as what it found
# "What was the aim of this study?", "What is the research question?", "What hypothesis was tested?", "Why was
# this study done?": what the paper set out to do
_AIM = re.compile(
    r"\b(aims?|goals?|purposes?|objectives?) of (the|this|that|our|these|those|each|every) ([\w-]+ ){0,3}"
    r"(study|studies|papers?|articles?|reviews?|work)\b"
    r"|\bwhat (is|was|are|were) (its|their) (aims?|goals?|purposes?|objectives?)\b"
    rf"|^\W*what (is|was|are|were) (the|its|their) ((main|primary|central|overall|key|study|research) ){{0,2}}"
    rf"(aims?|goals?|purposes?|objectives?|questions?|hypothes[ie]s){_IN_PAPER}\W*$"
    r"|^\W*what (research )?(questions?|problems?|hypothes[ie]s|gaps?) (does|did|do) (it|they|the authors|"
    r"(the|this) (study|paper|article|review|work)) (address|answer|ask|test|tackle|investigate|examine|fill)\W*$"
    rf"|^\W*what hypothes[ie]s (is|was|are|were) (tested|examined|investigated|proposed){_IN_PAPER}\W*$"
    r"|^\W*why (was|were) (the|this|that) (study|research|review|work|trial|survey) "
    r"(done|conducted|carried out|performed|undertaken)\W*$",
    re.I,
)
# "What methods were used?", "How was the study conducted?", "How did they do that?": how the paper went
# about it, with no topic of its own (the whole question; "What methods were used to measure X?" asks about X)
_METHODS = re.compile(
    r"^\W*what (research |study )?(methods?|methodology|approach|design)( did (they|the authors|we) use| (is|was|were)"
    rf"( used| applied| employed)?){_IN_PAPER}\W*$"
    r"|^\W*how (was|were) (the|this|that) (study|research|review|work|analysis|trial|survey) "
    rf"(done|conducted|carried out|performed|designed|run){_IN_PAPER}\W*$"
    r"|^\W*how did (they|the authors|you|we) (do|conduct|carry out|perform|run|go about) (it|that|this|"
    r"(the|this|that|their|your|our) (study|research|review|work|analysis|trial|survey))\W*$"
    rf"|^\W*what (is|was) (the|its) (study design|methodology){_IN_PAPER}\W*$",
    re.I,
)
_SUMMARY = re.compile(
    rf"\bwhat('s| is| are)? (the |this |that )?[\w -]{{0,40}}?{_DOCUMENT}\b.{{0,20}}\babout\b"
    rf"|\bwhat are {_DOCUMENTS} about\b"
    r"|\bsummar\w*|\boverview\b|\bgist\b|\btl;?dr\b"
    r"|\bmain (finding|result|idea|point|message|conclusion|takeaway|contribution|aim|goal|purpose|topic|argument)s?\b"
    r"|\bkey (finding|result|message|takeaway|point)s?\b|\bin (simple|plain|easy) (words|terms|language)\b"
    r"|\bwhat did (they|the authors) (find|conclude|show)\b|\bconclusions? of\b"
    # "What is the conclusion?", "What do the authors conclude?": what the paper found, as "main finding"
    r"|\bwhat('s| is| are| was| were) (the|its|their) (main |overall |final )?conclusions?\b"
    r"|\bwhat (do|does|did|can) (they|the authors?|we|the (study|paper|article|review|work)) conclude\b"
    r"|\bwhat can be concluded\b"
    rf"|{_AIM.pattern}"
    rf"|{_METHODS.pattern}"
    # "What are the implications?", "What is new in this study?": what it found, as "main finding"
    rf"|^\W*what (is|are|was|were) (the|its|their) ((main|key|practical|clinical) )?{_CONTRIBUTION}"
    rf"( of (the|this|these|its|their) (findings|results|study|studies|work|paper|review|research))?{_IN_PAPER}\W*$"
    r"|^\W*what('s| is) (new|novel) (in|about) (the|this|that) (study|paper|article|review|work|research)\W*$",
    re.I,
)
# "Summarize the discussion", "What does the introduction say?", "What is in the methods section?": that
# section of the paper, not its abstract.
_SECTION_SUMMARY = re.compile(
    r"^\W*(?:(?:please\s+)?(?:summari[sz]e|describe|outline|explain|give (?:me )?(?:an overview|a summary) of)\s+"
    r"|what (?:does|do)\s+|what(?:'s| is) (?:in|said in)\s+)"
    r"(?:the\s+|its\s+|their\s+)?(?P<section>introduction|background|discussion|results|methods|methodology"
    r"|conclusions?)(?:\s+(?:section|part))?"
    r"(?:\s+(?:of|in)\s+(?:the|this|that)\s+(?:[\w-]+\s+){0,3}?(?:paper|study|article|review|work))?"
    r"(?:\s+(?:say|tell us|cover|contain|show))?\W*$",
    re.I,
)
_FINDINGS = re.compile(
    r"\b(main|key) (finding|result|message|conclusion|takeaway)s?\b"
    r"|\bwhat did (they|the authors) (find|conclude|show)\b|\bconclu(sions?|ded?)\b|\bfindings\b"
    rf"|\b{_CONTRIBUTION}|\b(new|novel) (in|about)\b",
    re.I,
)
_CLAIM = re.compile(
    r"^\s*(is it (true|correct|right|the case)|confirm|verify|check|true or false[:,]?|is the (claim|statement))"
    r"( that| whether| if)?\b\s*(?P<claim>.+)$"
    r"|^\s*(does|did) (the |this )?(paper|article|review|study|text|author|authors) (say|claim|state|show|report)s?"
    r" that\s+(?P<claim2>.+)$",
    re.I | re.S,
)
# Over a reading list, "which paper is about Malawi?" is answered by that paper's title; what follows the
# verb is the topic, whatever its words ("which article covers open access?" is no licence question).
_WHICH_DOCUMENT = re.compile(
    r"\bwhich (one )?(of (the|these|those) )?(papers?|articles?|reviews?|documents?|texts?|publications?) "
    r"((is|are|was|were) (about|on)|(talks?|is|are) about|deals? with|focus(es)? on|looks? at|"
    r"covers?|discuss(es)?|examines?|investigates?|address(es)?|stud(y|ies)|explores?|concerns?)\b"
    # "which of these papers used interviews?": the indexed papers, whatever the verb (not "which of these
    # studies…", which over one review means the studies it includes)
    r"|\bwhich (one )?of (these|those) (papers|articles|documents|texts|publications)\b"
    # "which paper used interviews?", "which article measures cortisol?": a paper is one of the indexed ones
    # (a "study" may be one a review includes)
    r"|\bwhich (one )?(of (the|these|those) )?(papers?|articles?|documents?|publications?) "
    r"(?!(is|are|was|were|do|does|did|has|have|had|can|could|should|would|will)\b)[a-z]+(ed|es|s)\b",
    re.I,
)
# "How many studies did the stroke review include?": a paper named by a few words before its noun.
_NAMED_DOCUMENT = re.compile(
    r"\b(?:the|this|that) (?P<words>(?:[A-Za-z0-9][A-Za-z0-9-]* ){1,3})(?:review|paper|study|article|report)\b", re.I
)
# What is indexed: "What papers do you have?", "List the papers." (their titles).
_INDEXED = re.compile(
    r"\b(what|which) (papers|articles|documents|texts|reviews|publications) "
    r"(do you have|are (there|here|indexed|loaded|available|in (it|the (index|reading list|list)))|can i ask)\b"
    # "list the papers", but not "list the papers the review included"
    r"|\b(list|show( me)?|name) (all |the |these |those )?(papers|articles|documents|texts|reviews|publications)"
    r"( you have| (that )?(are )?(indexed|here|loaded))?\s*[.?!]*\s*$",
    re.I,
)
_REFERENCE = re.compile(
    r"\b(which|what) (?:(?!(?:kind|type|sort|of|the|did|does|do|is|are|was|were)\b)[a-z-]+ )?"  # "which included study"
    r"(study|studies|reference|references|paper|papers|work|works|trial|trials|source|sources|citation)"
    r"\b.{0,40}\b(show|showed|shown|report|reported|found|find|say|says|said|support|supports|describe|described|cited|"
    r"cite)\b|\bwho (showed|reported|found|first)\b|\bcited (for|as|in support)\b",
    re.I | re.S,
)


@dataclass(frozen=True)
class Intent:
    kind: str  # instructions | task | empty | metadata | summary | claim | reference | content
    fields: tuple[str, ...] = ()  # metadata fields asked, e.g. ("authors",)
    style: str = ""  # citation style asked ("APA"), '' for the default
    claim: str = ""  # the X of "is it true that X", spelling corrected: what is searched and checked
    typed_claim: str = ""  # the same X as typed: what "Nothing in … states that X" echoes
    topic: tuple[str, ...] = ()  # metadata and summary questions: words beyond the field ("graphene" review)
    findings: bool = False  # a summary asking what was found ("main finding", "conclusions of"), not what it is about
    aim: bool = False  # a summary asking what the paper set out to do ("aim", "research question", "hypothesis")
    methods: bool = False  # a summary asking how the paper went about it ("What methods were used?")
    section: str = ""  # a summary of one section of the paper ("Summarize the discussion": "discussion")

    @property
    def refused(self) -> bool:
        return self.kind in ("instructions", "task", "empty")


def classify(question: str) -> Intent:
    """The intent of `question` (already cleaned: one line, no control characters)."""
    if _INSTRUCTIONS.search(question):
        return Intent("instructions")
    if _TASKS.search(question):
        return Intent("task")
    if not has_content(question):  # "What is it about?" is all stop words, and asks for a summary
        return _summary(question) if _SUMMARY.search(question) else Intent("empty")
    if claim := _claim(question):
        return Intent("claim", claim=claim)
    if _INDEXED.search(question):
        return Intent("metadata", ("title",))
    if _REFERENCE.search(question):  # before the fields: "which study reported a citation advantage?"
        return Intent("reference")
    if which := _WHICH_DOCUMENT.search(question):  # the topic keeps numbers: "which paper is about 2-NBDG?"
        return Intent("metadata", ("title",), topic=_named_words(question[which.end() :], STOPWORDS))
    fields = tuple(name for name, pattern in FIELDS if pattern.search(question))
    if fields:
        style = next((STYLES[w] for w in re.findall(r"[a-z]+", question.lower()) if w in STYLES), "")
        fields = tuple(f for f in fields if not any(_NARROWER.get(other) == f for other in fields))
        return Intent("metadata", fields, style, topic=topic_words(question))
    if section := _SECTION_SUMMARY.match(question):  # "conclusions": what was found, where no section says
        name = section.group("section").lower()
        return Intent("summary", topic=topic_words(question), findings=name.startswith("conclusion"), section=name)
    if _SUMMARY.search(question) and not asked_labels(question):  # "Summarize Table 2" asks about the table
        return _summary(question)
    return Intent("content")


def _summary(question: str) -> Intent:
    """A summary, and what of the paper it asks for: what it found, what it set out to do, how it did it."""
    return Intent(
        "summary",
        topic=topic_words(question),
        findings=_FINDINGS.search(question) is not None,
        aim=_AIM.search(question) is not None,
        methods=_METHODS.search(question) is not None,
    )


def named_document(question: str) -> tuple[str, ...]:
    """The words a content question names one of the documents by ("the stroke review", "this Malawi
    study"), or () when it names none that way."""
    match = _document_name(question)
    return _naming_words(match) if match else ()


def _document_name(question: str) -> re.Match[str] | None:
    """The phrase naming a paper: its words run straight into the noun ("the stroke review"), so "the
    objective of the study" names none."""
    match = _NAMED_DOCUMENT.search(question)
    if match is None or any(w.lower() in STOPWORDS for w in match.group("words").split()):
        return None
    return match


def without_document_name(question: str) -> str:
    """The question without the words that named its paper: "Who funded the ACE study?" -> "Who funded the
    study?" (once the paper is chosen, its name is no word to find in it)."""
    match = _document_name(question)
    if match is None or not _naming_words(match):
        return question
    return question[: match.start("words")] + question[match.end("words") :]


def _naming_words(match: re.Match[str]) -> tuple[str, ...]:
    return _named_words(match.group("words"), _DOCUMENT_WORDS | _FIELD_WORDS | STOPWORDS)


def _named_words(text: str, skip: frozenset[str]) -> tuple[str, ...]:
    """The words (numbers too) of `text` that name something, lower case: those not in `skip`."""
    return tuple(w.lower() for w in _TOPIC_WORD.findall(text) if w.lower() not in skip)


def names_several(question: str) -> bool:
    """Whether the question asks about several documents as such ("summarize the papers", "what are they about?")."""
    return _SEVERAL.search(question) is not None


def has_content(question: str) -> bool:
    """Whether anything is left to look up once code-like fragments, digits and stop words are removed."""
    words = _WORD.findall(_CODE_LIKE.sub(" ", question))
    return any(w.lower() not in STOPWORDS for w in words)


def with_typed_claim(intent: Intent, typed: str) -> Intent:
    """`intent` (classified from the corrected question) holding the claim as `typed` too, so a refusal
    echoes the user's words: "readmissions" stays "readmissions" even where the search corrected a slip."""
    if not intent.claim:
        return intent
    return replace(intent, typed_claim=_claim(typed) or intent.claim)


def _claim(question: str) -> str:
    match = _CLAIM.match(question)
    if not match:
        return ""
    claim = (match.group("claim") or match.group("claim2") or "").strip().rstrip("?.! ")
    return claim if has_content(claim) else ""


# Words that only point at the document or phrase a metadata question; anything else is a topic.
_DOCUMENT_WORDS = frozenset(
    "paper papers article articles review reviews study document documents text texts work manuscript manuscripts "
    "publication publications report it this that these those each every the who what "
    "which when where how is are was were do does did can could should i me my we you of in on for to by a an "
    "and or please tell give show find get what's whats style format list full main there its their published "
    "publish appear appeared under span spans state states say name explain describe translate simple plain easy "
    "words terms language idea ideas point points page online finding findings result results conclusion "
    "conclusions about summarize summarise summary summarized overview gist tldr tl dr key takeaway takeaways "
    "message contribution aim aims goal goals purpose purposes objective objectives topic argument find found "
    "conclude concluded show showed cover covers "
    "covered discuss discusses discussed present presents investigate investigates examine examines address "
    "addresses focus focuses report reports study studies studied whole overall short brief briefly "
    "method methods methodology approach design used use applied employed conduct conducted done carry carried perform "
    "performed go "
    "designed run research question questions hypothesis hypotheses tested problem problems gap gaps primary "
    "central implications implication significance contributions novelty new novel why undertaken answer ask "
    "test tackle fill introduction background discussion section part say tell contain outline".split()
)
# When one field is asked, a broader one matched by the same words is not: "corresponding author" is not
# a question about all the authors, "the URL of the article page" not one about its pages.
_NARROWER = {"corresponding": "authors", "affiliation": "authors", "url": "published", "cite": "published"}


_FIELD_WORDS = frozenset(
    "cite citing citation citations reference referencing bibliography bibtex entry corresponding contact author "
    "first last senior lead authors authored wrote written writer writers affiliation affiliations affiliated "
    "institution institutions university universities based doi url link links website webpage web address online "
    "licence license licensed licences licenses licenced copyright reuse re-use open access creative commons free "
    "read journal journals venue venues year years when volume issue pages page range numbers number date title "
    "titles dois urls called keywords keyword key kind type sort".split()
)


def topic_words(question: str) -> tuple[str, ...]:
    """What a metadata or summary question names besides the field and the document: ("graphene",) for
    "who wrote the graphene review?", () for "who wrote it?". A topic decides which document is meant,
    or shows the question is about a cited study rather than the document itself."""
    words = [w.lower() for w in _WORD.findall(_NOISE.sub(" ", without_length(question)))]
    skip = _DOCUMENT_WORDS | _FIELD_WORDS | STOPWORDS
    return tuple(w for w in words if w not in skip and w not in STYLES)
