"""`python -m eval`: the review suite end to end (local and over HTTP), reports, compare, floors,
export, and the benchmark suites on tiny synthetic datasets in the real file formats."""

from __future__ import annotations

import contextlib
import io
import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from eval.__main__ import main

REPO = Path(__file__).resolve().parents[1]
REQUIRED = (
    "ndcg@10",
    "hit@3",
    "mrr",
    "key_point_recall",
    "citation_precision",
    "citation_recall",
    "abstention_precision",
    "abstention_recall",
    "latency_p50_ms",
)


def run_cli(*argv: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    """main() in process (the model loads once per call, not per subprocess), with stdout/stderr captured."""
    out, err = io.StringIO(), io.StringIO()
    with pytest.MonkeyPatch.context() as patch:
        for key, value in (env or {}).items():
            patch.setenv(key, value)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


def only_run(reports: Path) -> Path:
    runs = sorted(p for p in reports.iterdir() if p.is_dir())
    assert len(runs) == 1, runs
    return runs[0]


@pytest.fixture(scope="module")
def review_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[int, str, Path]:
    """One local review run over 12 items (spread over the categories), shared by the tests below."""
    root = tmp_path_factory.mktemp("eval-review")
    code, out, _ = run_cli(
        "run",
        "--suite",
        "review",
        "--limit",
        "12",
        "--quiet",
        "--reports-dir",
        str(root / "reports"),
        "--fail-under",
        "hit@5=0.5",
        env={"RAG_DATA_DIR": str(root / "data")},
    )
    return code, out, only_run(root / "reports")


@pytest.mark.integration
def test_review_run_writes_results_report_and_plots(review_run: tuple[int, str, Path]) -> None:
    code, out, folder = review_run
    assert code == 0
    assert "| assistant |" in out and "gate: passed" in out
    results = json.loads((folder / "results.json").read_text(encoding="utf-8"))
    assert results["suite"] == "review" and folder.name.endswith("-review")
    assert set(results["summary"]) == {"assistant", "bm25", "dense"}
    assert set(REQUIRED) <= set(results["summary"]["assistant"])
    assert {"ndcg@10", "hit@3", "mrr"} <= set(results["summary"]["bm25"])
    assert results["categories"]["assistant"]["hit@3"]["all"]["n"] >= 1
    assert len({i["category"] for i in results["items"]}) == 9  # --limit spreads over every category
    item = results["items"][0]
    assert {"id", "question", "answer", "abstained", "citations", "scores", "latency_ms", "retrieved"} <= set(item)
    assert set(item["scores"]) == {"assistant", "bm25", "dense"}
    report = (folder / "report.md").read_text(encoding="utf-8")
    assert "## Headline" in report and "| assistant |" in report and "Per category" in report
    for plot in ("metrics.png", "categories.png", "latency.png"):
        assert (folder / plot).read_bytes().startswith(b"\x89PNG"), plot


@pytest.mark.integration
def test_compare_prints_deltas_and_applies_floors(review_run: tuple[int, str, Path]) -> None:
    folder = str(review_run[2])
    code, out, _ = run_cli("compare", folder, folder)
    assert code == 0 and "delta" in out and "+0.0000" in out
    assert run_cli("compare", folder, folder, "--fail-under", "hit@5=0.1", "--fail-under", "bm25:hit@5=0")[0] == 0
    code, _, err = run_cli("compare", folder, folder, "--fail-under", "hit@3=1.01")
    assert code == 1 and "below the floor 1.01" in err
    code, _, err = run_cli("compare", folder, folder, "--fail-over", "latency_p50_ms=0")
    assert code == 1 and "above the ceiling" in err


@pytest.mark.integration
def test_export_ragas(review_run: tuple[int, str, Path], tmp_path: Path) -> None:
    out = tmp_path / "ragas.jsonl"
    code, printed, _ = run_cli("export", str(review_run[2]), "--format", "ragas", "--out", str(out))
    assert code == 0 and "wrote 12 rows" in printed
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 12
    for row in rows:
        assert {"question", "answer", "contexts", "ground_truth"} <= set(row)
        assert isinstance(row["contexts"], list) and isinstance(row["answer"], str)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["compare", "/nonexistent/a", "/nonexistent/b"], "no run at /nonexistent/a"),
        (["run", "--suite", "review", "--fail-under", "hit@3"], "bad floor 'hit@3'"),
        (["run", "--suite", "review", "--limit", "0"], "--limit must be at least 1"),
        (["run", "--suite", "review", "--target", "ftp://x"], "unknown target 'ftp://x'"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(argv: list[str], message: str, tmp_path: Path) -> None:
    code, _, err = run_cli(*argv, "--reports-dir", str(tmp_path)) if argv[0] == "run" else run_cli(*argv)
    assert code == 2
    assert err.count("\n") == 1 and message in err and "Traceback" not in err


def test_bad_input_in_a_subprocess_has_no_traceback() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "eval", "compare", "/nonexistent/a", "/nonexistent/b"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert done.stderr.startswith("error: no run at") and "Traceback" not in done.stderr


def test_help_shows_examples() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "eval", "--help"], cwd=REPO, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0 and "python -m eval run --suite review" in done.stdout


# HTTP target ---------------------------------------------------------------------------------------

AUTHORS = "Authors: Chan Shan, Yan Liang, Kun Wang, Peifeng Li.\nCorresponding author: Chan Shan."


class _FakeApi(BaseHTTPRequestHandler):
    """A stand-in for `POST /v1/ask`: always answers from the authors passage; needs 'Bearer k'."""

    seen: list[dict] = []

    def do_POST(self) -> None:  # noqa: N802 - http.server's naming
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        if self.path != "/v1/ask" or self.headers.get("Authorization") != "Bearer k":
            self._send(401, {"detail": "invalid API key"})
            return
        _FakeApi.seen.append(body)
        answer = {
            "question": body["question"],
            "answer": "Corresponding author: Chan Shan. [1]",
            "abstained": False,
            "reason": "",
            "mode": "extractive",
            "citations": [
                {
                    "n": 1,
                    "doc_id": "shan2024",
                    "title": "",
                    "section": "Authors and affiliations",
                    "page": None,
                    "text": AUTHORS,
                    "quote": "Corresponding author: Chan Shan.",
                    "spans": [],
                    "chunk_id": "c1",
                    "references": [],
                }
            ],
            "sentences": [{"text": "Corresponding author: Chan Shan.", "citations": [1]}],
            "timings_ms": {"total": 1.0},
        }
        self._send(200, answer)

    def _send(self, status: int, data: dict) -> None:
        payload = json.dumps(data).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def fake_api() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _FakeApi)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.integration
def test_review_over_http_target(fake_api: str, tmp_path: Path) -> None:
    env = {"RAG_DATA_DIR": str(tmp_path / "data")}
    reports = tmp_path / "reports"
    code, _, err = run_cli(
        "run",
        "--suite",
        "review",
        "--target",
        fake_api,
        "--limit",
        "10",
        "--quiet",
        "--api-key",
        "k",
        "--reports-dir",
        str(reports),
        env=env,
    )
    assert code == 0, err
    results = json.loads((only_run(reports) / "results.json").read_text(encoding="utf-8"))
    assert results["meta"]["target"] == fake_api
    assert results["meta"]["assistant_retrieval"].startswith("the answer's citations")
    assert any(body.get("history") for body in _FakeApi.seen)  # follow-ups send their history
    by_id = {i["id"]: i for i in results["items"]}
    assert by_id["follow-01"]["scores"]["assistant"]["key_point_recall"] == 1.0  # "...the corresponding author?"
    assert by_id["meta-01"]["scores"]["assistant"]["key_point_recall"] == 0.25  # 1 of the 4 authors
    assert results["summary"]["assistant"]["abstention_recall"] == 0.0  # the fake never abstains

    code, _, err = run_cli(
        "run",
        "--suite",
        "review",
        "--target",
        fake_api,
        "--limit",
        "1",
        "--quiet",
        "--api-key",
        "wrong",
        "--reports-dir",
        str(reports),
        env=env,
    )
    assert code == 2 and "refused the request (401)" in err


# Benchmarks on synthetic data ---------------------------------------------------------------------

DOCS = {
    "10": ("Aspirin and platelets", "Aspirin irreversibly inhibits platelet cyclooxygenase."),
    "11": ("Statins", "Statins lower LDL cholesterol by inhibiting HMG-CoA reductase."),
    "12": ("Insulin", "Insulin lowers blood glucose by promoting uptake into muscle."),
    "13": ("Vitamin D", "Vitamin D deficiency is associated with rickets in children."),
    "14": ("Malaria", "Artemisinin is a first-line treatment for falciparum malaria."),
    "15": ("Smoking", "Tobacco smoking is the main cause of lung cancer."),
}
QUERIES = {
    "1": "Aspirin blocks platelet cyclooxygenase.",
    "2": "Statins reduce LDL cholesterol.",
    "3": "Smoking causes lung cancer.",
}
ANCHORS = """# Anchors

| system | nDCG@10 | setting | source | status |
|---|---:|---|---|---|
| BM25 (BEIR paper) | **0.665** | Elasticsearch | paper | read |
| all-MiniLM-L6-v2 | **0.64508** | dense | MTEB | read from file |
"""


def write_scifact(root: Path) -> None:
    folder = root / "scifact"
    (folder / "qrels").mkdir(parents=True)
    (folder / "corpus.jsonl").write_text(
        "".join(json.dumps({"_id": i, "title": t, "text": x, "metadata": {}}) + "\n" for i, (t, x) in DOCS.items())
    )
    queries = {**QUERIES, "99": "A query without qrels is not scored."}
    (folder / "queries.jsonl").write_text(
        "".join(json.dumps({"_id": i, "text": t, "metadata": {"10": "the answer"}}) + "\n" for i, t in queries.items())
    )
    (folder / "qrels" / "test.tsv").write_text("query-id\tcorpus-id\tscore\n1\t10\t1\n2\t11\t1\n3\t15\t1\n3\t13\t0\n")
    (root / "ANCHORS.md").write_text(ANCHORS)


def write_pubmedqa(root: Path) -> None:
    folder = root / "pubmedqa"
    folder.mkdir(parents=True)
    items = {
        "101": (
            "Does aspirin inhibit platelets?",
            ["Aspirin was given to volunteers.", "Platelet aggregation fell."],
            "Aspirin inhibits platelet aggregation.",
            "yes",
        ),
        "102": (
            "Do statins lower cholesterol?",
            ["Patients received statins.", "LDL cholesterol dropped by 30%."],
            "Statins lower LDL cholesterol.",
            "yes",
        ),
        "103": (
            "Does vitamin C cure colds?",
            ["Volunteers took vitamin C daily.", "Cold duration was unchanged."],
            "Vitamin C does not cure colds.",
            "no",
        ),
        "104": ("Is malaria treated with artemisinin?", ["Artemisinin cleared parasites."], "Yes.", "yes"),
    }
    data = {
        pmid: {
            "QUESTION": q,
            "CONTEXTS": c,
            "LABELS": ["X"] * len(c),
            "MESHES": [],
            "YEAR": "2000",
            "reasoning_required_pred": d,
            "reasoning_free_pred": d,
            "final_decision": d,
            "LONG_ANSWER": a,
        }
        for pmid, (q, c, a, d) in items.items()
    }
    (folder / "ori_pqal.json").write_text(json.dumps(data))
    (folder / "test_ground_truth.json").write_text(json.dumps({"101": "yes", "102": "yes", "103": "no"}))


@pytest.mark.integration
def test_scifact_suite_on_synthetic_data_with_embedding_cache(tmp_path: Path) -> None:
    write_scifact(tmp_path / "datasets")
    env = {"RAG_DATA_DIR": str(tmp_path / "data")}
    argv = ["run", "--suite", "scifact", "--quiet", "--datasets-dir", str(tmp_path / "datasets")]
    code, out, err = run_cli(*argv, "--reports-dir", str(tmp_path / "r1"), env=env)
    assert code == 0, err
    results = json.loads((only_run(tmp_path / "r1") / "results.json").read_text())
    assert len(results["items"]) == 3
    for system in ("assistant", "bm25", "dense"):
        assert results["summary"][system]["ndcg@10"] > 0.9  # each claim matches its abstract's words
        assert results["summary"][system]["recall@100"] == 1.0
    assert [a["system"] for a in results["anchors"]] == ["BM25 (BEIR paper)", "all-MiniLM-L6-v2"]
    assert "BM25 (BEIR paper) (published) | 0.665" in out
    cached = sorted((tmp_path / "data" / "eval-cache").glob("scifact-corpus-*.npy"))
    assert len(cached) == 1
    stamp = cached[0].stat().st_mtime_ns

    code, _, err = run_cli(*argv, "--reports-dir", str(tmp_path / "r2"), "--limit", "1", env=env)
    assert code == 0, err
    assert cached[0].stat().st_mtime_ns == stamp  # the second run read the cache, it did not re-embed
    assert len(json.loads((only_run(tmp_path / "r2") / "results.json").read_text())["items"]) == 1


@pytest.mark.integration
def test_pubmedqa_suite_on_synthetic_data(tmp_path: Path) -> None:
    write_pubmedqa(tmp_path / "datasets")
    code, _, err = run_cli(
        "run",
        "--suite",
        "pubmedqa",
        "--limit",
        "2",
        "--quiet",
        "--datasets-dir",
        str(tmp_path / "datasets"),
        "--reports-dir",
        str(tmp_path / "reports"),
        env={"RAG_DATA_DIR": str(tmp_path / "data")},
    )
    assert code == 0, err
    results = json.loads((only_run(tmp_path / "reports") / "results.json").read_text())
    assert [i["id"] for i in results["items"]] == ["101", "102"]  # the test split, in its order, limited
    summary = results["summary"]["bm25"]
    assert summary["hit@5"] == 1.0 and {"hit@1", "answer_f1", "mrr"} <= set(summary)
    assert results["meta"]["corpus_passages"] == 7  # every context of every item is in the corpus


@pytest.mark.parametrize("suite", ["scifact", "pubmedqa"])
def test_missing_dataset_is_skipped_with_exit_0(suite: str, tmp_path: Path) -> None:
    code, out, _ = run_cli(
        "run", "--suite", suite, "--quiet", "--datasets-dir", str(tmp_path), "--reports-dir", str(tmp_path / "reports")
    )
    assert code == 0 and "skipped" in out
    assert not (tmp_path / "reports").exists()
