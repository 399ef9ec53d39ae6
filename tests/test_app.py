"""The Streamlit page, driven by streamlit.testing's AppTest (no browser)."""
from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "app.py")


def test_app_shows_structure_of_a_sample():
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert at.title[0].value == "Review QA"
    if at.selectbox:  # a bundled sample is selected by default
        assert at.metric and at.dataframe


def test_privacy_settings():
    config = (Path(APP).parent / ".streamlit" / "config.toml").read_text()
    assert "gatherUsageStats = false" in config
    assert "maxUploadSize" in config
