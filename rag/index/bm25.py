"""The lexical index: BM25 (bm25s's Lucene scoring) over the chunks' section titles and text, plus the IDF of
every term (evidence scoring weighs a question's words by it).

Saved as plain arrays (the score matrix in CSC form, the sorted vocabulary, the ids) and loaded memory-mapped,
so a process that opens a large index reads only the columns of the words it is asked about.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

import numpy as np

from rag.index.mapped import load_mapped, row_of
from rag.text.tokens import tokenize

FILES = ("bm25-data.npy", "bm25-indices.npy", "bm25-indptr.npy", "bm25-vocab.npy", "bm25-ids.npy")


class Idf(Mapping[str, float]):
    """IDF of each indexed term, read from the score matrix's column lengths (document frequencies)."""

    def __init__(self, vocab: np.ndarray, indptr: np.ndarray, documents: int) -> None:
        self._vocab = vocab
        self._indptr = indptr
        self._documents = max(documents, 1)

    def __getitem__(self, term: str) -> float:
        column = row_of(self._vocab, term)
        if column < 0:
            raise KeyError(term)
        df = int(self._indptr[column + 1] - self._indptr[column])
        return float(np.log(1 + (self._documents - df + 0.5) / (df + 0.5)))

    def __iter__(self) -> Iterator[str]:
        return (str(t) for t in self._vocab)

    def __len__(self) -> int:
        return len(self._vocab)


class Bm25Index:
    """BM25 over token lists; ids are given in the order of `texts`."""

    def __init__(self, ids: Sequence[str], texts: Sequence[str]) -> None:
        vocab, data, indices, indptr = _build([tokenize(t) for t in texts])
        self._set(np.asarray(list(ids), dtype=str), vocab, data, indices, indptr)

    def _set(
        self, ids: np.ndarray, vocab: np.ndarray, data: np.ndarray, indices: np.ndarray, indptr: np.ndarray
    ) -> None:
        self.id_array = ids
        self._vocab, self._data, self._indices, self._indptr = vocab, data, indices, indptr
        self.idf: Mapping[str, float] = Idf(vocab, indptr, len(ids))
        self.default_idf = float(np.log(1 + (max(len(ids), 1) + 0.5) / 0.5))

    @property
    def ids(self) -> list[str]:
        return [str(i) for i in self.id_array]

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        arrays = (self._data, self._indices, self._indptr, self._vocab, self.id_array)
        for name, array in zip(FILES, arrays, strict=True):
            np.save(folder / name, array, allow_pickle=False)

    @classmethod
    def load(cls, folder: Path) -> Bm25Index:
        """Memory-mapped (`load_mapped`)."""
        data, indices, indptr, vocab, ids = (load_mapped(folder / n) for n in FILES)
        index = cls.__new__(cls)
        index._set(ids, vocab, data, indices, indptr)
        return index

    def search(self, query: str, k: int) -> list[tuple[str, float]]:
        """(id, BM25 score) of the k best matches with a positive score, best first."""
        return [(str(self.id_array[row]), score) for row, score in self.search_rows(query, k)]

    def search_rows(self, query: str, k: int) -> list[tuple[int, float]]:
        """(row, score) of the k best matches: rows index `id_array`."""
        # A repeated query word counts each time, as in bm25s (expanded queries repeat their key words).
        columns = [c for c in (row_of(self._vocab, t) for t in tokenize(query)) if c >= 0]
        if not columns or not len(self.id_array):
            return []
        scores = np.zeros(len(self.id_array), dtype=np.float32)
        for column in columns:
            start, end = int(self._indptr[column]), int(self._indptr[column + 1])
            np.add.at(scores, self._indices[start:end], self._data[start:end])
        k = min(k, len(scores))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.lexsort((top, -scores[top]))]  # best first; ties by row, as bm25s orders them
        return [(int(row), float(scores[row])) for row in top if scores[row] > 0]


def _build(documents: list[list[str]]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Lucene BM25 scores of every (term, document) pair, as bm25s computes them, in CSC arrays over a
    sorted vocabulary."""
    terms = sorted({t for tokens in documents for t in tokens})
    vocab = np.asarray(terms, dtype=str) if terms else np.zeros(0, dtype="<U1")
    if not terms:
        return vocab, np.zeros(0, np.float32), np.zeros(0, np.int32), np.zeros(1, np.int64)
    import bm25s

    column = {t: i for i, t in enumerate(terms)}
    retriever = bm25s.BM25()
    retriever.index(([[column[t] for t in tokens] for tokens in documents], column), show_progress=False)
    scores = retriever.scores
    data = np.asarray(scores["data"], dtype=np.float32)
    indices = np.asarray(scores["indices"], dtype=np.int32)
    indptr = np.asarray(scores["indptr"], dtype=np.int64)
    return vocab, data, indices, indptr
