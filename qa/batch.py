"""`review-qa batch`: score an archive into SQLite, in parallel, resumably.

The parent walks the inputs, hands one file at a time to each worker process and commits each
result as it arrives, so an interrupted batch loses nothing already done. A file whose path and
sha256 are already in the database is skipped. A worker that crashes or passes the per-file time
limit is killed and replaced, and that file is recorded as an error; the batch carries on.
Workers are recycled after a number of files so memory stays bounded whatever the archive size.
"""
from __future__ import annotations

import csv
import hashlib
import json
import multiprocessing as mp
import os
import sqlite3
import sys
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from multiprocessing.connection import wait
from pathlib import Path

from . import __version__

SUFFIXES = {".pdf", ".docx", ".txt", ".md"}
FILES_PER_WORKER = 200
GRACE_SECONDS = 5.0

SCHEMA = """
CREATE TABLE IF NOT EXISTS reports (
    path TEXT PRIMARY KEY, sha256 TEXT, status TEXT, error TEXT, report_type TEXT, score REAL,
    pages INTEGER, words INTEGER, metrics TEXT, assessed_at TEXT, tool_version TEXT);
CREATE TABLE IF NOT EXISTS checks (path TEXT, check_id TEXT, status TEXT, message TEXT);
CREATE INDEX IF NOT EXISTS checks_path ON checks(path);
"""


def walk(paths) -> list[str]:
    """Report files under the given paths, sorted so the same input gives the same order."""
    out = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            for root, dirs, files in os.walk(p):
                dirs.sort()
                out.extend(str(Path(root) / f) for f in sorted(files) if Path(f).suffix.lower() in SUFFIXES)
        else:
            out.append(str(p))
    return out


def sha256_of(path: str) -> str | None:
    h = hashlib.sha256()
    try:
        with open(path, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
    except OSError:
        return None
    return h.hexdigest()


def open_db(path: str) -> sqlite3.Connection:
    db = sqlite3.connect(path)
    db.executescript(SCHEMA)
    db.execute("PRAGMA journal_mode=WAL")
    return db


def _worker(conn, timeout: float) -> None:
    """Assess one file per message; answer with a small summary (never the report text)."""
    from .engine import assess
    from .errors import InputError
    from .ingest import load_document
    from .settings import default_limits

    limits = default_limits().with_overrides(timeout_seconds=timeout)
    while True:
        try:
            path = conn.recv()
        except EOFError:
            return
        if path is None:
            return
        started = time.perf_counter()
        try:
            a = assess(load_document(path, limits=limits))
            conn.send({
                "status": "ok", "error": None, "report_type": a.report_type, "score": a.score,
                "pages": a.stats.pages, "words": a.stats.words, "metrics": a.metrics,
                "checks": [(c.id, c.status, c.message) for c in a.checks],
                "seconds": time.perf_counter() - started,
            })
        except InputError as exc:
            conn.send({"status": "error", "error": exc.reason, "seconds": time.perf_counter() - started})
        except Exception as exc:  # recorded as this file's error; the worker carries on
            conn.send({"status": "error", "error": f"internal error ({exc.__class__.__name__})",
                       "seconds": time.perf_counter() - started})


@dataclass
class _Slot:
    process: mp.Process
    conn: object
    path: str | None = None
    sha: str | None = None
    started: float = 0.0
    done: int = 0


@dataclass
class Summary:
    total: int = 0
    skipped: int = 0
    ok: int = 0
    errors: int = 0
    pages: int = 0
    seconds: float = 0.0
    slowest: list[tuple[float, str]] = field(default_factory=list)


class Batch:
    def __init__(self, db_path: str, workers: int | None = None, timeout: float = 120.0, progress: bool | None = None):
        self.db = open_db(db_path)
        self.workers = max(1, workers or os.cpu_count() or 1)
        self.timeout = timeout
        self.progress = sys.stderr.isatty() if progress is None else progress
        self.ctx = mp.get_context("spawn")
        self.summary = Summary()

    def _start(self) -> _Slot:
        parent, child = self.ctx.Pipe()
        p = self.ctx.Process(target=_worker, args=(child, self.timeout), daemon=True)
        p.start()
        child.close()
        return _Slot(p, parent)

    def _known(self, path: str, sha: str | None) -> bool:
        row = self.db.execute("SELECT sha256 FROM reports WHERE path = ?", (path,)).fetchone()
        return row is not None and sha is not None and row[0] == sha

    def _record(self, path: str, sha: str | None, result: dict) -> None:
        now = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        with self.db:
            self.db.execute("DELETE FROM checks WHERE path = ?", (path,))
            self.db.execute(
                "INSERT OR REPLACE INTO reports VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (path, sha, result["status"], result.get("error"), result.get("report_type"), result.get("score"),
                 result.get("pages"), result.get("words"), json.dumps(result.get("metrics") or {}, sort_keys=True),
                 now, __version__),
            )
            self.db.executemany("INSERT INTO checks VALUES (?,?,?,?)",
                                [(path, cid, st, msg) for cid, st, msg in result.get("checks", [])])
        s = self.summary
        if result["status"] == "ok":
            s.ok += 1
            s.pages += result.get("pages") or 0
        else:
            s.errors += 1
        seconds = result.get("seconds", 0.0)
        s.slowest = sorted(s.slowest + [(seconds, path)], reverse=True)[:5]

    def run(self, paths) -> Summary:
        files = walk(paths)
        self.summary.total = len(files)
        started = time.perf_counter()
        pending = iter(files)
        slots = [self._start() for _ in range(min(self.workers, max(1, len(files))))]
        try:
            self._loop(slots, pending, started)
        finally:
            for slot in slots:
                try:
                    slot.conn.send(None)
                except (OSError, BrokenPipeError):
                    pass
                slot.process.join(timeout=2)
                if slot.process.is_alive():
                    slot.process.kill()
            self.summary.seconds = time.perf_counter() - started
            if self.progress:
                sys.stderr.write("\n")
        return self.summary

    def _next_file(self, pending):
        for path in pending:
            sha = sha256_of(path)
            if self._known(path, sha):
                self.summary.skipped += 1
                continue
            if sha is None:
                self._record(path, None, {"status": "error", "error": "could not be read"})
                continue
            return path, sha
        return None

    def _assign(self, slot: _Slot, pending) -> bool:
        nxt = self._next_file(pending)
        if nxt is None:
            slot.path = None
            return False
        slot.path, slot.sha = nxt
        if not slot.process.is_alive():
            self._replace(slot)
        try:
            slot.conn.send(slot.path)
        except (OSError, BrokenPipeError):  # the worker died between files: start another
            self._replace(slot)
            slot.conn.send(slot.path)
        slot.started = time.perf_counter()
        return True

    def _loop(self, slots: list[_Slot], pending, started: float) -> None:
        crashed = {"status": "error", "error": "the worker stopped unexpectedly while reading this file"}
        timed_out = {"status": "error", "error": f"took longer than the {self.timeout:g} s time limit"}
        active = {id(s): s for s in slots if self._assign(s, pending)}
        while active:
            ready = set(wait([s.conn for s in active.values()], timeout=0.5))
            now = time.perf_counter()
            for slot in list(active.values()):
                result, broken = None, False
                if slot.conn in ready:
                    try:
                        result = slot.conn.recv()
                    except (EOFError, OSError):
                        result, broken = dict(crashed), True
                elif now - slot.started > self.timeout + GRACE_SECONDS:
                    result, broken = dict(timed_out), True
                elif not slot.process.is_alive():
                    result, broken = dict(crashed), True
                if result is None:
                    continue
                result.setdefault("seconds", now - slot.started)
                self._record(slot.path, slot.sha, result)
                slot.done += 1
                if broken or slot.done >= FILES_PER_WORKER:
                    self._replace(slot)
                if not self._assign(slot, pending):
                    del active[id(slot)]
                self._show_progress(started)

    def _replace(self, slot: _Slot) -> None:
        """Kill a worker (stuck, crashed or due for recycling) and start a fresh one in its place."""
        if slot.process.is_alive():
            slot.process.kill()
        slot.process.join(timeout=2)
        fresh = self._start()
        slot.process, slot.conn, slot.done = fresh.process, fresh.conn, 0

    def _show_progress(self, started: float) -> None:
        if not self.progress:
            return
        s = self.summary
        done = s.ok + s.errors + s.skipped
        elapsed = max(time.perf_counter() - started, 1e-6)
        rate = (s.ok + s.errors) / elapsed
        left = s.total - done
        eta = left / rate if rate else 0
        sys.stderr.write(f"\r{done}/{s.total} files  {s.pages / elapsed:6.1f} pages/s  "
                         f"{s.errors} errors  ETA {int(eta // 60)}m{int(eta % 60):02d}s ")
        sys.stderr.flush()


def share_failing(db: sqlite3.Connection) -> list[tuple[str, float]]:
    ok = db.execute("SELECT COUNT(*) FROM reports WHERE status = 'ok'").fetchone()[0] or 1
    rows = db.execute(
        "SELECT c.check_id, SUM(c.status = 'fail') FROM checks c JOIN reports r ON r.path = c.path "
        "WHERE r.status = 'ok' GROUP BY c.check_id ORDER BY c.check_id").fetchall()
    return [(cid, n / ok) for cid, n in rows]


def export_csv(db: sqlite3.Connection, path: str) -> tuple[str, str]:
    reports_path = Path(path)
    checks_path = reports_path.with_name(reports_path.stem + "_checks" + (reports_path.suffix or ".csv"))
    for target, query in ((reports_path, "SELECT * FROM reports ORDER BY path"),
                          (checks_path, "SELECT * FROM checks ORDER BY path, check_id")):
        cur = db.execute(query)
        with open(target, "w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            writer.writerow([d[0] for d in cur.description])
            writer.writerows(cur)
    return str(reports_path), str(checks_path)
