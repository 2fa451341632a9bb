"""An exclusive lock on the embedded store's folder.

Chroma's embedded store is thread-safe but not process-safe: a second process opening the same
folder can hang for minutes (chroma-core/chroma#7040). We fail fast instead and point to server mode.
"""

from __future__ import annotations

from pathlib import Path

from filelock import FileLock, Timeout

from rag.errors import StoreUnavailableError


class StoreLock:
    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.path = folder / "store.lock"
        self._lock = FileLock(str(self.path), thread_local=False)

    def acquire(self) -> None:
        try:
            self._lock.acquire(timeout=0)
        except Timeout as exc:
            raise StoreUnavailableError(
                f"the index at {self.path.parent} is in use by another process; stop it, or share one index "
                "between processes by running a Chroma server (`chroma run --path DIR --port 8000`) and "
                "setting RAG_CHROMA_HOST=127.0.0.1"
            ) from exc

    def release(self) -> None:
        if self._lock.is_locked:
            self._lock.release(force=True)
