"""Data shaping for the Streamlit page (app.py): pure functions, no Streamlit, no disk writes.

app.py lays out what these return. Everything here works on bytes and objects in memory: an
upload is never written to disk, and an uploaded archive database is opened in memory.
"""
from __future__ import annotations

import csv
import html
import io
import json
import re
import sqlite3
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from .errors import InputError
from .evaluate import HEADLINE
from .report import STATUS_ORDER, section_title, sorted_checks  # section_title: used by app.py too
from .types import Assessment, CheckResult, Evidence

STATUS_LABELS = {"fail": "Fails", "warn": "Warnings", "pass": "Passes", "not_applicable": "Not applicable",
                 "error": "Errors"}
STATUS_MARKS = {"error": "\u26a0", "fail": "\u2717", "warn": "!", "pass": "\u2713", "not_applicable": "\u2013"}
HIGHLIGHT_WINDOW = 1500
SUGGESTED = "Suggested:"
_BLANK_LINES = re.compile(r"\n[ \t\f]*(?:\n[ \t\f]*)+\n")


# ---------------------------------------------------------------- checks of one report

def status_mark(status: str | None) -> str:
    return STATUS_MARKS.get(status or "", "?")


def filter_checks(checks: Iterable[CheckResult], statuses=None, sections=None) -> list[CheckResult]:
    """Checks whose status and section id are among those chosen (None = any), fails first."""
    return [c for c in sorted_checks(checks)
            if (statuses is None or c.status in statuses)
            and (sections is None or c.section in sections)]


def group_by_status(checks: Iterable[CheckResult]) -> list[tuple[str, list[CheckResult]]]:
    """[(status, checks)] in the order errors, fails, warnings, passes, not applicable."""
    groups: dict[str, list[CheckResult]] = {}
    for c in sorted_checks(checks):
        groups.setdefault(c.status, []).append(c)
    return sorted(groups.items(), key=lambda kv: STATUS_ORDER.get(kv[0], 9))


def status_counts(checks: Iterable[CheckResult]) -> dict[str, int]:
    counts = Counter(c.status for c in checks)
    return {s: counts[s] for s in STATUS_ORDER if counts[s]}


def split_note(note: str | None) -> tuple[str | None, str | None]:
    """An evidence note as (context, suggested wording): victim-blaming findings end their note
    with "Suggested: <better wording>"."""
    if not note:
        return None, None
    head, sep, tail = note.partition(SUGGESTED)
    if not sep:
        return note.strip(), None
    return (head.strip().rstrip(";").strip() or None), (tail.strip() or None)


def page_label(page: int | None) -> str:
    return f"page {page}" if page else "page not known"


def evidence_label(e: Evidence, limit: int = 90) -> str:
    quote = " ".join(e.text.split())
    if len(quote) > limit:
        quote = quote[: limit - 1].rstrip() + "\u2026"
    return f"{page_label(e.page)}: \u201c{quote}\u201d"


def highlight_html(text: str, start: int, end: int, page: int | None = None,
                   window: int = HIGHLIGHT_WINDOW) -> str:
    """The document text around [start, end) with that span in <mark>, everything escaped.

    Long documents show `window` characters either side, cut at a line or word break where
    one is near, with an ellipsis where text was left out.
    """
    start = max(0, min(start, len(text)))
    end = max(start, min(end, len(text)))
    lo = max(0, start - window)
    hi = min(len(text), end + window)
    if lo > 0:
        cut = text.rfind("\n", lo, start)
        lo = cut + 1 if cut != -1 and start - cut < window else _word_break(text, lo)
    if hi < len(text):
        cut = text.find("\n", end, hi)
        hi = cut if cut != -1 and cut - end > window // 2 else hi
    before = ("\u2026 " if lo > 0 else "") + text[lo:start]
    after = text[end:hi] + (" \u2026" if hi < len(text) else "")
    # One line of HTML: Markdown ends a raw HTML block at a blank line and would then read the
    # report's own text as Markdown (a "6." line as a list), so line breaks become <br>.
    return (
        f'<div class="qa-evidence"><div class="qa-page" style="font-weight: 600; margin-bottom: 0.25rem;">'
        f'{html.escape(page_label(page).capitalize())}</div>'
        f'<div class="qa-text" style="white-space: pre-wrap; max-height: 22rem; overflow-y: auto; '
        f'font-size: 0.9rem; line-height: 1.45; padding: 0.5rem 0.75rem; border-left: 3px solid #d0d0d0;">'
        f"{_html_lines(before)}<mark>{_html_lines(text[start:end])}</mark>{_html_lines(after)}</div></div>"
    )


def _html_lines(text: str) -> str:
    """Escaped, with runs of blank lines (page breaks, PDF spacing) shown as one and <br> for breaks."""
    text = _BLANK_LINES.sub("\n\n", text.replace("\f", "\n"))
    return html.escape(text).replace("\r", "").replace("\n", "<br>")


def _word_break(text: str, at: int) -> int:
    space = text.find(" ", at, at + 40)
    return space + 1 if space != -1 else at


def check_rows(assessment: Assessment) -> list[dict]:
    """One row per check, fails first: what the CSV download and tables hold."""
    rows = []
    for c in sorted_checks(assessment.checks):
        pages = sorted({e.page for e in c.evidence if e.page})
        rows.append({
            "check": c.id,
            "title": c.title,
            "section": section_title(c.section),
            "status": c.status,
            "message": c.message,
            "guidance": "; ".join(f"{g.source}, {g.ref}" for g in c.guidance),
            "evidence": len(c.evidence),
            "pages": ", ".join(str(p) for p in pages),
            "first_evidence": " ".join(c.evidence[0].text.split()) if c.evidence else "",
        })
    return rows


def to_csv(rows: list[dict]) -> str:
    if not rows:
        return ""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def checks_csv(assessment: Assessment) -> str:
    return to_csv(check_rows(assessment))


def report_json(assessment: Assessment, name: str) -> str:
    from .report import to_json

    return to_json(assessment, source=name)


def download_stem(name: str) -> str:
    stem = Path(name).stem or "report"
    return "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in stem)


# ---------------------------------------------------------------- uploads (several reports)

@dataclass(frozen=True)
class Outcome:
    """One file's result: an assessment, or the one-line reason it could not be read."""

    name: str
    assessment: Assessment | None = None
    error: str | None = None


def assess_bytes(data: bytes, name: str) -> Outcome:
    """load_document + assess on bytes in memory; an unreadable file gives its reason."""
    from . import assess, load_document

    try:
        return Outcome(name, assessment=assess(load_document(data, filename=name)))
    except InputError as exc:
        return Outcome(name, error=exc.reason)


def unique_names(names: Iterable[str]) -> list[str]:
    """Upload names made distinct ("report.pdf", "report.pdf (2)"), so rows and choices never merge."""
    seen: Counter = Counter()
    out = []
    for name in names:
        seen[name] += 1
        out.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return out


def assess_many(files: Iterable[tuple[str, bytes]],
                assess_one: Callable[[bytes, str], Outcome] = assess_bytes,
                progress: Callable[[int, int, str], None] | None = None) -> list[Outcome]:
    """Every file assessed in turn; a bad file is an Outcome with an error and the rest go on."""
    files = list(files)
    out = []
    for i, (name, data) in enumerate(files):
        if progress:
            progress(i, len(files), name)
        out.append(assess_one(data, name))
    if progress:
        progress(len(files), len(files), "")
    return out


def headline_status(assessment: Assessment) -> dict[str, str]:
    by_id = {c.id: c.status for c in assessment.checks}
    return {cid: by_id.get(cid, "not run") for cid in HEADLINE}


def triage_rows(outcomes: Iterable[Outcome]) -> list[dict]:
    """One row per readable report, lowest score first, the headline checks as columns."""
    from .report import REPORT_TYPE_NAMES

    rows = []
    for o in outcomes:
        a = o.assessment
        if a is None:
            continue
        counts = status_counts(a.checks)
        row = {
            "report": o.name,
            "score": a.score,
            "band": a.band or "",
            "type": REPORT_TYPE_NAMES.get(a.report_type, a.report_type),
            "fails": counts.get("fail", 0),
            "warnings": counts.get("warn", 0),
        }
        for cid, status in headline_status(a).items():
            row[cid] = status
        row["recommendations"] = a.metrics.get("recommendation_count")
        ratio = a.metrics.get("chronology_ratio")
        row["chronology %"] = round(100 * ratio) if isinstance(ratio, (int, float)) else None
        row["pages"] = a.stats.pages
        row["words"] = a.stats.words
        rows.append(row)
    return sorted(rows, key=lambda r: (r["score"] is None, r["score"] if r["score"] is not None else 0, r["report"]))


def check_titles(assessments: Iterable[Assessment] = ()) -> dict[str, str]:
    """Check id -> title, from the checklist and the assessments given."""
    from .checklist import items

    titles = {it["id"]: it["title"] for it in items()}
    for a in assessments:
        titles.update({c.id: c.title for c in a.checks})
    return titles


def failure_rows(outcomes: Iterable[Outcome]) -> list[dict]:
    """For each check, how many of the readable reports fail it and how many warn, most fails first."""
    assessed = [o.assessment for o in outcomes if o.assessment is not None]
    fails: Counter = Counter()
    warns: Counter = Counter()
    seen: set[str] = set()
    for a in assessed:
        for c in a.checks:
            seen.add(c.id)
            if c.status == "fail":
                fails[c.id] += 1
            elif c.status == "warn":
                warns[c.id] += 1
    titles = check_titles(assessed)
    rows = [{"check": cid, "title": titles.get(cid, cid), "fail": fails[cid], "warn": warns[cid],
             "reports": len(assessed)} for cid in seen]
    return sorted(rows, key=lambda r: (-r["fail"], -r["warn"], r["check"]))


# ---------------------------------------------------------------- an archive from `review-qa batch`

class ArchiveError(ValueError):
    """The database is not one `review-qa batch` wrote (or cannot be read)."""


def open_archive_bytes(data: bytes) -> sqlite3.Connection:
    """A batch database from uploaded bytes, opened in memory: nothing is written to disk."""
    if not data.startswith(b"SQLite format 3\x00"):
        raise ArchiveError("not an SQLite database")
    if data[18:20] == b"\x02\x02":
        # review-qa batch writes in WAL mode, which an in-memory database cannot use; this copy
        # is only read, so mark it as an ordinary rollback-journal database.
        data = data[:18] + b"\x01\x01" + data[20:]
    db = sqlite3.connect(":memory:", check_same_thread=False)
    try:
        db.deserialize(data)
    except sqlite3.DatabaseError as exc:
        db.close()
        raise ArchiveError(f"not a readable SQLite database ({exc})") from None
    return _validated(db)


def open_archive_path(path: str) -> sqlite3.Connection:
    """A batch database on this machine, opened read-only (never created or changed)."""
    p = Path(path).expanduser()
    if not p.is_file():
        raise ArchiveError(f"no such file: {path}")
    try:
        db = sqlite3.connect(f"{p.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
    except sqlite3.Error as exc:
        raise ArchiveError(f"cannot open {path} ({exc})") from None
    return _validated(db)


def _validated(db: sqlite3.Connection) -> sqlite3.Connection:
    try:
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError as exc:
        db.close()
        raise ArchiveError(f"not a readable SQLite database ({exc})") from None
    missing = {"reports", "checks"} - tables
    if missing:
        db.close()
        raise ArchiveError("not a review-qa batch database (no " + " or ".join(sorted(missing)) + " table)")
    return db


def archive_summary(db: sqlite3.Connection) -> dict:
    total, ok, errors, mean = db.execute(
        "SELECT COUNT(*), SUM(status = 'ok'), SUM(status = 'error'), AVG(CASE WHEN status = 'ok' THEN score END) "
        "FROM reports").fetchone()
    return {"reports": total or 0, "ok": ok or 0, "errors": errors or 0,
            "mean_score": round(mean, 1) if mean is not None else None}


def archive_scores(db: sqlite3.Connection) -> list[dict]:
    """Every assessed report's score, band and type (for the distribution chart). The band is
    worked out as assess() does, from the score and the capping checks' results."""
    from .report import REPORT_TYPE_NAMES

    statuses = _archive_statuses(db)
    rows = db.execute("SELECT path, score, report_type FROM reports WHERE status = 'ok' AND score IS NOT NULL")
    return [{"report": path, "score": score, "band": _band(score, statuses.get(path, {})),
             "type": REPORT_TYPE_NAMES.get(rtype, rtype or "unknown")} for path, score, rtype in rows]


def _archive_statuses(db: sqlite3.Connection, path: str | None = None) -> dict[str, dict[str, str]]:
    """path -> {check id: status}, for every report or one."""
    query, args = "SELECT path, check_id, status FROM checks", ()
    if path is not None:
        query, args = query + " WHERE path = ?", (path,)
    out: dict[str, dict[str, str]] = {}
    for p, cid, status in db.execute(query, args):
        out.setdefault(p, {})[cid] = status
    return out


def _band(score: float | None, statuses: dict[str, str]) -> str | None:
    from .scoring import band

    return band(score, tuple(CheckResult(cid, cid, status, "") for cid, status in statuses.items()))


def archive_check_shares(db: sqlite3.Connection) -> list[dict]:
    """For each check, the share of assessed reports that fail it and that warn, most failing first."""
    ok = db.execute("SELECT COUNT(*) FROM reports WHERE status = 'ok'").fetchone()[0]
    if not ok:
        return []
    rows = db.execute(
        "SELECT c.check_id, SUM(c.status = 'fail'), SUM(c.status = 'warn') FROM checks c "
        "JOIN reports r ON r.path = c.path WHERE r.status = 'ok' GROUP BY c.check_id").fetchall()
    titles = check_titles()
    out = [{"check": cid, "title": titles.get(cid, cid), "fail": f / ok, "warn": w / ok,
            "failing reports": f} for cid, f, w in rows]
    return sorted(out, key=lambda r: (-r["fail"], -r["warn"], r["check"]))


def archive_worst(db: sqlite3.Connection, limit: int = 20) -> list[dict]:
    """The lowest-scoring assessed reports with their headline check statuses and fail counts."""
    from .report import REPORT_TYPE_NAMES

    reports = db.execute(
        "SELECT path, score, report_type, pages, metrics FROM reports WHERE status = 'ok' AND score IS NOT NULL "
        "ORDER BY score ASC, path LIMIT ?", (limit,)).fetchall()
    out = []
    for path, score, rtype, pages, metrics in reports:
        statuses = _archive_statuses(db, path).get(path, {})
        row = {"report": path, "score": score, "band": _band(score, statuses),
               "type": REPORT_TYPE_NAMES.get(rtype, rtype), "pages": pages,
               "fails": sum(1 for s in statuses.values() if s == "fail")}
        row.update({cid: statuses.get(cid, "not run") for cid in HEADLINE})
        try:
            row["recommendations"] = json.loads(metrics or "{}").get("recommendation_count")
        except ValueError:
            row["recommendations"] = None
        out.append(row)
    return out


def archive_errors(db: sqlite3.Connection) -> list[dict]:
    return [{"report": p, "reason": e or "unknown"}
            for p, e in db.execute("SELECT path, error FROM reports WHERE status = 'error' ORDER BY path")]
