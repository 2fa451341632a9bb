"""The ONNX backend against sentence-transformers: same vectors, across a padded batch of mixed lengths."""

from __future__ import annotations

import sys

import numpy as np
import pytest

from rag import Settings
from rag.index.embed import build_embedder, compose, embed_sums, embed_with_spans
from tests.fakes import HashEmbedder

pytestmark = pytest.mark.integration

TEXTS = [
    "Mesenchymal stem cells release vesicles.",
    "Radiotherapy resistance grows in tumours that receive vesicles from stromal cells; chemotherapy "
    "resistance follows a similar path, and drug delivery by engineered vesicles is being tested.",
    "EVs",
]


def test_onnx_vectors_match_torch_and_need_no_torch_at_question_time() -> None:
    onnx = build_embedder(Settings())
    torch_backend = build_embedder(Settings(embedding_backend="torch"))
    a, b = onnx.embed(TEXTS), torch_backend.embed(TEXTS)
    assert a.shape == b.shape == (3, 384)
    assert np.all((a * b).sum(axis=1) > 0.9999)
    assert onnx.embed([TEXTS[0]])[0] @ a[0] > 0.9999  # batch padding does not change a vector


def test_the_fp32_graph_runs_fused_attention() -> None:
    """The export is what makes ONNX Runtime fast on chunks (bench/embed_speed.py): a transformers upgrade
    that exports attention another way would leave the graph unfused, and the vectors the same."""
    import onnx

    from rag.index.embed import resolve_model_path
    from rag.index.onnx_embed import exported_graph

    settings = Settings()
    path = exported_graph(resolve_model_path(settings.embedding_model), settings.model_cache_dir, quantized=False)
    graph = onnx.load(str(path))
    operators = {node.op_type for node in graph.graph.node}
    assert {"Attention", "SkipLayerNormalization"} <= operators


def test_the_int8_backend_exports_and_stays_close_to_fp32() -> None:
    int8 = build_embedder(Settings(embedding_backend="onnx-int8"))
    a, b = int8.embed(TEXTS), build_embedder(Settings()).embed(TEXTS)
    cosine = (a * b).sum(axis=1)
    assert np.all(cosine > 0.95) and not np.allclose(a, b)  # quantised, not the fp32 graph again


def test_a_question_process_does_not_import_torch(tmp_path: object) -> None:
    import subprocess

    code = (
        "import sys; from rag import Settings; from rag.index.embed import build_embedder\n"
        "build_embedder(Settings()).embed(['a question'])\n"
        "print('torch' in sys.modules, 'sentence_transformers' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300).stdout
    assert out.strip() == "False False"


def test_span_and_sum_pooling() -> None:
    onnx = build_embedder(Settings())
    text = "Radiotherapy resistance grows. Chemotherapy resistance grows too."
    vectors, spans = embed_with_spans(onnx, [text], [[(0, 30), (31, len(text))]])
    alone = onnx.embed([text[:30], text[31:]])
    assert spans[0].shape == (2, 384) and np.all((spans[0] * alone).sum(axis=1) > 0.8)
    parts, sums, counts = embed_sums(onnx, [text[:30], text[31:]])
    assert np.allclose(parts, alone, atol=1e-5)
    composed = compose(sums, counts)
    assert composed @ vectors[0] > 0.9 and abs(np.linalg.norm(composed) - 1) < 1e-5


def test_backends_without_token_access_fall_back_to_whole_texts() -> None:
    fake = HashEmbedder()
    _, spans = embed_with_spans(fake, ["alpha beta. gamma delta."], [[(0, 11), (12, 24)]])
    assert np.allclose(spans[0], fake.embed(["alpha beta.", "gamma delta."]))
    vectors, sums, counts = embed_sums(fake, ["alpha", "beta"])
    assert np.allclose(vectors, sums) and counts.tolist() == [1.0, 1.0]
