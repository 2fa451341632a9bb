"""PNG plots of a run (matplotlib, Agg backend): metrics per system, per category, latency histogram."""

from __future__ import annotations

from pathlib import Path
from typing import Any

CATEGORY_PLOT = ("hit@3", "hit@5", "key_point_recall", "citation_recall", "abstention_recall", "answer_f1")


def write_plots(result: dict[str, Any], folder: Path) -> list[str]:
    import matplotlib

    matplotlib.use("Agg")
    written = [_systems(result, folder), _categories(result, folder), _latency(result, folder)]
    return [name for name in written if name]


def _systems(result: dict[str, Any], folder: Path) -> str:
    import matplotlib.pyplot as plt

    summary = result["summary"]
    # In the suite's order (retrieval first, then answers), latency left to its own plot.
    metrics = list(dict.fromkeys(m for v in summary.values() for m, x in v.items() if x is not None))
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


def _categories(result: dict[str, Any], folder: Path) -> str:
    import matplotlib.pyplot as plt

    table = result.get("categories", {}).get("assistant", {})
    metrics = [
        m
        for m in ("hit@3", "hit@5", "key_point_recall", "citation_recall", "abstention_recall", "answer_f1")
        if m in table
    ]
    seen = {c for m in metrics for c, v in table[m].items() if v["n"]}
    categories = [c for c in table[metrics[0]] if c in seen and c != "all"] if metrics else []
    if not metrics or len(categories) < 2:
        return ""
    fig, ax = plt.subplots(figsize=(max(7, len(categories) * 1.1 + 2), 4))
    width = 0.8 / len(metrics)
    for n, metric in enumerate(metrics):
        xs = [i + n * width for i in range(len(categories))]
        ax.bar(xs, [table[metric].get(c, {}).get("value") or 0 for c in categories], width, label=metric)
    ax.set_xticks(
        [i + width * (len(metrics) - 1) / 2 for i in range(len(categories))], categories, rotation=30, ha="right"
    )
    ax.set_ylim(0, 1.05)
    ax.set_title(f"{result['suite']}: assistant per category")
    ax.legend(fontsize="small", loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return _save(fig, folder, "categories.png")


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
