"""Headless Chromium for browser tests (Debian `chromium` + `chromium-driver`, driven by selenium).

Where the browser is missing the tests skip with a message, unless RAG_REQUIRE_BROWSER=1 (set by
.ci/run), which turns a missing browser into a failure.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
CHROMIUM = ("/usr/bin/chromium", "chromium")
DRIVER = ("/usr/bin/chromedriver", "chromedriver")


def _find(candidates: tuple[str, ...]) -> str | None:
    for name in candidates:
        path = shutil.which(name) or (name if os.path.exists(name) else None)
        if path:
            return path
    return None


def require_browser() -> tuple[str, str]:
    browser, driver = _find(CHROMIUM), _find(DRIVER)
    if browser and driver:
        return browser, driver
    message = "headless Chromium not found: apt-get install chromium chromium-driver (or run .ci/run)"
    if os.environ.get("RAG_REQUIRE_BROWSER") == "1":
        pytest.fail(message)
    pytest.skip(message)


@contextmanager
def chromium(width: int = 1280, height: int = 900) -> Iterator[object]:
    """A selenium Chrome driver on headless Chromium with the flags this closed network needs."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    browser, driver_path = require_browser()
    profile = tempfile.mkdtemp(prefix="chromium-profile-")
    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        f"--window-size={width},{height}",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    if width < 600:  # a window cannot be that narrow: emulate the phone's viewport instead
        metrics = {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": True}
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def screenshot(driver: object, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    driver.save_screenshot(str(path))  # type: ignore[attr-defined]
    return path


# Accessibility: axe-core from the npm registry, vendored at test time into artifacts/ (git-ignored).
AXE_VERSION = "4.14.1"
SERIOUS = ("serious", "critical")


def axe_source() -> str:
    """axe.min.js, fetched once with `npm pack axe-core@AXE_VERSION` (npm checks the registry's integrity hash)."""
    script = ARTIFACTS / "vendor" / f"axe-core-{AXE_VERSION}" / "axe.min.js"
    if not script.is_file():
        _vendor_axe(script)
    return script.read_text(encoding="utf-8")


def _vendor_axe(script: Path) -> None:
    npm = shutil.which("npm")
    if npm is None:
        _missing("npm not found: apt-get install npm (the browser tests vendor axe-core from the npm registry)")
    with tempfile.TemporaryDirectory() as folder:
        packed = subprocess.run(
            [npm, "pack", f"axe-core@{AXE_VERSION}", "--pack-destination", folder, "--silent"],
            capture_output=True, text=True, timeout=300, check=False,
        )  # fmt: skip
        if packed.returncode != 0:
            _missing(f"npm pack axe-core@{AXE_VERSION} failed: {packed.stderr.strip()[-300:]}")
        with tarfile.open(Path(folder) / packed.stdout.strip().splitlines()[-1]) as tar:
            member = tar.extractfile("package/axe.min.js")
            assert member is not None
            script.parent.mkdir(parents=True, exist_ok=True)
            script.write_bytes(member.read())


def _missing(message: str) -> None:
    if os.environ.get("RAG_REQUIRE_BROWSER") == "1":
        pytest.fail(message)
    pytest.skip(message)


def axe_violations(driver: object, exclude: tuple[str, ...] = ()) -> list[str]:
    """Serious and critical axe-core violations on the page, one line each ('' list when clean)."""
    driver.set_script_timeout(120)  # type: ignore[attr-defined]
    driver.execute_script(axe_source())  # type: ignore[attr-defined]
    found = driver.execute_async_script(  # type: ignore[attr-defined]
        "const [exclude, done] = arguments;"
        "axe.run({exclude: exclude.map(s => [s])}, {resultTypes: ['violations']})"
        ".then(r => done(r.violations))"
        ".catch(e => done([{id: 'axe-error', impact: 'critical', help: String(e), nodes: []}]));",
        list(exclude),
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in found
        if v["impact"] in SERIOUS
    ]


def no_sideways_scroll(driver: object) -> bool:
    return bool(driver.execute_script("return document.documentElement.scrollWidth <= window.innerWidth + 1"))  # type: ignore[attr-defined]


def contrast(foreground: str, background: str) -> float:
    """WCAG contrast ratio of two CSS `rgb(...)`/`rgba(...)` colours (alpha ignored)."""

    def luminance(css: str) -> float:
        r, g, b = (int(float(x)) / 255 for x in css[css.index("(") + 1 : css.index(")")].split(",")[:3])
        return sum(
            w * (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4)
            for w, c in zip((0.2126, 0.7152, 0.0722), (r, g, b), strict=True)
        )

    high, low = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def background_of(driver: object, element: object) -> str:
    """The colour actually behind `element`: its first ancestor (or itself) with an opaque background."""
    return str(
        driver.execute_script(  # type: ignore[attr-defined]
            "let e = arguments[0]; while (e) { const c = getComputedStyle(e).backgroundColor;"
            " if (c && !c.startsWith('rgba(0, 0, 0, 0)') && c !== 'transparent') return c; e = e.parentElement; }"
            " return 'rgb(255, 255, 255)';",
            element,
        )
    )
