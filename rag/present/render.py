"""Answers, passages and user text as safe Markdown for the Streamlit chat.

Corpus and user text are untrusted: a passage holding `[click](http://evil.example)`, an image, a bare
URL or `<script>` must show as those characters, never as a link, image or HTML. Every ASCII punctuation
character is backslash-escaped (CommonMark allows that for all of them), which also disarms GFM autolinks
(`www.x.y`, `http://`), tables, Streamlit's `:color[...]` directives, `:material/...:` icons and `$` math.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence

from rag.types import Answer, AnswerSentence, Citation

_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")  # every ASCII punctuation character
# GFM autolink literals are found in the text *after* escapes are resolved, so `http\:\/\/x` still
# becomes a link. A WORD JOINER (invisible, zero width) inside `://`, after `www` and after `@` breaks them.
_AUTOLINK = re.compile(r"(?<=:)(?=//)|(?<=\bwww)(?=\.)|(?<=@)", re.I)
_JOINER = "\u2060"
_HIGHLIGHT = ":orange-background[{}]"
_MARKER = ":blue-badge[{}]"
_VERDICTS = {
    "supported": ":green-badge[checked {support:.2f}]",
    "corrected": ":green-badge[checked {support:.2f}, citation corrected]",
    "unsupported": ":red-badge[not supported by the text]",
}


def escape(text: str) -> str:
    """`text` as inert Markdown: punctuation escaped, lines kept as hard line breaks, no indented code."""
    return "  \n".join(_inert(line.strip()) for line in text.splitlines())


def highlight(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """The passage with the quoted sentence(s) at `spans` highlighted, everything escaped.

    Works line by line because a highlight (a Streamlit directive) cannot span a line break.
    """
    marked = _mask(text, spans)
    lines = []
    offset = 0
    for raw in text.splitlines(keepends=True):
        line = raw.rstrip("\r\n")
        lead = len(line) - len(line.lstrip())
        lines.append(_highlight_line(line.strip(), marked[offset + lead : offset + lead + len(line.strip())]))
        offset += len(raw)
    return "  \n".join(lines)


def answer_markdown(answer: Answer) -> str:
    """The answer text escaped, with each citation shown as a small numbered badge after its sentence."""
    if not answer.sentences:
        return _with_code_spans(answer.text)
    parts = []
    for sentence in answer.sentences:
        badges = [_MARKER.format(n) for n in sentence.citations] + [verdict_badge(sentence)]
        parts.append(" ".join([escape(sentence.text), *filter(None, badges)]))
    return " ".join(parts)


def verdict_badge(sentence: AnswerSentence) -> str:
    """How the check judged a generated sentence, as a small badge ('' for a quoted one: verbatim text)."""
    badge = _VERDICTS.get(sentence.verdict)
    return badge.format(support=sentence.support) if badge else ""


def card_label(citation: Citation) -> str:
    """The expander label of a source card: number, title, section and page when known (escaped)."""
    title = citation.title or citation.doc_id
    return f"\\[{citation.n}\\] {escape(_one_line(title))} — {escape(_one_line(citation.location))}"


def references_markdown(citation: Citation) -> str:
    """Works cited in the passage, as an escaped bullet list ('' when there are none)."""
    items = []
    for ref in citation.references:
        doi = f" doi: {ref.doi}" if ref.doi else ""
        items.append(f"- {escape(_one_line(f'[{ref.label}] {ref.text}{doi}'))}")
    return "\n".join(items)


class AnswerStream:
    """Splits `Assistant.stream()` output: escaped text pieces for `st.write_stream`, the Answer kept aside.

    Escaping is per character, so escaping each piece on its own equals escaping the whole text (a URL
    split across two pieces could autolink in the preview; the app re-renders the finished Answer).
    """

    def __init__(self, pieces: Iterable[str | Answer]) -> None:
        self._pieces = pieces
        self.answer: Answer | None = None

    def __iter__(self) -> Iterator[str]:
        for piece in self._pieces:
            if isinstance(piece, Answer):
                self.answer = piece
            else:
                yield _inert(piece)


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


def _highlight_line(line: str, marked: list[bool]) -> str:
    """Escape runs of one line, wrapping the highlighted runs in the highlight directive."""
    out = []
    i = 0
    while i < len(line):
        j = i
        while j < len(line) and marked[j] == marked[i]:
            j += 1
        run = _inert(line[i:j])
        if marked[i] and run.strip():
            lead, body, trail = _split_space(run)
            run = lead + _HIGHLIGHT.format(body) + trail
        out.append(run)
        i = j
    return "".join(out)


def _split_space(run: str) -> tuple[str, str, str]:
    body = run.strip()
    start = run.index(body)
    return run[:start], body, run[start + len(body) :]


def _with_code_spans(text: str) -> str:
    """Escaped text whose `backtick` spans stay code: abstentions name commands (`python -m rag ingest`).

    Inline code is rendered literally by CommonMark (no links, HTML or autolinks inside), so keeping
    these spans is as safe as escaping them.
    """
    parts = re.split(r"`([^`\n]+)`", text.strip())
    return "".join(f"`{part}`" if i % 2 else _escape_run(part) for i, part in enumerate(parts))


def _escape_run(text: str) -> str:
    """Like `escape` for a piece inside a line: spaces at its ends are kept, later lines lose indentation."""
    first, *rest = text.split("\n")
    return "  \n".join([_inert(first), *(_inert(line.lstrip()) for line in rest)])


def _inert(text: str) -> str:
    """Escape every punctuation character and break what GFM would autolink."""
    return _PUNCTUATION.sub(r"\\\1", _AUTOLINK.sub(_JOINER, text))


def _one_line(text: str) -> str:
    return " ".join(text.split())
