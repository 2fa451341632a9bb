"""Load, chunk, embed and index.

`corpus` reads the corpus folder and its manifest; `loaders/` turn each file into a `Document` (one
loader per format); `chunk` cuts sections into sentence windows; `embed` is the sentence-transformers
model; `stores/` hold the vectors (Chroma embedded or server) and `bm25` the lexical index; `ingest`
brings the index in line with the corpus; `snapshot` is the index as a process reads it; `identity`
names an index by the model and chunker that built it; `fetch` downloads open-access full text.
"""
