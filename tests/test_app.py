"""The Streamlit page, driven by streamlit.testing's AppTest (no browser): the three views with
real sample reports, real uploads (bytes handed to st.file_uploader) and a real batch database."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from app_fixtures import CORPUS, archive_db, junk_pdf_bytes  # noqa: F401  (fixture)
from qa import views

APP = str(Path(__file__).resolve().parent.parent / "app.py")
CARD = re.compile(r"^:(\w+)\[\*\*\S+ (FAIL|WARN|PASS|NOT APPLICABLE|ERROR)\*\*\]")


def run_app() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=180).run()
    assert not at.exception, at.exception
    return at


def cards(at: AppTest) -> list[str]:
    """The status of each check card, in page order."""
    return [m.group(2) for m in (CARD.match(md.value) for md in at.markdown) if m]


def group_headings(at: AppTest) -> list[str]:
    return [md.value for md in at.markdown if md.value.startswith("#### ")]


def expected(name: str):
    """What the pipeline itself says about a corpus report, for the page to show."""
    return views.assess_bytes((CORPUS / name).read_bytes(), name).assessment


def badge(band: str) -> str:
    colour = {"amber": "orange"}.get(band, band)
    return f":{colour}-badge[{band.capitalize()} band]"


def metrics(at: AppTest) -> dict:
    return {m.label: m.value for m in at.metric}


@pytest.fixture(scope="module")
def app() -> AppTest:
    return run_app()


def test_default_sample_shows_score_band_type_and_cards_fails_first(app):
    assert app.title[0].value == "Review QA"
    assert "nothing is sent anywhere" in app.caption[0].value
    assert [t.label for t in app.tabs] == ["Check one report", "Triage several", "Explore an archive"]
    assert app.selectbox(key="one_sample").value == "rr15.pdf"
    assert "rr15.pdf \u00b7 Rapid Review - Child X" in app.selectbox(key="one_sample").options
    # the test and holdout reports (corpus_samples/splits.json) are not offered for browsing
    splits = json.loads((CORPUS / "splits.json").read_text())
    sealed = splits["test"] + splits["holdout"]
    assert sealed and not [o for o in app.selectbox(key="one_sample").options if o.split(".")[0] in sealed]
    a = expected("rr15.pdf")
    m = metrics(app)
    assert m["Score"] == f"{a.score:.0f}/100"
    assert m["Report type"] == "Rapid review" and m["Pages"] == "11"
    assert any(md.value == badge(a.band) for md in app.markdown)
    statuses = cards(app)
    assert len(statuses) == len(a.checks)
    assert statuses == sorted(statuses, key=["FAIL", "WARN", "PASS", "NOT APPLICABLE"].index)
    assert statuses[0] == "FAIL"
    assert group_headings(app)[0].startswith("#### Fails (")
    labels = [b.label for b in app.download_button]
    assert labels == ["Feedback letter (DOCX)", "Feedback letter (Markdown)", "JSON report", "Checks (CSV)"]


def test_victim_blaming_card_shows_suggested_wording(app):
    text = "\n".join(md.value for md in app.markdown)
    assert "**Suggested wording**" in text
    assert re.search(r"putting herself at risk\u201d \(page \d+\) \u2192 the child was at risk of", text)


def test_choosing_evidence_highlights_it_in_the_document_with_its_page(app):
    radio = next(r for r in app.radio if r.key and r.key.endswith("_ev_acronyms"))
    assert len(radio.options) >= 2
    radio.set_value(1).run()
    highlighted = [md.value for md in app.markdown if "<mark>" in md.value]
    shown = [h for h in highlighted if re.search(r"<mark>[^<]*</mark>", h)]
    assert shown
    acronym_html = next(h for h in shown if "<mark>ICB</mark>" in h or "<mark>CAMHS</mark>" in h or "<mark>LCSPR</mark>" in h)
    assert re.search(r">Page \d+<", acronym_html)
    radio.set_value(0).run()


def test_status_filter_changes_the_cards(app):
    before = cards(app)
    app.multiselect(key="one_status").set_value(["pass"]).run()
    assert cards(app) == ["PASS"] * before.count("PASS")
    assert [h.split(" (")[0] for h in group_headings(app)] == ["#### Passes"]
    app.multiselect(key="one_status").set_value([]).run()  # empty means all again
    assert cards(app) == before


def test_section_filter_changes_the_cards(app):
    every = cards(app)
    app.multiselect(key="one_section").set_value(["language"]).run()
    assert 1 <= len(cards(app)) < len(every)
    assert any("`victim_blaming`" in md.value for md in app.markdown)
    assert not any("`ethnicity`" in md.value for md in app.markdown)
    app.multiselect(key="one_section").set_value([]).run()
    assert cards(app) == every


def test_another_sample_gives_other_feedback():
    at = run_app()
    before = metrics(at)["Score"]
    quotes = next(r for r in at.radio if r.key and r.key.endswith("_ev_acronyms"))
    quotes.set_value(len(quotes.options) - 1).run()  # a quote of this document only
    at.selectbox(key="one_sample").set_value("rr01.docx").run()
    assert not at.exception
    assert all(r.value == 0 for r in at.radio if r.key and "_ev_" in r.key)
    a = expected("rr01.docx")
    m = metrics(at)
    assert m["Score"] == f"{a.score:.0f}/100" != before and m["Pages"] == "n/a"
    assert cards(at).count("FAIL") == sum(c.status == "fail" for c in a.checks)
    assert any(md.value == badge(a.band) for md in at.markdown)


def test_unreadable_upload_shows_a_clear_error():
    at = run_app()
    at.radio(key="one_source").set_value("Upload my report").run()
    at.file_uploader(key="one_upload").set_value(("x.pdf", junk_pdf_bytes(), "application/pdf")).run()
    assert not at.exception
    assert [e.value for e in at.error] == ["x.pdf: not a PDF, DOCX or text file (named .pdf): unrecognised binary content"]
    assert not cards(at)


def test_uploaded_report_gets_feedback():
    at = run_app()
    at.radio(key="one_source").set_value("Upload my report").run()
    data = (CORPUS / "lc08.txt").read_bytes()
    at.file_uploader(key="one_upload").set_value(("my-review.txt", data, "text/plain")).run()
    assert not at.error
    assert any(s.value == "Feedback on my-review.txt" for s in at.subheader)
    assert metrics(at)["Report type"] == "LCSPR"
    assert cards(at)[0] == "FAIL"  # lc08 has more than ten recommendations
    assert any("`recommendation_count`" in md.value and "FAIL" in md.value for md in at.markdown)


def test_triage_assesses_good_uploads_beside_a_bad_one():
    at = run_app()
    files = [("x.pdf", junk_pdf_bytes(), "application/pdf"),
             ("rr15.pdf", (CORPUS / "rr15.pdf").read_bytes(), "application/pdf"),
             ("rr01.docx", (CORPUS / "rr01.docx").read_bytes(),
              "application/vnd.openxmlformats-officedocument.wordprocessingml.document")]
    at.file_uploader(key="triage_upload").set_value(files).run()
    assert not at.exception
    assert [e.value for e in at.error] == ["x.pdf: not a PDF, DOCX or text file (named .pdf): unrecognised binary content"]
    assert any(s.value == "2 reports, lowest score first" for s in at.subheader)
    table = at.dataframe[0].value
    a, b = expected("rr15.pdf"), expected("rr01.docx")
    assert a.score < b.score and list(table["report"]) == ["rr15.pdf", "rr01.docx"]
    assert list(table["victim_blaming"]) == [next(c.status for c in x.checks if c.id == "victim_blaming") for x in (a, b)]
    assert {"ethnicity", "child_voice", "recommendation_count", "chronology"} <= set(table.columns)
    assert len(at.get("vega_lite_chart")) == 1  # which checks fail most
    ids = {c.id for x in (a, b) for c in x.checks}
    flagged = {c.id for x in (a, b) for c in x.checks if c.status in ("fail", "warn")}
    clear = len(ids - flagged)
    assert f"{clear} other checks passed (or did not apply) in every report." in [c.value for c in at.caption]
    assert at.selectbox(key="triage_pick").value == "rr15.pdf"


def test_archive_view_reads_an_uploaded_batch_database(archive_db):
    at = run_app()
    at.file_uploader(key="archive_upload").set_value(("scores.sqlite", archive_db.read_bytes(),
                                                      "application/octet-stream")).run()
    assert not at.exception and not at.error
    m = metrics(at)
    assert (m["Reports"], m["Assessed"], m["Could not be read"]) == ("4", "3", "1")
    worst = at.dataframe[0].value
    assert len(worst) == 3 and list(worst["score"]) == sorted(worst["score"])
    assert any(s.value == "Share of reports failing each check" for s in at.subheader)
    assert len(at.get("vega_lite_chart")) == 2  # the score histogram and the failing shares


def test_archive_view_reads_a_path_and_reports_a_bad_one(archive_db, tmp_path):
    at = run_app()
    at.text_input(key="archive_path").set_value(str(archive_db)).run()
    assert metrics(at)["Reports"] == "4"
    junk = tmp_path / "notes.sqlite"
    junk.write_text("not a database")
    at.text_input(key="archive_path").set_value(str(junk)).run()
    assert not at.exception
    assert len(at.error) == 1 and "not a readable SQLite database" in at.error[0].value
    assert "Reports" not in metrics(at)


def test_privacy_settings():
    config = (Path(APP).parent / ".streamlit" / "config.toml").read_text()
    assert re.search(r"^gatherUsageStats = false$", config, re.M)
    assert re.search(r"^maxUploadSize = \d+$", config, re.M)


def test_an_upload_is_not_written_to_disk():
    """The uploaded text (with a unique marker) appears in no file written during the run, in the
    project tree or the temporary directory."""
    import os
    import tempfile
    import time
    import uuid

    marker = f"MARKER-{uuid.uuid4().hex}"
    text = (CORPUS / "lc08.txt").read_text(encoding="utf-8").replace("Child", f"Child {marker}", 1)
    started = time.time() - 1
    at = run_app()
    at.radio(key="one_source").set_value("Upload my report").run()
    at.file_uploader(key="one_upload").set_value(("private.txt", text.encode(), "text/plain")).run()
    assert any(s.value == "Feedback on private.txt" for s in at.subheader)
    root = Path(APP).parent
    written = []
    for top in (root, Path(tempfile.gettempdir())):
        for folder, dirs, names in os.walk(top):
            dirs[:] = [d for d in dirs if d not in (".venv", ".git", "node_modules")]
            for n in names:
                p = Path(folder) / n
                try:
                    if p.stat().st_mtime >= started and p.stat().st_size < 50_000_000 and marker.encode() in p.read_bytes():
                        written.append(p)
                except OSError:
                    continue
    assert written == []
