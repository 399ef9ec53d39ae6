"""End to end in a real browser: `streamlit run app.py` served locally, Debian's headless Chromium
driven by Selenium through /usr/bin/chromedriver (no browser is downloaded). `make test` installs
chromium and chromium-driver with apt when they are missing (`make browser-deps`)."""
from __future__ import annotations

import io
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import zipfile
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
def downloads(tmp_path):
    folder = tmp_path / "downloads"
    folder.mkdir()
    return folder


@pytest.fixture()
def browser(downloads):
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
    options.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                              "download.prompt_for_download": False})
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def _page_text(driver) -> str:
    return driver.find_element("tag name", "body").text


def test_sample_feedback_in_headless_chromium(server, browser, downloads):
    from selenium.common.exceptions import TimeoutException
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(server)
    # The default bundled sample is assessed on load; Streamlit draws the page as the script runs
    # (and may rerun once on connecting), so wait until everything expected is on it together.
    expected = ["Feedback on rr15.pdf", "/100", "Rapid review", "nothing is sent anywhere",
                "Feedback, check by check", "Fails (", "Passes (", "Suggested wording", "Feedback letter (DOCX)"]
    try:
        WebDriverWait(browser, 180, poll_frequency=1).until(
            lambda d: all(s in _page_text(d) for s in expected))
    except TimeoutException:
        text = _page_text(browser)
        pytest.fail(f"missing from the page: {[s for s in expected if s not in text]}\n{text[:1500]}")
    text = _page_text(browser)
    assert text.index("Fails (") < text.index("Passes (")

    # Opening a card's evidence shows the quote marked in the document text, under its page.
    expander = browser.find_element("xpath", "//code[text()='victim_blaming']/following::summary[1]")
    assert "Evidence (2)" in expander.text
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", expander)
    expander.click()
    WebDriverWait(browser, 30, poll_frequency=0.5).until(
        lambda d: any(m.is_displayed() and m.text == "putting herself at risk" for m in d.find_elements("tag name", "mark")))
    mark = next(m for m in browser.find_elements("tag name", "mark") if m.text == "putting herself at risk")
    box = mark.find_element("xpath", "./ancestor::div[contains(@class, 'qa-evidence')][1]")
    assert box.text.startswith("Page 3")
    browser.execute_script("arguments[0].scrollIntoView()", browser.find_element("tag name", "h1"))

    OUT.mkdir(exist_ok=True)
    shot = OUT / "app_sample.png"
    shot.unlink(missing_ok=True)
    time.sleep(1)  # let the last elements paint
    assert browser.save_screenshot(str(shot))
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(data) > 50_000, f"screenshot is only {len(data)} bytes"

    # The feedback letter downloads as a Word document.
    button = next(b for b in browser.find_elements("css selector", "[data-testid='stDownloadButton'] button")
                  if "Feedback letter (DOCX)" in b.text)
    button.click()
    WebDriverWait(browser, 60, poll_frequency=0.5).until(
        lambda d: any(p.suffix == ".docx" for p in downloads.iterdir()))
    letter = next(p for p in downloads.iterdir() if p.suffix == ".docx")
    assert letter.name == "rr15-feedback-letter.docx"
    with zipfile.ZipFile(io.BytesIO(letter.read_bytes())) as z:
        body = z.read("word/document.xml").decode("utf-8")
    from qa import views
    from qa.letter import compose

    letter_text = compose(views.assess_bytes((ROOT / "corpus_samples" / "rr15.pdf").read_bytes(), "rr15.pdf").assessment)
    assert letter_text.subject in body and letter_text.salutation in body
