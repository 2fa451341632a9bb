from pathlib import Path

import numpy as np
import pytest

from rag.index.mapped import load_mapped


def test_a_mapped_array_reads_from_the_file_without_numpys_memmap_indexing(tmp_path: Path) -> None:
    np.save(tmp_path / "ids.npy", np.asarray(["a", "b", "c"]))
    ids = load_mapped(tmp_path / "ids.npy")
    assert type(ids) is np.ndarray and isinstance(ids.base, np.memmap)  # a view of the mapping, not a copy
    assert str(ids[int(np.searchsorted(ids, "b"))]) == "b"
    with pytest.raises(ValueError):
        ids[0] = "z"  # read-only: a generation is never written through
