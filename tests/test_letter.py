"""The feedback letter: golden letters for a strong and a poor sample report (real DOCX files
from the corpus, read by the real parser), the DOCX rendering read back, and the CLI.

Golden files are in tests/golden/; after a deliberate wording or checklist change, rewrite
them with REVIEW_QA_UPDATE_GOLDEN=1 and read the diff before committing it.
"""
from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from qa import assess, checklist, load_document
from qa.letter import compose, letter_docx, letter_markdown

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).parent / "golden"
DATE = dt.date(2026, 12, 4)
STRONG = ROOT / "corpus_samples" / "rr01.docx"  # a well-written rapid review (score 90+)
POOR = ROOT / "corpus_samples" / "rr08.docx"  # ethnicity "not known", victim-blaming words, long chronology


@pytest.fixture(scope="module")
def strong():
    return assess(load_document(STRONG))


@pytest.fixture(scope="module")
def poor():
    return assess(load_document(POOR))


def _golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("REVIEW_QA_UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"{path} missing: run with REVIEW_QA_UPDATE_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8"), f"letter differs from {path.name}"


def test_strong_letter_matches_golden(strong):
    _golden("letter_strong.md", letter_markdown(strong, DATE))


def test_poor_letter_matches_golden(poor):
    _golden("letter_poor.md", letter_markdown(poor, DATE))


def test_strong_letter_leads_with_strengths(strong):
    from qa.evaluate import HEADLINE

    letter = compose(strong, DATE)
    assert strong.band == "green"
    assert len(letter.strengths) == 5  # the letter's limit: there is more to praise than it lists
    # its strengths are the weighty ones; what is left to develop is none of the headline checks
    assert {"ethnicity", "child_voice", "victim_blaming"} <= {p.check_id for p in letter.strengths}
    assert not {p.check_id for p in letter.developments} & set(HEADLINE)
    text = letter_markdown(strong, DATE)
    assert text.index("## What the review does well") < text.index("## Areas for development")
    assert "good quality review" in text
    assert "Calderbrook Safeguarding Children Partnership" in letter.addressee
    assert "Child X" in letter.subject


def test_poor_letter_names_its_real_gaps_in_priority_order(poor):
    letter = compose(poor, DATE)
    ids = [p.check_id for p in letter.developments]
    statuses = {c.id: c.status for c in poor.checks}
    # the known gaps of this report, each cited with its guidance
    for gap in ("ethnicity", "victim_blaming", "chronology"):
        assert gap in ids, gap
        assert statuses[gap] == "fail"
    # fails before warns, heavier checks first
    ranks = [(0 if statuses[i] == "fail" else 1, -checklist.item(i)["weight"]) for i in ids]
    assert ranks == sorted(ranks)
    victim = next(p for p in letter.developments if p.check_id == "victim_blaming")
    assert "troublesome" in victim.specifics
    assert any(g.ref.startswith("5.32") for g in victim.guidance)
    text = letter_markdown(poor, DATE)
    assert "falls short" in text
    assert "Ethnicity: not known" in text  # the evidence it rests on is quoted


def test_letter_docx_has_real_headings_and_numbered_points(poor, tmp_path):
    data = letter_docx(poor, DATE)
    path = tmp_path / "letter.docx"
    path.write_bytes(data)
    doc = load_document(path)  # read back with the same parser the tool uses for reports
    headings = [b.text for b in doc.blocks if b.kind == "heading"]
    assert headings[0].startswith("Feedback on the rapid review for Child D")
    assert "What the review does well" in headings and "Areas for development" in headings
    numbered = [b for b in doc.blocks if b.kind == "list_item" and b.label and b.label[0].isdigit()]
    assert [b.label for b in numbered] == [f"{n}." for n in range(1, len(compose(poor, DATE).developments) + 1)]
    assert doc.text.startswith("Reference: RQA-")
    assert "4 December 2026" in doc.text.split("\n")[0]


def test_cli_letter_writes_docx_and_markdown(tmp_path):
    md = tmp_path / "letter.md"
    docx = tmp_path / "letter.docx"
    for out in (md, docx):
        r = subprocess.run([sys.executable, "-m", "qa", "letter", str(POOR), "--output", str(out), "--date", "2026-12-04"],
                           capture_output=True, text=True, cwd=ROOT)
        assert r.returncode == 0, r.stderr
    assert md.read_text(encoding="utf-8") == (GOLDEN / "letter_poor.md").read_text(encoding="utf-8")
    assert docx.read_bytes()[:2] == b"PK"
    bad = subprocess.run([sys.executable, "-m", "qa", "letter", str(POOR), "--output", str(tmp_path / "x.pdf")],
                         capture_output=True, text=True, cwd=ROOT)
    assert bad.returncode == 2 and "docx or .md" in bad.stderr
    missing = subprocess.run([sys.executable, "-m", "qa", "letter", str(tmp_path / "none.pdf")], capture_output=True, text=True, cwd=ROOT)
    assert missing.returncode == 3 and missing.stderr.strip().endswith("no such file") and "Traceback" not in missing.stderr
