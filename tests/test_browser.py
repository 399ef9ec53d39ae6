"""End to end in a real browser: `streamlit run app.py` served locally, Debian's headless Chromium
driven by Selenium through /usr/bin/chromedriver (no browser is downloaded). `make test` installs
chromium and chromium-driver with apt when they are missing (`make browser-deps`)."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
OUT = Path(__file__).resolve().parent / "_generated"
CHROMIUM = os.environ.get("REVIEW_QA_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("REVIEW_QA_CHROMEDRIVER", "/usr/bin/chromedriver")
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--disable-dev-shm-usage", "--window-size=1400,2200")

pytestmark = pytest.mark.browser


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_healthy(url: str, server: subprocess.Popen, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"streamlit exited early with code {server.returncode}")
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise AssertionError(f"streamlit did not answer on {url} within {seconds:.0f} s")


@pytest.fixture()
def server():
    port = _free_port()
    env = {**os.environ, "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.port", str(port),
         "--server.headless", "true", "--server.address", "localhost"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://localhost:{port}"
    try:
        _wait_healthy(url, proc, 90)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture()
def browser():
    missing = [p for p in (CHROMIUM, CHROMEDRIVER) if not (Path(p).exists() or shutil.which(p))]
    if missing:
        pytest.fail(f"headless browser test needs {' and '.join(missing)}: run `make browser-deps` "
                    f"(apt-get install chromium chromium-driver)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    os.environ.setdefault("SE_OFFLINE", "true")  # never let Selenium Manager fetch a driver
    profile = tempfile.mkdtemp(prefix="review-qa-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def _page_text(driver) -> str:
    return driver.find_element("tag name", "body").text


def test_sample_feedback_in_headless_chromium(server, browser):
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(server)
    # The default bundled sample is assessed on load; wait for its cards.
    WebDriverWait(browser, 180, poll_frequency=1).until(
        lambda d: "Feedback, check by check" in _page_text(d) and "Fails (" in _page_text(d))
    text = _page_text(browser)
    assert "Feedback on rr15.pdf" in text
    assert "/100" in text
    assert "Rapid review" in text
    assert "nothing is sent anywhere" in text
    assert text.index("Fails (") < text.index("Passes (")
    assert "Suggested wording" in text  # the sample's victim-blaming finding carries the better wording
    OUT.mkdir(exist_ok=True)
    shot = OUT / "app_sample.png"
    shot.unlink(missing_ok=True)
    time.sleep(1)  # let the last elements paint
    assert browser.save_screenshot(str(shot))
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(data) > 50_000, f"screenshot is only {len(data)} bytes"
