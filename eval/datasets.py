"""Readers for the public benchmarks in `settings.datasets_dir` (read in place, never copied)."""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass
from pathlib import Path

from eval.errors import EvalError


class DatasetMissing(EvalError):
    """The benchmark folder is absent: the suite is skipped (exit 0) with this message."""


@dataclass(frozen=True)
class RetrievalSet:
    """A BEIR-style test set: documents, queries and the relevant documents of each query."""

    doc_ids: list[str]
    doc_texts: list[str]
    queries: dict[str, str]
    qrels: dict[str, set[str]]


@dataclass(frozen=True)
class PubMedQAItem:
    pmid: str
    question: str
    contexts: list[str]
    long_answer: str
    decision: str


def read_scifact(folder: Path) -> RetrievalSet:
    """corpus.jsonl (title + text, as BEIR encodes it), queries.jsonl, qrels/test.tsv."""
    corpus = folder / "corpus.jsonl"
    _require(folder, [corpus, *_claim_files(folder, "test")], "SciFact")  # all three before the long read
    doc_ids, doc_texts = [], []
    for record in _jsonl(corpus):
        doc_ids.append(str(record["_id"]))
        doc_texts.append(f"{record.get('title', '')} {record.get('text', '')}".strip())
    queries, qrels = read_claims(folder, "test")
    return RetrievalSet(doc_ids, doc_texts, queries, qrels)


def read_claims(folder: Path, split: str = "test") -> tuple[dict[str, str], dict[str, set[str]]]:
    """The judged queries of one BEIR split (queries.jsonl for test, queries-<split>.jsonl otherwise) and
    the relevant documents of each (qrels/<split>.tsv, score > 0); queries nobody judged are left out."""
    queries_file, qrels_file = _claim_files(folder, split)
    _require(folder, [queries_file, qrels_file], "SciFact")
    qrels: dict[str, set[str]] = {}
    with qrels_file.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            if int(row["score"]) > 0:
                qrels.setdefault(str(row["query-id"]), set()).add(str(row["corpus-id"]))
    # The query's metadata holds the gold evidence: only the text is ever used.
    queries = {str(r["_id"]): str(r["text"]) for r in _jsonl(queries_file) if str(r["_id"]) in qrels}
    return queries, {q: d for q, d in qrels.items() if q in queries}


def _claim_files(folder: Path, split: str) -> tuple[Path, Path]:
    queries = folder / ("queries.jsonl" if split == "test" else f"queries-{split}.jsonl")
    return queries, folder / "qrels" / f"{split}.tsv"


def read_pubmedqa(folder: Path) -> tuple[list[PubMedQAItem], list[str]]:
    """All PQA-L items, and the PMIDs of the official test split (all PMIDs when that file is absent)."""
    path = folder / "ori_pqal.json"
    _require(folder, [path], "PubMedQA")
    data = _json(path)
    items = [
        PubMedQAItem(
            pmid=str(pmid),
            question=str(value["QUESTION"]),
            contexts=[str(c) for c in value["CONTEXTS"]],
            long_answer=str(value.get("LONG_ANSWER", "")),
            decision=str(value.get("final_decision", "")),
        )
        for pmid, value in data.items()
    ]
    split = folder / "test_ground_truth.json"
    test = [str(p) for p in _json(split)] if split.exists() else [i.pmid for i in items]
    return items, test


def read_anchors(path: Path) -> list[dict[str, str]]:
    """Rows of the first Markdown table in ANCHORS.md: system, score, setting, source, status."""
    if not path.exists():
        return []
    rows: list[dict[str, str]] = []
    header: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("|"):
            if rows:
                break
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if not header:
            header = [c.lower() for c in cells]
        elif not all(set(c) <= set(":- ") for c in cells):
            row = dict(zip(header, cells, strict=False))
            rows.append({key: _plain(value) for key, value in row.items()})
    return rows


def anchor_value(row: dict[str, str], metric: str = "ndcg@10") -> float | None:
    for key, value in row.items():
        if key.replace(" ", "") == metric:
            match = re.search(r"\d+(?:\.\d+)?", value)
            return float(match.group()) if match else None
    return None


def _plain(cell: str) -> str:
    return cell.replace("**", "").replace("`", "").strip()


def _require(folder: Path, files: list[Path], name: str) -> None:
    missing = [p for p in files if not p.exists()]
    if missing:
        raise DatasetMissing(
            f"{name} skipped: {missing[0]} not found (put the dataset under {folder} or set RAG_DATASETS_DIR)"
        )


def _jsonl(path: Path) -> list[dict]:
    out = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if line.strip():
                try:
                    out.append(json.loads(line))
                except json.JSONDecodeError as exc:
                    raise EvalError(f"{path}:{number}: not valid JSON ({exc.msg})") from exc
    return out


def _json(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise EvalError(f"{path}: not valid JSON ({exc.msg})") from exc
