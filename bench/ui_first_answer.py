"""Start to a usable chat, and to the first cited answer, in the browser.

    .venv/bin/python bench/ui_first_answer.py [--question "..."] [--runs 3]

Builds an index in a temp dir and starts headless Chromium (neither timed), then for each run times
from launching `streamlit run app.py` (a new server process, so the model loads cold each time) to:
server healthy; chat usable (the chat input shown and enabled: a question can be typed and sent, while
the model may still load in the background); answer visible (the first cited answer, its thumbs shown,
the run finished). The first run also computes the starter questions (saved beside the index); later
runs show them from there, as every start after the first does.
Needs Debian `chromium` and `chromium-driver`. The helpers are shared with tests/test_browser_app.py.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.live import free_port, stop  # noqa: E402

QUESTION = "Which treatments are MSC-EVs linked to resistance to?"
CHAT_INPUT = 'textarea[data-testid="stChatInputTextArea"]'
MESSAGE = '[data-testid="stChatMessage"]'
CARD = "details.rag-card"
FEEDBACK = '[data-testid="stFeedback"]'
# The script run is over: nothing faded out as stale (old elements linger until a run ends), no run icon.
IDLE = (
    "return document.querySelectorAll('[data-stale=\"true\"]').length === 0 && !document.querySelector("
    '\'[data-testid="stStatusWidgetRunningIcon"], [data-testid="stStatusWidgetRunningManIcon"]\')'
)


@dataclass
class RunningApp:
    url: str
    process: subprocess.Popen[bytes]
    log: Path
    started: float
    marks: dict[str, float] = field(default_factory=dict)


@contextmanager
def streamlit_app(env: Mapping[str, str], base_path: str = "", timeout: float = 120.0) -> Iterator[RunningApp]:
    """`streamlit run app.py` on a free loopback port (under `base_path` if given), once its health check is ok."""
    port = free_port()
    log = Path(tempfile.mkstemp(prefix="streamlit-", suffix=".log")[1])
    command = [
        sys.executable, "-m", "streamlit", "run", str(REPO / "app.py"), "--server.port", str(port),
        "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false",
        "--server.baseUrlPath", base_path,
    ]  # fmt: skip
    started = time.perf_counter()
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=REPO, env={**os.environ, **env}, stdout=out, stderr=subprocess.STDOUT)
    prefix = f"/{base_path.strip('/')}" if base_path.strip("/") else ""
    app = RunningApp(f"http://127.0.0.1:{port}{prefix}", process, log, started)
    try:
        wait_healthy(app, timeout)
        app.marks["server healthy"] = time.perf_counter() - started
        yield app
    finally:
        stop(process)


def wait_healthy(app: RunningApp, timeout: float) -> None:
    """Poll the health endpoint until it says ok; fail with the server log if it dies or never answers."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if app.process.poll() is not None:
            raise RuntimeError(f"streamlit exited with {app.process.returncode}:\n{app.log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"{app.url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.1)  # polling interval, not a timing assumption: the loop is bounded by the deadline
    raise TimeoutError(f"streamlit not healthy after {timeout:.0f}s:\n{app.log.read_text()[-3000:]}")


def ask_in_browser(driver: Any, question: str, timeout: float = 120.0) -> Any:
    """Type `question` into the chat input; return the answer's chat message once its run has finished.

    An answer is complete when its thumbs (rendered last, after the source cards) are shown and the
    page holds no stale elements from the previous run.
    """
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    wait = WebDriverWait(driver, timeout)
    before = len(driver.find_elements(By.CSS_SELECTOR, MESSAGE))
    box = wait.until(lambda d: _visible(d, CHAT_INPUT))
    box.send_keys(question)
    box.send_keys(Keys.ENTER)

    def answered(d: Any) -> Any:
        messages = d.find_elements(By.CSS_SELECTOR, MESSAGE)
        if len(messages) < before + 2:
            return False
        last = messages[-1]
        return last if last.find_elements(By.CSS_SELECTOR, FEEDBACK) and d.execute_script(IDLE) else False

    return wait.until(answered)


def open_first_card(driver: Any, message: Any, timeout: float = 30.0) -> Any:
    """Click the first source card of `message`; return its passage once the card is open."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    card = message.find_elements(By.CSS_SELECTOR, CARD)[0]
    card.find_element(By.CSS_SELECTOR, "summary").click()

    def opened(d: Any) -> Any:
        passage = card.find_element(By.CSS_SELECTOR, ".rag-passage")
        return passage if card.get_attribute("open") is not None and passage.is_displayed() else False

    return WebDriverWait(driver, timeout).until(opened)


def chat_usable(driver: Any) -> Any:
    """The chat input once it is shown and enabled (False before)."""
    box = _visible(driver, CHAT_INPUT)
    return box if box and box.is_enabled() else False


def first_answer(driver: Any, env: Mapping[str, str], question: str = QUESTION) -> dict[str, float]:
    """One timed run: start the app, load the page, ask, wait for the cited answer."""
    from selenium.webdriver.support.ui import WebDriverWait

    with streamlit_app(env) as app:
        driver.get(app.url)
        WebDriverWait(driver, 120, poll_frequency=0.05).until(chat_usable)
        app.marks["chat usable"] = time.perf_counter() - app.started
        ask_in_browser(driver, question)
        app.marks["answer visible"] = time.perf_counter() - app.started
        return dict(app.marks)


def build_index(data_dir: Path, corpus_dir: Path) -> None:
    sys.path.insert(0, str(REPO))
    from rag import Assistant, Settings

    with Assistant(Settings(data_dir=data_dir, corpus_dir=corpus_dir)) as assistant:
        assistant.ingest()


def _visible(driver: Any, selector: str) -> Any:
    from selenium.webdriver.common.by import By

    found = [e for e in driver.find_elements(By.CSS_SELECTOR, selector) if e.is_displayed()]
    return found[0] if found else False


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--question", default=QUESTION, help="question typed into the chat")
    parser.add_argument("--runs", type=int, default=3, help="cold starts to time (each a new server process)")
    parser.add_argument("--corpus", type=Path, default=REPO / "corpus", help="corpus folder to index")
    args = parser.parse_args()
    sys.path.insert(0, str(REPO))
    from tests.browser import chromium

    runs: list[dict[str, float]] = []
    with tempfile.TemporaryDirectory(prefix="ui-bench-") as tmp, chromium() as driver:
        data_dir = Path(tmp)
        build_index(data_dir, args.corpus)
        env = {"RAG_DATA_DIR": str(data_dir), "RAG_CORPUS_DIR": str(args.corpus)}
        for i in range(args.runs):
            driver.get("about:blank")
            marks = first_answer(driver, env, args.question)
            runs.append(marks)
            print(f"run {i + 1}: " + ", ".join(f"{k} {v:.2f}s" for k, v in marks.items()))
    for key in runs[0]:
        values = [r[key] for r in runs]
        print(f"{key}: median {statistics.median(values):.2f}s (min {min(values):.2f}s, max {max(values):.2f}s)")


if __name__ == "__main__":
    main()
