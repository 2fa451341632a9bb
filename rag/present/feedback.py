"""Thumbs up/down on answers, appended as JSON lines under the data dir for the eval harness to mine.

One line per rating: the question, the answer, what it cited, the rating, an optional comment and when.
A comment sent after the thumbs is a second line for the same `turn`: the latest line of a turn is the
student's last word. Appending a line is atomic enough for a few users; a lock keeps the threads of one
Streamlit process from interleaving.
"""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rag.types import Answer, Citation

FILENAME = "feedback.jsonl"
RATINGS = {0: "down", 1: "up"}  # st.feedback("thumbs") returns 0 (thumbs down) or 1 (thumbs up)

MAX_COMMENT = 2000
_LOCK = threading.Lock()


def feedback_path(data_dir: Path) -> Path:
    return data_dir / FILENAME


def feedback_record(
    answer: Answer, rating: int, when: datetime | None = None, comment: str = "", turn: str = ""
) -> dict[str, Any]:
    """The JSON object logged for one rating of `answer` (`turn` identifies the answer on the page)."""
    if rating not in RATINGS:
        raise ValueError(f"rating must be 0 (down) or 1 (up), got {rating!r}")
    return {
        "time": (when or datetime.now(UTC)).isoformat(timespec="seconds"),
        "question": answer.question,
        "answer": answer.text,
        "abstained": answer.abstained,
        "mode": answer.mode,
        "rating": RATINGS[rating],
        "score": rating,
        "comment": " ".join(comment.split())[:MAX_COMMENT],
        "turn": turn,
        "citations": [_cited(c) for c in answer.citations],
    }


def _cited(citation: Citation) -> dict[str, Any]:
    """What the harness needs to find the passage again: ids, where, and the quoted sentence(s)."""
    keys = ("n", "doc_id", "section", "page", "chunk_id", "quote")
    return {key: getattr(citation, key) for key in keys}


def log_feedback(
    data_dir: Path, answer: Answer, rating: int, when: datetime | None = None, comment: str = "", turn: str = ""
) -> dict[str, Any]:
    """Append one rating (and its comment, if any) to `data_dir/feedback.jsonl`; return the record written."""
    record = feedback_record(answer, rating, when, comment, turn)
    path = feedback_path(data_dir)
    line = json.dumps(record, ensure_ascii=False) + "\n"
    with _LOCK:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as handle:
            handle.write(line)
    return record


def read_feedback(data_dir: Path) -> list[dict[str, Any]]:
    """Every logged rating, oldest first (an empty list when nothing was logged)."""
    path = feedback_path(data_dir)
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
