"""Plain-text and Markdown reports.

Encodings: UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252, the usual
encoding of text saved from Word on Windows. Form feeds separate pages when present
(text exported from PDF keeps them), so evidence can still cite pages.
"""
from __future__ import annotations

import re

from ..errors import InputError
from ..types import Document
from .builder import DocumentBuilder
from .deadline import Deadline
from .structure import LIST_LABEL, PAGE_NUMBER, classify_line, join_lines

_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_SETEXT = re.compile(r"^(={3,}|-{3,})\s*$")
_PIPE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_PIPE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_EMPHASIS = re.compile(r"^(\*\*|__)(.+?)\1:?$")
_RULE = re.compile(r"^\s*(\*\s*){3,}$|^\s*(-\s*){3,}$|^\s*(_\s*){3,}$")


def decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def read_text(data: bytes, limit: Deadline, source: str | None) -> Document:
    text = decode(data).replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    if not text.strip():
        raise InputError("no text: the file is blank")
    raw_pages = text.split("\f")
    paged = len(raw_pages) > 1 and sum(1 for p in raw_pages if p.strip()) > 1
    builder = DocumentBuilder()
    for number, page_text in enumerate(raw_pages, start=1):
        limit.check()
        lines = page_text.split("\n")
        if paged:
            lines = _drop_page_numbers(lines)
        _read_lines(lines, builder, number if paged else None)
    if not len(builder):
        raise InputError("no text: the file is blank")
    pages = len(raw_pages) if paged else None
    return builder.build("txt", source=source, pages=pages)


def _drop_page_numbers(lines: list[str]) -> list[str]:
    filled = [i for i, ln in enumerate(lines) if ln.strip()]
    for i in filled[:1] + filled[-1:]:
        if PAGE_NUMBER.match(lines[i]):
            lines[i] = ""
    return lines


def _groups(lines: list[str]) -> list[list[str]]:
    groups, cur = [], []
    for ln in lines:
        if not ln.strip() or _RULE.match(ln):
            if cur:
                groups.append(cur)
            cur = []
        else:
            cur.append(ln.rstrip())
    if cur:
        groups.append(cur)
    return groups


def _read_lines(lines: list[str], builder: DocumentBuilder, page: int | None) -> None:
    for group in _groups(lines):
        _read_group(group, builder, page)


def _read_group(group: list[str], builder: DocumentBuilder, page: int | None) -> None:
    cur: dict | None = None

    def flush():
        nonlocal cur
        if cur:
            builder.add(cur["kind"], cur["text"], page, cur["level"], cur["label"])
        cur = None

    i = 0
    table_id = None
    while i < len(group):
        line = group[i]
        stripped = line.strip()
        nxt = group[i + 1] if i + 1 < len(group) else None
        if _PIPE_ROW.match(line) or (_is_tab_row(line) and (nxt is None or _is_tab_row(nxt) or table_id is not None)):
            flush()
            if table_id is None:
                table_id = builder.new_table()
            if not _PIPE_SEPARATOR.match(line):
                builder.add_row(_split_row(line), table_id, page)
            i += 1
            continue
        table_id = None
        md = _MD_HEADING.match(stripped)
        if md:
            flush()
            heading = md.group(2).strip().strip("*_").strip()
            kind = classify_line(heading)
            builder.add("heading", heading, page, len(md.group(1)), kind.label if kind.kind == "heading" else None)
            i += 1
            continue
        if nxt is not None and _SETEXT.match(nxt.strip()) and cur is None:
            builder.add("heading", stripped, page, 1 if nxt.strip()[0] == "=" else 2, None)
            i += 2
            continue
        emphasis = _EMPHASIS.match(stripped)
        if emphasis:
            stripped = emphasis.group(2).strip()
        standalone = (cur is None and (nxt is None or LIST_LABEL.match(nxt.strip()) is not None
                                        or _MD_HEADING.match(nxt.strip()) is not None)) or (emphasis is not None and cur is None)
        kind = classify_line(stripped, standalone=standalone)
        if kind.kind == "heading":
            flush()
            builder.add("heading", stripped.rstrip(":").strip() if not kind.label else stripped, page, kind.level, kind.label)
        elif kind.kind == "list_item" or kind.label:
            flush()
            cur = {"kind": kind.kind, "text": stripped, "level": kind.level, "label": kind.label}
        elif cur is not None:
            cur["text"] = join_lines(cur["text"], stripped)
        else:
            cur = {"kind": "paragraph", "text": stripped, "level": None, "label": None}
        i += 1
    flush()


def _is_tab_row(line: str) -> bool:
    return line.count("\t") >= 1 and len([c for c in line.split("\t") if c.strip()]) >= 2


def _split_row(line: str) -> list[str]:
    if _PIPE_ROW.match(line):
        inner = line.strip()[1:-1]
        return [c.strip() for c in inner.split("|")]
    return [c.strip() for c in line.split("\t")]
