"""A run folder: results.json, report.md and the PNG plots; and the tables printed to the terminal."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from eval.datasets import anchor_value
from eval.plots import write_plots

REPORTS_DIR = Path(__file__).parent / "reports"
FULLTEXT_METRICS = (
    "key_facts_in_top3",
    "answered_all_key_facts",
    "abstained_correctly",
    "benign_refused",
    "answer_sentences_that_answer",
    "first_sentence_answers",
    "reference_entries_quoted",
    "refusals_pointing_at_answer",
    "cites_the_asked_paper",
)
HEADLINE = (
    "ndcg@10",
    "recall@100",
    "hit@1",
    "hit@3",
    "hit@5",
    "recall@10",
    "mrr",
    "answer_f1",
    *FULLTEXT_METRICS,
    "key_point_recall",
    "citation_precision",
    "citation_recall",
    "abstention_precision",
    "abstention_recall",
    "latency_p50_ms",
    "latency_p95_ms",
    "generated",
    "fallback",
    "sentences_removed",
)
CATEGORY_METRICS = (
    "hit@3",
    "hit@5",
    "ndcg@10",
    *FULLTEXT_METRICS,
    "key_point_recall",
    "citation_recall",
    "abstention_recall",
    "answer_f1",
)


def write_run(result: dict[str, Any], reports_dir: Path = REPORTS_DIR, now: datetime | None = None) -> Path:
    """Write `<reports_dir>/<UTC timestamp>-<suite>/` and return it."""
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    folder = reports_dir / f"{stamp}-{result['suite']}"
    suffix = 1
    while folder.exists():
        suffix += 1
        folder = reports_dir / f"{stamp}-{result['suite']}-{suffix}"
    folder.mkdir(parents=True)
    result = {**result, "created": stamp}
    (folder / "results.json").write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    plots = write_plots(result, folder)
    (folder / "report.md").write_text(render_markdown(result, plots), encoding="utf-8")
    return folder


def render_markdown(result: dict[str, Any], plots: Sequence[str] = ()) -> str:
    lines = [f"# Evaluation: {result['suite']} ({result.get('created', '')})", ""]
    lines += [f"- {key}: {_meta_value(value)}" for key, value in result.get("meta", {}).items()]
    lines += ["", "## Headline", "", headline_table(result), ""]
    if result.get("anchors"):
        lines += ["Published rows are read from ANCHORS.md (not re-run here); see its notes on comparability.", ""]
    groups = {"category": result.get("categories", {}), **result.get("breakdowns", {})}
    for kind, tables in groups.items():
        for system, metrics in tables.items():
            table = category_table(metrics, kind)
            if table:
                lines += [f"## Per {kind}: {system}", "", "Each cell: value (items behind it).", "", table, ""]
    misses = misses_list(result)
    if misses:
        lines += ["## Misses (assistant)", "", *misses, ""]
    lines += [f"![{name}]({name})" for name in plots]
    return "\n".join(lines) + "\n"


def headline_table(result: dict[str, Any]) -> str:
    """Systems as rows, headline metrics as columns; published anchors as extra rows when present."""
    summary: dict[str, dict[str, Any]] = result["summary"]
    columns = [c for c in HEADLINE if any(c in metrics for metrics in summary.values())]
    rows = [["system", *columns], ["---", *["---:"] * len(columns)]]
    for system, metrics in summary.items():
        rows.append([system, *[_fmt(metrics.get(c)) for c in columns]])
    metric = result.get("meta", {}).get("anchor_metric", "ndcg@10")
    for anchor in result.get("anchors", []):
        value = anchor_value(anchor, metric)
        published = "–" if value is None else f"{value:g}"  # as published, not rounded
        rows.append([f"{anchor.get('system', '?')} (published)", *[published if c == metric else "" for c in columns]])
    return "\n".join("| " + " | ".join(row) + " |" for row in rows)


def category_table(metrics: dict[str, dict[str, dict[str, Any]]], kind: str = "category") -> str:
    """Groups (categories, documents, splits) as rows, the metrics that have them as columns."""
    names = [m for m in CATEGORY_METRICS if m in metrics]
    categories = [c for c in next(iter(metrics.values()), {}) if c != "all"] + ["all"] if metrics else []
    if not names or len(categories) <= 2:
        return ""
    rows = [[kind, *names], ["---", *["---:"] * len(names)]]
    for category in categories:
        cells = []
        for name in names:
            cell = metrics[name].get(category, {"value": None, "n": 0})
            cells.append(f"{_fmt(cell['value'])} ({cell['n']})" if cell["n"] else "")
        if any(cells):
            rows.append([category, *cells])
    return "\n".join("| " + " | ".join(row) + " |" for row in rows)


def misses_list(result: dict[str, Any], limit: int = 200) -> list[str]:
    """Items the assistant got wrong: wrong abstention, a key point missing, a reference entry quoted,
    or (review) no gold passage in its top 3. Full-text items also show the answer and what was expected."""
    out: list[str] = []
    for item in result.get("items", []):
        if "expect_abstain" not in item:
            return []
        out += _miss_lines(item)
        if sum(line.startswith("- ") for line in out) >= limit:
            break
    return out


def _miss_lines(item: dict[str, Any]) -> list[str]:
    scores = item.get("scores", {}).get("assistant", {})
    why = _why_missed(item, scores)
    if not why:
        return []
    where = ", ".join(x for x in (item.get("doc"), item["category"]) if x)
    lines = [f"- `{item['id']}` ({where}) {item['question']!r}: {why}"]
    if "answered_all_key_facts" in scores:  # the full-text suite: say what was said and what was wanted
        if not item["abstained"]:
            lines.append(f"  - answer: {_short(item.get('answer', ''))!r}")
        if item.get("key_points"):
            lines.append(f"  - expected: {'; '.join(item['key_points'])}")
    return lines


def _why_missed(item: dict[str, Any], scores: dict[str, Any]) -> str:
    said = "abstained" + (f" ({item['reason_code']})" if item.get("reason_code") else "")
    if item["abstained"] != item["expect_abstain"]:
        return f"{said}, expected an answer" if item["abstained"] else "answered, expected an abstention"
    if scores.get("answered_all_key_facts") == 0:
        return "answered without every key point"
    if scores.get("reference_entries_quoted"):
        return f"quoted {scores['reference_entries_quoted']:g} reference-list entries"
    if scores.get("hit@3") == 0:
        return f"{'abstained' if item['abstained'] else 'answered'}, gold passage not in top 3"
    return ""


def _short(text: str, limit: int = 300) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _fmt(value: Any) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, int):  # a count
        return str(value)
    return f"{value:.1f}" if abs(value) >= 10 else f"{value:.3f}"


def _meta_value(value: Any) -> str:
    return json.dumps(value) if isinstance(value, dict | list) else str(value)
