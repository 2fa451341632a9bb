"""How questions are phrased, as opposed to what they are about: words that never have to appear in an
answer, and the phrasings that ask what a short form means."""

from __future__ import annotations

import re

QUESTION_WORDS = ("what", "which", "who", "whom", "whose", "when", "where", "why", "how")
# How students phrase a question, not what it is about: these never have to appear in an answer.
PHRASING = frozenset(
    "stand stands abbreviation abbreviated acronym short style format formatted cite citing mean meant meaning "
    "define definition explain describe summarise summarize tell list give show please briefly exactly say says "
    "said talk mention mentions article paper publication state states confirm verify true correct "
    "had having during each per upon via while whether since among many much".split()
) | frozenset(QUESTION_WORDS)  # the stop list drops "what" and "how" but not "when" or "where"


_DEFINITION = re.compile(
    r"\bstands? for\b|\babbreviat\w*|\bacronyms?\b|\bshort for\b|\brefers? to\b|\bmean(s|t)?\b|\bdefin\w*", re.I
)


# "What is THL?", "Say what graphene quantum dots are.", "Define Bronze OA": the question names one thing
# (a few words, none of them linking words) and asks what it is.
_NAME = r"(?:an?\s+|the\s+)?([\w-]+(?:\s+[\w-]+){0,3}?)"
_WHAT_IS = re.compile(
    r"^\W*(?:(?:please\s+)?(?:say|tell me|explain|describe)\s+)?"
    rf"(?:what\s+(?:is|are)\s+{_NAME}|what\s+{_NAME}\s+(?:is|are)|define\s+{_NAME})\W*$",
    re.I,
)
_LINKING = frozenset("of in on for with to by from between and or that which than as at into role".split())


def named_thing(question: str) -> str:
    """What a "what is X" question asks about ("graphene quantum dots"), or "" when it asks something else
    ("What is the role of EVs in resistance?" names no one thing)."""
    match = _WHAT_IS.match(question)
    if match is None:
        return ""
    name = next(v for v in match.groups() if v)
    return "" if _LINKING & set(name.lower().split()) else name


def asks_definition(question: str) -> bool:
    """'What does EV stand for?', 'What does MSC-EVs refer to?', 'Say what THL is': the answer is where the
    text defines it."""
    return _DEFINITION.search(question) is not None or bool(named_thing(question))


# "How many…", "what percentage…", "what is the detection limit…", "at what concentrations…": the answer is a number.
_QUANTITY = re.compile(
    r"\bhow\s+(?:many|much|long|often|large|big|high|low|fast|far|old|thin|thick|small|frequent|common|likely)\b"
    r"|\bwhat\s+(?:\w+\s+){0,3}?(?:percent(?:age)?|proportion|share|fraction|number|rate|ratio|concentration|dose"
    r"|dosage|size|amount|level|value|limit|range|mass|weight|volume|temperature|duration|length|diameter"
    r"|sensitivity|specificity|accuracy|precision|recall|yield|frequency|prevalence|incidence|increments?|increase"
    r"|decrease|reduction|time|speed|score|count|total)s?\b",
    re.I,
)
# Words a number answers: "what share of the literature is OA?" is answered by "28% of the literature", which
# does not say "share". Not terms a sentence must hold when the question asks for a number.
QUANTITY_WORDS = frozenset("percent percentage proportion share fraction".split())
# "When was graphene discovered?", "In what year…": the answer is a year.
_TIME = re.compile(r"^\W*when\b|\b(?:what|which)\s+years?\b", re.I)


# "What is the difference between X and Y?", "How does X differ from Y?", "Compare X with Y", "X versus Y":
# the answer sets one against the other.
_COMPARISON = re.compile(
    r"\bdifferen(?:ce|ces|t)\s+(?:between|from)\b|\bdiffers?\s+from\b|\bdistinguish(?:es)?\b.*\bfrom\b"
    r"|\bcompare\b|\bcompared\s+(?:with|to)\b|\bcomparison\s+(?:of|between)\b|\bversus\b|\bvs\.?(?=\s)",
    re.I,
)
# Words that ask for a comparison: "unlike THL, MmPPOX was…" answers without saying "between" or "compare".
# ("differ" stays a term: a sentence that says how two things differ is the best answer there is.)
COMPARISON_WORDS = frozenset("between compare compared comparison versus vs".split())
DIFFERENCE_WORDS = frozenset("difference differences different differ differs".split())  # what is compared is not


# "What are the limitations of this study?", "What limitations do the authors acknowledge?", "Does the
# paper mention any weaknesses?": what the paper says of its own shortcomings, in those words; "limits" and
# "limited" (a stem "limitations" shares) are not that ("Limit of detection: 12 µM", "solubility limits").
_DOC = (  # "this study", "the Malawi study", "the authors"
    r"(?:(?:the|this|that|these|our|their|its)\s+(?:[\w-]+\s+){0,3}?)?"
    r"(?:study|studies|paper|article|review|work|research|analysis|trial|authors?)"
)
_FLAWS = r"(?:limitations?|weakness(?:es)?|shortcomings?|caveats?)"
_LIMITATION = re.compile(
    rf"^\W*(?:what|which)\s+(?:are|were|is|was)\s+(?:the\s+|its\s+|their\s+|some\s+|any\s+)?"
    rf"(?:(?:main|major|key|potential|possible|important)\s+)?{_FLAWS}(?:\s+(?:of|in)\s+{_DOC})?\W*$"
    rf"|^\W*(?:what|which)\s+{_FLAWS}\s+(?:does|do|did)\s+{_DOC}\s+(?:have|mention|acknowledge|report|note|discuss|admit)\W*$"
    rf"|^\W*(?:does|do|did)\s+{_DOC}\s+(?:have|mention|acknowledge|report|note|discuss|admit)\s+(?:any\s+)?{_FLAWS}\W*$"
    rf"|^\W*(?:any\s+)?{_FLAWS}\W*$",
    re.I,
)


# "When was the study conducted?", "When were the data collected?", "What was the study period?": when the
# paper's own work was done, which a sentence answers with a date and what was done then ("Data collection
# was carried out in June 2010."), not any year the text names ("Since its discovery in 2004").
_WORK = (
    r"(?:stud(?:y|ies)|research|survey|trial|experiments?|fieldwork|interviews?|(?:literature\s+)?search(?:es)?"
    r"|data(?:\s+collection)?|observations?|recruitment|analysis|review)"
)
_THE_WORK = rf"(?:the|this|that|these|our|their|its)\s+(?:[\w-]+\s+)?{_WORK}"  # "the study", "this literature search"
_SUBJECT = rf"(?:{_THE_WORK}|it)"  # "it": "When was it done?"
_DONE = r"conducted|carried\s+out|performed|undertaken|done|run|held|collected|gathered"  # the work was…
_PERIOD = re.compile(
    rf"^\W*when\s+(?:was|were|is|are)\s+{_SUBJECT}\s+(?:{_DONE})\b"
    rf"|^\W*when\s+did\s+{_THE_WORK}\s+(?:take\s+place|happen|start|begin|run)\b"
    r"|\b(?:study|data[\s-]collection|recruitment|search|observation|follow-up)\s+period\b"
    r"|^\W*(?:over|during|in)\s+(?:what|which)\s+(?:time\s+)?(?:period|dates?)\b",
    re.I,
)
# Words that ask for it: no term a sentence giving the dates must hold ("When was the study done?").
PERIOD_WORDS = frozenset(
    "period time date dates over study studies conducted carried out performed undertaken done held".split()
)
# "Where was the study conducted?", "In which country was the study done?", "What was the study setting?":
# where the paper's own work was done, which a sentence answers by the doing and a place's name ("…was
# performed at the Medical Department", "…collected… at Diamond Light Source").
_PLACE = re.compile(
    rf"^\W*where\s+(?:was|were|is|are)\s+{_SUBJECT}\s+(?:{_DONE}|based)\b"
    rf"|^\W*where\s+did\s+{_THE_WORK}\s+(?:take\s+place|happen|run)\b"
    r"|^\W*in\s+(?:which|what)\s+(?:country|countries|city|cities|region|hospital|setting|place|institution|lab"
    rf"|laboratory)\s+(?:was|were|did)\s+{_THE_WORK}\b"
    r"|^\W*what\s+(?:was|is)\s+the\s+(?:study\s+)?(?:setting|site|location)"
    r"(?:\s+of\s+(?:the|this)\s+(?:study|research|trial|survey))?\W*$",
    re.I,
)
PLACE_WORDS = frozenset(  # and these: "In which country was the study done?"
    "where place country countries city cities region setting site location institution lab laboratory study "
    "studies conducted carried out performed undertaken done held take took based".split()
)
# "What ethical approval was obtained?", "Was the study approved by an ethics committee?", "Who approved the
# study?": the sentence saying which committee or board approved it, whatever it calls itself ("…approved by
# the Institutional Animal Care and Use Committee…"), not "All authors approved the final manuscript".
_APPROVAL = re.compile(
    r"\bethic(?:s|al)\b[^?]*\b(?:approv\w*|clearance|committee|board|review)\b"
    r"|\b(?:approv\w*|clearance)\b[^?]*\bethic(?:s|al)\b|\b(?:ethics|review)\s+(?:committee|board)\b|\bIRB\b"
    rf"|^\W*who\s+approved\s+{_SUBJECT}\W*$|\b(?:was|were)\s+{_SUBJECT}\s+approved\b",
    re.I,
)
APPROVAL_WORDS = frozenset(  # and these: "Did the study receive ethical approval?"
    "ethical ethics approval approved approve obtained obtain received receive given granted committee board "
    "review clearance study studies who".split()
)
# "Who funded the study?", "What was the source of funding?", "Did the authors receive any funding?": the
# paper's statement of who paid for the work ("This work was supported by … grant …"), not a sentence on
# funding as a topic ("What are research funders mandating?" is about the text's subject).
_FUNDED_WORK = rf"(?:{_SUBJECT}|(?:the|this|that|these|our|their|its)\s+(?:[\w-]+\s+)?(?:work|paper|project|article))"
_PAID = r"(?:funded|financed|sponsored|supported|paid\s+for)"
_FUNDING_NAMES = r"(?:sources?\s+of\s+funding|funding(?:\s+sources?)?|funders?|financial\s+support|sponsors?|grants?)"
_FUNDING = re.compile(
    rf"^\W*(?:who|(?:what|which)(?:\s+[\w-]+){{1,2}}?)\s+{_PAID}\s+{_FUNDED_WORK}\W*$"
    rf"|^\W*(?:how|by\s+whom)\s+(?:was|were|is|are)\s+{_FUNDED_WORK}\s+{_PAID}\b"
    rf"|^\W*(?:was|were|is|are)\s+{_FUNDED_WORK}\s+(?:funded|financed|sponsored)\b"
    rf"|^\W*(?:what|which)\s+(?:was|were|is|are)\s+(?:the\s+|its\s+|their\s+)?(?:main\s+)?{_FUNDING_NAMES}"
    rf"(?:\s+(?:of|for)\s+{_FUNDED_WORK})?\W*$"
    r"|^\W*(?:did|do|does)\s+(?:the\s+)?(?:authors?|researchers|investigators|they|it|(?:the|this)\s+(?:study|work))\s+"
    r"(?:receive|get|have|declare|report)\s+(?:any\s+)?(?:funding|financial\s+support|grants?)\b"
    r"|^\W*(?:what|which)\s+(?:funding|grants?|financial\s+support)\s+(?:did|does|do|was|were|is|are|supported)\b",
    re.I,
)
FUNDING_WORDS = frozenset(  # and these: "Did the authors receive any funding?"
    "who funded fund funding funds financed financial sponsored sponsor sponsors supported support paid source "
    "sources funder funders grant grants receive received get study work research project".split()
)
# "Did the authors declare any conflicts of interest?", "What competing interests do the authors have?": the
# paper's declaration ("The authors declare no conflicts of interest.", "…are founders of Impactstory"), not
# "regions of interest".
_INTERESTS = re.compile(
    r"\b(?:conflicts?|competing)\s+(?:of\s+)?interests?\b|\bfinancial\s+(?:interests?|disclosures?)\b"
    r"|\bdeclare\w*\s+(?:any\s+)?conflicts?\b",
    re.I,
)
INTERESTS_WORDS = frozenset(  # and these: no term a declaration must hold
    "conflict conflicts competing interest interests financial disclosure disclosures declare declared any have "
    "authors".split()
)
# "Where are the data available?", "Is the code available?", "Where can I find the data?": the paper's
# statement of where its data or code can be had ("…are openly available at http://…", "…upon request"),
# not where the data were collected.
_DATA = r"(?:(?:raw|underlying|source|study|research)\s+)?(?:data(?:\s*sets?)?|datasets?|code|scripts?)"
_AVAILABILITY = re.compile(
    rf"\b{_DATA}\s+(?:(?:is|are|were|was|be|been)\s+)?(?:made\s+)?(?:publicly\s+|openly\s+|freely\s+)?"
    r"(?:available|accessible|shared|deposited|archived)\b"
    rf"|\b(?:data|code)\s+(?:availability|sharing)\b"
    rf"|^\W*(?:where|how)\s+(?:can|could|do|does|may)\s+(?:i|we|one|you|readers?|a\s+reader)\s+"
    rf"(?:find|get|access|download|obtain|see)\s+(?:the\s+|their\s+|its\s+)?{_DATA}\b",
    re.I,
)
AVAILABILITY_WORDS = frozenset(  # and these: "Where can I find the data?"
    "where how can could find get access download obtain see available availability accessible shared sharing "
    "deposited archived publicly openly freely made data dataset datasets code scripts raw underlying source "
    "study research".split()
)
# "What statistical methods were used?", "Which statistical tests were used?": the sentence naming the tests or
# software ("…assessed by one-way ANOVA, followed by Bonferroni's post-hoc test", "…analyzed with Microsoft
# Excel and Epi-Info Statistical Programme"), not "The detailed refinement statistics… are given in Table 2".
# Not "What tests were used?" (the open field test is one) nor "How were the data analysed?" (data are analysed
# in other ways: "…indexed and scaled with XDS"), which ask for more than statistics.
_STATISTICS = re.compile(
    r"\bstatistic(?:s|al)\b[^?]*\b(?:methods?|tests?|analys[ie]s|approach(?:es)?|software|packages?|procedures?)\b"
    r"|^\W*how\s+(?:was|were|is|are)\s+(?:the\s+)?(?:data|results)\s+statistically\s+analy[sz]ed\W*$",
    re.I,
)
STATISTICS_WORDS = frozenset(  # and these: no term a sentence naming the tests must hold ("…by unpaired t test")
    "statistical statistics method methods test tests analysis analyses approach approaches software package "
    "packages procedure procedures used use data results analysed analyzed performed".split()
)
# "How was MmPPOX made?", "How are the nanofibres made?": the answer says how it was produced, in whatever verb
# ("…was synthesized as previously described", "electrospinning… to manufacture nanofibers").
_MAKING = re.compile(r"^\W*how\s+(?:was|were|is|are|do|does|did)\s+.+?\s+(?:made|make)\W*$", re.I)


# "What future work do the authors suggest?", "What further research is needed?", "What are the next steps?":
# what the paper says remains to be done, whatever words it uses ("We encourage further research…").
_FUTURE = re.compile(
    r"\bfuture\s+(?:work|research|stud(?:y|ies)|directions?|investigations?|steps)\b"
    r"|\b(?:further|more)\s+(?:work|research|stud(?:y|ies)|investigations?)\s+(?:is|are|would be)\s+"
    r"(?:needed|suggested|required|recommended|proposed|called for)\b"
    r"|\bnext\s+steps?\b|\bremains?\s+to\s+be\s+(?:done|studied|investigated|explored)\b",
    re.I,
)
# Words that ask for it: no term a sentence saying what remains to be done must hold.
FUTURE_WORDS = frozenset(
    "future further more work research study studies direction directions step steps next suggest suggests "
    "suggested recommend recommended propose proposed needed required remains done called".split()
)


# The words each kind of question is phrased in, which no answer of that kind must hold.
KIND_WORDS: dict[str, frozenset[str]] = {
    "number": QUANTITY_WORDS,
    "comparison": COMPARISON_WORDS,  # "What is the difference…"
    "future": FUTURE_WORDS,  # "What further research is needed?"
    "period": PERIOD_WORDS,  # "What was the study period?"
    "place": PLACE_WORDS,  # "In which country was the study done?"
    "approval": APPROVAL_WORDS,  # "What ethical approval was obtained?"
    "funding": FUNDING_WORDS,  # "Who funded the study?"
    "interests": INTERESTS_WORDS,  # "Any conflicts of interest?"
    "availability": AVAILABILITY_WORDS,  # "Is the code available?"
    "statistics": STATISTICS_WORDS,  # "What statistical tests were used?"
}

_KINDS_ASKED = (
    (_PERIOD, "period"),
    (_PLACE, "place"),
    (_MAKING, "making"),
    (_APPROVAL, "approval"),
    (_FUNDING, "funding"),
    (_INTERESTS, "interests"),
    (_AVAILABILITY, "availability"),
    (_STATISTICS, "statistics"),
    (_QUANTITY, "number"),
    (_TIME, "year"),
    (_LIMITATION, "limitation"),
    (_FUTURE, "future"),
    (_COMPARISON, "comparison"),
)


def expected_answer(question: str) -> str:
    """The kind of answer a question asks for: "number" ('How many articles…', 'What share of…', 'What is
    the detection limit of…'), "period" ('When was the study conducted?'), "place" ('Where was the study
    conducted?'), "making" ('How was X made?'), "approval" ('What ethical approval was obtained?'), "funding"
    ('Who funded the study?'), "interests" ('Any conflicts of interest?'), "availability" ('Where are the data
    available?'), "statistics" ('What statistical tests were used?'), "year" ('When was X discovered?'),
    "comparison" ('What is the difference between X and Y?'), "limitation" ('What are the limitations of
    this study?'), "future" ('What future work do the authors suggest?') or "" (anything else). The first
    that matches wins: "When was the study conducted?" asks for a period, not any year."""
    return next((kind for asks, kind in _KINDS_ASKED if asks.search(question)), "")


# The paper speaking of itself: "this study", "the present review", "our paper", and its voice, "the
# authors". The noun points at the document; it is not a word an answer must use ("How many patients were
# in the study?" over a paper that calls itself a review; "What do the authors recommend?" over one whose
# recommendations never say "authors").
_SELF_REFERENCE = re.compile(
    r"\b(?:this|that|the|our|these|those)\s+(?:present\s+|current\s+)?"
    r"(stud(?:y|ies)|papers?|articles?|reviews?|manuscripts?|reports?)\b"
    r"|\bthe\s+(authors)\b",
    re.I,
)


def self_references(question: str) -> frozenset[str]:
    """The nouns a question points at the document with ("study" in "What was the aim of this study?")."""
    return frozenset((m.group(1) or m.group(2)).lower() for m in _SELF_REFERENCE.finditer(question))


# "Summarize it in simple words", "translate the main idea", "explain it like I'm 12": a rewording, which
# quoting cannot give (the extractive answerer says so beside its quotes).
_REWORDING = re.compile(
    r"\bin (simple|simpler|plain|easy|everyday|your own|other) (words|terms|language|english)\b"
    r"|\b(simplify|translate|paraphrase|rephrase|reword)\b|\blike (i'?m|i am) (\d+|five|a child|a kid)\b",
    re.I,
)


def asks_rewording(question: str) -> bool:
    return _REWORDING.search(question) is not None


_COUNTS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5}
# "in one sentence", "in a (single) sentence", "in 2 sentences", "a one-sentence summary"
_LENGTH = re.compile(
    r"\b(?:in (?:a (?:single )?|(?P<n>one|two|three|four|five|\d) )|(?P<m>one|two|three|four|five|\d)-)sentences?\b",
    re.I,
)


def without_length(question: str) -> str:
    """The question without how long it asks the answer to be: "in one sentence" names no topic."""
    return _LENGTH.sub(" ", question)


def asked_sentences(question: str) -> int | None:
    """How many sentences the question asks the answer to have ("in one sentence": 1), if it says."""
    match = _LENGTH.search(question)
    if match is None:
        return None
    word = (match.group("n") or match.group("m") or "one").lower()
    return max(1, int(word)) if word.isdigit() else _COUNTS[word]
