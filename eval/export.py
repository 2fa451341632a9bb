"""Export a run for LLM-judged tools. RAGAS reads JSONL with question, answer, contexts, ground_truth."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from eval.errors import EvalError

FORMATS = ("ragas",)


def export_ragas(run: dict[str, Any], out: Path) -> int:
    """One line per answered item; contexts are the cited passages (the retrieved ones when none)."""
    rows = []
    for item in run.get("items", []):
        if "answer" not in item:
            continue
        contexts = [c.get("text", "") for c in item.get("citations", [])]
        if not contexts:
            contexts = [p.get("text", "") for p in item.get("retrieved", {}).get("assistant", [])]
        rows.append(
            {
                "id": item.get("id"),
                "category": item.get("category"),
                "question": item["question"],
                "answer": item["answer"],
                "contexts": contexts,
                "ground_truth": item.get("reference_answer", ""),
            }
        )
    if not rows:
        raise EvalError(f"the {run.get('suite', '?')} run has no answers to export (export a review run)")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return len(rows)
