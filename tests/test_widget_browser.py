"""The embeddable widget in headless Chromium: ask on the demo page, see a cited answer, markup shown as text.

The widget is also fed the raw injection corpus (tests/hostile.py) directly, bypassing the API's
neutralisation, to show it inserts every string as text on its own."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from browser import chromium, require_browser, screenshot
from hostile import STRINGS

from rag import Assistant, Settings
from rag.adapters.api.inert import Inert
from tests.live import LiveServer, live_server

pytestmark = [pytest.mark.browser, pytest.mark.integration]

KEY = "widget-key"
INERT = Inert()
INJECTION = "<img src=x onerror=alert(1)>"
QUESTION = "Which tetraspanin marker do exosomes from mesenchymal stem cells carry?"
MANIFEST = """\
[[documents]]
id = "inject"
title = "Exosome markers <script>alert('title')</script>"
file = "notes.md"
format = "md"
"""
NOTES = f"""\
# Exosome markers

Exosomes released by mesenchymal stem cells carry the tetraspanin marker CD63 {INJECTION} on their surface. \
The marker CD81 is also found on these vesicles. Size exclusion chromatography separates vesicles from free proteins.

# Storage of vesicles

Vesicles are stored at minus eighty degrees Celsius in phosphate buffered saline <b onmouseover=alert(2)>bold</b>. \
Repeated freezing and thawing damages the membranes of the vesicles.
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A server over a small corpus whose passages (and title) contain HTML injection strings."""
    require_browser()  # skip before building anything when there is no browser
    root = tmp_path_factory.mktemp("widget")
    corpus = root / "corpus"
    corpus.mkdir()
    (corpus / "manifest.toml").write_text(MANIFEST, encoding="utf-8")
    (corpus / "notes.md").write_text(NOTES, encoding="utf-8")
    with Assistant(Settings(data_dir=root / "data", corpus_dir=corpus)) as assistant:
        assistant.ingest()
    env = {"RAG_DATA_DIR": str(root / "data"), "RAG_CORPUS_DIR": str(corpus), "RAG_API_KEYS": KEY}
    with live_server(env) as live:
        yield live


def _ask(driver: object, question: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    box = WebDriverWait(driver, 20).until(ec.visibility_of_element_located((By.CSS_SELECTOR, "#rag-widget textarea")))
    # Record alerts instead of blocking on them: any call means injected markup ran.
    driver.execute_script("window.__alerts = []; window.alert = function (m) { window.__alerts.push(String(m)); };")
    box.send_keys(question)
    driver.find_element(By.CSS_SELECTOR, "#rag-widget form button").click()


def _wait_for(driver: object, css: str) -> object:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, 30).until(ec.visibility_of_element_located((By.CSS_SELECTOR, css)))


def test_widget_shows_a_cited_answer_with_markup_as_text(server: LiveServer) -> None:
    from selenium.webdriver.common.by import By

    with chromium() as driver:
        driver.get(f"{server.base_url}/widget-demo.html?key={KEY}")
        _ask(driver, QUESTION)
        answer = _wait_for(driver, "#rag-widget .rw-answer")
        screenshot(driver, "widget-answer.png")
        text = answer.find_element(By.CSS_SELECTOR, ".rw-text").text
        sources = answer.find_elements(By.CSS_SELECTOR, ".rw-source")
        shown = INERT(INJECTION)  # "＜img src=x ...": the API neutralised it, the widget shows it as text...
        assert "CD63" in text and "[1]" in text
        assert shown in text
        assert sources and shown in sources[0].text and "Exosome markers" in sources[0].text
        assert driver.find_elements(By.CSS_SELECTOR, "#rag-widget img, #rag-widget script, #rag-widget b") == []
        assert driver.execute_script("return window.__alerts") == []  # ...and never runs


def test_widget_shows_server_errors(server: LiveServer) -> None:
    with chromium() as driver:
        driver.get(f"{server.base_url}/widget-demo.html")  # no key
        _ask(driver, QUESTION)
        error = _wait_for(driver, "#rag-widget .rw-error")
        assert "401" in error.text and "API key" in error.text


# The widget's own defence: the raw injection corpus, as if a server sent it unneutralised ------------------

WIDGET_TAGS = {"SECTION", "DIV", "SPAN", "BUTTON", "FORM", "TEXTAREA", "OL", "LI"}
FAKE_FETCH = """
window.__alerts = []; window.alert = function (m) { window.__alerts.push(String(m)); };
var reply = arguments[0], status = arguments[1];
window.fetch = function () {
  var init = {status: status, headers: {"Content-Type": "application/json"}};
  return Promise.resolve(new Response(JSON.stringify(reply), init));
};
"""


def _raw_answer() -> dict[str, object]:
    citations = [
        {"n": i + 1, "doc_id": s, "title": s, "section": s, "page": 1, "text": s, "quote": s}
        for i, s in enumerate(STRINGS)
    ]
    return {"question": "q", "answer": "\n".join(STRINGS), "abstained": False, "citations": citations}


@pytest.mark.parametrize("status", [200, 400])
def test_the_widget_shows_every_raw_hostile_string_as_text(server: LiveServer, status: int) -> None:
    from selenium.webdriver.common.by import By

    body = _raw_answer() if status == 200 else {"error": {"message": " ".join(STRINGS), "type": "x", "code": None}}
    with chromium() as driver:
        driver.get(f"{server.base_url}/widget-demo.html?key={KEY}")
        _wait_for(driver, "#rag-widget textarea")
        driver.execute_script(FAKE_FETCH, body, status)
        driver.find_element(By.CSS_SELECTOR, "#rag-widget textarea").send_keys("hostile")
        driver.find_element(By.CSS_SELECTOR, "#rag-widget form button").click()
        box = _wait_for(driver, "#rag-widget .rw-answer" if status == 200 else "#rag-widget .rw-error")
        tags = set(driver.execute_script("return [...document.querySelectorAll('#rag-widget *')].map(e => e.tagName)"))
        shown = driver.execute_script("return arguments[0].textContent", box)
        alerts = driver.execute_script("return window.__alerts")
        images = driver.execute_script(
            "return document.images.length + document.querySelectorAll('iframe,object,embed,svg,video,audio').length"
        )
    assert tags <= WIDGET_TAGS | {"STYLE"} and alerts == [] and images == 0, (tags, alerts)
    assert all(s in shown for s in STRINGS)  # textContent: every string, character for character
    print(f"{len(STRINGS)} raw hostile strings shown as text by the widget (status {status})")
