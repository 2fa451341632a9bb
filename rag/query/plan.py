"""One question, prepared once for retrieval and evidence scoring."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from rag.index.details import TITLE_PREFIX
from rag.query.followup import (
    asks_for_more,
    asks_where_said,
    continues,
    is_elliptical,
    last_question,
    last_said,
    leans_back,
    names_nothing_but_a_pointer,
    quoted_sentences,
    resolve,
    with_pointed,
    with_question_word,
    with_subject,
)
from rag.query.hints import asks_definition, expected_answer, named_thing
from rag.query.intent import (
    Intent,
    classify,
    named_document,
    names_several,
    topic_words,
    with_typed_claim,
    without_document_name,
)
from rag.query.parts import question_parts
from rag.query.spelling import SpellChecker
from rag.text.acronyms import expand_query, short_forms_in
from rag.text.tokens import STOPWORDS, tokenize
from rag.types import Turn

_TITLE_LINE = re.compile(rf"(?:^|\s){re.escape(TITLE_PREFIX)}(.+?)\s*\[\d+\]")
_WORD = re.compile(r"[A-Za-z][A-Za-z-]+")


@dataclass(frozen=True)
class PreparedQuestion:
    asked: str  # as typed, cleaned
    corrected: str  # misspelled words corrected against the corpus vocabulary
    standalone: str  # with what a follow-up leans on appended (previous question, the answer part it names)
    intent: Intent
    expanded: str  # the searched text with acronyms expanded both ways: what lexical retrieval matches
    define: tuple[str, ...]  # short forms whose meaning is asked ("what does EV stand for?")
    pointed: str = ""  # the part of the previous answer the question names ("the second one")
    exclude: tuple[str, ...] = ()  # sentences not to repeat ("tell me more": the previous answer's)
    parts: tuple[str, ...] = ()  # what a question asking two or three things asks, each on its own
    subjects: tuple[str, ...] = ()  # short forms of a long form asked about: defined only by "GQDs are…"
    expects: str = ""  # the kind of answer asked for: "number", "year" or "" (see hints.expected_answer)
    about: tuple[str, ...] = ()  # words naming the paper meant: "the stroke review", or "it" after "which paper…?"
    quoted: tuple[str, ...] = ()  # what the answer before said, when the question points back at it and names no paper

    @property
    def searched(self) -> str:
        """What retrieval embeds: the claim of "is it true that X", else the standalone question."""
        return self.intent.claim or self.standalone

    @property
    def more(self) -> bool:
        """ "Tell me more" after answers whose sentences are not to be said again."""
        return bool(self.exclude) and asks_for_more(self.corrected)

    @property
    def scored(self) -> str:
        """What sentences are scored against: the claim, the question as asked (with the answer part it
        names), or, for a follow-up with no word of its own to match ("why?") or too few ("how strongly?"),
        the standalone question."""
        if self.intent.claim:
            return self.intent.claim
        if self.pointed:
            return with_pointed(self.corrected, self.pointed)
        return self.corrected if tokenize(self.corrected) and not is_elliptical(self.corrected) else self.standalone


def prepare(
    asked: str, history: Sequence[Turn], acronyms: Mapping[str, str], speller: SpellChecker | None = None
) -> PreparedQuestion:
    spelled = speller.correct(asked) if speller else asked
    corrected = with_question_word(spelled, history)  # "And where?" -> "Where was the study conducted?"
    asked_again = corrected != spelled
    typed = classify(corrected)
    if typed.kind == "content" and (subjected := with_subject(corrected, history)) != corrected:
        corrected, typed = subjected, classify(subjected)  # "What does it inhibit?" after "What is MmPPOX?"
    leaning = spelled if asked_again else corrected  # "And where?" still points back at the answer before
    resolved = resolve(corrected, history)
    standalone = resolved.standalone
    intent = _in_context(with_typed_claim(typed, asked), corrected, standalone, history)
    titled = _title_words(resolved.pointed)  # "the second one" of an answer paper by paper: that paper
    if titled and names_nothing_but_a_pointer(corrected):
        intent = Intent("summary", topic=titled)  # "Tell me more about the second one"
    searched = intent.claim or standalone
    define, subjects = _defined(corrected, acronyms)
    expanded = expand_query(searched, acronyms)
    parts = question_parts(corrected) if intent.kind == "content" and not resolved.pointed else ()
    about = named_document(corrected) or titled or (_earlier_topic(history) if leans_back(leaning) else ())
    return PreparedQuestion(
        asked,
        corrected,
        standalone,
        intent,
        expanded,
        define,
        resolved.pointed,
        resolved.exclude,
        parts,
        subjects,
        expected_answer(last_said(history, "user") if asks_where_said(corrected) else intent.claim or corrected),
        about,
        () if about else _said_before(intent, leaning, history),
    )


def unnamed(question: PreparedQuestion, acronyms: Mapping[str, str]) -> PreparedQuestion:
    """`question` searched within the paper it names: "Who funded the ACE study?" is "Who funded the
    study?" in that paper, where every passage (or none) says "ACE"."""
    corrected = without_document_name(question.corrected)
    if corrected == question.corrected:
        return question
    standalone = without_document_name(question.standalone)
    parts = question_parts(corrected) if question.parts else ()
    expanded = expand_query(question.intent.claim or standalone, acronyms)
    return replace(question, corrected=corrected, standalone=standalone, expanded=expanded, parts=parts)


def _in_context(intent: Intent, question: str, standalone: str, history: Sequence[Turn]) -> Intent:
    """The intent of `question` read with the conversation, when it is a follow-up (`standalone` differs)."""
    if standalone == question:
        return intent
    if intent.kind in ("empty", "content"):
        # "why?" after a question asks about that question; "and in MLA?" after "how do I cite it?"
        # asks for the same metadata field in another style; "What limitations does it acknowledge?"
        # after "Which paper is about stroke?" asks about the paper, not for its title again.
        if asks_for_more(question):  # "Tell me more" after "What was the aim?" asks for more of that summary
            return _previous_intent(history) or intent
        # ("How were they tested?" after "Which paper used mice?" asks about that paper, not its title again)
        context = classify(standalone)
        asks_field = context.kind == "metadata" and (
            continues(question) or not (context.topic or topic_words(question))
        )
        return context if intent.kind == "empty" or asks_field else intent
    if intent.kind in ("summary", "metadata") and not intent.topic and not names_several(question):
        # "What did they find there?", then "Who wrote it?", after "Which paper is about Malawi?" ask about
        # that paper, not about all of them
        return replace(intent, topic=_earlier_topic(history))
    return intent


def _previous_intent(history: Sequence[Turn]) -> Intent | None:
    """The intent of the conversation's last question, read in its own conversation: "What did they find?"
    after "Which paper is about stroke?" is a summary of that paper (the two questions joined would read
    as another "which paper")."""
    question, earlier = last_question(history)
    if not question:
        return None
    return _in_context(classify(question), question, resolve(question, earlier).standalone, earlier)


def _earlier_topic(history: Sequence[Turn]) -> tuple[str, ...]:
    """The topic of the document question this conversation's follow-ups lean on: the newest earlier
    question naming one, back to the last question that did not point back ("it", "this study"). When its
    answer named one paper by its title line, the title's words: "Which paper is about mice?" was answered
    by a paper whose title says "mouse model", and its topic "mice" names no title."""
    turns = list(history)
    for n in range(len(turns) - 1, -1, -1):
        if turns[n].role != "user":
            continue
        earlier = classify(turns[n].content)
        if earlier.kind in ("metadata", "summary") and earlier.topic:
            answer = turns[n + 1].content if n + 1 < len(turns) and turns[n + 1].role == "assistant" else ""
            return _one_title(answer) or earlier.topic
        if not leans_back(turns[n].content):
            return ()
    return ()


def _said_before(intent: Intent, question: str, history: Sequence[Turn]) -> tuple[str, ...]:
    """The sentences the previous answer quoted, when a content question points back at it ("What
    limitations does that study mention?" after an answer from one paper): they tell which paper it means."""
    if intent.kind != "content" or not leans_back(question):
        return ()
    return tuple(quoted_sentences(last_said(history, "assistant")))


def _one_title(answer: str) -> tuple[str, ...]:
    """The words of the one title line an answer quotes ("Title: … [1]"), or () for none or several."""
    titles = _TITLE_LINE.findall(answer)
    return _words_of(titles[0]) if len(titles) == 1 else ()


def _title_words(pointed: str) -> tuple[str, ...]:
    """The words of a title line a follow-up points at ("the second one" of an answer paper by paper)."""
    return _words_of(pointed.removeprefix(TITLE_PREFIX)) if pointed.startswith(TITLE_PREFIX) else ()


def _words_of(title: str) -> tuple[str, ...]:
    return tuple(w.lower() for w in _WORD.findall(title) if w.lower() not in STOPWORDS)


def _defined(question: str, acronyms: Mapping[str, str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """What a definition question asks the meaning of (the short forms it uses and the thing it names), and
    the short forms of a long form it names: "Say what graphene quantum dots are" is answered by "GQDs
    are…", not by "…and graphene quantum dots (GQD) attracted interest", which only introduces them."""
    if not asks_definition(question):
        return (), ()
    named = named_thing(question)
    shorts = tuple(short_forms_in(question, acronyms))
    define = (*shorts, named) if named and named not in shorts else shorts
    if not named:
        return define, ()
    subjects = tuple(s for s, long_form in acronyms.items() if _same_name(long_form, named) and s not in shorts)
    return define, subjects


def _same_name(long_form: str, named: str) -> bool:
    return long_form.lower().rstrip("s") == named.lower().rstrip("s")
