"""`python -m rag.api [--host] [--port] [--workers]`: the same as `python -m rag serve`."""

from __future__ import annotations

import argparse
import sys

from rag import Settings
from rag.api.server import add_serve_arguments, serve_command


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m rag.api",
        description="Serve the HTTP API.",
        epilog="example: RAG_API_KEYS=secret python -m rag.api --host 0.0.0.0 --port 8000",
    )
    add_serve_arguments(parser)
    return serve_command(parser.parse_args(argv), Settings())


if __name__ == "__main__":
    sys.exit(main())
