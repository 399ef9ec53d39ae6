"""`chronology`: the share of body text that is event-by-event chronology (Panel guidance 2025
after 3.7 and 3.23; annual report 4.10, 4.14, 4.27). Rule-based: a dated paragraph that narrates
agency contacts without explaining them, and the rows of chronology tables. A trained paragraph
classifier backs the rules when its model is present (models/paragraph_type)."""
from __future__ import annotations

import re

from .. import lexicon
from ..models import load_model
from ..types import AnalysedDocument, Block, CheckResult
from .base import contains_phrase, result

_MONTH = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
DATE = re.compile(
    r"\b(?:\d{1,2}(?:st|nd|rd|th)?\s+" + _MONTH + r"\.?(?:\s+\d{2,4})?"
    r"|" + _MONTH + r"\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}"
    r"|" + _MONTH + r"\s+\d{4}"
    r"|\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4})\b",
    re.IGNORECASE,
)
DATE_START = re.compile(
    r"^\s*(?:\(?[0-9ivx]{1,4}(?:\.\d{1,2})*[.)]?\s+)?(?:on|in|by|during|at|from|between|early|late|mid|later|around|"
    r"the following|the next|that)?\s*(?:the\s+)?" + DATE.pattern,
    re.IGNORECASE,
)
RELATIVE_START = re.compile(r"^\s*(?:later that day|the following day|the next day|the same day|two days later|"
                            r"a week later|the following week|the next morning|that evening|the following month)\b", re.I)
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’\-]*")


def words(text: str) -> int:
    return len(_WORD.findall(text))


def _analysis_cues(text: str, cues) -> int:
    low = " " + re.sub(r"[^a-z0-9' ]+", " ", text.lower()) + " "
    return sum(low.count(f" {c} ") for c in cues)


def is_chronology_paragraph(text: str, lex: dict) -> bool:
    dates = len(DATE.findall(text))
    starts_dated = bool(DATE_START.match(text)) or bool(RELATIVE_START.match(text))
    if not dates and not starts_dated:
        return False
    n = max(words(text), 1)
    cues = _analysis_cues(text, lex["analysis_cues"])
    contact = contains_phrase(text, lex["contact_verbs"]) is not None
    agency = contains_phrase(text, lex["agencies"]) is not None
    cue_density = cues / n * 100
    if starts_dated and (contact or agency) and cue_density < 2.5:
        return True
    if dates >= 2 and dates / n * 100 >= lex["min_date_density"] and contact and agency and cue_density < 1.5:
        return True
    return False


_DATE_FRAGMENT = re.compile(r"^\(?(?:\d{1,2}|(?:19|20)\d\d|" + _MONTH + r")\b", re.IGNORECASE)


def chronology_tables(analysed: AnalysedDocument) -> set[int]:
    """Tables whose header names a date column, or where a good share of rows open with a date
    (or a piece of one, where a date wrapped inside its cell)."""
    tables: dict[int, list[Block]] = {}
    for b in analysed.document.blocks:
        if b.kind == "table_row":
            tables.setdefault(b.table, []).append(b)
    out = set()
    for t, rows in tables.items():
        header = [c.lower() for c in (rows[0].cells or ())]
        dated = sum(1 for r in rows if r.cells and (DATE.search(r.cells[0] or "") or _DATE_FRAGMENT.match(r.cells[0] or "")))
        if any(h.strip() in ("date", "dates", "date/time", "when") or h.startswith("date") for h in header):
            out.add(t)
        elif dated >= max(1, 0.3 * len(rows)) and sum(len(r.text.split()) for r in rows) >= 8:
            out.add(t)
    return out


def classify_blocks(analysed: AnalysedDocument) -> list[bool | None]:
    """Per block: True chronology, False other body text, None not body (or a heading)."""
    lex = lexicon.chronology()
    chron_tables = chronology_tables(analysed)
    out: list[bool | None] = []
    for i, b in enumerate(analysed.document.blocks):
        if b.kind == "heading" or not analysed.body[i]:
            out.append(None)
        elif b.kind == "table_row":
            out.append(b.table in chron_tables)
        else:
            out.append(is_chronology_paragraph(b.text, lex))
    return _model_backed(analysed, out, lex)


def _model_backed(analysed: AnalysedDocument, labels: list[bool | None], lex: dict) -> list[bool | None]:
    """Dated paragraphs the rules missed count when the paragraph-type model is confident."""
    model = load_model("paragraph_type")
    if model is None:
        return labels
    blocks = analysed.document.blocks
    candidates = [i for i, lab in enumerate(labels)
                  if lab is False and blocks[i].kind != "table_row" and DATE.search(blocks[i].text)]
    if not candidates:
        return labels
    classes = list(model.classes_)
    probs = model.predict_proba([blocks[i].text for i in candidates])[:, classes.index("chronology")]
    out = list(labels)
    for i, p in zip(candidates, probs):
        if p >= lex["model_threshold"]:
            out[i] = True
    return out


def chronology_measure(analysed: AnalysedDocument, labels: list[bool | None]) -> dict:
    blocks = analysed.document.blocks
    body_words = chron_words = 0
    runs: list[tuple[int, int, int]] = []  # (first block, last block, words)
    run_start, run_words, run_last = None, 0, None
    for i, (b, lab) in enumerate(zip(blocks, labels)):
        if lab is None:
            continue
        n = words(b.text)
        body_words += n
        if lab:
            chron_words += n
            if run_start is None:
                run_start, run_words = i, 0
            run_words += n
            run_last = i
        elif run_start is not None:
            runs.append((run_start, run_last, run_words))
            run_start = None
    if run_start is not None:
        runs.append((run_start, run_last, run_words))
    ratio = chron_words / body_words if body_words else 0.0
    longest = max(runs, key=lambda r: r[2]) if runs else None
    return {"ratio": ratio, "body_words": body_words, "chronology_words": chron_words, "longest": longest}


def check_chronology(analysed: AnalysedDocument, labels: list[bool | None] | None = None) -> CheckResult:
    lex = lexicon.chronology()
    labels = labels if labels is not None else classify_blocks(analysed)
    m = chronology_measure(analysed, labels)
    ratio = round(m["ratio"], 3)
    threshold = lex["threshold"]
    metrics = {"chronology_ratio": ratio, "body_words": m["body_words"], "chronology_words": m["chronology_words"]}
    blocks = analysed.document.blocks
    evidence = []
    run_text = "none"
    if m["longest"]:
        first, last, n = m["longest"]
        share = n / m["body_words"] if m["body_words"] else 0
        page = blocks[first].page
        where = f" from p.{page}" if page else ""
        run_text = f"{n:,} words ({share:.0%} of the body){where}, starting \u201c{' '.join(blocks[first].text.split()[:8])} ...\u201d"
        start = blocks[first].start
        end = min(blocks[last].end, start + 300)
        evidence.append(analysed.evidence(start, end, "longest chronology run"))
        metrics["longest_run_words"] = n
        metrics["longest_run_share"] = round(share, 3)
    fields = {"share": f"{ratio:.0%}", "threshold": f"{threshold:.0%}", "run": run_text}
    if ratio > threshold:
        return result("chronology", "fail", "fail", evidence, metrics, **fields)
    if ratio > threshold - lex["warn_margin"]:
        return result("chronology", "warn", "warn", evidence, metrics, **fields)
    return result("chronology", "pass", "pass", evidence, metrics, **fields)


DETECTORS = {"chronology": check_chronology}
