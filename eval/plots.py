"""PNG plots of a run (matplotlib, Agg backend): metrics per system, per category (and per document when
the run has that breakdown), latency histogram."""

from __future__ import annotations

from pathlib import Path
from typing import Any

CATEGORY_PLOT = (
    "hit@3",
    "hit@5",
    "key_facts_in_top3",
    "answered_all_key_facts",
    "abstained_correctly",
    "answer_sentences_that_answer",
    "first_sentence_answers",
    "key_point_recall",
    "citation_recall",
    "abstention_recall",
    "answer_f1",
)  # rates in [0, 1]; counts (benign_refused, reference_entries_quoted) are left to the tables


def write_plots(result: dict[str, Any], folder: Path) -> list[str]:
    import matplotlib

    matplotlib.use("Agg")
    categories = result.get("categories", {}).get("assistant", {})
    documents = result.get("breakdowns", {}).get("document", {}).get("assistant", {})
    written = [
        _systems(result, folder),
        _groups(categories, f"{result['suite']}: assistant per category", folder, "categories.png"),
        _groups(documents, f"{result['suite']}: assistant per document", folder, "documents.png"),
        _latency(result, folder),
    ]
    return [name for name in written if name]


def _systems(result: dict[str, Any], folder: Path) -> str:
    import matplotlib.pyplot as plt

    summary = result["summary"]
    # In the suite's order (retrieval first, then answers); latency has its own plot, counts stay in the tables.
    metrics = list(dict.fromkeys(m for v in summary.values() for m, x in v.items() if isinstance(x, float)))
    metrics = [m for m in metrics if not m.startswith("latency")]
    if not metrics:
        return ""
    fig, ax = plt.subplots(figsize=(max(7, len(metrics) * 0.9 + 2), 4))
    width = 0.8 / max(len(summary), 1)
    for n, (system, values) in enumerate(summary.items()):
        xs = [i + n * width for i in range(len(metrics))]
        ax.bar(xs, [values.get(m) or 0 for m in metrics], width, label=system)
    ax.set_xticks([i + width * (len(summary) - 1) / 2 for i in range(len(metrics))], metrics, rotation=30, ha="right")
    ax.set_ylim(0, 1.05)
    ax.set_title(f"{result['suite']}: metrics per system")
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return _save(fig, folder, "metrics.png")


def _groups(table: dict[str, dict[str, Any]], title: str, folder: Path, name: str) -> str:
    """Bars of the rate metrics for each group (category or document) of one system's table."""
    import matplotlib.pyplot as plt

    metrics = [m for m in CATEGORY_PLOT if m in table]
    seen = {c for m in metrics for c, v in table[m].items() if v["n"]}
    groups = [c for c in table[metrics[0]] if c in seen and c != "all"] if metrics else []
    if not metrics or len(groups) < 2:
        return ""
    fig, ax = plt.subplots(figsize=(max(7, len(groups) * 1.1 + 2), 4))
    width = 0.8 / len(metrics)
    for n, metric in enumerate(metrics):
        xs = [i + n * width for i in range(len(groups))]
        ax.bar(xs, [table[metric].get(c, {}).get("value") or 0 for c in groups], width, label=metric)
    ax.set_xticks([i + width * (len(metrics) - 1) / 2 for i in range(len(groups))], groups, rotation=30, ha="right")
    ax.set_ylim(0, 1.05)
    ax.set_title(title)
    ax.legend(fontsize="small", loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return _save(fig, folder, name)


def _latency(result: dict[str, Any], folder: Path) -> str:
    import matplotlib.pyplot as plt

    latencies = [i["latency_ms"] for i in result.get("items", []) if i.get("latency_ms") is not None]
    if not latencies:
        return ""
    fig, ax = plt.subplots(figsize=(6, 4))
    ax.hist(latencies, bins=min(30, max(5, len(latencies) // 3)))
    ax.set_xlabel("ask latency (ms)")
    ax.set_ylabel("questions")
    ax.set_title(f"{result['suite']}: latency ({len(latencies)} questions)")
    return _save(fig, folder, "latency.png")


def _save(fig: Any, folder: Path, name: str) -> str:
    import matplotlib.pyplot as plt

    fig.tight_layout()
    fig.savefig(folder / name, dpi=100)
    plt.close(fig)
    return name
