"""`review-qa check` end to end, through the installed console script."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = shutil.which("review-qa", path=str(Path(sys.executable).parent)) or "review-qa"

TXT = """# Rapid Review: Child R

## 1. Introduction

Child R is a six-year-old White British boy.

## 2. Recommendations

1. The partnership should review its neglect strategy.
2. Schools should record the child's views.
"""


def run(*args):
    return subprocess.run([SCRIPT, *map(str, args)], capture_output=True, text=True, timeout=120)


@pytest.fixture()
def txt(tmp_path):
    path = tmp_path / "child_r.txt"
    path.write_text(TXT, encoding="utf-8")
    return path


@pytest.mark.parametrize("name,pages,headings", [("docx", None, 8), ("pdf_libreoffice", 5, 8)])
def test_check_text_shows_structure(files, name, pages, headings):
    result = run("check", files[name])
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert f"{headings} headings" in out
    assert ("5 pages" in out) if pages else ("pages not known" in out)
    assert "  5. Recommendations" in out and "    Recommendations for strategic leaders" in out
    assert "5. Recommendations" + ("  (p.5)" if pages else "") + "  [recommendations]" in out


def test_check_txt_and_json_contract(txt):
    result = run("check", txt, "--format", "json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["schema_version"] == "1"
    assert report["source"] == str(txt)
    assert len(report["sha256"]) == 64
    assert report["report_type"] in ("rapid_review", "lcspr", "unknown")
    assert report["stats"]["pages"] is None
    assert report["stats"]["headings"] == 3
    assert report["stats"]["sentences"] == 6
    assert report["stats"]["words"] == 31  # labels such as "1." count, as in word processors
    assert isinstance(report["checks"], list)


def test_jsonl_one_line_per_input_and_output_file(files, txt, tmp_path):
    out = tmp_path / "out.jsonl"
    result = run("check", txt, files["docx"], "--format", "jsonl", "--output", out)
    assert result.returncode == 0 and result.stdout == ""
    lines = out.read_text().splitlines()
    assert [json.loads(x)["format"] for x in lines] == ["txt", "docx"]


def test_markdown_format(txt):
    result = run("check", txt, "--format", "markdown")
    assert result.returncode == 0
    assert result.stdout.startswith(f"# Review QA: {txt}")


def test_python_dash_m_is_the_same_program(txt):
    a = run("check", txt, "--format", "json")
    b = subprocess.run([sys.executable, "-m", "qa", "check", str(txt), "--format", "json"],
                       capture_output=True, text=True, timeout=120)
    assert json.loads(a.stdout)["stats"] == json.loads(b.stdout)["stats"]


SAMPLES = Path(__file__).resolve().parent.parent / "corpus_samples"
from qa.evaluate import HEADLINE  # noqa: E402


@pytest.mark.parametrize("report_id", ["rr01", "rr04", "rr05"])  # DOCX, PDF, TXT from the dev split
def test_check_json_on_samples_of_each_format(report_id):
    gold = json.loads((SAMPLES / f"{report_id}.gold.json").read_text())
    path = SAMPLES / f"{report_id}.{gold['format']}"
    result = run("check", path, "--format", "json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    checks = {c["id"]: c for c in report["checks"]}
    assert set(HEADLINE) <= set(checks)
    assert report["report_type"] == gold["report_type"]
    assert checks["ethnicity"]["status"] == gold["ethnicity"]
    assert report["metrics"]["recommendation_count"] == gold["recommendation_count"]
    assert abs(report["metrics"]["chronology_ratio"] - gold["chronology_ratio"]) < 0.1
    for c in report["checks"]:
        assert c["status"] in ("pass", "warn", "fail", "not_applicable", "error")
        assert c["guidance"] and all(g["source"] and g["ref"] for g in c["guidance"])
        assert c["message"]


def test_evidence_offsets_and_pages_point_at_the_quoted_text():
    from qa import assess, load_document

    doc = load_document(SAMPLES / "rr04.pdf")
    a = assess(doc)
    seen = 0
    for c in a.checks:
        for e in c.evidence:
            assert doc.text[e.start:e.end] == e.text
            assert e.page == doc.page_at(e.start)
            seen += 1
    assert seen >= 5


def test_strict_exits_1_when_a_check_fails(txt):
    result = run("check", txt, "--strict")
    assert result.returncode == 1  # this short text fails the child voice check
    assert "[FAIL]" in result.stdout
