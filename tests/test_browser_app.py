"""End to end in a real browser: `streamlit run app.py` on a loopback port, driven by headless Chromium.

Skips (with how to enable it) where Chromium is not installed; RAG_REQUIRE_BROWSER=1 makes that a failure.
The screenshot lands in artifacts/app-answer.png (git-ignored).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.ui_first_answer import (
    CHAT_INPUT,
    QUESTION,
    ask_in_browser,
    build_index,
    open_first_card,
    streamlit_app,
)
from tests.browser import chromium, require_browser, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.integration]

REPO = Path(__file__).resolve().parents[1]
EVIL = (
    "[click](http://evil.example) ![x](http://evil.example/x.png) <script>alert(1)</script> "
    "<img src=x onerror=alert(1)>"
)
JOINER = "\u2060"  # rag.present.render puts an invisible WORD JOINER into URLs so they are not autolinked


@pytest.fixture(scope="module")
def driver() -> Iterator[object]:
    require_browser()
    with chromium(1280, 1300) as browser:
        yield browser


def serve(data_dir: Path, corpus_dir: Path, base_path: str = ""):  # noqa: ANN201 - bench's context manager
    build_index(data_dir, corpus_dir)
    return streamlit_app({"RAG_DATA_DIR": str(data_dir), "RAG_CORPUS_DIR": str(corpus_dir)}, base_path)


def test_student_asks_and_opens_a_source(driver: object, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    with serve(tmp_path / "data", REPO / "corpus") as app:
        driver.get(app.url)  # type: ignore[attr-defined]
        WebDriverWait(driver, 180).until(lambda d: d.find_elements(By.CSS_SELECTOR, CHAT_INPUT))
        assert "Try one of these" in driver.find_element(By.TAG_NAME, "body").text  # type: ignore[attr-defined]
        message = ask_in_browser(driver, QUESTION)
        assert "radiotherapy" in message.text and "does not say" not in message.text
        assert "Try one of these" not in driver.find_element(By.TAG_NAME, "body").text  # type: ignore[attr-defined]
        details = open_first_card(driver, message)
        highlighted = details.find_elements(By.CSS_SELECTOR, "span[class], mark")
        assert any("MSC-EVs" in h.text for h in highlighted), [h.text for h in highlighted]
        driver.execute_script("arguments[0].scrollIntoView({block: 'start'})", message)  # type: ignore[attr-defined]
        path = screenshot(driver, "app-answer.png")
    assert path.exists() and path.stat().st_size > 10_000


def test_corpus_markup_stays_text_in_the_page(driver: object, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "notes.txt").write_text(
        f"Vesicle notes\n\nExosome cargo includes proteins and microRNAs {EVIL} as described by the lab.\n",
        encoding="utf-8",
    )
    with serve(tmp_path / "data", corpus) as app:
        driver.get(app.url)  # type: ignore[attr-defined]
        message = ask_in_browser(driver, "What does exosome cargo include?")
        answer_text = message.text.replace(JOINER, "")
        details = open_first_card(driver, message)
        # In the answer and in the opened passage, as the characters it is made of:
        assert EVIL in answer_text and EVIL in details.text.replace(JOINER, "")
        assert not driver.find_elements(By.CSS_SELECTOR, 'a[href*="evil"], img[src="x"], img[src*="evil"]')  # type: ignore[attr-defined]
        assert not driver.execute_script("return Array.from(document.scripts).some(s => s.text.includes('alert(1)'))")  # type: ignore[attr-defined]
        screenshot(driver, "app-injection.png")


def test_embedded_in_an_iframe_under_a_path_prefix(driver: object, tmp_path: Path) -> None:
    """How a portal serves it: `server.baseUrlPath` behind a proxy, the page in an iframe with ?embed=true."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    with serve(tmp_path / "data", REPO / "corpus", base_path="study/assistant") as app:
        assert app.url.endswith("/study/assistant")
        portal = tmp_path / "portal.html"
        portal.write_text(f'<iframe src="{app.url}/?embed=true" width="1000" height="1100"></iframe>', encoding="utf-8")
        driver.get(portal.as_uri())  # type: ignore[attr-defined]
        driver.switch_to.frame(driver.find_element(By.TAG_NAME, "iframe"))  # type: ignore[attr-defined]
        try:
            WebDriverWait(driver, 180).until(lambda d: d.find_elements(By.CSS_SELECTOR, CHAT_INPUT))
            assert not driver.find_elements(By.CSS_SELECTOR, '[data-testid="stToolbar"]')  # type: ignore[attr-defined]
            message = ask_in_browser(driver, QUESTION)
            assert message.find_elements(By.CSS_SELECTOR, '[data-testid="stExpander"]')
        finally:
            driver.switch_to.default_content()  # type: ignore[attr-defined]
