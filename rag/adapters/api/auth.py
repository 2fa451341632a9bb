"""API keys: `Authorization: Bearer <key>`, compared in constant time against RAG_API_KEYS / RAG_API_KEYS_FILE."""

from __future__ import annotations

import hashlib
import hmac
from pathlib import Path

from rag import ConfigError, Settings


class ApiKeys:
    """The accepted keys. Empty means authentication is off (the server then only binds to loopback)."""

    def __init__(self, keys: frozenset[str]) -> None:
        self._keys = tuple(sorted(k.encode("utf-8") for k in keys))

    @classmethod
    def from_settings(cls, settings: Settings) -> ApiKeys:
        keys = {k.strip() for k in settings.api_keys.split(",") if k.strip()}
        if settings.api_keys_file:
            keys |= read_keys_file(settings.api_keys_file)
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
    if not authorization:
        return None
    scheme, _, token = authorization.strip().partition(" ")
    token = token.strip()
    return token if scheme.lower() == "bearer" and token else None


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
