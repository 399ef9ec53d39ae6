"""The Streamlit page, driven by streamlit.testing's AppTest (no browser)."""
from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "app.py")


def test_app_shows_structure_of_a_sample():
    at = AppTest.from_file(APP, default_timeout=120).run()
    assert not at.exception
    assert at.title[0].value == "Review QA"
    assert at.selectbox[0].value.endswith((".pdf", ".docx", ".txt"))  # a bundled sample, selected by default
    labels = {m.label: m.value for m in at.metric}
    assert int(labels["Words"].replace(",", "")) > 1000
    assert at.dataframe
    at.selectbox[0].set_value("rr04.pdf").run()
    assert {m.label: m.value for m in at.metric}["Pages"] != "n/a"


def test_privacy_settings():
    config = (Path(APP).parent / ".streamlit" / "config.toml").read_text()
    assert "gatherUsageStats = false" in config
    assert "maxUploadSize" in config
