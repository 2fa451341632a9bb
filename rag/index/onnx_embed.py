"""The ONNX Runtime embedding backend: the sentence-transformers model's transformer exported once to ONNX
from the local weights (torch is needed for that export only), tokenised with `tokenizers`, mean-pooled
and normalised in numpy. Vectors match the torch backend (cosine >= 0.9999 per text, see
tests/test_embed.py); a question never imports torch.

`embed_spans` also pools a vector for character spans of each text (the sentences of a chunk) from the
same forward pass, so sentence vectors cost no second pass at ingest.
"""

from __future__ import annotations

import hashlib
import json
import os
import warnings
from collections.abc import Iterator, Sequence
from pathlib import Path
from threading import Lock
from typing import Any

import numpy as np

from rag.errors import ConfigError
from rag.index.embed import EMBEDDERS, LocalModel, Spans, resolve_model_path
from rag.settings import Settings

EXPORT_VERSION = "3"  # bump when the export itself changes (opset, inputs): cached graphs are then rebuilt
INPUTS = ("input_ids", "attention_mask", "token_type_ids")


class OnnxEmbedder(LocalModel):
    """Mean-pooled, normalised vectors from an exported transformer; loads on first use."""

    def __init__(self, name: str, cache_dir: Path, batch_size: int = 32, quantized: bool = False) -> None:
        super().__init__(name)
        self.batch_size = batch_size
        self.quantized = quantized
        self.variant = "onnx-int8" if quantized else "onnx"
        self.cache_dir = cache_dir
        self._session: Any = None
        self._tokenizer: Any = None
        self._lock = Lock()

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        vectors, _ = self.embed_spans(texts, [()] * len(texts))
        return vectors

    def embed_sums(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Normalised vectors, and the sum of each text's token vectors with its token count: the sums of
        consecutive texts add up to the mean-pooled vector of their concatenation as the model sees it
        sentence by sentence (how chunk vectors are composed from sentence passes)."""
        vectors = np.zeros((len(texts), self.dimension), dtype=np.float32)
        sums = np.zeros_like(vectors)
        counts = np.zeros(len(texts), dtype=np.float32)
        for batch, (hidden, mask, _) in self._passes(texts):
            weights = mask[..., None].astype(np.float32)
            sums[batch] = (hidden * weights).sum(axis=1)
            counts[batch] = weights.sum(axis=(1, 2))
            vectors[batch] = _normalise(sums[batch] / np.maximum(counts[batch, None], 1e-9))
        return vectors, sums, counts

    def embed_spans(self, texts: Sequence[str], spans: Sequence[Spans]) -> tuple[np.ndarray, list[np.ndarray]]:
        """Vectors of `texts`, and of each text's character spans pooled from the same pass. A span cut off
        by the model's length limit is embedded on its own."""
        vectors = np.zeros((len(texts), self.dimension), dtype=np.float32)
        pooled: list[np.ndarray] = [np.zeros((len(s), self.dimension), dtype=np.float32) for s in spans]
        cut: list[tuple[int, int]] = []
        for batch, (hidden, mask, offsets) in self._passes(texts):
            vectors[batch] = _normalise(_mean(hidden, mask))
            for row, i in enumerate(batch):
                starts, ends = offsets[row, :, 0], offsets[row, :, 1]
                for n, (s, e) in enumerate(spans[i]):
                    inside = (ends > starts) & (starts >= s) & (ends <= e)
                    if inside.any():
                        pooled[i][n] = _normalise(hidden[row, inside].mean(axis=0, keepdims=True))[0]
                    else:
                        cut.append((i, n))
        if cut:
            alone = self.embed([texts[i][spans[i][n][0] : spans[i][n][1]] for i, n in cut])
            for (i, n), vector in zip(cut, alone, strict=True):
                pooled[i][n] = vector
        return vectors, pooled

    def _passes(self, texts: Sequence[str]) -> Iterator[tuple[list[int], tuple[np.ndarray, np.ndarray, np.ndarray]]]:
        """(indices into `texts`, forward pass) per batch. Texts are batched by token count, so a batch pads
        little: sorting by characters left half again as many padding tokens as real ones on SciFact
        sentences (bench/embed_speed.py)."""
        if not texts:
            return
        session, tokenizer = self._loaded()
        encodings = tokenizer.encode_batch(list(texts))
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
        for start in range(0, len(order), self.batch_size):
            batch = order[start : start + self.batch_size]
            yield batch, _forward(session, [encodings[i] for i in batch])

    def _loaded(self) -> tuple[Any, Any]:
        with self._lock:
            if self._session is None:
                model_dir = resolve_model_path(self.name)
                self._tokenizer = _tokenizer(model_dir)
                self._session = _session(exported_graph(model_dir, self.cache_dir, self.quantized))
            return self._session, self._tokenizer


def _forward(session: Any, encodings: Sequence[Any]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Token vectors, attention mask and each token's character offsets ((0, 0) for padding and the
    special tokens, which the text's mean includes but no span does) of one batch, padded here."""
    width = max(len(e.ids) for e in encodings)
    ids = np.zeros((len(encodings), width), dtype=np.int64)
    mask = np.zeros_like(ids)
    offsets = np.zeros((len(encodings), width, 2), dtype=np.int64)
    for row, encoding in enumerate(encodings):
        size = len(encoding.ids)
        ids[row, :size] = encoding.ids
        mask[row, :size] = 1
        special = np.asarray(encoding.special_tokens_mask, dtype=bool)
        offsets[row, :size] = np.where(special[:, None], 0, np.asarray(encoding.offsets, dtype=np.int64))
    feed = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
    (hidden,) = session.run(None, feed)
    return np.asarray(hidden, dtype=np.float32), mask, offsets


def _mean(hidden: np.ndarray, mask: np.ndarray) -> np.ndarray:
    weights = mask[..., None].astype(np.float32)
    return (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)


def _normalise(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return (vectors / np.maximum(norms, 1e-12)).astype(np.float32)


def _tokenizer(model_dir: Path) -> Any:
    from tokenizers import Tokenizer

    path = model_dir / "tokenizer.json"
    if not path.is_file():
        raise ConfigError(f"{model_dir}: no tokenizer.json; use RAG_EMBEDDING_BACKEND=torch for this model")
    tokenizer = Tokenizer.from_file(str(path))
    tokenizer.enable_truncation(max_seq_length(model_dir))  # the file's own 128 is not what the model uses
    tokenizer.no_padding()  # batches are padded after sorting by token count
    return tokenizer


def max_seq_length(model_dir: Path) -> int:
    config = model_dir / "sentence_bert_config.json"
    if config.is_file():
        return int(json.loads(config.read_text(encoding="utf-8")).get("max_seq_length", 256))
    return 256


def _session(path: Path) -> Any:
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.log_severity_level = 3
    return onnxruntime.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])


def graph_key(model_dir: Path, quantized: bool) -> str:
    """Names the exported graph by the weights it came from, so a changed model is exported again."""
    digest = hashlib.sha256(f"{EXPORT_VERSION}|{quantized}|{model_dir.resolve()}".encode())
    for path in sorted(model_dir.glob("*.json")) + sorted(model_dir.glob("*.safetensors")):
        stat = path.stat()
        digest.update(f"{path.name}:{stat.st_size}:{int(stat.st_mtime)}".encode())
    return digest.hexdigest()[:16]


def exported_graph(model_dir: Path, cache_dir: Path, quantized: bool) -> Path:
    """The ONNX graph of the model, exported on first use (needs torch and onnx) and reused after."""
    from filelock import FileLock

    target = cache_dir / f"{model_dir.name}-{graph_key(model_dir, quantized)}.onnx"
    if target.is_file():
        return target
    cache_dir.mkdir(parents=True, exist_ok=True)
    with FileLock(str(target) + ".lock"):
        if not target.is_file():
            partial = target.with_suffix(f".{os.getpid()}.partial")
            try:
                _export(model_dir, partial, quantized)
                partial.replace(target)  # atomic: a killed export never leaves a truncated graph
            finally:
                partial.unlink(missing_ok=True)
    return target


def _export(model_dir: Path, target: Path, quantized: bool) -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    try:
        import torch
        from transformers import AutoModel
    except ImportError as exc:
        raise ConfigError(
            "exporting the model to ONNX needs torch and transformers (pip install -r requirements.txt)"
        ) from exc

    class LastHidden(torch.nn.Module):
        def __init__(self, model: Any) -> None:
            super().__init__()
            self.model = model

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            out = self.model(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids)
            return out.last_hidden_state

    # The eager attention exports as plain matrix products that ONNX Runtime fuses into its Attention
    # operator (the default scaled-dot-product export defeats that fusion); int8 keeps the unfused graph,
    # whose matrix products the quantiser knows.
    attention = "sdpa" if quantized else "eager"
    model = AutoModel.from_pretrained(str(model_dir), local_files_only=True, attn_implementation=attention).eval()
    sample = torch.ones(2, 8, dtype=torch.long)
    axes = {name: {0: "batch", 1: "tokens"} for name in (*INPUTS, "hidden")}
    plain = target.with_suffix(".fp32") if quantized else target
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # tracer notes about shapes; the test compares vectors across shapes
        torch.onnx.export(
            LastHidden(model),
            (sample, sample, torch.zeros_like(sample)),
            str(plain),
            input_names=list(INPUTS),
            output_names=["hidden"],
            dynamic_axes=axes,
            opset_version=17,
            dynamo=False,
        )
    _fuse(plain, dimension=model.config.hidden_size, heads=model.config.num_attention_heads)
    if quantized:
        import onnx
        from onnxruntime.quantization import QuantType, quantize_dynamic

        # Per-channel int8 on the matrix products only: the embedding tables stay exact. The fused graph's
        # contrib operators defeat shape inference, so the quantiser is told that unknown tensors are float.
        quantize_dynamic(
            str(plain),
            str(target),
            weight_type=QuantType.QInt8,
            per_channel=True,
            op_types_to_quantize=["MatMul"],
            extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT},
        )
        plain.unlink(missing_ok=True)


def _fuse(path: Path, dimension: int, heads: int) -> None:
    """ONNX Runtime's transformer fusions (attention, bias + GELU, skip + layer norm) in place: the same
    vectors (cosine 1.0 on SciFact chunks), faster on CPU the longer the texts (bench/embed_speed.py)."""
    import logging

    from onnxruntime.transformers import optimizer

    logging.getLogger("onnxruntime.transformers").setLevel(logging.ERROR)
    model = optimizer.optimize_model(str(path), model_type="bert", num_heads=heads, hidden_size=dimension, opt_level=1)
    model.save_model_to_file(str(path))


@EMBEDDERS.register("onnx")
def _onnx(settings: Settings) -> OnnxEmbedder:
    return OnnxEmbedder(settings.embedding_model, settings.model_cache_dir, settings.embedding_batch_size)


@EMBEDDERS.register("onnx-int8")
def _onnx_int8(settings: Settings) -> OnnxEmbedder:
    return OnnxEmbedder(
        settings.embedding_model, settings.model_cache_dir, settings.embedding_batch_size, quantized=True
    )
