"""Load benchmark for the HTTP API: N users on loopback for T seconds, each with its own key, asking in turn.

    python bench/api_load.py                              # temp index + server, 50 users, 300 s
    python bench/api_load.py --users 16 --duration 60
    python bench/api_load.py --url http://127.0.0.1:8000 --key KEY   # an already running server (one key)

Each user sends, one after the other, a request drawn (seeded) from a mix: /v1/ask (most), /v1/search,
/v1/chat/completions (plain and streamed), with questions the review answers and some it does not.
Prints the status counts, throughput and latency percentiles of answered requests. The target: zero
errors, where an error is anything but 200, 429 (rate limit) or 503 (busy): a 5xx other than 503, a
response that is not the expected JSON or stream, a connection error, or a timeout without a status.
A benchmark, not a test: the figures depend on the machine (tests/test_api_load.py runs a short one).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
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
ROUTES = ("ask",) * 6 + ("search", "search", "chat", "stream")
OVERLOAD = {429, 503}
MAX_DURATION_S = 900.0
TIMEOUT_S = 120.0


@dataclass
class Results:
    latencies_ms: list[float] = field(default_factory=list)
    statuses: Counter[str] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)


def request_for(route: str, question: str) -> tuple[str, dict[str, object]]:
    if route == "ask":
        return "/v1/ask", {"question": question}
    if route == "search":
        return "/v1/search", {"query": question, "k": 5}
    return "/v1/chat/completions", {
        "model": "review-assistant",
        "messages": [{"role": "user", "content": question}],
        "stream": route == "stream",
    }


def well_formed(route: str, response: httpx.Response) -> bool:
    """The body a client expects: JSON with its field, or an SSE stream that ends with [DONE]."""
    if route == "stream":
        return response.text.rstrip().endswith("data: [DONE]")
    try:
        body = response.json()
    except json.JSONDecodeError:
        return False
    return {"ask": "answer", "search": "passages", "chat": "choices"}[route] in body


async def user(client: httpx.AsyncClient, key: str, rng: random.Random, deadline: float, results: Results) -> None:
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    while time.perf_counter() < deadline:
        route = rng.choice(ROUTES)
        path, body = request_for(route, rng.choice(QUESTIONS))
        started = time.perf_counter()
        try:
            response = await client.post(path, json=body, headers=headers)
        except httpx.HTTPError as exc:  # no status: a timeout or a dropped connection
            results.errors[type(exc).__name__] += 1
            continue
        results.statuses[str(response.status_code)] += 1
        if response.status_code in OVERLOAD:
            await asyncio.sleep(float(response.headers.get("Retry-After", "1")))  # a polite client backs off
        elif response.status_code != 200 or not well_formed(route, response):
            results.errors[f"HTTP {response.status_code} {route}"] += 1
        else:
            results.latencies_ms.append((time.perf_counter() - started) * 1000.0)


async def run(url: str, keys: list[str], users: int, duration_s: float, seed: int) -> tuple[Results, float]:
    limits = httpx.Limits(max_connections=users, max_keepalive_connections=users)
    results = Results()
    async with httpx.AsyncClient(base_url=url, timeout=TIMEOUT_S, limits=limits) as client:
        warm = {"Authorization": f"Bearer {keys[0]}"} if keys[0] else {}
        await client.post("/v1/ask", json={"question": QUESTIONS[0]}, headers=warm)  # not measured
        started = time.perf_counter()
        deadline = started + duration_s
        await asyncio.gather(
            *(user(client, keys[u % len(keys)], random.Random(seed + u), deadline, results) for u in range(users))
        )
        elapsed = time.perf_counter() - started
    return results, elapsed


def report(results: Results, elapsed: float, users: int, seed: int) -> bool:
    done, errors = len(results.latencies_ms), sum(results.errors.values())
    lat = sorted(results.latencies_ms)
    print(f"users {users}, duration {elapsed:.1f} s, seed {seed}")
    print(f"statuses {dict(sorted(results.statuses.items()))}")
    print(f"answered {done}, errors {errors} {dict(results.errors) if errors else ''}".rstrip())
    print(f"throughput {done / elapsed:.1f} answered/s")
    if lat:
        p50, p90, p99 = (percentile(lat, q) for q in (50, 90, 99))
        print(
            f"latency ms: mean {statistics.fmean(lat):.0f}  p50 {p50:.0f}  p90 {p90:.0f}  p99 {p99:.0f}  "
            f"max {lat[-1]:.0f}"
        )
    met = errors == 0 and bool(lat)
    print(f"target (zero errors; overload only as 429/503): {'met' if met else 'NOT met'}")
    return met


def start_server(stack: ExitStack, data_dir: Path | None, keys: list[str], env: dict[str, str]) -> str:
    """Build a temp index of the corpus (unless `data_dir` holds one) and start a server on a free port."""
    from tests.live import build_review_index, live_server

    if data_dir is None:
        print("building a temporary index ...", file=sys.stderr)
        data_dir = build_review_index(Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="rag-bench-"))))
    print("starting the server ...", file=sys.stderr)
    server_env = {"RAG_DATA_DIR": str(data_dir), "RAG_API_KEYS": ",".join(keys), **env}
    return stack.enter_context(live_server(server_env)).base_url


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", help="A running server (default: start one on a free loopback port).")
    parser.add_argument("--key", default="", help="API key for --url (every user sends it).")
    parser.add_argument("--data-dir", type=Path, help="Index to serve when starting a server (default: a temp one).")
    parser.add_argument("--users", type=int, default=50, help="Concurrent users (default 50), each with its own key.")
    parser.add_argument(
        "--duration", type=float, default=300.0, help=f"Seconds (default 300, at most {MAX_DURATION_S:.0f})."
    )
    parser.add_argument("--seed", type=int, default=1, help="Seed of the users' request mix (default 1).")
    parser.add_argument(
        "--server-env", action="append", default=[], metavar="NAME=VALUE", help="Extra setting for a started server."
    )
    args = parser.parse_args(argv)
    users = max(1, args.users)
    duration = min(max(args.duration, 1.0), MAX_DURATION_S)
    with ExitStack() as stack:
        if args.url:
            url, keys = args.url, [args.key]
        else:
            keys = [f"bench-user-{u}" for u in range(users)]
            env = dict(item.split("=", 1) for item in args.server_env)
            url = start_server(stack, args.data_dir, keys, env)
        results, elapsed = asyncio.run(run(url, keys, users, duration, args.seed))
    return 0 if report(results, elapsed, users, args.seed) else 1


if __name__ == "__main__":
    sys.exit(main())
