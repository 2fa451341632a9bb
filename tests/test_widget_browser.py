"""The embeddable widget in headless Chromium at 1280 and 390 px: starters, a cited answer whose sources open to
the highlighted quote, markup shown as text, no sideways scrolling on a phone, and no serious axe-core violations.
Screenshots land in artifacts/widget-*.png (git-ignored).

The widget is also fed the raw injection corpus (tests/hostile.py) directly, bypassing the API's
neutralisation, to show it inserts every string as text on its own."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from browser import axe_violations, background_of, chromium, contrast, no_sideways_scroll, require_browser, screenshot
from hostile import STRINGS

from rag import Assistant, Settings
from rag.adapters.api.inert import Inert
from rag.types import Answer, AnswerSentence, Citation
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


@pytest.mark.parametrize("width", [1280, 390])
def test_widget_shows_a_cited_answer_with_markup_as_text(server: LiveServer, width: int) -> None:
    from selenium.webdriver.common.by import By

    with chromium(width, 900 if width > 500 else 844) as driver:
        driver.get(f"{server.base_url}/widget-demo.html?key={KEY}")
        starter = _wait_for(driver, "#rag-widget .rw-starter")  # opens with questions to try, not empty
        assert starter.text.endswith("?") and no_sideways_scroll(driver)
        assert axe_violations(driver) == []
        _ask(driver, QUESTION)
        answer = _wait_for(driver, "#rag-widget .rw-answer")
        text = answer.find_element(By.CSS_SELECTOR, ".rw-text").text
        shown = INERT(INJECTION)  # "＜img src=x ...": the API neutralised it, the widget shows it as text...
        assert "CD63" in text and shown in text
        assert answer.find_element(By.CSS_SELECTOR, ".rw-speaker").text == "Study assistant"
        log = driver.find_element(By.CSS_SELECTOR, "#rag-widget .rw-log")
        tops = driver.execute_script(
            "const [log, a] = arguments; const top = log.getBoundingClientRect().top;"
            "return [a.previousElementSibling.getBoundingClientRect().top - top, a.getBoundingClientRect().top - top,"
            " log.clientHeight];", log, answer
        )  # fmt: skip
        assert 0 <= tops[0] < tops[1] < tops[2]  # the panel shows the question and the start of its answer
        cite = answer.find_element(By.CSS_SELECTOR, ".rw-cite")
        assert cite.get_attribute("aria-label") == "Source 1"
        cite.click()
        source = answer.find_element(By.CSS_SELECTOR, "details.rw-source[open]")
        mark = source.find_element(By.CSS_SELECTOR, "mark")
        assert "CD63" in mark.text and shown in source.text and "Exosome markers" in source.text
        underline = mark.value_of_css_property("border-bottom-color")
        assert contrast(underline, background_of(driver, source)) >= 3  # the highlight is visible on the card
        assert driver.find_elements(By.CSS_SELECTOR, "#rag-widget img, #rag-widget script, #rag-widget b") == []
        assert driver.execute_script("return window.__alerts") == []  # ...and never runs
        assert no_sideways_scroll(driver) and axe_violations(driver) == []
        screenshot(driver, f"widget-{width}.png")


def test_widget_shows_server_errors(server: LiveServer) -> None:
    with chromium() as driver:
        driver.get(f"{server.base_url}/widget-demo.html")  # no key
        _ask(driver, QUESTION)
        error = _wait_for(driver, "#rag-widget .rw-error")
        assert "401" in error.text and "API key" in error.text


# The widget's own defence: the raw injection corpus, as if a server sent it unneutralised ------------------

# What widget.js itself creates (rag/adapters/api/static/widget.js); a hostile string must add none.
WIDGET_TAGS = {
    "SECTION",
    "DIV",
    "SPAN",
    "BUTTON",
    "FORM",
    "TEXTAREA",
    "OL",
    "LI",
    "H2",
    "P",
    "DETAILS",
    "SUMMARY",
    "MARK",
}
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


# What the server says around an answer: a note, a claim's refusal before its closest sentence, a refusal's
# closest passages. Fed as the API's JSON (Answer.to_dict) through the same fake fetch.

PASSAGE = "Exosomes carry CD63. Vesicles are stored cold."
OFFERED = Citation(1, "inject", "Exosome markers", "Storage", 1, PASSAGE, "Vesicles are stored cold.", ((21, 46),))
LEAD = "The review does not state in those words that vesicles are frozen. The closest it comes:"
QUOTED = AnswerSentence("Vesicles are stored cold.", (1,))
REFUSAL = "The review does not say. Below are the passages closest to your question."


def _shown(server: LiveServer, answer: Answer) -> dict[str, object]:
    """Ask through the widget with `answer` as the reply: the answer box's text, the sources' title, whether the
    note comes first, and how many citation links there are."""
    from selenium.webdriver.common.by import By

    with chromium(390, 844) as driver:
        driver.get(f"{server.base_url}/widget-demo.html?key={KEY}")
        _wait_for(driver, "#rag-widget textarea")
        driver.execute_script(FAKE_FETCH, answer.to_dict(), 200)
        driver.find_element(By.CSS_SELECTOR, "#rag-widget textarea").send_keys("q")
        driver.find_element(By.CSS_SELECTOR, "#rag-widget form button").click()
        box = _wait_for(driver, "#rag-widget .rw-answer")
        return {
            "text": box.text,
            "title": box.find_element(By.CSS_SELECTOR, ".rw-sources-title").text,
            "links": len(box.find_elements(By.CSS_SELECTOR, ".rw-cite")),
            "paragraphs": [p.text for p in box.find_elements(By.CSS_SELECTOR, "p.rw-para")],
            "axe": axe_violations(driver),
        }


def test_the_widget_shows_a_note_before_the_answer(server: LiveServer) -> None:
    note = "The review never uses the word “frozen”: check that the sentence quoted says the same."
    shown = _shown(server, Answer("q", "Vesicles are stored cold. [1]", False, (OFFERED,), (QUOTED,), note=note))
    text = str(shown["text"])
    assert note in text and text.index(note) < text.index("Vesicles are stored cold.") < text.index("Sources")
    assert shown["links"] == 1 and shown["axe"] == []


def test_the_widget_shows_why_a_claim_is_refused_before_its_closest_sentence(server: LiveServer) -> None:
    claim = Answer("q", f"{LEAD} Vesicles are stored cold. [1]", True, (OFFERED,), (QUOTED,), LEAD, "not_stated")
    text = str(_shown(server, claim)["text"])
    assert text.index("does not state in those words") < text.index("Vesicles are stored cold.")


def test_the_widget_titles_a_refusals_closest_passages_and_cites_nothing(server: LiveServer) -> None:
    shown = _shown(server, Answer("q", REFUSAL, True, (OFFERED,), (), REFUSAL, "no_evidence"))
    assert REFUSAL in str(shown["text"]) and shown["title"] == "Closest passages" and shown["links"] == 0


def test_the_widget_shows_a_paragraph_per_paper(server: LiveServer) -> None:
    kept = "Vesicles keep at -80 C."
    other = Citation(2, "other", "Storage study", "Abstract", 1, kept, kept, ((0, len(kept)),))
    sentences = (QUOTED, AnswerSentence(kept, (2,)))
    shown = _shown(server, Answer("q", "…", False, (OFFERED, other), sentences))
    assert shown["paragraphs"] == ["Vesicles are stored cold.1", "Vesicles keep at -80 C.2"]
    one = _shown(server, Answer("q", "…", False, (OFFERED,), (QUOTED,)))
    assert one["paragraphs"] == ["Vesicles are stored cold.1"]
