"""Text that leaves the API is inert: a client that renders any text field as Markdown or HTML shows text.

Documents, questions and LLM output are untrusted. Before any of it reaches a client, `Inert` neutralises
what a renderer would turn into something else, by replacing one character with its fullwidth twin:

- HTML: `<` that opens a tag, comment, declaration or autolink (`<img`, `</`, `<!--`, `<?`) -> `＜`;
- Markdown images: `![` -> `！[` (never an image, whatever the host);
- Markdown links: `](` -> `］(` unless the destination is an http(s) URL on an allowed host, and `]:`
  (a link reference definition) -> `］:`, so reference links never resolve;
- URLs a renderer would link on its own (GFM autolinks: `scheme://host`, `www.host`) on other hosts:
  `://` -> `：//` and the dots before the path -> `．`, so `http：//evil．example/x` stays readable but is no link;
- Markdown escapes and character references, which renderers resolve before they look for URLs
  (`http\\:\\/\\/x`, `http&#58;//x`): `\\` before ASCII punctuation -> `＼`, `&` opening a reference -> `＆`;
- control characters (except tab and line feed) and bidirectional overrides -> a space.

Every replacement is one character for one, so offsets into a text (citation `spans`) stay valid, and
no decision looks past white space, so text cut after white space can be neutralised piece by piece
(`InertStream`). Links to allowed hosts (`RAG_LINK_HOSTS` and their subdomains) are kept when written
`[text](https://host/...)`; a destination in `<...>` or after a space is treated as not allowed.
Bare domains (`evil.example` with no scheme and no `www.`) and e-mail addresses are left as they are:
CommonMark and GFM do not link the former, and a `mailto:` link loads nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from rag.text.controls import blank_controls

_ESCAPE = re.compile(r"\\(?=[!-/:-@\[-`{-~])")
_REFERENCE = re.compile(r"&(?=#[0-9]{1,7};|#[xX][0-9a-fA-F]{1,6};|[A-Za-z][A-Za-z0-9]{1,31};)")
_TAG_OPEN = re.compile(r"<(?=[A-Za-z/!?])")
_IMAGE = re.compile(r"!(?=\[)")
_DEFINITION = re.compile(r"\](?=:)")
_LINK = re.compile(r"\](?=\((?P<dest>[^\s)>]*))")
_URL = re.compile(r"(?i)(?:[a-z][a-z0-9+.-]*://|www\.)[^\s<>\"'`)\]]*")
_URL_PARTS = re.compile(r"(?i)(?P<scheme>[a-z][a-z0-9+.-]*://)?(?P<host>[^/?#]*)(?P<rest>.*)", re.S)
_SAFE_LINK = re.compile(r"(?i)https?://(?P<host>[a-z0-9.-]+)(?::\d{1,5})?(?:[/?#][^\s\\@]*)?")


class Inert:
    """`inert(text)`: the text, neutralised as the module docstring says. `inert.tree(obj)` does every string."""

    def __init__(self, link_hosts: Iterable[str] = ()) -> None:
        self.link_hosts = tuple(h.strip().lower().strip(".") for h in link_hosts if h.strip())

    @classmethod
    def from_setting(cls, value: str) -> Inert:
        return cls(value.split(","))

    def __call__(self, text: str) -> str:
        text = blank_controls(text)
        text = _ESCAPE.sub("\uff3c", text)
        text = _REFERENCE.sub("\uff06", text)
        text = _TAG_OPEN.sub("\uff1c", text)
        text = _IMAGE.sub("\uff01", text)
        text = _DEFINITION.sub("\uff3d", text)
        text = _LINK.sub(lambda m: "]" if self.allowed(m.group("dest")) else "\uff3d", text)
        while True:  # until no URL is left to defang: one may hide in the path of another (`www.a/#www.b`)
            done, text = text, _URL.sub(lambda m: m.group(0) if self.allowed(m.group(0)) else _defang(m.group(0)), text)
            if text == done:
                return text

    def tree(self, value: Any) -> Any:
        """Every string in a JSON-like value (dicts, lists), neutralised; keys and other values kept."""
        if isinstance(value, str):
            return self(value)
        if isinstance(value, dict):
            return {key: self.tree(item) for key, item in value.items()}
        if isinstance(value, list | tuple):
            return [self.tree(item) for item in value]
        return value

    def allowed(self, url: str) -> bool:
        """An absolute http(s) URL, with nothing a parser could read two ways (`\\`, `@`), on an allowed host."""
        match = _SAFE_LINK.fullmatch(url)
        if not match:
            return False
        host = match.group("host").lower().rstrip(".")
        return any(host == allowed or host.endswith("." + allowed) for allowed in self.link_hosts)


def _defang(url: str) -> str:
    parts = _URL_PARTS.match(url)
    assert parts is not None  # the pattern matches any string
    head = (parts.group("scheme") or "") + parts.group("host")
    return (head.replace(".", "\uff0e") + parts.group("rest")).replace("://", "\uff1a//")


class InertStream:
    """Neutralises text that arrives in pieces (an LLM's tokens): a client joins the pieces before rendering,
    so `<` and `img` in two pieces must not become `<img`. Holds back the text after the last white space
    until more arrives (`feed`) or the stream ends (`flush`); the pieces sent join to `inert(whole text)`."""

    def __init__(self, inert: Inert) -> None:
        self.inert = inert
        self._pending = ""

    def feed(self, piece: str) -> str:
        self._pending += piece
        cut = max(self._pending.rfind(ws) for ws in (" ", "\n", "\t")) + 1
        ready, self._pending = self._pending[:cut], self._pending[cut:]
        return self.inert(ready)

    def flush(self) -> str:
        rest, self._pending = self._pending, ""
        return self.inert(rest)
