"""`python -m rag`: ingest, ask, search, info, fetch, serve. One line on stderr and exit 1 on any error."""

from __future__ import annotations

import argparse
import json
import os
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import NoReturn

from rag.assistant import Assistant
from rag.errors import FetchError, InputError, RagError
from rag.query import MAX_K, check_k, clean_question
from rag.settings import Settings, load_settings
from rag.text.references import cited_labels
from rag.types import Answer, Passage

EXAMPLES = """examples:
  python -m rag ingest                      build or update the index from corpus/
  python -m rag ask "What are the main findings?"
  python -m rag ask --json --batch questions.jsonl > answers.jsonl
  python -m rag search "drug delivery" -k 3 --json
  python -m rag info --json
  python -m rag fetch                       bring in the open-access full text (needs a network)
  python -m rag serve --port 8000           HTTP API (REST and OpenAI-compatible)
"""


# Developer hints stay here and in the logs; the answer itself speaks to students.
FULL_TEXT_HINT = (
    "hint: only abstracts are indexed: `python -m rag fetch` brings in the open-access full text where a network "
    "allows, or put the PDF, HTML or JATS XML into corpus/ and run `python -m rag ingest`"
)


class _Parser(argparse.ArgumentParser):
    """Usage errors as one line, like every other error of the CLI."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"error: {message} (see `{self.prog} --help`)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="python -m rag",
        description="A study assistant that answers from the review and cites every sentence.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=_Parser)

    ingest = commands.add_parser("ingest", help="build or update the index from the corpus folder")
    ingest.add_argument("--corpus", type=Path, help="corpus folder (default: RAG_CORPUS_DIR or ./corpus)")
    ingest.add_argument("--rebuild", action="store_true", help="drop the index and embed everything again")
    ingest.add_argument("--json", action="store_true", help="print the summary as JSON")
    ingest.add_argument(
        "--fetch",
        action="store_true",
        help="first try to fetch the open-access full text (gives up quietly after RAG_FETCH_BUDGET_S seconds)",
    )

    ask = commands.add_parser("ask", help="answer a question with cited sentences")
    ask.add_argument("question", nargs="?", help="the question (omit with --batch)")
    ask.add_argument("--json", action="store_true", help="print the answer as JSON")
    ask.add_argument("--batch", type=Path, help="file with one question per line, or JSONL with a 'question' field")
    ask.add_argument("-k", type=passage_count, help=f"passages to answer from, 1-{MAX_K} (default: RAG_TOP_K)")

    search = commands.add_parser("search", help="show the passages retrieved for a query")
    search.add_argument("query", help="what to search for")
    search.add_argument("-k", type=passage_count, default=5, help=f"number of passages, 1-{MAX_K} (default 5)")
    search.add_argument("--json", action="store_true", help="print passages as JSON")

    info = commands.add_parser("info", help="what is indexed: documents, chunks, model, store")
    info.add_argument("--json", action="store_true", help="print as JSON")

    fetch = commands.add_parser("fetch", help="download the open-access full text (JATS XML) and ingest it")
    fetch.add_argument("--doi", help="DOI to fetch (default: every manifest document with a DOI)")

    serve = commands.add_parser("serve", help="start the HTTP API")
    serve.add_argument("--host", default="127.0.0.1", help="interface to bind (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    serve.add_argument("--workers", type=int, default=1, help="worker processes (>1 needs RAG_CHROMA_HOST)")
    return parser


def passage_count(value: str) -> int:
    """argparse type for -k: checked before any model loads, so a typo fails at once."""
    try:
        return check_k(int(value))
    except ValueError:
        raise argparse.ArgumentTypeError(f"k must be a whole number, got {value!r}") from None
    except InputError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = load_settings()
        return COMMANDS[args.command](args, settings)
    except RagError as exc:
        return _fail(str(exc))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `python -m rag ask ... | head`: the reader left; say nothing more
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141


def _ingest(args: argparse.Namespace, settings: Settings) -> int:
    if args.fetch:
        print(fetch_within(settings), file=sys.stderr)
    with Assistant(settings) as assistant:
        report = assistant.ingest(args.corpus, rebuild=args.rebuild, progress=not args.json)
    for error in report.errors:
        print(f"skipped: {error}", file=sys.stderr)
    if args.json:
        print(json.dumps(report.to_dict()))
    else:
        print(
            f"{report.documents} documents: {report.added} chunks added, {report.removed} removed, "
            f"{report.unchanged} unchanged" + (" (index rebuilt)" if report.rebuilt else "")
        )
    return 1 if report.errors and not report.documents else 0


def _ask(args: argparse.Namespace, settings: Settings) -> int:
    if args.batch is not None:
        if args.question is not None:
            raise InputError("give either a question or --batch FILE, not both")
        return _ask_batch(args, settings, list(read_batch(args.batch)))
    if args.question is None:
        raise InputError('give a question, e.g. python -m rag ask "Who wrote the review?"')
    clean_question(args.question, settings.max_question_chars)  # fail before the model loads
    with Assistant(settings) as assistant:
        answer = assistant.ask(args.question, k=args.k)
        abstract_only = not any(d.full_text for d in assistant.info().documents)
    print(json.dumps(answer.to_dict(), ensure_ascii=False) if args.json else format_answer(answer))
    if answer.reason_code == "no_evidence" and abstract_only:
        print(FULL_TEXT_HINT, file=sys.stderr)
    return 0


def _ask_batch(args: argparse.Namespace, settings: Settings, questions: list[str]) -> int:
    """One output line per input question, in order; a bad question gets an error object, not a stop."""
    failures = 0
    with Assistant(settings) as assistant:
        for number, question in enumerate(questions, start=1):
            try:
                answer = assistant.ask(question, k=args.k)
            except InputError as exc:
                failures += 1
                print(f"error: question {number}: {exc}", file=sys.stderr)
                print(
                    json.dumps({"question": question, "error": str(exc)}) if args.json else f"error: {exc}", flush=True
                )
                continue
            print(json.dumps(answer.to_dict(), ensure_ascii=False) if args.json else format_answer(answer), flush=True)
    return 1 if failures else 0


def _search(args: argparse.Namespace, settings: Settings) -> int:
    with Assistant(settings) as assistant:
        passages = assistant.search(args.query, k=args.k)
    if args.json:
        print(json.dumps([passage_dict(p) for p in passages], ensure_ascii=False))
    else:
        for i, p in enumerate(passages, start=1):
            print(f"{i}. [{p.score:.4f}] {p.chunk.doc_id} / {p.chunk.section}\n   {p.chunk.text}\n")
    return 0


def _info(args: argparse.Namespace, settings: Settings) -> int:
    with Assistant(settings) as assistant:
        info = assistant.info()
    if args.json:
        print(json.dumps(info.to_dict(), ensure_ascii=False))
        return 0
    print(f"model: {info.model}\nstore: {info.store['kind']} at {info.store['location']} ({info.store['collection']})")
    print(f"chunks: {info.chunks}")
    for doc in info.documents:
        scope = "full text" if doc.full_text else "abstract only"
        print(f"- {doc.doc_id}: {doc.title} ({doc.chunks} chunks, {scope})")
    return 0


def fetch_command(args: argparse.Namespace, settings: Settings) -> int:
    """Fetch, then ingest so the full text replaces the abstract in answers."""
    from rag.index.fetch import fetch  # httpx and the JATS parser load only for this command

    paths = fetch(settings, getattr(args, "doi", None))
    if not paths:
        print("nothing to fetch: every manifest document with a DOI already has its full text")
        return 0
    for path in paths:
        print(f"fetched {path.name} into {path.parent}")
    try:
        with Assistant(settings) as assistant:
            report = assistant.ingest()
    except RagError as exc:
        names = ", ".join(p.name for p in paths)
        raise FetchError(f"fetched {names}, but ingest failed: {exc}; run `python -m rag ingest` again") from exc
    for error in report.errors:
        print(f"skipped: {error}", file=sys.stderr)
    print(f"{report.documents} documents indexed: {report.added} chunks added, {report.removed} removed")
    return 0


def fetch_within(settings: Settings) -> str:
    """Try the full-text fetch once, within `fetch_budget_s` overall; one line on what happened, never an error.

    `make run` calls this before ingest: with a network the review's full text comes in, without one the
    article page stays indexed and the chat starts all the same. The fetch writes atomically, so giving up
    on a slow server (the thread is left to die with the process) leaves the corpus as it was.
    """
    from rag.index.fetch import fetch

    budget = settings.fetch_budget_s
    quick = settings.model_copy(
        update={
            "fetch_retries": 0,
            "fetch_backoff_s": 0.0,
            "fetch_timeout_s": min(settings.fetch_timeout_s, budget / 2),
        }
    )
    outcome: list[str] = []

    def attempt() -> None:
        try:
            paths = fetch(quick)
            outcome.append(f"full text: fetched {', '.join(p.name for p in paths)}" if paths else "full text: present")
        except RagError as exc:
            outcome.append(f"full text: not fetched ({exc}); indexing what {settings.corpus_dir.name}/ holds")

    worker = threading.Thread(target=attempt, name="rag-fetch", daemon=True)
    worker.start()
    worker.join(budget)
    return outcome[0] if outcome else f"full text: not fetched (no answer within {budget:g} s); indexing what is here"


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    from rag.adapters.api.server import serve_command

    return serve_command(args, settings)


COMMANDS = {
    "ingest": _ingest,
    "ask": _ask,
    "search": _search,
    "info": _info,
    "fetch": fetch_command,
    "serve": _serve,
}


def read_batch(path: Path) -> Iterator[str]:
    """Questions from a text file (one per line) or JSONL (a 'question' field per line), in order.

    Blank lines of a plain-text file are skipped; a JSONL line with an empty question is kept, so the
    output stays aligned with the input and that line gets an error object."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read {path}: {exc.strerror if isinstance(exc, OSError) else exc}") from exc
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        if line.lstrip().startswith("{"):
            try:
                yield str(json.loads(line)["question"])
            except (json.JSONDecodeError, KeyError, TypeError) as exc:
                raise InputError(f"{path}:{number}: not a JSON object with a 'question' field") from exc
        else:
            yield line.strip()


def format_answer(answer: Answer) -> str:
    lines = [answer.text, *([f"note: {answer.note}"] if answer.note else [])]
    if answer.citations:
        lines.append("")
    for c in answer.citations:
        lines.append(f"[{c.n}] {c.title} — {c.location}\n    “{c.quote}”")
        quoted = set(cited_labels(c.quote))
        for ref in (r for r in c.references if r.label in quoted):
            work = ", ".join(part for part in (ref.authors, ref.year, ref.title, ref.doi and f"doi:{ref.doi}") if part)
            lines.append(f"    [{ref.label}] {work or ref.text}")
    return "\n".join(lines)


def passage_dict(passage: Passage) -> dict:
    return {**passage.to_dict(), "score": round(passage.score, 6)}


def _fail(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return 1
