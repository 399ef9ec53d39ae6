"""`recommendation_count`: formal recommendations wherever the report puts them (Panel guidance
2025 after 3.23: more than 8-10 are unlikely to support effective implementation).

Counted: items under a Recommendations heading (numbered, bulleted, restarting per group),
"Recommendation 3:" / "R3" labelled paragraphs anywhere, rows of a recommendations table.
Not counted: lettered sub-points (they belong to their parent), key lines of enquiry, terms of
reference, learning points, action-plan rows, and repeats (a summary listing them again).
"""
from __future__ import annotations

import re

from .. import lexicon
from ..types import AnalysedDocument, Block, CheckResult
from .base import contains_phrase, result

REC_LABEL = re.compile(r"^\s*(?:(?:Recommendation|Rec\.?)\s*(?P<n>\d{1,2})[a-z]?\b|R(?P<r>\d{1,2})\b)\s*[:.\-–—)]?", re.I)
SUB_LABEL = re.compile(r"^\(?(?:[a-z]|[ivx]{1,4})[.)]$")
NEVER_SECTIONS = {"action_plan", "key_lines_of_enquiry", "terms_of_reference", "learning", "good_practice",
                  "glossary", "contents", "references", "methodology"}
OPENING_WORDS = 8
SAME_WORDS = 20  # a recommendation repeated (after its finding and again in a summary) matches this far; bland ones open alike
MIN_WORDS = 4


def _opening(text: str) -> str:
    words = text.split()
    return " ".join(words[:OPENING_WORDS]) + (" ..." if len(words) > OPENING_WORDS else "")


def _key(text: str) -> str:
    body = REC_LABEL.sub("", text)
    body = re.sub(r"^\s*(?:\(?\d{1,2}(?:\.\d{1,2})*[.)]?|[•\-–*])\s*", "", body)
    return " ".join(re.findall(r"[a-z0-9]+", body.lower())[:SAME_WORDS])


def _is_header_row(row: Block, rows: list[Block]) -> bool:
    return row is rows[0] and all(len(c.split()) <= 5 for c in (row.cells or ()))


def find_recommendations(analysed: AnalysedDocument) -> list[tuple[int, str]]:
    """(block index, text) of every counted recommendation, in document order."""
    lex = lexicon.recommendations()
    blocks = analysed.document.blocks
    sections = analysed.sections
    found: list[tuple[int, str]] = []
    keys: set[str] = set()

    def add(i: int, text: str) -> None:
        key = _key(text)
        if key and key in keys:
            return
        keys.add(key)
        found.append((i, text))

    has_rec_section_items = any(sections[i] == "recommendations" and b.kind in ("list_item", "table_row")
                                for i, b in enumerate(blocks))
    tables: dict[int, list[Block]] = {}
    for b in blocks:
        if b.kind == "table_row":
            tables.setdefault(b.table, []).append(b)

    i = 0
    parent_in_section = False
    while i < len(blocks):
        b = blocks[i]
        section = sections[i]
        if section in NEVER_SECTIONS:
            i += 1
            continue
        label = REC_LABEL.match(b.text)
        bare_label = label is not None and b.kind == "paragraph" and not b.text[label.end():].strip(" :.-\u2013\u2014")
        if b.kind == "heading" or bare_label:  # "Recommendation 3" on a line of its own, the text below it
            parent_in_section = False
            if label and i + 1 < len(blocks) and blocks[i + 1].kind in ("paragraph", "list_item"):
                rest = b.text[label.end():].strip()
                add(i, (rest + " " + blocks[i + 1].text).strip() if len(rest.split()) < 4 else rest)
                i += 2
                continue
            i += 1
            continue
        if label and b.kind in ("paragraph", "list_item") and len(b.text[label.end():].split()) >= 3:
            add(i, b.text)
            i += 1
            continue
        if b.kind == "table_row":
            rows = tables[b.table]
            header = rows[0]
            rec_table = contains_phrase(header.text, lex["table_headers"]) is not None
            if (rec_table or section == "recommendations") and section != "summary" and not _is_header_row(b, rows):
                text = _row_recommendation(b, header, lex)
                # a wrapped header cell ("Lead / agency") read as its own row is not a recommendation
                if (rec_table or not _table_is_action_plan(header)) and len(text.split()) >= MIN_WORDS:
                    add(i, text)
            i += 1
            continue
        if section != "recommendations":
            i += 1
            continue
        body = b.body
        if contains_phrase(body[:40], lex["not_labels"]) and re.match(r"^[A-Za-z ]{3,30}:", body):
            i += 1
            continue
        if b.kind == "list_item":
            sub = b.label and SUB_LABEL.match(b.label.strip())
            if (b.level or 1) >= 2 or (sub and parent_in_section):
                i += 1
                continue
            parent_in_section = True
            add(i, b.text)
        elif b.kind == "paragraph" and not has_rec_section_items:
            # Without a list or table, each asking paragraph (numbered "7.1" or not) is one.
            if (contains_phrase(body, lex["modal_cues"]) and not contains_phrase(body, lex["intro_cues"])
                    and not body.rstrip().endswith(":")):
                add(i, b.text)
        i += 1
    return found


def _table_is_action_plan(header: Block) -> bool:
    text = header.text.lower()
    return "action" in text and "recommend" not in text


def _row_recommendation(row: Block, header: Block, lex: dict) -> str:
    """The recommendation a row holds: its Recommendation column, or its longest cell in a
    table without one. A row whose Recommendation cell is empty ("Adultification and identity |
    | ") is a group heading and holds none."""
    cells = row.cells or ()
    for k, h in enumerate(header.cells or ()):
        if contains_phrase(h, lex["table_headers"]) and k < len(cells):
            return cells[k] if cells[k].strip() else ""
    return max(cells, key=len) if cells else row.text


def check_recommendation_count(analysed: AnalysedDocument) -> CheckResult:
    lex = lexicon.recommendations()
    recs = find_recommendations(analysed)
    count = len(recs)
    blocks = analysed.document.blocks
    evidence = []
    for i, text in recs:
        b = blocks[i]
        opening = _opening(text)
        start = b.start
        span_text = analysed.document.text[start:b.end]
        end = start + min(len(span_text), max(len(opening.rstrip(" .")), 1))
        evidence.append(analysed.evidence(start, end, f"counted as recommendation {len(evidence) + 1}"))
    metrics = {"recommendation_count": count}
    if count == 0:
        return result("recommendation_count", "pass", "pass_none", (), metrics)
    if count > lex["fail_above"]:
        return result("recommendation_count", "fail", "fail", evidence, metrics, count=count)
    if count > lex["warn_above"]:
        return result("recommendation_count", "warn", "warn", evidence, metrics, count=count)
    return result("recommendation_count", "pass", "pass", evidence, metrics, count=count)


DETECTORS = {"recommendation_count": check_recommendation_count}
