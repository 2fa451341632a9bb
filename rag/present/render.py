"""Answers, passages and user text for the chat page: escaped HTML for `st.html`, escaped Markdown for labels.

Corpus and user text are untrusted: a passage holding `[click](http://evil.example)`, an image or
`<script>` must show as those characters, never as a link, image or HTML. In HTML every piece of text
goes through `html.escape`, so it is text by construction and copies out exactly as written (no
invisible characters). The only markup is ours: citation links, source cards (`<details>`) and the
highlight (`<mark>`). Streamlit sanitises `st.html` with DOMPurify as a second line of defence.

Markdown (widget labels, the streaming preview) escapes every ASCII punctuation character (CommonMark
allows that for all of them), which also disarms GFM autolinks, tables, Streamlit's `:color[...]`
directives, `:material/...:` icons and `$` math; a WORD JOINER breaks `://`, `www.` and `@` autolinks.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator, Sequence

from rag.text.controls import blank_controls
from rag.types import Answer, AnswerSentence, Citation

_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")  # every ASCII punctuation character
# GFM autolink literals are found in the text *after* escapes are resolved, so `http\:\/\/x` still
# becomes a link. A WORD JOINER (invisible, zero width) inside `://`, after `www` and after `@` breaks them.
_AUTOLINK = re.compile(r"(?<=:)(?=//)|(?<=\bwww)(?=\.)|(?<=@)", re.I)
_JOINER = "\u2060"
LABEL_WORDS = 8  # words of the quoted sentence in a source card's label


def text_html(text: str, quote: bool = True) -> str:
    """`text` as HTML text: markup characters escaped, control characters blanked (corpus text may hold them)."""
    return html.escape(blank_controls(text), quote=quote)


def escape(text: str) -> str:
    """`text` as inert Markdown: punctuation escaped, lines kept as hard line breaks, no indented code."""
    return "  \n".join(_inert(line.strip()) for line in text.splitlines())


def answer_html(answer: Answer, turn: str, several_documents: bool = False) -> str:
    """The answer's note, if any (a caveat to read first: "The review never uses the word “cure”…"), the answer
    with a numbered link after each sentence, then its source cards (closed, each link opens one).

    `turn` makes the ids unique on a page holding many answers; `several_documents` adds the paper's
    title to each card label.
    """
    kind = "rag-answer rag-refusal" if answer.abstained else "rag-answer"
    body = _paragraphs(answer.text) if not answer.sentences else _cited_paragraphs(answer, turn)
    if answer.abstained and answer.sentences:  # a claim not stated in those words, then what comes closest
        body = _paragraphs(answer.reason) + body
    cards = "".join(card_html(c, turn, several_documents) for c in answer.citations)
    sources = f'<p class="rag-sources-title">{sources_title(answer)}</p>{cards}' if cards else ""
    note = f'<p class="rag-note">{text_html(answer.note)}</p>' if answer.note else ""  # read before the answer
    return f'<div class="{kind}" data-turn="{_attr(turn)}">{note}{body}{sources}</div>'


def sources_title(answer: Answer) -> str:
    """What an answer's source cards are: its sources, or under a refusal the passages that come closest
    (none of them is quoted as an answer)."""
    return "Closest passages" if answer.abstained and not answer.sentences else "Sources"


def card_html(citation: Citation, turn: str, several_documents: bool = False) -> str:
    """One source card: a closed `<details>` whose passage (the link target) has the quote highlighted."""
    anchor = card_anchor(turn, citation.n)
    refs = references_html(citation)
    return (
        f'<details class="rag-card" id="{anchor}-card"><summary>{text_html(card_label(citation, several_documents))}'
        f'</summary><div class="rag-passage" id="{anchor}" tabindex="-1">{passage_html(citation.text, citation.spans)}'
        f"</div>{refs}</details>"
    )


def card_anchor(turn: str, n: int) -> str:
    """The id a citation link points at: the passage inside the card (the browser opens the card to show it)."""
    return f"src-{re.sub(r'[^A-Za-z0-9_-]', '', turn)}-{n}"


def card_label(citation: Citation, several_documents: bool = False) -> str:
    """Short and distinct: '[1] Abstract, p. 2 · “Chunks are cut at sentence ends …”' (plain text).

    The quoted sentence's first words tell two cards of one section apart; the paper's (shortened) title
    leads when several papers are indexed.
    """
    paper = f"{short_title(citation.title or citation.doc_id)} · " if several_documents else ""
    where = _one_line(citation.location) or "Passage"
    return f"[{citation.n}] {paper}{where} · “{first_words(citation.quote or citation.text)}”"


def citation_name(citation: Citation) -> str:
    """The accessible name of an inline citation link (contains the visible number, as WCAG 2.5.3 asks)."""
    return f"Source {citation.n}: {_one_line(citation.location) or 'passage'}"


def passage_html(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """The passage escaped, lines kept, the quoted sentence(s) at `spans` in `<mark>`."""
    marked = _mask(text, spans)
    out: list[str] = []
    i = 0
    while i < len(text):
        j = i
        while j < len(text) and marked[j] == marked[i]:
            j += 1
        run = text_html(text[i:j]).replace("\n", "<br>")
        out.append(f'<mark class="rag-quote">{run}</mark>' if marked[i] and text[i:j].strip() else run)
        i = j
    return "".join(out)


def references_html(citation: Citation) -> str:
    """Works cited in the passage, as an escaped list ('' when there are none)."""
    if not citation.references:
        return ""
    items = []
    for ref in citation.references:
        doi = f" doi:{ref.doi}" if ref.doi else ""
        items.append(f"<li>{text_html(_one_line(f'[{ref.label}] {ref.text}{doi}'))}</li>")
    return f'<div class="rag-refs"><p>Works cited in this passage</p><ul>{"".join(items)}</ul></div>'


def user_html(text: str) -> str:
    return f'<div class="rag-question">{_paragraphs(text)}</div>'


def short_title(title: str, words: int = 6) -> str:
    parts = title.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


def first_words(text: str, words: int = LABEL_WORDS) -> str:
    return short_title(_one_line(text), words)


class AnswerStream:
    """Splits `Assistant.stream()` output: escaped text pieces for `st.write_stream`, the Answer kept aside.

    Escaping is per character except the autolink breaks, which look at neighbours (`http:` then `//`), so
    text after the last white space waits for the next piece: a URL split across pieces never autolinks. The
    preview is replaced by `answer_html` once the Answer arrives.
    """

    def __init__(self, pieces: Iterable[str | Answer]) -> None:
        self._pieces = pieces
        self.answer: Answer | None = None

    def __iter__(self) -> Iterator[str]:
        pending = ""
        for piece in self._pieces:
            if isinstance(piece, Answer):
                self.answer = piece
                continue
            pending += piece
            cut = max(pending.rfind(" "), pending.rfind("\n")) + 1
            if cut:
                yield _inert(pending[:cut])
                pending = pending[cut:]
        if pending:
            yield _inert(pending)


# Brackets a reader does not see but a copy keeps: a badge right after "ijbs.88500" copied as "ijbs.885001".
_COPY_OPEN = '<span class="rag-sr-only" aria-hidden="true"> [</span>'
_COPY_CLOSE = '<span class="rag-sr-only" aria-hidden="true">]</span>'


def _cited_paragraphs(answer: Answer, turn: str) -> str:
    """The cited sentences, a paragraph per paper when they come from several (a summary or the details of
    several papers read paper by paper, not as one run-on paragraph)."""
    by_n = {c.n: c for c in answer.citations}
    paragraphs: list[list[str]] = []
    paper = None
    for sentence in answer.sentences:
        cited = next((by_n[n].doc_id for n in sentence.citations if n in by_n), paper)
        if cited != paper or not paragraphs:
            paragraphs.append([])
            paper = cited
        links = "".join(_cite_link(turn, n, by_n[n]) for n in sentence.citations if n in by_n)
        head, _, last = sentence.text.rpartition(" ")
        lead = f"{text_html(head)} " if head else ""
        tail = f'<span class="rag-tail">{text_html(last)}{links}</span>'  # no break before a link
        paragraphs[-1].append(f"{lead}{tail}{verdict_html(sentence)}")
    return "".join(f"<p>{' '.join(parts)}</p>" for parts in paragraphs)


def _cite_link(turn: str, n: int, citation: Citation) -> str:
    name = _attr(citation_name(citation))
    return f'{_COPY_OPEN}<a class="rag-cite" href="#{card_anchor(turn, n)}" aria-label="{name}">{n}</a>{_COPY_CLOSE}'


VERDICTS = {
    "supported": "checked against the text",
    "corrected": "checked against the text, citation corrected",
    "unsupported": "not supported by the text",
}


def verdict_html(sentence: AnswerSentence) -> str:
    """How the check judged a generated sentence, as a small label ('' for a quoted one: it is the text)."""
    words = VERDICTS.get(sentence.verdict)
    if not words:
        return ""
    support = f" ({sentence.support:.2f})" if sentence.verdict != "unsupported" else ""
    return f' <span class="rag-verdict rag-{sentence.verdict}">{text_html(words + support)}</span>'


def _paragraphs(text: str) -> str:
    blocks = [b.strip() for b in re.split(r"\n\s*\n", text.strip()) if b.strip()]
    return "".join(f"<p>{text_html(b).replace(chr(10), '<br>')}</p>" for b in blocks)


def _attr(text: str) -> str:
    return text_html(text, quote=True)


def _mask(text: str, spans: Sequence[tuple[int, int]]) -> list[bool]:
    """Which characters are quoted; blank gaps between two quoted sentences count as quoted too,
    so consecutive sentences read as one highlight rather than a row of boxes."""
    marked = [False] * len(text)
    for start, end in spans:
        for i in range(max(0, start), min(len(text), end)):
            marked[i] = True
    for gap in re.finditer(r"[ \t]+", text):
        a, b = gap.start(), gap.end()
        if a > 0 and b < len(text) and marked[a - 1] and marked[b]:
            marked[a:b] = [True] * (b - a)
    return marked


def _inert(text: str) -> str:
    """Escape every punctuation character, break what GFM would autolink, and blank control characters
    (an LLM's text is not scrubbed the way documents are at ingest)."""
    return _PUNCTUATION.sub(r"\\\1", _AUTOLINK.sub(_JOINER, blank_controls(text)))


def _one_line(text: str) -> str:
    return " ".join(text.split())
