"""Name-keyed registries for pluggable backends (answerers, loaders, retrievers, rerankers, stores).

Built-ins register exactly like third-party code: `@ANSWERERS.register("mine")`. A registry imports
its built-in modules on first lookup, so an optional backend costs nothing until it is chosen.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from typing import Generic, TypeVar

from rag.errors import ConfigError

T = TypeVar("T")


class Registry(Generic[T]):
    """Factories (or loaders) of one kind, looked up by the name a setting holds."""

    def __init__(self, kind: str, setting: str, builtins: Iterable[str] = ()) -> None:
        self.kind = kind
        self.setting = setting
        self._builtins = tuple(builtins)
        self._imported = False
        self._entries: dict[str, T] = {}

    def register(self, name: str) -> Callable[[T], T]:
        def decorate(entry: T) -> T:
            self._entries[name] = entry
            return entry

        return decorate

    def get(self, name: str) -> T:
        """The entry registered as `name`; ConfigError naming the choices otherwise."""
        self._import_builtins()
        try:
            return self._entries[name]
        except KeyError:
            raise ConfigError(
                f"unknown {self.kind} {name!r} ({self.setting}); choose one of: {', '.join(self.names())}"
            ) from None

    def names(self) -> list[str]:
        self._import_builtins()
        return sorted(self._entries)

    def _import_builtins(self) -> None:
        if not self._imported:
            self._imported = True
            for module in self._builtins:
                importlib.import_module(module)
