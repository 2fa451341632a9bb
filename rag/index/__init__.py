"""Load, chunk, embed and index.

`corpus` reads the corpus folder and its manifest; `loaders/` turn each file into `Document`s (one loader per
format); `chunk` cuts sections into sentence windows; `embed` is the embedding protocol and its backends
(`onnx_embed`: ONNX Runtime, the default; sentence-transformers); `stores/` hold the records (Chroma
embedded or server) and the served state; `bm25` is the lexical index; `manifest` is one committed
generation (chunk and document lists, BM25, titles) as memory-mapped files; `ingest` brings the index in
line with the corpus and commits a generation last; `snapshot` is the served generation as a process reads
it; `identity` names an index by the model, backend and chunker that built it; `fetch` downloads
open-access full text.
"""
