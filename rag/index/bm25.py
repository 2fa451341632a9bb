"""The lexical index: BM25 (bm25s) over the chunks' section titles and text, plus the IDF of every term
(evidence scoring weighs a question's words by it)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from rag.text.tokens import tokenize


class Bm25Index:
    """BM25 over token lists; ids are the chunk ids, in the order given."""

    def __init__(self, ids: Sequence[str], texts: Sequence[str]) -> None:
        import bm25s

        self.ids = list(ids)
        self.document_tokens = [tokenize(t) for t in texts]
        self._bm25 = bm25s.BM25()
        self._vocab: set[str] = set()
        if self.ids:
            self._bm25.index(self.document_tokens, show_progress=False)
            self._vocab = set(self._bm25.vocab_dict)
        df: dict[str, int] = {}
        for tokens in self.document_tokens:
            for token in set(tokens):
                df[token] = df.get(token, 0) + 1
        n = max(len(self.ids), 1)
        self.idf = {t: float(np.log(1 + (n - d + 0.5) / (d + 0.5))) for t, d in df.items()}
        self.default_idf = float(np.log(1 + (n + 0.5) / 0.5))

    def search(self, query: str, k: int) -> list[tuple[str, float]]:
        """(id, BM25 score) of the k best matches with a positive score, best first."""
        tokens = [t for t in tokenize(query) if t in self._vocab]
        if not tokens or not self.ids:
            return []
        k = min(k, len(self.ids))
        docs, scores = self._bm25.retrieve([tokens], k=k, show_progress=False, n_threads=1)
        return [(self.ids[int(d)], float(s)) for d, s in zip(docs[0], scores[0], strict=True) if s > 0]
