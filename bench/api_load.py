"""Load benchmark for the HTTP API: N concurrent clients on loopback for T seconds hitting POST /v1/ask.

    python bench/api_load.py                       # builds a temp index, starts a server, 16 clients, 60 s
    python bench/api_load.py --clients 16 --duration 20
    python bench/api_load.py --url http://127.0.0.1:8000 --key KEY   # an already running server

Prints throughput, latency percentiles and errors. Target: 16 clients for 60 s, zero errors, p99 under 1 s.
A benchmark, not a test: the figures depend on the machine.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from collections import Counter
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from eval.metrics import percentile  # noqa: E402

QUESTIONS = (
    "Which treatments are MSC-EVs linked to resistance to?",
    "Who wrote the review?",
    "How do I cite the review in APA style?",
    "What licence is the article under?",
    "What are mesenchymal stem cells?",
    "How do MSC-EVs communicate between cells?",
    "What cargo do extracellular vesicles transfer?",
    "Who is the corresponding author?",
    "What is the capital of France?",
    "Which journal published the review?",
    "What are the keywords of the article?",
    "Why are MSCs prominent in regenerative medicine?",
)
MAX_DURATION_S = 600.0


@dataclass
class Results:
    latencies_ms: list[float] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)


async def client_loop(client: httpx.AsyncClient, worker: int, deadline: float, results: Results) -> None:
    i = worker
    while time.perf_counter() < deadline:
        question = QUESTIONS[i % len(QUESTIONS)]
        i += 1
        started = time.perf_counter()
        try:
            response = await client.post("/v1/ask", json={"question": question})
            if response.status_code != 200 or "answer" not in response.json():
                results.errors[f"HTTP {response.status_code}"] += 1
                continue
        except httpx.HTTPError as exc:
            results.errors[type(exc).__name__] += 1
            continue
        results.latencies_ms.append((time.perf_counter() - started) * 1000.0)


async def run(url: str, key: str, clients: int, duration_s: float) -> tuple[Results, float]:
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    results = Results()
    async with httpx.AsyncClient(base_url=url, headers=headers, timeout=30.0, limits=limits) as client:
        await client.post("/v1/ask", json={"question": QUESTIONS[0]})  # warm-up, not measured
        started = time.perf_counter()
        deadline = started + duration_s
        await asyncio.gather(*(client_loop(client, w, deadline, results) for w in range(clients)))
        elapsed = time.perf_counter() - started
    return results, elapsed


def report(results: Results, elapsed: float, clients: int) -> bool:
    done, errors = len(results.latencies_ms), sum(results.errors.values())
    lat = results.latencies_ms
    p50, p90, p99 = (percentile(sorted(lat), q) if lat else float("nan") for q in (50, 90, 99))
    print(f"clients {clients}, duration {elapsed:.1f} s")
    print(f"requests ok {done}, errors {errors} {dict(results.errors) if errors else ''}".rstrip())
    print(f"throughput {done / elapsed:.1f} req/s")
    if lat:
        print(
            f"latency ms: mean {statistics.fmean(lat):.0f}  p50 {p50:.0f}  p90 {p90:.0f}  p99 {p99:.0f}  "
            f"max {max(lat):.0f}"
        )
    met = errors == 0 and bool(lat) and p99 < 1000.0
    print(f"target (zero errors, p99 < 1000 ms): {'met' if met else 'NOT met'}")
    return met


def start_server(stack: ExitStack, data_dir: Path | None, key: str) -> str:
    """Build a temp index of the corpus (unless `data_dir` holds one) and start a server on a free port."""
    from rag import Assistant, Settings
    from tests.live import live_server

    if data_dir is None:
        data_dir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="rag-bench-")))
        print("building a temporary index ...", file=sys.stderr)
        with Assistant(Settings(data_dir=data_dir)) as assistant:
            assistant.ingest()
    env = {"RAG_DATA_DIR": str(data_dir), "RAG_API_KEYS": key, "RAG_RATE_LIMIT_PER_MINUTE": "1000000"}
    print("starting the server ...", file=sys.stderr)
    return stack.enter_context(live_server(env)).base_url


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", help="A running server (default: start one on a free loopback port).")
    parser.add_argument("--key", default="bench-key", help="API key to send (and to configure a started server).")
    parser.add_argument("--data-dir", type=Path, help="Index to serve when starting a server (default: a temp one).")
    parser.add_argument("--clients", type=int, default=16, help="Concurrent clients (default 16).")
    parser.add_argument(
        "--duration", type=float, default=60.0, help=f"Seconds (default 60, at most {MAX_DURATION_S:.0f})."
    )
    args = parser.parse_args(argv)
    duration = min(max(args.duration, 1.0), MAX_DURATION_S)
    with ExitStack() as stack:
        url = args.url or start_server(stack, args.data_dir, args.key)
        results, elapsed = asyncio.run(run(url, args.key, max(1, args.clients), duration))
    return 0 if report(results, elapsed, args.clients) else 1


if __name__ == "__main__":
    sys.exit(main())
