"""`python -m eval`: run a suite, compare two runs, export a run. See eval/README.md."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from eval.errors import EvalError

EXAMPLES = """examples:
  python -m eval run --suite review
  python -m eval run --suite review --limit 20 --fail-under hit@3=0.9 --fail-under abstention_recall=0.9
  python -m eval run --suite review --target http://127.0.0.1:8000 --api-key KEY
  python -m eval run --suite fulltext --split gate     # papers of ../shared/real-docs, each indexed alone
  python -m eval run --suite fulltext --split gate --together   # the same papers in one index
  python -m eval run --suite fulltext --doc pmc5828200 --limit 5 --fail-under 'answered_all_key_facts[metadata]=1'
  python -m eval run --suite scifact            # BM25, dense and hybrid vs the published anchors
  python -m eval run --suite pubmedqa --limit 200
  python -m eval compare eval/reports/RUN_A eval/reports/RUN_B --fail-under ndcg@10=0.6
  python -m eval export eval/reports/RUN --format ragas
  python -m eval answerers --answerer extractive --answerer local=/path/model.gguf --limit 20
"""


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    from rag.errors import RagError

    try:
        return args.func(args)
    except (EvalError, RagError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"error: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": "), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


def _run(args: argparse.Namespace) -> int:
    from eval.datasets import DatasetMissing
    from eval.report import headline_table, write_run
    from eval.results import SuiteOptions
    from eval.suites import get_suite

    floors, ceilings = _floors(args)
    if args.limit is not None and args.limit < 1:
        raise EvalError(f"--limit must be at least 1, got {args.limit}")
    if args.suite != "fulltext" and (args.split != "all" or args.doc or args.together):
        raise EvalError("--split, --doc and --together apply to the fulltext suite only")
    runner = get_suite(args.suite)
    settings = _settings(args)
    options = SuiteOptions(
        args.target,
        args.limit,
        args.api_key or "",
        progress=not args.quiet,
        split=args.split,
        doc=args.doc,
        together=args.together,
    )
    try:
        result = runner(settings, options).to_dict()
    except DatasetMissing as exc:
        print(str(exc))
        return 0
    folder = write_run(result, Path(args.reports_dir))
    print(headline_table({**result, "meta": result["meta"]}))
    print(f"\nreport: {folder / 'report.md'}")
    return _gate(result, floors, ceilings)


def _answerers(args: argparse.Namespace) -> int:
    from eval.answerers import run
    from eval.report import headline_table, write_run

    if args.limit is not None and args.limit < 1:
        raise EvalError(f"--limit must be at least 1, got {args.limit}")
    result = run(_settings(args), args.answerer, args.limit, progress=not args.quiet).to_dict()
    folder = write_run(result, Path(args.reports_dir))
    print(headline_table(result))
    print(f"\nreport: {folder / 'report.md'}")
    return 0


def _compare(args: argparse.Namespace) -> int:
    from eval.compare import compare_table, load_run

    floors, ceilings = _floors(args)
    run_a, run_b = load_run(args.run_a), load_run(args.run_b)
    if run_a.get("suite") != run_b.get("suite"):
        print(f"note: comparing a {run_a.get('suite')} run with a {run_b.get('suite')} run", file=sys.stderr)
    print(compare_table(run_a, run_b))
    return _gate(run_b, floors, ceilings)


def _export(args: argparse.Namespace) -> int:
    from eval.compare import load_run
    from eval.export import export_ragas

    run = load_run(args.run)
    folder = Path(args.run) if Path(args.run).is_dir() else Path(args.run).parent
    out = Path(args.out) if args.out else folder / f"{args.format}.jsonl"
    count = export_ragas(run, out)
    print(f"wrote {count} rows to {out}")
    return 0


def _gate(run: dict, floors: list, ceilings: list) -> int:
    from eval.compare import check_floors, run_groups

    summary, groups = run["summary"], run_groups(run)
    failures = check_floors(summary, floors, groups=groups) + check_floors(summary, ceilings, above=True, groups=groups)
    for failure in failures:
        print(f"FAIL: {failure}", file=sys.stderr)
    if floors or ceilings:
        print("gate: failed" if failures else f"gate: passed ({len(floors) + len(ceilings)} checks)")
    return 1 if failures else 0


def _floors(args: argparse.Namespace) -> tuple[list, list]:
    from eval.compare import parse_floor

    return [parse_floor(s) for s in args.fail_under or []], [parse_floor(s) for s in args.fail_over or []]


def _settings(args: argparse.Namespace):  # noqa: ANN202 - rag.Settings, imported lazily
    from rag import Settings

    overrides = {}
    if args.datasets_dir:
        overrides["datasets_dir"] = Path(args.datasets_dir)
    if getattr(args, "real_docs_dir", None):
        overrides["real_docs_dir"] = Path(args.real_docs_dir)
    return Settings(**overrides)


def _parser() -> argparse.ArgumentParser:
    from eval.export import FORMATS
    from eval.report import REPORTS_DIR
    from eval.suites import SUITES

    parser = argparse.ArgumentParser(
        prog="python -m eval",
        description="Score the assistant on the review's gold set and on public retrieval benchmarks.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="{run,compare,export,answerers}")

    run = commands.add_parser(
        "run",
        help="run a suite and write eval/reports/<timestamp>-<suite>/",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    run.add_argument("--suite", required=True, choices=SUITES, help="what to score")
    run.add_argument(
        "--target",
        default="local",
        help="'local' (in process, default) or the URL of a deployed API, e.g. http://127.0.0.1:8000",
    )
    run.add_argument(
        "--limit", type=int, help="score only N questions, spread over categories (fulltext: N per document)"
    )
    run.add_argument(
        "--split",
        default="all",
        choices=("tune", "gate", "all"),
        help="fulltext: the documents weights may be fitted on (tune), those CI checks (gate), or all",
    )
    run.add_argument("--doc", metavar="ID", help="fulltext: one document, e.g. pmc5828200")
    run.add_argument(
        "--together",
        action="store_true",
        help="fulltext: index the split's documents in one index (a reading list) and ask every question there",
    )
    run.add_argument("--real-docs-dir", help="fulltext: folder with the real papers (default: RAG_REAL_DOCS_DIR)")
    run.add_argument("--api-key", help="Bearer key for an HTTP target whose API has keys configured")
    run.add_argument("--datasets-dir", help="folder with scifact/, pubmedqa/, ANCHORS.md (default: RAG_DATASETS_DIR)")
    run.add_argument("--reports-dir", default=str(REPORTS_DIR), help="where run folders go (default: %(default)s)")
    run.add_argument("--quiet", action="store_true", help="no progress bars")
    _gate_options(run)
    run.set_defaults(func=_run)

    compare = commands.add_parser("compare", help="print the metric deltas of RUN_B against RUN_A")
    compare.add_argument("run_a", metavar="RUN_A", help="baseline run folder (or its results.json)")
    compare.add_argument("run_b", metavar="RUN_B", help="new run folder; floors apply to it")
    _gate_options(compare)
    compare.set_defaults(func=_compare)

    export = commands.add_parser("export", help="write a run's answers for LLM-judged tools")
    export.add_argument("run", metavar="RUN", help="run folder (or its results.json)")
    export.add_argument(
        "--format", required=True, choices=FORMATS, help="ragas: JSONL of question, answer, contexts, ground_truth"
    )
    export.add_argument("--out", help="output file (default: RUN/<format>.jsonl)")
    export.set_defaults(func=_export)

    answerers = commands.add_parser(
        "answerers",
        help="the review gold set through several answerers, side by side",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    answerers.add_argument(
        "--answerer",
        action="append",
        required=True,
        metavar="NAME[=VALUE]",
        help="extractive, local=MODEL.gguf, openai=BASE_URL or ollama=BASE_URL (repeatable; one row each)",
    )
    answerers.add_argument("--limit", type=int, help="score only N questions, spread over categories")
    answerers.add_argument("--datasets-dir", help=argparse.SUPPRESS)
    answerers.add_argument(
        "--reports-dir", default=str(REPORTS_DIR), help="where run folders go (default: %(default)s)"
    )
    answerers.add_argument("--quiet", action="store_true", help="no progress bars")
    answerers.set_defaults(func=_answerers)
    return parser


def _gate_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--fail-under",
        action="append",
        metavar="[SYSTEM:]METRIC[GROUP]=VALUE",
        help="exit 1 when the metric is below VALUE (repeatable; system defaults to assistant); "
        "METRIC[GROUP] checks one category, document or split, e.g. 'answered_all_key_facts[paraphrased]=0.75'",
    )
    parser.add_argument(
        "--fail-over",
        action="append",
        metavar="[SYSTEM:]METRIC[GROUP]=VALUE",
        help="exit 1 when the metric is above VALUE (repeatable), e.g. latency_p95_ms=200 or benign_refused=0",
    )


if __name__ == "__main__":
    sys.exit(main())
