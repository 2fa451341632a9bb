"""End to end in a real browser: `streamlit run app.py` on a loopback port, driven by headless Chromium at
1280x900 and 390x844 (a phone).

Each point of the student's page is checked as a student meets it, and axe-core (tests/browser.py) finds no
serious or critical violation on the page. Skips (with how to enable it) where Chromium is not installed;
RAG_REQUIRE_BROWSER=1 makes that a failure. Screenshots land in artifacts/app-*.png (git-ignored).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fixture_docs import jats_article

from bench.ui_first_answer import (
    CHAT_INPUT,
    QUESTION,
    RunningApp,
    ask_in_browser,
    build_index,
    chat_usable,
    open_first_card,
    streamlit_app,
)
from tests.browser import (
    axe_violations,
    background_of,
    chromium,
    contrast,
    no_sideways_scroll,
    require_browser,
    screenshot,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.integration]

REPO = Path(__file__).resolve().parents[1]
MIRNA = "What does the review say about miRNA-21 in chemoresistance?"
EVIL = (
    "[click](http://evil.example) ![x](http://evil.example/x.png) <script>alert(1)</script> "
    "<img src=x onerror=alert(1)>"
)
WIDTHS = [(1280, 900), (390, 844)]
DEVELOPER_WORDS = ("rag fetch", "rag ingest", "corpus/", "all-MiniLM", "persistent store", "JATS XML into")


def serve(data_dir: Path, corpus_dir: Path, base_path: str = ""):  # noqa: ANN201 - bench's context manager
    build_index(data_dir, corpus_dir)
    return streamlit_app({"RAG_DATA_DIR": str(data_dir), "RAG_CORPUS_DIR": str(corpus_dir)}, base_path)


@pytest.fixture(scope="module")
def review_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningApp]:
    """One server over a copy of the shipped corpus (uploads write into the corpus folder)."""
    require_browser()
    root = tmp_path_factory.mktemp("browser-app")
    shutil.copytree(REPO / "corpus", root / "corpus")
    with serve(root / "data", root / "corpus") as app:
        yield app


@pytest.fixture(params=WIDTHS, ids=[f"{w}px" for w, _ in WIDTHS])
def driver(request: pytest.FixtureRequest) -> Iterator[Any]:
    width, height = request.param
    with chromium(width, height) as browser:
        browser.width = width
        yield browser


def open_page(driver: Any, url: str) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get(url)
    WebDriverWait(driver, 180).until(chat_usable)


def body_text(driver: Any) -> str:
    from selenium.webdriver.common.by import By

    return str(driver.find_element(By.TAG_NAME, "body").text)


def test_answer_with_sources_a_student_can_follow(driver: Any, review_app: RunningApp) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    open_page(driver, review_app.url)
    WebDriverWait(driver, 180).until(lambda d: "Try one of these" in body_text(d))
    headings = driver.execute_script("return [...document.querySelectorAll('h1,h2,h3,h4')].map(h => h.tagName)")
    assert headings[0] == "H1"  # the page title comes first; the sidebar has no headings
    # the welcome fits one screen, desktop or phone, so it opens at its top with the title in view
    assert driver.execute_script("return document.querySelector('h1').getBoundingClientRect().top") >= 0
    assert axe_violations(driver) == []
    message = ask_in_browser(driver, QUESTION)
    user = driver.find_elements(By.CSS_SELECTOR, '[data-testid="stChatMessage"]')[-2]
    assert "You" in user.text.split("\n") and "Study assistant" in message.text.split("\n")  # speaker labels
    assert "radiotherapy" in message.text and "does not say" not in message.text
    link = message.find_element(By.CSS_SELECTOR, "a.rag-cite")
    assert link.get_attribute("aria-label").startswith(f"Source {link.text}: ")
    target = link.get_attribute("href").split("#")[1]
    driver.execute_script("arguments[0].click()", link)
    passage = WebDriverWait(driver, 30).until(lambda d: _shown(d, target))
    assert driver.execute_script("return document.activeElement.id") == target  # focus moved to the source
    mark = passage.find_element(By.CSS_SELECTOR, "mark")
    assert "MSC-EVs" in mark.text and "\u2060" not in passage.text  # copies out as it reads
    card = passage.find_element(By.XPATH, "./ancestor::details")
    assert contrast(mark.value_of_css_property("border-bottom-color"), background_of(driver, card)) >= 3
    labels = [s.text for s in message.find_elements(By.CSS_SELECTOR, "details.rag-card > summary")]
    assert len(labels) == len(set(labels)) and all(len(label) < 110 for label in labels)
    announced = driver.execute_script("return document.getElementById('rag-announcer').textContent")
    assert announced.startswith("New answer: ") and "radiotherapy" in announced
    assert no_sideways_scroll(driver)
    assert axe_violations(driver) == []
    screenshot(driver, f"app-answer-{driver.width}.png")


def _shown(driver: Any, element_id: str) -> Any:
    """The element once its card is open and it sits inside the viewport."""
    from selenium.webdriver.common.by import By

    element = driver.find_element(By.ID, element_id)
    inside = driver.execute_script(
        "const r = arguments[0].getBoundingClientRect(); return r.height > 0 && r.top >= 0 && r.top < innerHeight",
        element,
    )
    return element if element.is_displayed() and inside else False


def test_no_answer_says_what_is_indexed_and_offers_related_questions(driver: Any, review_app: RunningApp) -> None:
    from selenium.webdriver.common.by import By

    open_page(driver, review_app.url)
    message = ask_in_browser(driver, MIRNA)
    assert "The review does not say." in message.text and "not the full text" in message.text
    assert not any(word in message.text for word in DEVELOPER_WORDS)
    assert "Questions the text does answer" in message.text
    related = [b.text for b in message.find_elements(By.CSS_SELECTOR, '[data-testid="stButton"] button')]
    assert 1 <= len(related) <= 3 and "Who are the authors?" not in related
    assert no_sideways_scroll(driver) and axe_violations(driver) == []
    driver.execute_script("arguments[0].scrollIntoView({block: 'start'})", message)
    screenshot(driver, f"app-no-answer-{driver.width}.png")


def test_a_student_uploads_a_paper_and_removes_it(driver: Any, review_app: RunningApp, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    paper = tmp_path / "Vesicles paper.xml"
    paper.write_text(jats_article(), encoding="utf-8")
    open_page(driver, review_app.url)
    if driver.find_elements(By.CSS_SELECTOR, '[data-testid="stSidebar"][data-collapsed="true"]'):  # a phone
        driver.find_element(By.CSS_SELECTOR, '[data-testid="stExpandSidebarButton"]').click()
    sidebar = WebDriverWait(driver, 30).until(lambda d: d.find_element(By.CSS_SELECTOR, '[data-testid="stSidebar"]'))
    sidebar.find_element(By.CSS_SELECTOR, 'input[type="file"]').send_keys(str(paper))
    added = _wait(driver, lambda d: _alert(d, "Added"))
    assert "Vesicles in therapy resistance" in added
    _wait(driver, lambda d: "2 papers" in _sidebar_text(d))
    assert axe_violations(driver) == []
    screenshot(driver, f"app-upload-{driver.width}.png")
    _wait(driver, lambda d: _remove_button(d, "Vesicles in therapy resistance")).click()
    _wait(driver, lambda d: _alert(d, "Removed"))
    assert "2 papers" not in _sidebar_text(driver)


def _wait(driver: Any, condition: Any) -> Any:
    """Wait for `condition`, retrying while Streamlit replaces the elements it looked at (a rerun)."""
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, 180, ignored_exceptions=(StaleElementReferenceException,)).until(condition)


def _remove_button(driver: Any, title: str) -> Any:
    from selenium.webdriver.common.by import By

    buttons = driver.find_elements(By.CSS_SELECTOR, '[data-testid="stSidebar"] button')
    return next((b for b in buttons if b.text.endswith(f"Remove “{title}”")), False)


def _alert(driver: Any, start: str) -> Any:
    from selenium.webdriver.common.by import By

    alerts = driver.find_elements(By.CSS_SELECTOR, '[data-testid="stSidebar"] [data-testid="stAlert"]')
    return next((a.text for a in alerts if a.text.startswith(start)), False)


def _sidebar_text(driver: Any) -> str:
    from selenium.webdriver.common.by import By

    return str(driver.find_element(By.CSS_SELECTOR, '[data-testid="stSidebar"]').text)


def test_corpus_markup_stays_text_in_the_page(tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    require_browser()
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "notes.txt").write_text(
        f"Vesicle notes\n\nExosome cargo includes proteins and microRNAs {EVIL} as described by the lab.\n",
        encoding="utf-8",
    )
    with serve(tmp_path / "data", corpus) as app, chromium() as driver:
        open_page(driver, app.url)
        message = ask_in_browser(driver, "What does exosome cargo include?")
        passage = open_first_card(driver, message)
        assert EVIL in message.text and EVIL in passage.text  # the characters it is made of, nothing hidden
        assert not driver.find_elements(By.CSS_SELECTOR, 'a[href*="evil"], img[src="x"], img[src*="evil"]')
        assert not driver.execute_script("return Array.from(document.scripts).some(s => s.text.includes('alert(1)'))")
        screenshot(driver, "app-injection.png")


def test_embedded_in_an_iframe_under_a_path_prefix(tmp_path: Path) -> None:
    """How a portal serves it: `server.baseUrlPath` behind a proxy, the page in an iframe with ?embed=true."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    require_browser()
    with serve(tmp_path / "data", REPO / "corpus", base_path="study/assistant") as app, chromium(1280, 1300) as driver:
        assert app.url.endswith("/study/assistant")
        portal = tmp_path / "portal.html"
        portal.write_text(f'<iframe src="{app.url}/?embed=true" width="1000" height="1100"></iframe>', encoding="utf-8")
        driver.get(portal.as_uri())
        driver.switch_to.frame(driver.find_element(By.TAG_NAME, "iframe"))
        WebDriverWait(driver, 180).until(lambda d: d.find_elements(By.CSS_SELECTOR, CHAT_INPUT))
        assert not driver.find_elements(By.CSS_SELECTOR, '[data-testid="stToolbar"]')
        message = ask_in_browser(driver, QUESTION)
        assert message.find_elements(By.CSS_SELECTOR, "details.rag-card")
        driver.switch_to.default_content()
