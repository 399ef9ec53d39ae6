"""`review-qa batch` over a folder mixing good and bad files, and a batch killed midway."""
from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from qa.checks import CHECK_IDS

SAMPLES = Path(__file__).resolve().parent.parent / "corpus_samples"
CLI = [sys.executable, "-m", "qa", "batch"]
GOOD = ["rr01.docx", "rr04.pdf", "rr05.txt", "rr03.txt", "rr07.docx", "lc01.pdf"]


@pytest.fixture()
def archive(tmp_path, files):
    root = tmp_path / "archive"
    (root / "sub").mkdir(parents=True)
    for i, name in enumerate(GOOD):
        shutil.copy(SAMPLES / name, (root if i % 2 else root / "sub") / name)
    shutil.copy(files["legacy_doc"], root / "old.docx")
    shutil.copy(files["encrypted"], root / "locked.pdf")
    (root / "empty.txt").write_bytes(b"")
    (root / "notes.csv").write_text("not a report")  # not a report suffix: not walked
    return root


def add_copies(archive: Path, copies: int) -> int:
    """Grow the archive with copies of the good samples; returns the new number of files."""
    for k in range(copies):
        for name in GOOD:
            shutil.copy(SAMPLES / name, archive / f"copy{k}_{name}")
    return 9 + copies * len(GOOD)


def rows(db_path):
    db = sqlite3.connect(db_path)
    reports = db.execute("SELECT path, status, error, words FROM reports ORDER BY path").fetchall()
    checks = db.execute("SELECT path, check_id, status FROM checks ORDER BY path, check_id").fetchall()
    db.close()
    return reports, checks


def test_mixed_folder(archive, tmp_path):
    out = tmp_path / "batch.sqlite"
    run = subprocess.run(CLI + [str(archive), "--out", str(out), "--workers", "2", "--csv", str(tmp_path / "r.csv")],
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    assert "9 files: 6 assessed, 3 errors, 0 already" in run.stdout
    reports, checks = rows(out)
    status = {Path(p).name: (s, e) for p, s, e, _ in reports}
    assert {n for n, (s, _) in status.items() if s == "ok"} == set(GOOD)
    assert status["old.docx"] == ("error", "legacy Word .doc (or other old Office file): save as .docx and try again")
    assert status["locked.pdf"] == ("error", "encrypted PDF: remove the password and try again")
    assert status["empty.txt"] == ("error", "empty file")
    assert len(checks) == len(CHECK_IDS) * len(GOOD)
    assert (tmp_path / "r.csv").read_text().count("\n") == 10 and (tmp_path / "r_checks.csv").exists()

    again = subprocess.run(CLI + [str(archive), "--out", str(out)], capture_output=True, text=True, timeout=600)
    assert "0 assessed, 0 errors, 9 already" in again.stdout
    assert rows(out)[0] == reports  # same rows, nothing re-assessed


def test_same_input_same_rows(archive, tmp_path):
    a, b = tmp_path / "a.sqlite", tmp_path / "b.sqlite"
    for out, workers in ((a, "1"), (b, "2")):
        subprocess.run(CLI + [str(archive), "--out", str(out), "--workers", workers], capture_output=True, timeout=600, check=True)
    assert rows(a) == rows(b)


def test_changed_file_is_reassessed(archive, tmp_path):
    out = tmp_path / "batch.sqlite"
    subprocess.run(CLI + [str(archive), "--out", str(out)], capture_output=True, timeout=600, check=True)
    (archive / "empty.txt").write_text("# Rapid review\n\nChild A is a White British boy.\n")
    run = subprocess.run(CLI + [str(archive), "--out", str(out)], capture_output=True, text=True, timeout=600)
    assert "1 assessed, 0 errors, 8 already" in run.stdout
    status = {Path(p).name: s for p, s, _, _ in rows(out)[0]}
    assert status["empty.txt"] == "ok"


def test_per_file_time_limit_is_an_error_row(archive, tmp_path):
    out = tmp_path / "batch.sqlite"
    run = subprocess.run(CLI + [str(archive / "lc01.pdf"), "--out", str(out), "--timeout", "0.001"],
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0
    (path, status, error, _), = rows(out)[0]
    assert status == "error" and "time limit" in error


def test_killed_batch_resumes_without_loss_or_duplicates(archive, tmp_path):
    total = add_copies(archive, 3)  # a longer archive, so the kill lands midway
    out = tmp_path / "batch.sqlite"
    proc = subprocess.Popen(CLI + [str(archive), "--out", str(out), "--workers", "1"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.time() + 300
    done = 0
    while time.time() < deadline:
        time.sleep(0.3)
        if out.exists():
            try:
                done = len(rows(out)[0])
            except sqlite3.Error:
                continue
            if done >= 3:
                break
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    before, _ = rows(out)
    assert 3 <= len(before) < total, "the kill should land midway"

    run = subprocess.run(CLI + [str(archive), "--out", str(out), "--workers", "2"], capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    reports, checks = rows(out)
    assert len(reports) == total == len({p for p, *_ in reports})
    assert set(before) <= set(reports)  # nothing already done was lost or redone
    ok = [p for p, s, *_ in reports if s == "ok"]
    assert len(checks) == len(CHECK_IDS) * len(ok) == len(set(checks))


def test_a_worker_killed_mid_file_is_replaced_and_the_file_recorded(archive, tmp_path):
    total = add_copies(archive, 2)
    out = tmp_path / "batch.sqlite"
    proc = subprocess.Popen(CLI + [str(archive), "--out", str(out), "--workers", "1"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    killed = None
    deadline = time.time() + 300
    while time.time() < deadline and killed is None:
        time.sleep(0.2)
        children = subprocess.run(["pgrep", "-P", str(proc.pid), "-f", "spawn_main"],  # the worker, not the resource tracker
                                  capture_output=True, text=True).stdout.split()
        if children and out.exists():
            try:
                if len(rows(out)[0]) >= 2:  # the worker is warm and busy with the next file
                    killed = int(children[0])
                    os.kill(killed, signal.SIGKILL)
            except sqlite3.Error:
                continue
    assert killed, "no worker to kill"
    stdout, stderr = proc.communicate(timeout=600)
    assert proc.returncode == 0, stderr
    reports, _ = rows(out)
    assert len(reports) == total
    crashed = [r for r in reports if r[2] and "worker stopped unexpectedly" in r[2]]
    assert len(crashed) == 1  # the file in hand when the worker died; a fresh worker did the rest
    assert sum(1 for r in reports if r[1] == "ok") == 3 * len(GOOD) - 1
