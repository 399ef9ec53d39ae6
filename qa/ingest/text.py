"""Plain-text and Markdown reports.

Encodings: UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252, the usual
encoding of text saved from Word on Windows. Form feeds separate pages when present
(text exported from PDF keeps them), so evidence can still cite pages.
"""
from __future__ import annotations

import math
import re
from collections import Counter

from ..errors import InputError
from ..types import Document
from .builder import DocumentBuilder
from .deadline import Deadline
from .structure import (LIST_LABEL, MULTI_NUMBER, PAGE_NUMBER, SENTENCE_END, SINGLE_NUMBER, TOC_LINE, classify_line,
                        is_sentence_case_title, is_title_like, join_lines, normalise_furniture,
                        normalise_glyphs, LineKind)

_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_SETEXT = re.compile(r"^(={3,}|-{3,})\s*$")
_PIPE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_PIPE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_EMPHASIS = re.compile(r"^(\*\*|__)(.+?)\1:?$")
_COLUMN_GAP = re.compile(r"\t+|\s{3,}")
PAGE_SUFFIX = re.compile(r"\bpage\s+\d{1,4}(?:\s+of\s+\d{1,4})?\s*$", re.I)
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
    pages = [normalise_glyphs(p).split("\n") for p in raw_pages]
    if paged:
        pages = _drop_furniture(pages)
    lengths = sorted(len(ln.rstrip()) for lines in pages for ln in lines if ln.strip())
    full_line = lengths[int(0.9 * (len(lengths) - 1))] if lengths else 0
    if paged:
        pages = _join_across_pages(pages, full_line)
    for number, lines in enumerate(pages, start=1):
        limit.check()
        _read_lines(lines, builder, number if paged else None, full_line)
    if not len(builder):
        raise InputError("no text: the file is blank")
    pages = len(raw_pages) if paged else None
    return builder.build("txt", source=source, pages=pages)


def _edge_lines(lines: list[str]) -> list[int]:
    filled = [i for i, ln in enumerate(lines) if ln.strip()]
    return filled[:2] + filled[-2:] if len(filled) > 4 else filled


def _drop_furniture(pages: list[list[str]]) -> list[list[str]]:
    """Page numbers, and running headers/footers: lines recurring at the top or bottom of pages."""
    counts: Counter = Counter()
    for lines in pages:
        counts.update({normalise_furniture(lines[i]) for i in _edge_lines(lines)})
    needed = max(2, math.ceil(0.3 * len(pages)))
    for lines in pages:
        for i in _edge_lines(lines):
            text = lines[i].strip()
            if PAGE_NUMBER.match(text) or PAGE_SUFFIX.search(text) and counts[normalise_furniture(text)] >= needed:
                lines[i] = ""
            elif counts[normalise_furniture(text)] >= needed:
                lines[i] = ""
    return pages


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


def _join_across_pages(pages: list[list[str]], full_line: int = 0) -> list[list[str]]:
    """A paragraph cut by a page break (no full stop at the foot, and lower case at the head of
    the next page or a foot line that runs to the margin) is put back together on the first page."""
    for a, b in zip(pages, pages[1:]):
        last = next((i for i in range(len(a) - 1, -1, -1) if a[i].strip()), None)
        first = next((i for i, ln in enumerate(b) if ln.strip()), None)
        if last is not None and first is not None and _continues_layout_row(a[last], b[first]):
            row = a[last]  # a table row broken over the page: its wrapped cells come back
            _pull_up(a, last, b, first, lambda line: _continues_layout_row(row, line))
            continue
        if last is None or first is None or SENTENCE_END.search(a[last].strip()):
            continue
        head = b[first].strip()
        unlabelled = not LIST_LABEL.match(head) and not MULTI_NUMBER.match(head)
        wrapped = _full_width(a[last].strip(), full_line)
        if not (head[:1].islower() or (unlabelled and (wrapped or head[:1].isdigit()))):
            continue
        _pull_up(a, last, b, first, lambda line: True)
    return pages


def _pull_up(a: list[str], last: int, b: list[str], first: int, belongs) -> None:
    """Move the run of lines at the head of page `b` that `belongs` to the text ending at line
    `last` of page `a` onto page `a`, leaving blanks behind."""
    moved = []
    k = first
    while k < len(b) and b[k].strip() and belongs(b[k]):
        moved.append(b[k])
        b[k] = ""
        k += 1
    a[last + 1:last + 1] = moved


def _continues_layout_row(row: str, line: str) -> bool:
    """`line` is an indented continuation of a cell of the column-laid-out table row `row`."""
    cells, segs = _segments(row), _segments(line)
    if len(cells) < 2 or len(segs) != 1 or segs[0][0] <= cells[0][0] + 2:
        return False
    return any(abs(segs[0][0] - c) <= 3 for c, _ in cells[1:])


def _read_lines(lines: list[str], builder: DocumentBuilder, page: int | None, full_line: int = 0) -> None:
    for group in _groups(lines):
        _read_group(group, builder, page, full_line)


def _read_group(group: list[str], builder: DocumentBuilder, page: int | None, full_line: int = 0) -> None:
    """`full_line` is the length of a full line in hard-wrapped text: a line well short of it
    that ends a sentence ends its paragraph even without a blank line after it."""
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
        if not _PIPE_ROW.match(line) and "\t" not in line and _is_tab_row(line) and nxt is not None and table_id is None:
            end = _layout_table_end(group, i)
            if end - i >= 2:
                flush()
                table = builder.new_table()
                for cells in _layout_rows(group[i:end]):
                    builder.add_row(cells, table, page)
                i = end
                continue
        if _PIPE_ROW.match(line) or (_is_tab_row(line) and ((nxt is not None and _is_tab_row(nxt)) or table_id is not None)):
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
        if TOC_LINE.match(stripped) and re.search(r"[.…]{4,}|\t", stripped):
            i += 1  # a contents entry with dot leaders: navigation, not text
            continue
        ended = cur is not None and _ended_paragraph(group[i - 1], full_line)
        standalone = ((cur is None or ended) and (
            nxt is None or LIST_LABEL.match(nxt.strip()) is not None or _MD_HEADING.match(nxt.strip()) is not None
            or _heading_over_text(stripped, nxt.strip())
            or (_numbered_title(stripped) and not _full_width(stripped, full_line)))) or (emphasis is not None and cur is None)
        kind = classify_line(stripped, standalone=standalone)
        after = group[i + 2].strip() if i + 2 < len(group) else ""
        if (kind.kind == "paragraph" and not kind.label and cur is None and nxt is not None and after
                and len(nxt.split()) <= 3 and not SENTENCE_END.search(nxt.strip())
                and is_sentence_case_title(f"{stripped} {nxt.strip()}") and _short_over_text(nxt.strip(), after, full_line)):
            flush()  # a heading in large type wrapped onto a second, short line, over its paragraph
            builder.add("heading", f"{stripped} {nxt.strip()}", page, 2, None)
            i += 2
            continue
        if (kind.kind == "paragraph" and not kind.label and cur is None and nxt is not None
                and _short_over_text(stripped, nxt.strip(), full_line) and is_sentence_case_title(stripped)):
            kind = LineKind("heading", None, 2)  # "Learning already being acted upon" over its paragraph
        elif kind.kind == "list_item" and (cur is None or ended) and _opens_its_numbered_section(stripped, nxt):
            kind = LineKind("heading", kind.label, 1)  # "7. Good practice and learning" over "7.1 The nursery ..."
        if kind.kind == "heading":
            flush()
            builder.add("heading", stripped.rstrip(":").strip() if not kind.label else stripped, page, kind.level, kind.label)
        elif kind.kind == "list_item" or kind.label:
            flush()
            cur = {"kind": kind.kind, "text": stripped, "level": kind.level, "label": kind.label}
        elif cur is not None and not ended:
            cur["text"] = join_lines(cur["text"], stripped)
        elif cur is not None:
            flush()
            cur = {"kind": "paragraph", "text": stripped, "level": None, "label": None}
        else:
            cur = {"kind": "paragraph", "text": stripped, "level": None, "label": None}
        i += 1
    flush()


def _segments(line: str) -> list[tuple[int, str]]:
    """(start column, text) of each run of text separated by 3+ spaces."""
    return [(m.start(), m.group()) for m in re.finditer(r"\S+(?: {1,2}\S+)*", line)]


def _layout_table_end(group: list[str], start: int) -> int:
    """End of a table laid out in columns of spaces (`pdftotext -layout`): rows of several
    cells, and indented continuation lines of cells that wrapped."""
    first_col = _segments(group[start])[0][0]
    columns = {c for c, _ in _segments(group[start])}
    k = start + 1
    while k < len(group):
        segs = _segments(group[k])
        if not segs:
            break
        if len(segs) >= 2 or (segs[0][0] > first_col + 2 and any(abs(segs[0][0] - c) <= 3 for c in columns)):
            columns.update(c for c, _ in segs)
            k += 1
            continue
        break
    rows = sum(1 for ln in group[start:k] if len(_segments(ln)) >= 2)
    return k if rows >= 2 else start


def _layout_rows(lines: list[str]) -> list[list[str]]:
    starts = sorted({c for ln in lines for c, _ in _segments(ln)})
    columns: list[int] = []
    for c in starts:  # columns are starts that more than one line shares, or the first line's
        if not columns or c - columns[-1] > 3:
            columns.append(c)
    first_col = columns[0]
    rows: list[list[str]] = []
    for ln in lines:
        segs = _segments(ln)
        if segs[0][0] <= first_col + 2 or not rows:
            rows.append([""] * len(columns))
        row = rows[-1]
        for c, text in segs:
            k = max((j for j, col in enumerate(columns) if col <= c + 3), default=0)
            row[k] = join_lines(row[k], text) if row[k] else text
    return rows


def _ended_paragraph(line: str, full_line: int) -> bool:
    text = line.rstrip()
    return full_line >= 40 and bool(SENTENCE_END.search(text)) and len(text) < 0.75 * full_line


def _full_width(line: str, full_line: int) -> bool:
    """A line that reaches the right margin is running text that wrapped, not a heading."""
    return full_line >= 40 and len(line) >= 0.8 * full_line


def _opens_its_numbered_section(line: str, nxt: str | None) -> bool:
    """"7. Good practice and learning already captured" directly over "7.1 ...": a sentence-case
    numbered title whose number the next paragraph's number continues is a heading."""
    m = SINGLE_NUMBER.match(line)
    if not m or nxt is None or not is_sentence_case_title(line[m.end():]):
        return False
    n = MULTI_NUMBER.match(nxt.strip())
    return n is not None and n.group("label").split(".")[0] == m.group("label").rstrip(".")


def _numbered_title(line: str) -> bool:
    """"9. Recommendations", "3.2 The family": a numbered, title-like line is a heading."""
    m = MULTI_NUMBER.match(line) or SINGLE_NUMBER.match(line)
    return bool(m) and is_title_like(line[m.end():])


def _heading_over_text(line: str, nxt: str) -> bool:
    """A short title line directly above a longer line of running text (pdftotext output), which
    may open with its paragraph number ("SECTION 6: RECOMMENDATIONS" over "6.1 The review ...")."""
    return _opens_sentence(nxt) and len(line) < 0.6 * len(nxt) and len(nxt) > 30


def _short_over_text(line: str, nxt: str, full_line: int) -> bool:
    """A line well short of the margin directly over a longer line that opens a sentence."""
    short = len(line) < 0.75 * full_line if full_line >= 40 else len(line) < 0.6 * len(nxt)
    return _opens_sentence(nxt) and short and len(nxt) > len(line)


def _opens_sentence(line: str) -> bool:
    """A line that starts running text: a capital, or a paragraph number ("6.1 The review ...")."""
    return bool(line) and (line[:1].isupper() or MULTI_NUMBER.match(line) is not None)


def _is_tab_row(line: str) -> bool:
    """Cells separated by tabs, or by runs of 3+ spaces as in `pdftotext -layout` output. A list
    label set apart by the gap ("•   The GP practice ...", "1.   The partnership ...") opens a
    list item, not a row."""
    cells = [c for c in _COLUMN_GAP.split(line.strip()) if c.strip()]
    if len(cells) == 2 and LIST_LABEL.match(cells[0] + " x") and len(cells[0]) <= 4:
        return False
    return len(cells) >= 2


def _split_row(line: str) -> list[str]:
    if _PIPE_ROW.match(line):
        inner = line.strip()[1:-1]
        return [c.strip() for c in inner.split("|")]
    return [c.strip() for c in _COLUMN_GAP.split(line.strip())]
