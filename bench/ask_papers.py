"""Ask every gold paper the same questions, each paper indexed alone as the eval suite indexes it.

    python bench/ask_papers.py "What does Figure 2 show?" "What are the limitations?"
    python bench/ask_papers.py --file questions.txt --json answers.json   # diff two runs' JSON files

The questions students ask of any paper (its figures, its limitations, "summarize the discussion") are in
no gold set; this prints what each paper answers, to read, and writes them as JSON to compare two commits.
In a questions file, a line starting with "> " is a follow-up to the line before it (a conversation).
Needs RAG_REAL_DOCS_DIR (the papers) like `python -m eval run --suite fulltext`.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from eval.documents import prepare, select  # noqa: E402
from eval.errors import EvalError  # noqa: E402
from rag import Assistant, Turn  # noqa: E402
from rag.settings import load_settings  # noqa: E402

FOLLOW_UP = "> "


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("questions", nargs="*", help="questions to ask each paper")
    parser.add_argument("--file", type=Path, help="questions, one a line ('> ' starts a follow-up)")
    parser.add_argument("--papers", default="all", help="'all' or one document id (default all)")
    parser.add_argument("--json", type=Path, help="write {paper|question: answer} here")
    args = parser.parse_args()
    try:
        listed = args.file.read_text(encoding="utf-8").splitlines() if args.file else []
        documents = select("all") if args.papers == "all" else select("all", args.papers)
    except (OSError, EvalError) as error:
        parser.error(str(error))
    lines = [line.strip() for line in [*args.questions, *listed] if line.strip()]
    if not lines:
        parser.error("give questions, or --file")
    answers: dict[str, str] = {}
    for document in documents:
        with Assistant(prepare(document, load_settings()).settings) as assistant:
            assistant.ingest(progress=False)
            history: list[Turn] = []
            for line in lines:
                question = line.removeprefix(FOLLOW_UP)
                history = history if line.startswith(FOLLOW_UP) else []
                answer = assistant.ask(question, history)
                history = [*history, Turn("user", question), Turn("assistant", answer.text)]
                answers[f"{document.doc_id}|{line}"] = answer.text
                print(f"[{document.doc_id}] {line}\n  {answer.text[:400]}\n")
    if args.json:
        args.json.write_text(json.dumps(answers, indent=1, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
