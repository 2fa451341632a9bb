"""The crash tests' victim: one ingest that SIGKILLs itself just before its Nth write to the store.

python -m tests.crash_ingest DATA_DIR CORPUS_DIR N     (N = 0: never; prints the number of writes)
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rag import Assistant, RagError, Settings
from tests.fakes import HashEmbedder

WRITES = (
    "begin",
    "add_chunks",
    "add_sentences",
    "add_documents",
    "put_files",
    "commit",
    "delete",
    "delete_files_before",
    "drop_stale_indexes",
    "finish",
)


def settings(data: Path, corpus: Path) -> Settings:
    return Settings(data_dir=data, corpus_dir=corpus, chunk_sentences=2, chunk_overlap=1)


def main() -> None:
    data, corpus, kill_at = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
    assistant = Assistant(settings(data, corpus), embedder=HashEmbedder())
    store = assistant._open_store()
    count = [0]

    def wrap(method: Callable[..., Any]) -> Callable[..., Any]:
        def write(*args: Any, **kwargs: Any) -> Any:
            count[0] += 1
            if count[0] == kill_at:
                os.kill(os.getpid(), signal.SIGKILL)
            return method(*args, **kwargs)

        return write

    for name in WRITES:
        setattr(store, name, wrap(getattr(store, name)))
    try:
        assistant.ingest(rebuild=sys.argv[4:] == ["rebuild"])
    except RagError as exc:  # e.g. another writer holds the lease: one line, exit 3
        print(f"error: {exc}")
        sys.exit(3)
    print(count[0])


if __name__ == "__main__":
    main()
