"""An ingest SIGKILLed at seeded random points: the index is served only when whole, and a re-run equals a
clean ingest. The victim (tests/crash_ingest.py) kills itself just before its Nth write to the store, so the
kill points are exact and repeatable; the seed is printed (pytest -s) and fixed below."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from rag import Assistant, IndexMissingError
from rag.index.chunk import chunk_document, chunk_sentences, sentence_id
from rag.index.corpus import read_corpus
from rag.index.loaders import load_document
from tests.crash_ingest import settings
from tests.fakes import HashEmbedder

REPO = Path(__file__).resolve().parents[1]
SEED = 1214  # change to explore other kill points; the test logs it
KILLS = 50
TEXTS = [
    "Mesenchymal stem cells release vesicles. They carry RNA. They shape tumours. Resistance follows.",
    "Radiotherapy resistance grows. Chemotherapy resistance grows too. Drug delivery improves.",
    "Exosomes transfer microRNA. Hypoxia changes their cargo. Tumour cells take them up.",
    "Immunotherapy meets resistance. Checkpoints are involved. Vesicles carry ligands.",
]

pytestmark = pytest.mark.slow


def expected(data: Path, corpus: Path) -> tuple[set[str], set[str]]:
    """Chunk and sentence ids a clean ingest of `corpus` serves."""
    s = settings(data, corpus)
    docs = [load_document(e.path, e.meta) for e in read_corpus(corpus)]
    chunks = [c for d in docs for c in chunk_document(d, s.chunk_sentences, s.chunk_overlap, s.chunk_max_chars)]
    sentences = {sentence_id(c.doc_id, c.text[a:b]) for c in chunks for a, b in chunk_sentences(c)}
    return {c.chunk_id for c in chunks}, sentences


def change(corpus: Path, rng: random.Random, step: int) -> None:
    """Add, modify or remove one document (never leaving the corpus empty)."""
    present = sorted(corpus.glob("*.md"))
    action = rng.choice(["add", "modify", "remove"] if len(present) > 1 else ["add", "modify"])
    if action == "add" or not present:
        (corpus / f"doc{step}.md").write_text(f"# Doc {step}\n\n{rng.choice(TEXTS)} Step {step} adds this.\n")
    elif action == "modify":
        rng.choice(present).write_text(f"# Changed {step}\n\n{rng.choice(TEXTS)} Changed at step {step}.\n")
    else:
        rng.choice(present).unlink()


def served(data: Path, corpus: Path) -> tuple[set[str], dict[str, int], int] | None:
    """What a fresh reader serves: chunk ids, chunks per listed document, total chunks (None: no index)."""
    with Assistant(settings(data, corpus), embedder=HashEmbedder()) as reader:
        try:
            info = reader.info()
        except IndexMissingError:
            return None
        snapshot = reader._loaded().snapshot
        ids = set(snapshot.manifest.bm25.ids)
        for passage in reader.search("resistance vesicles tumour", 10):
            assert passage.chunk.doc_id in {d.doc_id for d in info.documents}  # nothing from an unlisted document
        return ids, {d.doc_id: d.chunks for d in info.documents}, info.chunks


def test_sigkill_during_ingest_serves_whole_generations_and_rerun_equals_clean(tmp_path: Path) -> None:
    print(f"crash test seed {SEED}")
    rng = random.Random(SEED)
    data, corpus = tmp_path / "data", tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "first.md").write_text(f"# First\n\n{TEXTS[0]}\n")
    committed: set[str] | None = None  # chunk ids of the last generation known to be committed
    kills = 0
    for step in range(KILLS * 3):
        if kills >= KILLS:
            break
        if step:  # the very first kill hits an empty index
            change(corpus, rng, step)
        target, _ = expected(data, corpus)
        kill_at = rng.randint(1, 14)
        victim = subprocess.run(
            [sys.executable, "-m", "tests.crash_ingest", str(data), str(corpus), str(kill_at)],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert victim.returncode in (0, -signal.SIGKILL), victim.stderr[-2000:]
        kills += victim.returncode == -signal.SIGKILL

        view = served(data, corpus)
        if view is None:
            assert committed is None, f"step {step}: a committed index vanished"
        else:
            ids, per_doc, total = view
            assert ids in (committed, target), f"step {step} (kill at write {kill_at}): a half-written generation"
            assert total == sum(per_doc.values()) == len(ids)

        with Assistant(settings(data, corpus), embedder=HashEmbedder()) as rerun:
            rerun.ingest()
        chunk_ids, sentence_ids = expected(data, corpus)
        ids, per_doc, total = served(data, corpus) or (set(), {}, 0)
        assert ids == chunk_ids, f"step {step}: re-run differs from a clean ingest"
        with Assistant(settings(data, corpus), embedder=HashEmbedder()) as check:
            store = check._open_store()
            store.require_state()
            assert store.ids("chunks") == chunk_ids  # no orphans, no duplicates
            assert set(store.sentence_owners()) == sentence_ids
            assert len(store.ids("documents")) == len(per_doc)
        committed = chunk_ids
    assert kills >= KILLS, f"only {kills} kills"


def test_a_rebuild_builds_beside_the_served_index_and_swaps_at_the_end(tmp_path: Path) -> None:
    data, corpus = tmp_path / "data", tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "first.md").write_text(f"# First\n\n{TEXTS[0]}\n")
    with Assistant(settings(data, corpus), embedder=HashEmbedder()) as assistant:
        assistant.ingest()
        old_set = assistant._open_store().require_state().set_id
    before = served(data, corpus)
    command = [sys.executable, "-m", "tests.crash_ingest", str(data), str(corpus), "6", "rebuild"]
    victim = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=120)
    assert victim.returncode == -signal.SIGKILL  # killed before its commit (write 6 of a fresh rebuild)
    assert served(data, corpus) == before  # the old index, whole, is still served
    with Assistant(settings(data, corpus), embedder=HashEmbedder()) as assistant:
        report = assistant.ingest(rebuild=True)
        store = assistant._open_store()
        assert report.rebuilt and store.require_state().set_id != old_set
        assert not [n for n in store.collection_names() if old_set in n]  # the old set is gone after the swap
    assert served(data, corpus) == before
