"""Reading finished runs: deltas between two runs, and floors (`metric=value`) for the CI gate."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eval.errors import EvalError
from eval.report import REPORTS_DIR

_FLOOR = re.compile(
    r"^(?:(?P<system>[\w-]+):)?(?P<metric>[\w@.-]+)(?:\[(?P<group>[\w.-]+)\])?=(?P<value>-?\d+(?:\.\d+)?)$"
)


@dataclass(frozen=True)
class Floor:
    system: str
    metric: str
    value: float
    group: str = ""  # a category, document or split of the run; "" = the whole run

    @property
    def label(self) -> str:
        return f"{self.metric}[{self.group}]" if self.group else self.metric

    def __str__(self) -> str:
        return f"{self.system}:{self.label}={self.value:g}"


def parse_floor(spec: str, default_system: str = "assistant") -> Floor:
    """'hit@3=0.9' (the assistant), 'bm25:ndcg@10=0.6', or one group: 'answered_all_key_facts[metadata]=1'."""
    match = _FLOOR.match(spec.strip())
    if not match:
        raise EvalError(
            f"bad floor {spec!r}: write metric=value, e.g. hit@3=0.9, bm25:ndcg@10=0.6 or key_point_recall[metadata]=1"
        )
    system, metric, group = match.group("system") or default_system, match.group("metric"), match.group("group") or ""
    return Floor(system, metric, float(match.group("value")), group)


def check_floors(
    summary: dict[str, dict[str, Any]],
    floors: Sequence[Floor],
    above: bool = False,
    groups: Sequence[dict[str, dict[str, dict[str, Any]]]] = (),
) -> list[str]:
    """Messages for each floor the run is below (or, with `above`, each ceiling it exceeds).

    A floor on one group (`metric[group]`) is looked up in `groups`: the run's per-category table, then
    its other breakdowns (`run_groups`), each shaped {system: {metric: {group: {value, n}}}}.
    """
    failures = []
    for floor in floors:
        metrics = summary.get(floor.system)
        if metrics is None:
            raise EvalError(f"{floor}: no system {floor.system!r} in this run (it has: {', '.join(summary)})")
        if floor.metric not in metrics:
            raise EvalError(f"{floor}: no metric {floor.metric!r} for {floor.system} (it has: {', '.join(metrics)})")
        value = _group_value(floor, groups) if floor.group else metrics[floor.metric]
        name = f"{floor.system} {floor.label}"
        if value is None:
            failures.append(f"{name} has no value (no item it applies to)")
        elif above and value > floor.value:
            failures.append(f"{name} = {value:g} is above the ceiling {floor.value:g}")
        elif not above and value < floor.value:
            failures.append(f"{name} = {value:g} is below the floor {floor.value:g}")
    return failures


def run_groups(run: dict[str, Any]) -> list[dict[str, dict[str, dict[str, Any]]]]:
    """The run's per-group tables, categories first: what `metric[group]` floors are checked against."""
    return [run.get("categories", {}), *run.get("breakdowns", {}).values()]


def _group_value(floor: Floor, groups: Sequence[dict[str, dict[str, dict[str, Any]]]]) -> float | None:
    known: list[str] = []
    for table in groups:
        cells = table.get(floor.system, {}).get(floor.metric, {})
        if floor.group in cells:
            return cells[floor.group]["value"]
        known += [g for g in cells if g != "all"]
    raise EvalError(f"{floor}: no group {floor.group!r} in this run (it has: {', '.join(known) or 'none'})")


def load_run(spec: str | Path) -> dict[str, Any]:
    """A run folder, its results.json, or a folder name under eval/reports/."""
    path = Path(spec)
    candidates = [path, path / "results.json", REPORTS_DIR / path, REPORTS_DIR / path / "results.json"]
    for candidate in candidates:
        if candidate.is_file():
            try:
                data = json.loads(candidate.read_text(encoding="utf-8"))
            except (json.JSONDecodeError, UnicodeDecodeError) as exc:
                raise EvalError(f"{candidate}: not a results.json ({exc})") from exc
            if not isinstance(data, dict) or "summary" not in data:
                raise EvalError(f"{candidate}: not a results.json (no 'summary')")
            return data
    raise EvalError(f"no run at {spec}: give a folder under eval/reports/ or the path of its results.json")


def compare_table(run_a: dict[str, Any], run_b: dict[str, Any]) -> str:
    """Every metric of every system in either run: A, B and B - A."""
    lines = [f"{'system':<10} {'metric':<22} {'A':>10} {'B':>10} {'delta':>10}"]
    systems = list(dict.fromkeys([*run_a["summary"], *run_b["summary"]]))
    for system in systems:
        a, b = run_a["summary"].get(system, {}), run_b["summary"].get(system, {})
        for metric in dict.fromkeys([*a, *b]):
            va, vb = a.get(metric), b.get(metric)
            delta = f"{vb - va:+.4f}" if va is not None and vb is not None else "–"
            lines.append(f"{system:<10} {metric:<22} {_cell(va):>10} {_cell(vb):>10} {delta:>10}")
    return "\n".join(lines)


def _cell(value: Any) -> str:
    return "–" if value is None else f"{value:.4f}"
