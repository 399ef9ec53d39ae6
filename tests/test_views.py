"""qa/views.py: the data the Streamlit page shows, built from real reports and a real batch database."""
from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

import pytest

from app_fixtures import ARCHIVE_REPORTS, CORPUS, archive_db, junk_pdf_bytes  # noqa: F401  (fixture)
from qa import assess, checklist, load_document, views
from qa.batch import share_failing
from qa.evaluate import HEADLINE
from qa.lexicon import victim_blaming

BLAMING = """# Rapid review: Child M

## Background

Child M is a 14-year-old girl of Black Caribbean heritage. She told her youth worker, "I just want
someone to listen to me," and said she felt safe at her grandmother's house.

## Analysis

Practitioners described Child M as putting herself at risk when she went missing at night. The
adults who exploited her were not identified at the time.

## Recommendations

1. The partnership should review how missing episodes are recorded.
"""


@pytest.fixture(scope="module")
def rr15():
    data = (CORPUS / "rr15.pdf").read_bytes()
    return assess(load_document(data, filename="rr15.pdf"))


@pytest.fixture(scope="module")
def blaming():
    return assess(load_document(BLAMING.encode(), filename="m.md"))


def test_section_title_uses_the_checklist_titles_else_title_cases():
    titles = checklist.sections()
    assert views.section_title("child") == titles["child"] != "Child"
    assert views.section_title("language") == titles["language"]
    assert views.section_title("not_in_the_checklist") == "Not in the checklist"
    assert views.section_title(None) == "Other"


def test_suggested_wording_reaches_the_evidence_note(blaming):
    check = next(c for c in blaming.checks if c.id == "victim_blaming")
    assert check.status == "fail"
    e = next(e for e in check.evidence if "putting herself at risk" in e.text)
    context, suggestion = views.split_note(e.note)
    entry = next(x for x in victim_blaming()["entries"] if "putting herself at risk" in x["patterns"])
    assert suggestion == entry["suggest"].strip()
    assert context.startswith("reviewer's own words")
    assert "Suggested" not in context
    assert views.split_note(None) == (None, None)
    assert views.split_note("wishes and feelings") == ("wishes and feelings", None)


def test_highlight_marks_the_span_and_escapes_everything_else():
    text = "Intro <b>bold</b> & more. The child was <script>alert(1)</script> seen. End."
    start = text.index("<script>")
    end = text.index("</script>") + len("</script>")
    out = views.highlight_html(text, start, end, page=4)
    assert "<mark>&lt;script&gt;alert(1)&lt;/script&gt;</mark>" in out
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; more" in out
    assert "<script>" not in out and "<b>" not in out
    assert ">Page 4<" in out
    assert "Page not known" in views.highlight_html(text, 0, 5, page=None)


def test_highlight_is_one_line_of_html_so_markdown_never_reads_the_report():
    text = "5.3 The two men were arrested.\n\n\n\n\f\n6. Chronology\n\n*not italic* and _not_ either"
    start = text.index("two men")
    out = views.highlight_html(text, start, start + len("two men"), page=3)
    assert "\n" not in out and "\f" not in out
    assert "arrested.<br><br>6. Chronology<br><br>*not italic* and _not_ either" in out


def test_highlight_shows_a_window_of_a_long_document():
    text = ("word " * 4000) + "TARGET phrase" + (" other" * 4000)
    start = text.index("TARGET")
    out = views.highlight_html(text, start, start + len("TARGET phrase"), page=12, window=1500)
    assert "<mark>TARGET phrase</mark>" in out
    assert len(out) < 2 * 1500 + 1000
    assert "\u2026 " in out and " \u2026" in out  # text left out on both sides
    short = views.highlight_html("A short text.", 2, 7)
    assert "\u2026" not in short


def test_checks_grouped_fails_first_and_filtered(rr15):
    groups = views.group_by_status(rr15.checks)
    order = [status for status, _ in groups]
    assert order[0] == "fail"
    assert order.index("fail") < order.index("warn") < order.index("pass")
    assert sum(len(c) for _, c in groups) == len(rr15.checks)
    only_pass = views.filter_checks(rr15.checks, statuses={"pass"})
    assert only_pass and all(c.status == "pass" for c in only_pass)
    language = views.filter_checks(rr15.checks, sections={"language"})
    assert [c.id for c in language] == [c.id for c in rr15.checks if c.section == "language"]
    both = views.filter_checks(rr15.checks, statuses={"fail"}, sections={"language", "analysis"})
    assert both and all(c.status == "fail" and c.section in ("language", "analysis") for c in both)


def test_checks_csv_has_one_row_per_check_fails_first(rr15):
    rows = list(csv.DictReader(io.StringIO(views.checks_csv(rr15))))
    assert len(rows) == len(rr15.checks)
    assert rows[0]["status"] == "fail"
    by_id = {r["check"]: r for r in rows}
    vb = next(c for c in rr15.checks if c.id == "victim_blaming")
    assert int(by_id["victim_blaming"]["evidence"]) == len(vb.evidence)
    assert by_id["victim_blaming"]["message"] == vb.message
    assert by_id["victim_blaming"]["section"] == views.section_title("language")
    assert "Panel" in by_id["victim_blaming"]["guidance"]
    data = json.loads(views.report_json(rr15, "rr15.pdf"))
    assert data["source"] == "rr15.pdf" and data["score"] == rr15.score


def test_a_bad_upload_is_reported_and_the_others_are_assessed():
    seen = []
    good = (CORPUS / "lc08.txt").read_bytes()
    outcomes = views.assess_many([("x.pdf", junk_pdf_bytes()), ("lc08.txt", good)],
                                 progress=lambda i, n, name: seen.append((i, n, name)))
    bad, ok = outcomes
    assert bad.assessment is None and bad.error.startswith("not a PDF, DOCX or text file")
    assert ok.error is None and ok.assessment.stats.words > 1000
    assert seen[0] == (0, 2, "x.pdf") and seen[-1] == (2, 2, "")
    rows = views.triage_rows(outcomes)
    assert [r["report"] for r in rows] == ["lc08.txt"]


def test_upload_names_are_made_distinct():
    assert views.unique_names(["a.pdf", "b.pdf", "a.pdf", "a.pdf"]) == ["a.pdf", "b.pdf", "a.pdf (2)", "a.pdf (3)"]


def test_triage_rows_sorted_by_score_with_headline_columns():
    outcomes = [views.assess_bytes((CORPUS / n).read_bytes(), n) for n in ARCHIVE_REPORTS]
    rows = views.triage_rows(outcomes)
    assert [r["score"] for r in rows] == sorted(o.assessment.score for o in outcomes)
    for row in rows:
        a = next(o.assessment for o in outcomes if o.name == row["report"])
        for cid in HEADLINE:
            assert row[cid] == next(c.status for c in a.checks if c.id == cid)
    failing = views.failure_rows(outcomes)
    for r in failing:
        assert r["fail"] == sum(1 for o in outcomes for c in o.assessment.checks if c.id == r["check"] and c.status == "fail")
    assert [r["fail"] for r in failing] == sorted((r["fail"] for r in failing), reverse=True)


def test_archive_uploaded_bytes_open_in_memory(archive_db):
    direct = sqlite3.connect(f"{archive_db.as_uri()}?mode=ro", uri=True)
    expected = dict(share_failing(direct))
    direct.close()
    before = set(archive_db.parent.iterdir())
    db = views.open_archive_bytes(archive_db.read_bytes())
    backing = db.execute("PRAGMA database_list").fetchone()[2]
    assert not Path(backing).is_absolute()  # SQLite's in-memory store, not a file
    summary = views.archive_summary(db)
    assert summary == {"reports": 4, "ok": 3, "errors": 1, "mean_score": summary["mean_score"]}
    scores = views.archive_scores(db)
    assert sorted(r["report"].rsplit("/", 1)[-1] for r in scores) == sorted(ARCHIVE_REPORTS)
    assert summary["mean_score"] == round(sum(r["score"] for r in scores) / 3, 1)
    direct_bands = {n: assess(load_document(CORPUS / n)).band for n in ARCHIVE_REPORTS}
    assert {r["report"].rsplit("/", 1)[-1]: r["band"] for r in scores} == direct_bands  # caps included
    shares = views.archive_check_shares(db)
    assert {r["check"]: r["fail"] for r in shares} == pytest.approx(expected)
    titles = {it["id"]: it["title"] for it in checklist.items()}
    assert all(r["title"] == titles[r["check"]] for r in shares)  # charts name checks, not ids
    worst = views.archive_worst(db, limit=2)
    assert len(worst) == 2 and worst[0]["score"] <= worst[1]["score"] == sorted(r["score"] for r in scores)[1]
    assert set(HEADLINE) <= set(worst[0])
    errors = views.archive_errors(db)
    assert [e["report"].rsplit("/", 1)[-1] for e in errors] == ["x.pdf"] and errors[0]["reason"]
    db.close()
    assert set(archive_db.parent.iterdir()) == before  # nothing written beside it


def test_archive_path_opens_read_only(archive_db):
    db = views.open_archive_path(str(archive_db))
    assert views.archive_summary(db)["reports"] == 4
    with pytest.raises(sqlite3.OperationalError):
        db.execute("DELETE FROM reports")
    db.close()
    with pytest.raises(views.ArchiveError, match="no such file"):
        views.open_archive_path(str(archive_db) + ".missing")


def test_archive_rejects_files_that_are_not_batch_databases(tmp_path):
    with pytest.raises(views.ArchiveError, match="not an SQLite database"):
        views.open_archive_bytes(b"just some text")
    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as db:
        db.execute("CREATE TABLE notes (x)")
    with pytest.raises(views.ArchiveError, match="not a review-qa batch database"):
        views.open_archive_bytes(other.read_bytes())
