"""Build something slow (the assistant: model, index, starter questions) in a background thread.

The chat page renders and accepts a question at once; the first answer waits for the build if it is
not done yet. One `Warmup` per server process (Streamlit keeps it in `st.cache_resource`).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")
THREAD_NAME = "rag-warmup"


class Warmup(Generic[T]):
    """Runs `build()` in a daemon thread named `rag-warmup`; `result()` waits for it (or re-raises its error)."""

    def __init__(self, build: Callable[[], T], close: Callable[[T], None] | None = None) -> None:
        self._build = build
        self._close = close
        self._done = threading.Event()
        self._value: T | None = None
        self.error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name=THREAD_NAME, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            self._value = self._build()
        except BaseException as exc:  # handed to whoever asks for the result
            self.error = exc
        finally:
            self._done.set()

    @property
    def ready(self) -> bool:
        """Built without error."""
        return self._done.is_set() and self.error is None

    @property
    def failed(self) -> bool:
        return self._done.is_set() and self.error is not None

    def result(self, timeout: float | None = None) -> T:
        """The built value, waiting up to `timeout` seconds (None: as long as it takes)."""
        if not self._done.wait(timeout):
            raise TimeoutError("still loading")
        if self.error is not None:
            raise self.error
        assert self._value is not None
        return self._value

    def close(self) -> None:
        """Wait for the build to end, then release what it built (the store lock, for the assistant)."""
        self._done.wait()
        if self._value is not None and self._close is not None:
            self._close(self._value)
