"""API keys: `Authorization: Bearer KEY`, compared in constant time against RAG_API_KEYS / RAG_API_KEYS_FILE.

The header follows RFC 6750 section 2.1 exactly: `Bearer`, one or more spaces, a b64token (letters, digits,
`-._~+/`, then `=` padding) and nothing else. The scheme name is matched case-insensitively, because
RFC 9110 section 11.1 makes authentication schemes case-insensitive (so `bearer KEY` is accepted); a
tab, a second token or any other character refuses the request.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from pathlib import Path

from rag import ConfigError, Settings

B64TOKEN = re.compile(r"[A-Za-z0-9\-._~+/]+=*")
_CREDENTIALS = re.compile(rf"(?i:bearer) +(?P<token>{B64TOKEN.pattern})")


class ApiKeys:
    """The accepted keys. Empty means authentication is off (the server then only binds to loopback)."""

    def __init__(self, keys: frozenset[str]) -> None:
        self._keys = tuple(sorted(k.encode("utf-8") for k in keys))

    @classmethod
    def from_settings(cls, settings: Settings) -> ApiKeys:
        keys = {k.strip() for k in settings.api_keys.split(",") if k.strip()}
        if settings.api_keys_file:
            keys |= read_keys_file(settings.api_keys_file)
        if any(not B64TOKEN.fullmatch(key) for key in keys):
            raise ConfigError(
                "an API key in RAG_API_KEYS or RAG_API_KEYS_FILE has characters a Bearer token cannot carry: "
                "use only letters, digits and -._~+/ (with = padding at the end), as RFC 6750 allows"
            )
        return cls(frozenset(keys))

    @property
    def enabled(self) -> bool:
        return bool(self._keys)

    def identify(self, authorization: str | None) -> str | None:
        """A stable, non-secret id for the key in `authorization` ('Bearer <key>'), or None if it is not valid."""
        token = bearer_token(authorization)
        if token is None:
            return None
        candidate = token.encode("utf-8", "surrogateescape")
        matched = False
        for key in self._keys:  # no early exit: the time taken does not depend on which key matched
            matched |= hmac.compare_digest(candidate, key)
        return key_id(token) if matched else None


def bearer_token(authorization: str | None) -> str | None:
    """The token of an RFC 6750 `Bearer` credential, or None when the header is missing or not one."""
    match = _CREDENTIALS.fullmatch(authorization or "")
    return match.group("token") if match else None


def key_id(key: str) -> str:
    """What logs and rate-limit buckets see instead of the key itself."""
    return "key:" + hashlib.sha256(key.encode("utf-8", "surrogateescape")).hexdigest()[:12]


def read_keys_file(path: Path) -> set[str]:
    """One key per line; blank lines and lines starting with '#' are ignored."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise ConfigError(f"cannot read RAG_API_KEYS_FILE {path}: {exc.strerror or exc}") from exc
    return {line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")}
