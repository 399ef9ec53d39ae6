"""Every bad input gets a one-line reason and exit code 3, never a traceback."""
from __future__ import annotations

import subprocess
import sys

import pytest

from qa import InputError, load_document
from qa.settings import default_limits

BAD = [
    ("empty", "empty file"),
    ("random", "not a PDF, DOCX or text file"),
    ("truncated", "truncated PDF"),
    ("encrypted", "encrypted PDF: remove the password and try again"),
    ("scanned", "no text layer (scanned?): run OCR first"),
    ("cyclic", "page tree refers to itself"),
    ("png_named_pdf", "PNG image, not a report document (named .pdf)"),
    ("legacy_doc", "legacy Word .doc"),
    ("zip_bomb", "refused as a possible zip bomb"),
    ("too_big", "over the 100 MB size limit"),
    ("too_many_pages", "more than 2,000 pages (page limit)"),
]

CLI = [sys.executable, "-m", "qa"]


@pytest.mark.parametrize("name,reason", BAD)
def test_load_document_refuses_with_reason(files, name, reason):
    with pytest.raises(InputError) as info:
        load_document(files[name])
    assert reason in info.value.reason
    assert "\n" not in info.value.reason


@pytest.mark.parametrize("name,reason", BAD)
def test_cli_prints_path_and_reason_and_exits_3(files, name, reason):
    path = str(files[name])
    run = subprocess.run(CLI + ["check", path], capture_output=True, text=True, timeout=120)
    assert run.returncode == 3, run.stderr
    lines = run.stderr.strip().splitlines()
    assert lines == [f"{path}: {lines[0].split(': ', 1)[1]}"]
    assert reason in lines[0]
    assert "Traceback" not in run.stderr
    assert run.stdout == ""


def test_readable_files_are_still_assessed_beside_a_bad_one(files):
    run = subprocess.run(CLI + ["check", "--format", "jsonl", str(files["empty"]), str(files["docx"])],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 3
    assert run.stderr.strip() == f"{files['empty']}: empty file"
    assert len(run.stdout.strip().splitlines()) == 1
    assert '"format": "docx"' in run.stdout


def test_text_named_pdf_is_read_as_text(files):
    doc = load_document(files["text_named_pdf"])
    assert doc.format == "txt"
    assert doc.blocks[0].kind == "heading" and doc.blocks[0].text == "Rapid review notes"


def test_pdf_encrypted_without_user_password_is_read(files):
    doc = load_document(files["owner_only"])
    assert "Child M, a nine-year-old boy of Pakistani heritage" in doc.text


def test_limits_are_configurable(files):
    limits = default_limits().with_overrides(max_pages=2)
    with pytest.raises(InputError, match="more than 2 pages"):
        load_document(files["pdf_drawn"], limits=limits)
    limits = default_limits().with_overrides(max_file_mb=0.001)
    with pytest.raises(InputError, match="over the 0.001 MB size limit"):
        load_document(files["docx"], limits=limits)
    limits = default_limits().with_overrides(max_part_mb=0.001)
    with pytest.raises(InputError, match="zip bomb"):
        load_document(files["docx"], limits=limits)


def test_time_limit_stops_a_slow_document(files):
    limits = default_limits().with_overrides(timeout_seconds=0.0001)
    with pytest.raises(InputError, match="time limit"):
        load_document(files["pdf_libreoffice"], limits=limits)


def test_cli_time_limit_option(files):
    run = subprocess.run(CLI + ["check", "--timeout", "0.0001", str(files["pdf_libreoffice"])],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 3
    assert "time limit" in run.stderr and "Traceback" not in run.stderr


def test_time_limit_off_the_main_thread(files):
    """Streamlit runs scripts in a worker thread: the limit must hold there too."""
    import threading

    limits = default_limits().with_overrides(timeout_seconds=0.0001)
    caught: list[BaseException] = []

    def run():
        try:
            load_document(files["pdf_libreoffice"], limits=limits)
        except BaseException as exc:  # noqa: BLE001 - recorded for the assertion
            caught.append(exc)

    t = threading.Thread(target=run)
    t.start()
    t.join(60)
    assert caught and isinstance(caught[0], InputError) and "time limit" in caught[0].reason


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        load_document(tmp_path / "absent.pdf")
    with pytest.raises(InputError, match="directory"):
        load_document(tmp_path)


def test_usage_error_exits_2():
    run = subprocess.run(CLI + ["check", "--format", "yaml", "x.pdf"], capture_output=True, text=True, timeout=60)
    assert run.returncode == 2
    assert "invalid choice" in run.stderr
