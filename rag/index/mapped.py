"""Arrays of a generation, memory-mapped: they stay on disk and in the page cache, not in the process."""

from __future__ import annotations

from pathlib import Path

import numpy as np


def load_mapped(path: Path) -> np.ndarray:
    """`path` memory-mapped read-only, as a plain ndarray over the mapping: numpy's `memmap` subclass
    indexes element by element through Python (about 1 µs a read), and a question reads a thousand
    (chunk ids, positions) on a 5,183-abstract index. The view keeps the mapping open."""
    return np.load(path, mmap_mode="r", allow_pickle=False).view(np.ndarray)


def row_of(keys: np.ndarray, key: str) -> int:
    """The row of `key` in the sorted array `keys` (a generation's ids, its BM25 vocabulary), or -1."""
    at = int(np.searchsorted(keys, key)) if len(keys) else 0
    return at if at < len(keys) and keys[at] == key else -1
