"""Follow-up questions resolved against the conversation.

A question is a follow-up when it leans on what came before: it continues ("and radiotherapy?",
"what about the others?"), points at the previous answer ("the second one", "that study", "tell me
more", "which of those"), or is too short to stand alone ("why?", "how so?"). "Why do MSC-EVs cause
resistance?" and "What is this paper about?" stand alone: a question word or "this paper" alone is not
a reference back. "Which of those…" asks among the things the previous answer listed, which take the
place of "those" ("Which of Gold, Green, Hybrid and Bronze got the most citations?").
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from rag.index.details import TITLE_PREFIX
from rag.query.hints import named_thing
from rag.text.names import names_in
from rag.text.sentences import split_sentences
from rag.text.tokens import tokenize
from rag.types import Turn

_CONTINUATION = re.compile(
    r"^\s*(and|or|but|also|plus|what about|how about|and what about|same for|what else|anything else|"
    r"tell me more|more on|more about|go on|continue|elaborate|in what way|how so|why so|really)\b",
    re.I,
)
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "1st": 1, "2nd": 2, "3rd": 3}
_ORDINAL = re.compile(
    rf"\b(?:the )?(?P<n>{'|'.join(_ORDINALS)}|last)\b(?: (?:one|item|point|sentence|study|reason|thing|source))?"
    r"|\b(?:number|no\.?|#|source|citation)\s*\[?(?P<digit>\d)\]?",
    re.I,
)
_BACK_REFERENCE = re.compile(
    r"\b(that|those|these|this|the same) (study|studies|one|ones|result|results|finding|findings|method|methods|"
    r"approach|sensor|trial|paper they cite|reference|references|number|value|point|reason)\b"
    r"|\b(it|its|they|them|their|he|she|there)\b",
    re.I,
)
# "Which of those got the most citations?": a group the previous answer listed, whatever the length.
_GROUP = re.compile(r"\b(?:of|among|from)\s+(?:those|these|them|the\s+(?:two|three|four|five|above))\b", re.I)
_MORE = re.compile(r"\b(tell me more|more (about|on|detail)|elaborate|what else|anything else|go on|continue)\b", re.I)
# "What does that mean?", "Can you explain that in simpler words?", "Could you elaborate?": more of what the
# answer before was about (quoting cannot reword it; the answer says so beside its quotes).
_EXPLAIN = re.compile(
    r"^\W*(?:(?:can|could|would) you\s+|please\s+)?(?:explain|clarify|elaborate(?: on)?|expand on|unpack)"
    r"(?:\s+(?:that|this|it|(?:the|that|this) (?:answer|point|sentence|finding|result)))?"
    r"(?:\s+(?:more|further|again|in (?:more )?detail|in (?:simple|simpler|plain|easy|easier|other) "
    r"(?:words|terms|language|english)))?(?:,?\s+please)?\W*$"
    r"|^\W*what (?:does|did) (?:that|this|it) mean\W*$|^\W*what do you mean(?: by that)?\W*$",
    re.I,
)
# "Where does it say that?": the passage of the answer before, shown again (not the words "say that").
_WHERE_SAID = re.compile(
    r"^\W*(?:where|in which (?:section|part|passage)) (?:does|did|do) (?:it|they|the (?:paper|review|article|"
    r"text|study|authors?)) (?:say|state|mention|show|report|write) (?:that|this|so|it)\W*$",
    re.I,
)
_DOCUMENT = re.compile(r"\b(this|the) (paper|article|review|study|document|text|work|manuscript)\b", re.I)
# "How strongly?", "Since when?", "Which ones?": a question word and at most one more, leaning on the last.
_ELLIPTICAL = re.compile(r"^\W*(?:how|why|when|where|which|since|until)\b\W*(?:[\w-]+\W*)?$", re.I)
# "And where?" after "When was the study conducted?": the question before, asked with another question word.
_BARE_QUESTION_WORD = re.compile(r"^\W*(?:(?:and|but|so|what about|how about)\W+)?(when|where|why|how)\W*$", re.I)
_LEADING_QUESTION_WORD = re.compile(
    r"^\W*(when|where|why|how)\s+(?:was|were|is|are|did|does|do|has|have|had|can|could|will|would)\b", re.I
)
# "What does it inhibit?" after "What is MmPPOX?": "it" is the thing the question before named.
_IT = re.compile(r"\b(it|its)\b", re.I)
_EXPLETIVE = re.compile(r"\bis it (?:true|the case|correct|right|possible|known|likely|clear)\b", re.I)
EARLIER_TURNS = 8  # how far back a chain of follow-ups is followed for the thing "it" names
ITEM_WORDS = 5  # an enumeration's item is this short ("reduced GO"); longer runs end the list
_SHORT = 2  # content words: a question this short that points back leans on its context


def as_turns(history: Sequence[Turn | Mapping[str, str] | tuple[str, str]]) -> list[Turn]:
    """Accept Turn objects, OpenAI-style {"role", "content"} dicts or (role, content) pairs."""
    turns = []
    for item in history:
        if isinstance(item, Turn):
            turns.append(item)
        elif isinstance(item, Mapping):
            turns.append(Turn(str(item.get("role", "user")), str(item.get("content", ""))))
        else:
            role, content = item
            turns.append(Turn(str(role), str(content)))
    return turns


def is_follow_up(question: str) -> bool:
    content = tokenize(_DOCUMENT.sub(" ", question))
    if _CONTINUATION.match(question) or _ORDINAL.search(question) or _GROUP.search(question):
        return True
    if _EXPLAIN.match(question) or _WHERE_SAID.match(question):
        return True
    if is_elliptical(question):
        return True
    if not content:
        return not _DOCUMENT.search(question)  # "why?" leans on the context; "what is this paper about?" does not
    return len(content) <= _SHORT and _BACK_REFERENCE.search(_DOCUMENT.sub(" ", question)) is not None


def is_elliptical(question: str) -> bool:
    """ "How strongly?", "Since when?", "Which ones?": too short to be asked, or scored, without the question
    before it."""
    return _ELLIPTICAL.match(question) is not None


def with_subject(question: str, history: Sequence[Turn]) -> str:
    """ "What does it inhibit?" -> "What does MmPPOX inhibit?" when the question before named one thing
    ("What is MmPPOX?", or a follow-up about it, "Is it reversible?"): "it" alone is no term to match, and
    a sentence about another inhibitor answered. Unchanged when the question before named none or several
    things ("What is the difference between MmPPOX and THL?"), and for "Is it true that…"."""
    if not _IT.search(question) or _EXPLETIVE.search(question) or _WHERE_SAID.match(question):
        return question
    subject = _subject(_previous_resolved(history))
    if not subject:
        return question
    return _IT.sub(lambda m: subject if m.group(1).lower() == "it" else f"{subject}'s", question)


def with_question_word(question: str, history: Sequence[Turn]) -> str:
    """ "And where?" -> "Where was the study conducted?" after "When was the study conducted?": a question
    word alone asks the question before again, about another of when, where, why and how. Unchanged when
    the question before opens with none of them ("Why?" after "What did they find?" asks why they found
    it, which the context answers as a follow-up)."""
    bare = _BARE_QUESTION_WORD.match(question)
    if not bare:
        return question
    previous = _previous_resolved(history)
    lead = _LEADING_QUESTION_WORD.match(previous)
    word = bare.group(1).lower()
    if not lead or lead.group(1).lower() == word:  # "Why?" after "Why was it done?" asks for more of it
        return question
    asked = word.capitalize() if lead.group(1)[0].isupper() else word
    return previous[: lead.start(1)] + asked + previous[lead.end(1) :]


def _previous_resolved(history: Sequence[Turn]) -> str:
    """The last question of the conversation with its own "it" and question word resolved, back along a
    chain of follow-ups: "Tell me more." after "Tell me more about that." after "What was the aim?" is
    still about the aim."""
    asked, earlier = last_question(history)
    if not asked:
        return ""
    question = with_subject(with_question_word(asked, earlier), earlier)
    return resolve(question, earlier).standalone


def last_question(history: Sequence[Turn]) -> tuple[str, list[Turn]]:
    """The conversation's last question and the turns before it, within the last EARLIER_TURNS; ("", [])
    when it has none."""
    turns = list(history)[-EARLIER_TURNS:]
    users = [n for n, turn in enumerate(turns) if turn.role == "user" and turn.content.strip()]
    return (turns[users[-1]].content, turns[: users[-1]]) if users else ("", [])


def _subject(question: str) -> str:
    """The one thing `question` asks about: "MmPPOX" in "What is MmPPOX?" or "Does MmPPOX inhibit LipY?"
    (no: two names), "graphene oxide" in "What is graphene oxide?"; '' otherwise."""
    named = named_thing(question)
    if named:
        return named
    found = list(dict.fromkeys(names_in(question)))
    return found[0] if len(found) == 1 else ""


def names_nothing_but_a_pointer(question: str) -> bool:
    """ "Tell me more about the second one", "What about the third one?": nothing of its own besides what
    it points at."""
    return not tokenize(_ORDINAL.sub(" ", _MORE.sub(" ", _CONTINUATION.sub(" ", question))))


def asks_where_said(question: str) -> bool:
    """ "Where does it say that?": the answer before, with its passage; it asks for no place."""
    return _WHERE_SAID.match(question) is not None


def asks_for_more(question: str) -> bool:
    """ "Tell me more", "Tell me more about that.", "Go on", "What does that mean?": more of the answer
    before, nothing of its own ("Tell me more about the dose" names what it wants)."""
    return _EXPLAIN.match(question) is not None or (
        _MORE.search(question) is not None and not tokenize(_MORE.sub(" ", question))
    )


def continues(question: str) -> bool:
    """Whether the question continues the previous one ("and in MLA?", "what about the paper on X?")."""
    return _CONTINUATION.match(question) is not None


def leans_back(question: str) -> bool:
    """A follow-up, or a question that names its subject only by pointing back ("how many studies did it
    include?"): it stands on its own for retrieval, but "it" is still the paper asked about before."""
    return is_follow_up(question) or _BACK_REFERENCE.search(_DOCUMENT.sub(" ", question)) is not None


@dataclass(frozen=True)
class Resolved:
    """A question read in its conversation."""

    standalone: str  # what retrieval searches: the question, the answer part it names, the previous question
    pointed: str = ""  # the part of the previous answer an ordinal names ("the second one")
    exclude: tuple[str, ...] = ()  # sentences the student has read and the answer should not repeat


def resolve(question: str, history: Sequence[Turn]) -> Resolved:
    previous = _previous_resolved(history)
    if not previous or not is_follow_up(question):
        return Resolved(question)
    answer = last_said(history, "assistant")
    pointed = pointed_at(question, answer)
    named = pointed.removeprefix(TITLE_PREFIX)  # a paper's title, not a question about titles
    standalone = " ".join(part for part in (with_pointed(question, named), previous) if part)
    return Resolved(standalone, pointed, _not_to_repeat(question, history, pointed))


def _not_to_repeat(question: str, history: Sequence[Turn], pointed: str) -> tuple[str, ...]:
    """ "Tell me more": every sentence of the recent answers (a second "tell me more" does not bring back
    the first answer). "What did the first one show?": the sentence it points at, which the student has
    read (a list item is only a name, and may well be repeated)."""
    if _MORE.search(question) or _EXPLAIN.match(question):
        answers = [t.content for t in list(history)[-EARLIER_TURNS:] if t.role == "assistant"]
        return tuple(dict.fromkeys(s for answer in answers for s in _sentences(answer)))
    if _WHERE_SAID.match(question):  # the sentence is asked for again, with its passage
        return ()
    return (pointed,) if len(pointed.split()) > ITEM_WORDS else ()


def with_pointed(question: str, pointed: str) -> str:
    """The question with the part of the previous answer it names: a list item takes the ordinal's place
    ("How is the third one obtained?" -> "How is reduced GO obtained?"); a whole sentence is appended."""
    if pointed and _GROUP.search(question) and not _ORDINAL.search(question):
        return _GROUP.sub(lambda m: f"{m.group().split()[0]} {pointed}", question, count=1)
    if pointed and len(pointed.split()) <= ITEM_WORDS:
        named = _ORDINAL.sub(lambda _: pointed, question, count=1)
        if named != question:
            return named
    return f"{question} {pointed}" if pointed else question


def standalone_question(question: str, history: Sequence[Turn]) -> str:
    """The question as retrieval should see it: a follow-up gets the previous question, and the part of
    the previous answer it points at ("the second one" -> that answer's second sentence or list item)."""
    return resolve(question, history).standalone


def pointed_at(question: str, answer: str) -> str:
    """The sentence (or list item) of `answer` that an ordinal in `question` names, or the items it
    listed that "which of those" asks among ("Gold, Green, Hybrid and Bronze"); '' when none."""
    match = _ORDINAL.search(question)
    if not answer:
        return ""
    if _WHERE_SAID.match(question):  # the answer's first quoted sentence: where it says so is its passage
        return next(iter(quoted_sentences(answer)), "")
    if not match:
        return _group(answer) if _GROUP.search(question) else ""
    sentences = _sentences(answer)
    titles = [s for s in sentences if s.startswith(TITLE_PREFIX)]  # an answer paper by paper: "the second one"
    items = titles if len(titles) > 1 else sentences if len(sentences) > 1 else _list_items(" ".join(sentences))
    if not items:
        return ""
    word = (match.group("n") or "").lower()
    n = len(items) if word == "last" else _ORDINALS.get(word) or int(match.group("digit") or 0)
    return items[n - 1] if 1 <= n <= len(items) else ""


def _group(answer: str) -> str:
    """The things an answer listed, joined: the labels of sentences that each open with one ("Gold: Published
    in…. Green: Toll-access…"), or the items of the one sentence that enumerates them; '' otherwise."""
    sentences = _sentences(answer)
    labels = [s.split(":", 1)[0].strip() for s in sentences if ":" in s]
    if len(sentences) >= 2 and len(labels) == len(sentences) and all(len(x.split()) <= ITEM_WORDS for x in labels):
        items = labels
    else:
        items = _list_items(sentences[0]) if len(sentences) == 1 else []
    return ", ".join(items[:-1]) + f" and {items[-1]}" if len(items) >= 2 else ""


def _list_items(sentence: str) -> list[str]:
    """The items of an enumeration: "... including A, B, C, and D." or "... materials (A, B (b), C and D)
    impregnated ..." -> ["A", "B", "C", "D"]."""
    leads = list(re.finditer(r"\b(?:including|such as|like|namely|e\.g\.)\s+|:\s*", sentence))
    tails = [sentence[leads[-1].end() :]] if leads else []
    tails += [*_parenthesised(sentence), sentence]
    return next((items for items in map(_enumerated, tails) if items), [])


def _enumerated(tail: str) -> list[str]:
    """The run of short items ending `tail`, when there are two or more."""
    parts = [p.strip(" .;") for p in re.split(r",\s*(?:and |or )?|\s+and\s+|\s+or\s+", tail)]
    items: list[str] = []
    for part in reversed([p for p in parts if p]):
        if len(part.split()) > ITEM_WORDS:
            break
        items.insert(0, part)
    return items if len(items) >= 2 else []


def _parenthesised(sentence: str) -> list[str]:
    """The text inside each outermost pair of brackets, nested ones kept ("graphene oxide (GO)")."""
    groups, depth, start = [], 0, 0
    for at, char in enumerate(sentence):
        if char == "(":
            depth += 1
            start = at + 1 if depth == 1 else start
        elif char == ")" and depth:
            depth -= 1
            if depth == 0:
                groups.append(sentence[start:at])
    return groups


def quoted_sentences(answer: str) -> list[str]:
    """The sentences an answer quotes, each followed by its citation ("… [1]"); a refusal's own words and
    the passages it offers are not among them."""
    quoted = (m.group(1).strip().lstrip(".;, ") for m in _QUOTED.finditer(answer))  # "… deficits [1]. The…"
    return [q for q in quoted if q]


_QUOTED = re.compile(r"(.+?)\s*(?:\[\d+\]\s*)+", re.S)


def _sentences(answer: str) -> list[str]:
    text = re.sub(r"\s*\[\d+\]", "", answer)  # citation markers are not content
    return [text[s:e] for s, e in split_sentences(text)]


def last_said(history: Sequence[Turn], role: str) -> str:
    """The newest non-empty message of `role` in the conversation, or ''."""
    return next((t.content for t in reversed(history) if t.role == role and t.content.strip()), "")
