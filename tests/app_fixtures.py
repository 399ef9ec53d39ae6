"""Shared by the app tests: real inputs for the page and qa/views.py.

`archive_db` is a database written by qa.batch (what `review-qa batch` runs) over three corpus
reports and one unreadable file, under tests/_generated/."""
from __future__ import annotations

import random
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus_samples"
GENERATED = Path(__file__).resolve().parent / "_generated"
ARCHIVE_REPORTS = ("rr15.pdf", "rr01.docx", "lc08.txt")


def junk_pdf_bytes() -> bytes:
    """Random bytes that a user might name x.pdf: not a PDF at all."""
    return random.Random(6).randbytes(4096)


@pytest.fixture(scope="session")
def archive_db() -> Path:
    from qa.batch import Batch

    folder = GENERATED / "archive_in"
    folder.mkdir(parents=True, exist_ok=True)
    for name in ARCHIVE_REPORTS:
        (folder / name).write_bytes((CORPUS / name).read_bytes())
    (folder / "x.pdf").write_bytes(junk_pdf_bytes())
    db = GENERATED / "archive.sqlite"
    for p in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
        p.unlink(missing_ok=True)
    batch = Batch(str(db), workers=1, timeout=120, progress=False)
    summary = batch.run([str(folder)])
    batch.db.close()  # closing checkpoints the write-ahead log: the file is whole, still marked WAL
    assert summary.ok == len(ARCHIVE_REPORTS) and summary.errors == 1
    return db
