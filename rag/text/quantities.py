"""Whether a sentence gives the kind of answer a question asks for: a quantity (a number that measures
something, as opposed to the numbers of citations "[12, 13]" and "(Smith et al., 2014)", figures and
tables "Figure 2", or names "IL-6", "5-FU", "miR-21"), a year, or a contrast. "How many…" is answered by a
sentence that states a quantity, "when…" by one that names a year, "what is the difference between…" by one
that sets one thing against another."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

_CITATIONS = re.compile(
    r"\[[\d\s,;–\-]+\]"  # [12], [3, 4], [52–70]
    r"|\([^()]*\b(?:19|20)\d\d[a-z]?\)"  # (Smith et al., 2014), (2016; 2017)
    r"|\b(?:fig(?:ure)?s?|tables?|supplementary|eq(?:uation)?s?|refs?|sections?)\.?\s*S?\d+[A-Za-z]?"
    # an amino-acid residue is named by its position ("Tyr 369", "His388"; "met 2 criteria" is a count)
    r"|\b(?-i:Ala|Arg|Asn|Asp|Cys|Gln|Glu|Gly|His|Ile|Leu|Lys|Met|Phe|Pro|Ser|Thr|Trp|Tyr|Val)\s?\d+\b",
    re.I,
)
# A number standing on its own: not glued to letters before it ("IL-6", "CD81"), not a footnote mark after a
# word's full stop or comma ("articles.7"), and not followed by a name ("5-FU", "33RE", "4BXK"; "2.7-fold"
# and "5mM" are quantities).
_QUANTITY = re.compile(
    r"(?<![A-Za-z\d\-])(?<![A-Za-z][.,;])[-+±~≈<>]?\d+(?:[.,]\d+)*(?![\d]|-[A-Z]|[A-Za-z]\d|[A-Z]{2})"
)
_YEAR = re.compile(r"^(?:19|20)\d\d$")
# What remains to be done: "We encourage further research…", "…will be undertaken in future work", "…should
# be investigated", "…needs further investigation"; not "…were selected for further study" (a method's step).
_ONWARD = re.compile(
    r"\b(?:future\s+(?:work|research|stud(?:y|ies)|investigations?|trials?)"
    r"|(?<!for )further\s+(?:work|research|stud(?:y|ies)|investigations?|exploration)|more\s+research"
    r"|remains?\s+to\s+be|should\s+be\s+(?:investigated|explored|examined|studied|addressed)"
    r"|warrants?\s+further|needs?\s+(?:further\s+)?(?:investigation|exploration|study|research))\b",
    re.I,
)
_FLAW = re.compile(r"\b(?:limitations?|weakness(?:es)?|shortcomings?|caveats?)\b", re.I)  # a paper on its own
# A sentence setting one thing against another ("unlike THL, MmPPOX was…", "higher than those obtained with
# THL", "whereas Green OA…"): what a comparison question asks for.
_CONTRAST = re.compile(
    r"\b(?:unlike|whereas|than|in contrast|by contrast|contrary to|compared (?:with|to)|differ\w*|similar(?:ly)?"
    r"|the same as|rather than|instead of|versus|while|both)\b",
    re.I,
)
# How a thing was made: "…was synthesized as previously described", "the production of compound 33RE".
_MAKING = re.compile(
    r"\b(?:made|mak(?:e|es|ing)|produc\w*|prepar\w*|synthe[st]\w*|fabricat\w*|manufactur\w*|grown)\b", re.I
)
# Who approved the work: a committee or board and its approval ("The study was approved by the Institutional
# Animal Care and Use Committee…"), not an approved manuscript or drug.
_APPROVED = re.compile(
    r"\b(?:approv(?:ed|al)|clearance)\b[^.]*\b(?:committee|board|IRB|council|ethic)"
    r"|\b(?:committee|board|IRB)\b[^.]*\bapprov(?:ed|al)\b|\bethic(?:s|al)\s+(?:committee|board|approval|clearance)\b",
    re.I,
)
# Who paid for the work: "This work was supported by … grant (MOST-105-…)", "V. D. was funded by a PhD
# fellowship", "The Wellcome Trust funded this work.", "The authors received no funding for this work."; not
# funding as a topic ("funding institutions are increasingly mandating OA") nor "The funders had no role…".
_FUNDED = re.compile(
    r"\b(?:funded|financed|sponsored)\s+(?:\w+\s+){0,2}?by\b|\bfinancial(?:ly)?\s+support"
    r"|\b(?:funded|financed|sponsored|supported|paid\s+for)\s+(?:this|the|our|their)\s+(?:\w+\s+){0,2}?"
    r"(?:work|study|studies|research|project|review|trial)\b"
    r"|\b(?:work|study|research|project|review|authors?)\s+(?:was|were|is|are|has\s+been|have\s+been)\s+"
    r"(?:\w+\s+)?(?:supported|funded|financed)\b"
    r"|\bgrants?\s*(?:no\.?|nos\.?|numbers?|#|:|\()|\[grant\b|\bfellowships?\b"
    r"|\b(?:received|receive|receiving|no)\s+(?:\w+\s+){0,2}?(?:funding|grants?)\b|\bfunding\s+(?:from|by)\b",
    re.I,
)
# A declaration of interests: "The authors declare no conflicts of interest.", "…have declared that no
# competing interests exist", "H. P. and J. P. are founders of Impactstory…"; not "regions of interest".
_DECLARED = re.compile(
    r"\b(?:competing|conflicting)\s+(?:financial\s+)?interests?\b|\bconflicts?\s+of\s+interests?\b"
    r"|\bfinancial\s+(?:interests?|relationships?|disclosures?)\b|\bfounders?\s+of\b"
    r"|\b(?:employees?|shareholders?|consultants?)\s+(?:of|for|at)\b"
    r"|\breceiv\w*\s+(?!no\b)(?:\w+\s+){0,2}?(?:funding|grants?|fees|honoraria)\s+from\b",  # not "…received no funding"
    re.I,
)
# Where the data or code can be had: "All data and material will be made available upon request.", "The
# datasets… are openly available at http://…"; not "Data are summarized in Table S1." nor "commercially
# available building blocks".
_AVAILABLE = re.compile(
    r"\b(?:data(?:\s*sets?)?|datasets?|code|scripts?|materials?)\b[^.]{0,120}?\b(?:available|accessible|deposited"
    r"|archived|shared)\b[^.]{0,20}?\b(?:at|in|on|from|via|through|upon|under|with)\b"
    r"|\b(?:zenodo|figshare|dryad|github|gene\s+expression\s+omnibus)\b|\baccession\s+(?:numbers?|codes?)\b",
    re.I,
)
# How the data were analysed: a named test or estimate ("…by one-way, two-way ANOVA, followed by Bonferroni's
# post-hoc test", "paired or unpaired t test", "with 95% confidence intervals", "P < 0.05") or the software
# that did it ("…analyzed with Microsoft Excel and Epi-Info Statistical Programme", "…analyzed using StepOne
# software version 2.0"); not "refinement statistics", "statistical power" said of another study, nor the
# instrument that measured ("…further analyzed using MALDI-TOF mass spectrometry").
_TESTED = re.compile(
    r"\b(?:t[- ]?tests?|anova|chi[- ]?squared?|(?:linear|logistic|poisson|multiple|multivariate|cox)\s+regression"
    r"|regression\s+(?:model|analys[ie]s)|mann[- ]whitney|wilcoxon|kruskal[- ]wallis|fisher'?s\s+exact|pearson'?s?"
    r"|spearman'?s?|bonferroni|tukey'?s?|post[- ]hoc|kaplan[- ]meier|log[- ]rank|confidence\s+intervals?"
    r"|standard\s+(?:deviations?|errors?)|p\s*[<>=≤]\s*0?\.\d+"
    r"|statistic(?:s|al)\s+(?:analys[ie]s|software|program(?:me)?s?|packages?|significance|tests?)"
    r"|analy[sz]ed\s+(?:\w+\s+){0,2}?(?:using|with|in)\s+[^.]{0,60}?\b(?:software|program(?:me)?s?|packages?"
    r"|version\s+\d))",
    re.I,
)
# What a paper set out to do, said by the paper of itself: "The aim of this systematic review is to…", "In
# this review, we provide…", "This study was devoted to…", "This review comprehends…", "Here we show…", "We
# aimed to…", "We address this need…", "…a situational analysis was performed to aid…". Not "This study has several
# limitations".
_AIMED = re.compile(
    r"\b(?:aims?|goals?|purposes?|objectives?)\s+of\s+(?:this|the\s+present|the\s+current|our)\b"
    r"|\bin\s+(?:this|the\s+present|the\s+current)\s+(?:[\w-]+\s+)?(?:review|study|paper|article|work|report)\s*,?\s+we\b"
    r"|\b(?:this|the\s+present|the\s+current|our)\s+(?:[\w-]+\s+)?(?:review|study|paper|article|work|overview|report)"
    r"\s+(?:(?:was|is)\s+devoted|aim(?:s|ed)?|sets?\s+out|sought|seeks|(?:\w+ly\s+|further\s+|also\s+)?(?!has\b|is\b|was\b)[a-z]+s)\b"
    r"|\bhere,?\s+we\b|\bwe\s+(?:aim(?:ed)?|sought|set\s+out|intend(?:ed)?)\s+to\b|\bwe\s+address\b"
    r"|\b(?:was|were)\s+(?:performed|conducted|carried\s+out|undertaken|designed)\s+to\s+(?!be\b)",
    re.I,
)
# How a paper went about its work, said in its abstract: "Methods: A mix of … methods was applied…", "We
# searched Scopus…", "Data were analysed using framework synthesis…", "Using a receptor-based approach…",
# "Different techniques (pre-processing methods)… are critically discussed" (a review's methods are those it
# reviews).
_METHOD = re.compile(
    r"\bmethods?\b|\bmethodolog|\busing\b"
    r"|\bwe (?:used|searched|reviewed|surveyed|performed|measured|applied|collected|analy[sz]ed|interviewed|recruited|"
    r"conducted|tracked|compared|screened)\b"
    r"|\b(?:was|were) (?:applied|measured|collected|analy[sz]ed|performed|conducted|used|searched|screened|"
    r"synthesi[sz]ed|tested)\b",
    re.I,
)
_SAID = {  # kinds a phrase gives
    "comparison": _CONTRAST, "limitation": _FLAW, "future": _ONWARD, "making": _MAKING, "approval": _APPROVED,
    "funding": _FUNDED, "interests": _DECLARED, "availability": _AVAILABLE, "statistics": _TESTED,
    "aim": _AIMED, "method": _METHOD,  # what a summary of a paper's aim, or of its methods, leads with
}  # fmt: skip
# When the work was done: a date ("June 2010", "January 2000 until February 2013", "between 2009 and 2015",
# "in 2010") beside what was done then ("Data collection was carried out…", "the search was updated…").
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?"
    r"|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DATE = re.compile(
    rf"\b{_MONTH}\s+(?:19|20)\d\d\b"
    r"|\b(?:19|20)\d\d\s*(?:[-–]|to|until|and)\s*(?:19|20)?\d\d\b"
    r"|\b(?:in|during|since|from|until)\s+(?:19|20)\d\d\b",
)
_DONE = re.compile(
    r"\b(?:conduct(?:ed|ing)?|carried\s+out|perform(?:ed)?|undert(?:ook|aken)|collect(?:ed|ion|ing)|gathered"
    r"|recruit(?:ed|ment)|enrol(?:l?ed|ment)|interview(?:ed|s)|survey(?:ed)?|search(?:ed|es)?|sampled"
    r"|took\s+place|fieldwork|updated|study\s+period)\b",
    re.I,
)
# Where the work was done: the doing, then "at" or "in" a name ("…were carried out at the Animal Behavioral
# Core", "…located in the Central Region of Malawi"; not "in June 2010", nor "in the S2 subsite").
_PLACED = re.compile(
    r"\b(?:conducted|carried\s+out|performed|undertaken|took\s+place|held|collected|recruited|based|located"
    rf"|situated)\s+(?:[\w-]+\s+){{0,6}}?(?:at|in)\s+(?:the\s+)?(?!{_MONTH}\b)[A-Z][a-z]+"
)
# …by whom: "One study carried out in Nigeria reported…" (a review on the work it reviews) is not where the
# paper's own work was done.
_OTHER_WORK = re.compile(
    r"\b(?:one|another|other|a|an|previous|earlier|several|some|many)\s+(?:stud(?:y|ies)|papers?|trials?|reports?"
    r"|reviews?|surveys?)\b|\bet\s+al\b",
    re.I,
)
# A count asked for ("How many patients…", "the sample size"; not "how many times higher", "how many days"),
# and a number in a unit, which measures rather than counts ("25°C", "10 µM", "0.2 g/kg", "30 min").
_COUNT_QUESTION = re.compile(
    r"\bhow\s+many\b(?!\s+(?:times|fold|seconds|minutes|hours|days|weeks|months|years)\b)|\bsample\s+sizes?\b"
    r"|\bnumber\s+of\s+(?:participants|patients|subjects|people|respondents|animals|mice|rats|samples|studies"
    r"|papers|articles|cases)\b",
    re.I,
)
_MEASURE = re.compile(
    r"\d+(?:[.,]\d+)*(?:\s*[-–]\s*\d+(?:[.,]\d+)*)?\s*"  # "25", "20–100"
    r"(?:°\s?C|℃|Å|[µμnmpk]?(?:g|M|L|l|m|s|Da|Hz|V|mol)\b|min\b|h\b|hr\b|rpm\b|[×x]\s?g\b)"
)
_A_YEAR = re.compile(r"(?<![\d.,])(?:1[5-9]|20)\d\d(?![\d.,]\d)")
_NUMBER_WORDS = re.compile(
    r"\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundreds?"
    r"|thousands?|millions?|dozens?|twice|half|double|triple|(?:two|three|four|five|six|ten|hundred)-?fold)\b",
    re.I,
)


def states_quantity(text: str, besides: str = "") -> bool:
    """Whether `text` gives a measured number ("0.37 fM", "27.9%", "100,000 articles", "+284 Da", "three
    samples"); a year alone is not one, nor a number `besides` (the question) gives already: "How long
    is the bond to Tyr 369?" is not answered by a sentence whose only number is 369. A question asking
    for a count ("How many patients…", "What was the sample size?") is not answered by a measure in a
    unit: "Samples were allowed to air dry at 25°C." """
    bare = _CITATIONS.sub(" ", text)
    if _NUMBER_WORDS.search(bare):
        return True
    named = _numbers(besides)
    if besides and _COUNT_QUESTION.search(besides):
        named = named.union(*(_bare_numbers(m.group(0)) for m in _MEASURE.finditer(bare)))
    return any(not _YEAR.match(n) and n not in named for n in _bare_numbers(bare))


@lru_cache(maxsize=256)
def _numbers(text: str) -> frozenset[str]:
    """The numbers `text` gives outside its citations; cached, as the same question is compared with
    every candidate sentence."""
    return _bare_numbers(_CITATIONS.sub(" ", text)) if text else frozenset()


def _bare_numbers(bare: str) -> frozenset[str]:
    return frozenset(m.lstrip("-+±~≈<>") for m in _QUANTITY.findall(bare))


def states_year(text: str) -> bool:
    """Whether `text` names a year outside its citations ("Since its discovery in 2004 [50]")."""
    return _A_YEAR.search(_CITATIONS.sub(" ", text)) is not None


def years_in(text: str) -> frozenset[str]:
    """The years `text` names outside its citations ("articles published in 2016" -> {"2016"})."""
    return frozenset(_A_YEAR.findall(_CITATIONS.sub(" ", text)))


def states_place(text: str) -> bool:
    """Whether `text` says where the work it reports was done: the doing and a place's name, not said of
    another study."""
    bare = _CITATIONS.sub(" ", text)
    placed = _PLACED.search(bare)
    return placed is not None and _OTHER_WORK.search(bare[: placed.start()]) is None


def states_period(text: str) -> bool:
    """Whether `text` says when some work was done: a date outside its citations, and the doing."""
    bare = _CITATIONS.sub(" ", text)
    return _DATE.search(bare) is not None and _DONE.search(bare) is not None


def _phrase_test(said: re.Pattern[str]) -> Callable[[str, str], bool]:
    return lambda text, _: said.search(text) is not None


# Whether a text (the second argument: the question, whose own numbers answer nothing) gives each kind.
_GIVES: dict[str, Callable[[str, str], bool]] = {
    "number": lambda text, question: states_quantity(text, besides=question),
    "year": lambda text, _: states_year(text),
    "period": lambda text, _: states_period(text),
    "place": lambda text, _: states_place(text),
    **{kind: _phrase_test(said) for kind, said in _SAID.items()},
}


def gives(expected: str, text: str, question: str = "") -> bool:
    """Whether `text` gives the kind of answer `expected` ("number", "year", "period", "place", "making",
    "approval", "funding", "interests", "availability", "statistics", "comparison", "limitation", "future",
    "aim", "method"; "" asks for no kind) that `question` does not give itself."""
    test = _GIVES.get(expected)
    return test is not None and test(text, question)
