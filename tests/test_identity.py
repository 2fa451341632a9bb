import ast
from pathlib import Path

from rag.index.identity import CHUNKER_CODE, IndexIdentity, chunker_code_version
from rag.settings import Settings
from tests.fakes import HashEmbedder


def test_identity_changes_with_model_dimension_and_chunker_settings() -> None:
    base = IndexIdentity.of(Settings(), HashEmbedder())
    assert base.fingerprint == IndexIdentity.of(Settings(), HashEmbedder()).fingerprint
    others = [
        IndexIdentity.of(Settings(chunk_sentences=3), HashEmbedder()),
        IndexIdentity.of(Settings(chunk_overlap=0), HashEmbedder()),
        IndexIdentity.of(Settings(chunk_max_chars=900), HashEmbedder()),
        IndexIdentity.of(Settings(), HashEmbedder(name="other")),
        IndexIdentity.of(Settings(), HashEmbedder(dimension=32)),
    ]
    assert len({base.fingerprint, *(o.fingerprint for o in others)}) == 6


def test_chunker_code_version_is_part_of_the_identity() -> None:
    identity = IndexIdentity.of(Settings(), HashEmbedder())
    assert identity.chunker.startswith(chunker_code_version() + ":")
    assert identity.describe() == {"model": "hash-embedder", "dimension": 64, "chunker": identity.chunker}


def test_every_text_module_the_bm25_index_reads_is_part_of_the_identity() -> None:
    """BM25 terms are written with each generation; a tokeniser change must make a new index, or questions
    would be tokenised one way and the stored terms another."""
    source = (Path(__file__).resolve().parents[1] / "rag" / "index" / "bm25.py").read_text(encoding="utf-8")
    imported = {
        node.module.removeprefix("rag.").replace(".", "/") + ".py"
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("rag.text")
    }
    assert imported and imported <= set(CHUNKER_CODE)
