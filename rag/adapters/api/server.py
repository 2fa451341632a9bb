"""`python -m rag serve`: checks that the bind is safe, then runs uvicorn with one or more workers."""

from __future__ import annotations

import argparse
import ipaddress
import sys

from fastapi import FastAPI

from rag import RagError, Settings
from rag.adapters.api.auth import ApiKeys
from rag.settings import load_settings

PROTOCOL = "rag.adapters.api.protocol:JsonErrorsH11Protocol"  # imported by uvicorn, by name

NO_KEY = (
    "refusing to listen on {host} without an API key: set RAG_API_KEYS (or RAG_API_KEYS_FILE), "
    "or keep the default --host 127.0.0.1"
)
WORKERS_NEED_SERVER = (
    "--workers {workers} needs a Chroma server shared by the workers (the embedded index is locked by one "
    "process): run `chroma run --path DIR --port 8001` and set RAG_CHROMA_HOST=127.0.0.1 RAG_CHROMA_PORT=8001"
)


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_bind(host: str, workers: int, settings: Settings) -> str | None:
    """Why the server must not start with these options, or None."""
    if workers < 1:
        return f"--workers must be at least 1, got {workers}"
    if not ApiKeys.from_settings(settings).enabled and not is_loopback(host):
        return NO_KEY.format(host=host)
    if workers > 1 and not settings.chroma_host:
        return WORKERS_NEED_SERVER.format(workers=workers)
    return None


def serve_command(args: argparse.Namespace, settings: Settings) -> int:
    """Run the API until interrupted. One line on stderr and exit 2 when the options are unsafe or wrong."""
    try:
        problem = check_bind(args.host, args.workers, settings)
    except RagError as exc:
        problem = str(exc)
    if problem:
        print(f"error: {problem}", file=sys.stderr)
        return 2
    import uvicorn  # only the serve command needs it

    if not ApiKeys.from_settings(settings).enabled:
        print(f"note: no API key configured; authentication is off and only {args.host} is served", file=sys.stderr)
    common = {
        "host": args.host,
        "port": args.port,
        "log_level": "info",
        "timeout_graceful_shutdown": 10,
        "http": PROTOCOL,  # h11, with its parse errors (400, 431) in the API's JSON shape
        "h11_max_incomplete_event_size": settings.max_header_bytes,
    }
    if args.workers == 1:
        uvicorn.run(create_app_for(settings), **common)
    else:  # each worker process reads the settings from the environment again, and shares the Chroma server
        uvicorn.run("rag.adapters.api.server:app_from_env", factory=True, workers=args.workers, **common)
    return 0


def create_app_for(settings: Settings) -> FastAPI:
    from rag.adapters.api.app import create_app

    return create_app(settings)


def app_from_env() -> FastAPI:
    """uvicorn factory for worker processes."""
    return create_app_for(load_settings())
