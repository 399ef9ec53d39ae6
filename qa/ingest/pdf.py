"""PDF reports via pypdf: positioned text -> lines -> furniture removed -> blocks.

One pass of pypdf's text extraction per page, with a visitor that records where each run of
text sits and in which font size, so the cost stays close to pypdf's own extraction. Lines
are rebuilt from those positions; running headers and footers (lines recurring at the top or
bottom of pages), page numbers and contents pages are dropped; wrapped lines and hyphenation
are rejoined; headings come from font size, weight and numbering; rows whose cells line up in
columns over several lines become table rows.
"""
from __future__ import annotations

import io
import logging
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from statistics import median

from ..errors import InputError
from ..settings import Limits
from ..types import Document
from .builder import DocumentBuilder
from .deadline import Deadline
from .structure import (
    LIST_LABEL,
    MULTI_NUMBER,
    SINGLE_NUMBER,
    LineKind,
    PAGE_NUMBER,
    SENTENCE_END,
    TOC_LINE,
    TOC_LINE_LOOSE,
    classify_line,
    is_contents_title,
    join_lines,
    normalise_furniture,
    normalise_glyphs,
    words,
)

BARE_LABEL = re.compile(r"^(?:\(?\d{1,2}[.)]?|\(?[a-z][.)]|\([a-z0-9]{1,4}\)|[•●▪◦‣∙·■□➢➤►✓✔○\-–—*])$")
_BOLD = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)
_CHAR_WIDTH = {"upper": 0.67, "lower": 0.5, "digit": 0.556, "space": 0.278, "other": 0.33}
CELL_GAP_EMS = 0.9  # a gap wider than this many ems splits a line into cells
FURNITURE_ZONE_LINES = 3
FURNITURE_ZONE_SHARE = 0.16
MARGIN_BAND = 0.075  # the outer 7.5% of the page height, where headers and footers sit


@dataclass
class Chunk:
    text: str
    x: float
    y: float
    size: float
    bold: bool
    font: object = None  # the font resource, for measuring the run's width when needed
    widths: "_FontWidths | None" = None

    @property
    def width(self) -> float:
        em = self.widths.em_width(self.font, self.text) if self.widths is not None else None
        if em is not None:
            return em * self.size
        total = 0.0
        for ch in self.text:
            if ch.isupper():
                total += _CHAR_WIDTH["upper"]
            elif ch.islower():
                total += _CHAR_WIDTH["lower"]
            elif ch.isdigit():
                total += _CHAR_WIDTH["digit"]
            elif ch.isspace():
                total += _CHAR_WIDTH["space"]
            else:
                total += _CHAR_WIDTH["other"]
        return total * self.size


class _FontWidths:
    """Advance widths from each font's own metrics (pypdf's Font), estimated when unavailable."""

    def __init__(self):
        self._fonts: dict[int, tuple] = {}
        self._bold: dict[int, tuple] = {}

    def is_bold(self, font_dict) -> bool:
        key = id(font_dict)
        if key not in self._bold:
            name = str(font_dict.get("/BaseFont", "")) if font_dict else ""
            self._bold[key] = (font_dict, bool(_BOLD.search(name)))  # keeps the dict alive: ids stay unique
        return self._bold[key][1]

    def em_width(self, font_dict, text: str) -> float | None:
        if font_dict is None:
            return None
        key = id(font_dict)
        if key not in self._fonts:
            try:
                from pypdf.generic._font import Font  # pypdf 6's font metrics; estimated without it

                self._fonts[key] = (font_dict, Font.from_font_resource(font_dict))
            except Exception:
                self._fonts[key] = (font_dict, None)
        font = self._fonts[key][1]
        if font is None:
            return None
        try:
            return font.get_text_width(text) / 1000.0
        except Exception:
            return None


@dataclass
class Line:
    page: int
    y: float
    page_height: float
    page_width: float
    chunks: list[Chunk] = field(default_factory=list)
    cells: list[tuple[float, str]] = field(default_factory=list)
    role: str = "text"  # text | furniture | contents | table | table_continuation
    label: str | None = None  # a list label set apart from its text by a gap ("1", "•")
    text: str = ""
    size: float = 0.0
    bold: bool = False
    x1: float = 0.0  # right end of the line
    columns: list[float] | None = None  # x of each column, on the first line of a table

    @property
    def x0(self) -> float:
        return self.cells[0][0] if self.cells else 0.0

    def finish(self) -> None:
        """Order the runs left to right and fix the line's cells, size and weight once."""
        self.chunks.sort(key=lambda c: c.x)
        self.cells, self.label = _cells(self.chunks)
        weights: Counter = Counter()
        visible = 0
        bold = 0
        for c in self.chunks:
            n = len(c.text.strip())
            weights[round(c.size * 2) / 2] += n
            visible += n
            bold += n if c.bold else 0
        self.size = weights.most_common(1)[0][0] if weights else 0.0
        self.bold = visible > 0 and bold == visible
        self.text = " ".join(t for _, t in self.cells).strip()
        last = self.chunks[-1] if self.chunks else None
        self.x1 = last.x + last.width if last else 0.0


def read_pdf(data: bytes, limits: Limits, limit: Deadline, source: str | None) -> Document:
    import pypdf
    from pypdf.errors import PdfReadError, PdfStreamError

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    if b"%%EOF" not in data[-4096:] and b"%%EOF" not in data[-65536:]:
        raise InputError("truncated PDF (no end-of-file marker): download or export it again")
    try:
        reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            _decrypt(reader)
        n_pages = _count_pages(reader, limits)
        pages = _read_pages(reader, n_pages, limit)
    except InputError:
        raise
    except RecursionError:
        raise InputError("damaged PDF: its page tree refers to itself") from None
    except (PdfReadError, PdfStreamError) as exc:
        raise InputError(f"damaged PDF: could not be read ({exc.__class__.__name__})") from None
    except Exception as exc:
        if not _raised_in_pypdf(exc):
            raise
        raise InputError(f"damaged PDF: could not be read ({exc.__class__.__name__})") from None
    visible = sum(len(c.text.strip()) for page in pages for line in page for c in line.chunks)
    if visible < 20 * max(1, n_pages) ** 0.5 and visible < 200:
        raise InputError("no text layer (scanned?): run OCR first")
    return _assemble(pages, n_pages, source)


def _raised_in_pypdf(exc: BaseException) -> bool:
    """A malformed file makes pypdf raise all sorts; an error in our own code must surface."""
    tb = exc.__traceback__
    last = None
    while tb is not None:
        last = tb.tb_frame.f_code.co_filename
        tb = tb.tb_next
    return last is not None and ("/pypdf/" in last or "\\pypdf\\" in last)


def _decrypt(reader) -> None:
    from pypdf.errors import DependencyError

    try:
        ok = reader.decrypt("")
    except DependencyError:
        raise InputError("encrypted PDF uses AES, which needs the 'cryptography' package: reinstall with `make install`") from None
    except Exception:
        ok = 0
    if not ok:
        raise InputError("encrypted PDF: remove the password and try again")


def _count_pages(reader, limits: Limits) -> int:
    """Count pages by walking the page tree ourselves, refusing cycles and runaway trees."""
    root = reader.trailer["/Root"].get_object()
    stack = [root["/Pages"]]
    seen: set[int] = set()
    count = 0
    while stack:
        ref = stack.pop()
        key = getattr(ref, "idnum", None)
        node = ref.get_object()
        if key is not None:
            if key in seen:
                raise InputError("damaged PDF: its page tree refers to itself")
            seen.add(key)
        if node.get("/Type") == "/Page" or "/Kids" not in node:
            count += 1
            if count > limits.max_pages:
                raise InputError(f"more than {limits.max_pages:,} pages (page limit): split the file or raise --max-pages")
            continue
        kids = node["/Kids"]
        if hasattr(kids, "get_object"):
            kids = kids.get_object()
        stack.extend(reversed(list(kids)))
    if count == 0:
        raise InputError("PDF has no pages")
    return count


def _read_pages(reader, n_pages: int, limit: Deadline) -> list[list[Line]]:
    pages: list[list[Line]] = []
    widths = _FontWidths()
    for number, page in enumerate(reader.pages, start=1):
        limit.check()
        try:
            height = float(page.mediabox.height) or 842.0
            width = float(page.mediabox.width) or 595.0
            bottom = float(page.mediabox.bottom)
        except Exception:
            height, width, bottom = 842.0, 595.0, 0.0
        chunks: list[Chunk] = []

        def visit(text, cm, tm, font_dict, font_size):
            if not text or not text.strip():
                return
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5] - bottom
            scale = math.hypot(tm[2] * cm[0] + tm[3] * cm[2], tm[2] * cm[1] + tm[3] * cm[3]) or 1.0
            size = abs(font_size * scale) or 10.0
            bold = widths.is_bold(font_dict)
            for i, part in enumerate(text.split("\n")):
                if part.strip():
                    part = part.replace("\t", " ")
                    chunks.append(Chunk(part, x, y - i * size * 1.2, size, bold, font_dict, widths))

        page.extract_text(visitor_text=visit)
        pages.append(_lines_of(chunks, number, height, width))
        if number >= n_pages:
            break
    return pages


def _lines_of(chunks: list[Chunk], page: int, height: float, width: float) -> list[Line]:
    lines: list[Line] = []
    for chunk in chunks:
        tolerance = max(2.0, 0.45 * chunk.size)
        for line in reversed(lines[-6:]):
            if abs(line.y - chunk.y) <= tolerance:
                line.chunks.append(chunk)
                break
        else:
            lines.append(Line(page, chunk.y, height, width, [chunk]))
    lines.sort(key=lambda ln: -ln.y)
    for line in lines:
        line.finish()
    return lines


def _cells(chunks: list[Chunk]) -> tuple[list[tuple[float, str]], str | None]:
    """Split a line into cells where the gap between runs is far wider than a space."""
    cells: list[tuple[float, str]] = []
    if len(chunks) == 1:
        text = " ".join(normalise_glyphs(chunks[0].text).split())
        return ([(chunks[0].x, text)] if text else []), None
    end = None
    last = len(chunks) - 1
    for k, c in enumerate(chunks):
        if cells and end is not None and c.x - end <= CELL_GAP_EMS * c.size:
            x0, text = cells[-1]
            sep = "" if text.endswith(" ") or c.text.startswith(" ") else " "
            cells[-1] = (x0, text + sep + c.text)
        else:
            cells.append((c.x, c.text))
        if k < last:  # measuring a run is only needed to find the gap before the next one
            end = max(end or 0.0, c.x + c.width)
    cells = [(x, " ".join(normalise_glyphs(t).split())) for x, t in cells if normalise_glyphs(t).strip()]
    label = None
    if len(cells) >= 2 and BARE_LABEL.match(cells[0][1]):
        label = cells[0][1]
        cells[0:2] = [(cells[0][0], cells[0][1] + " " + cells[1][1])]
    return cells, label


def _mark_furniture(pages: list[list[Line]]) -> None:
    """Running headers/footers: recurring at the same height near the page edge; page numbers;
    and small text in the outer margin band (a header on a one-page document)."""
    n = len(pages)
    sizes: Counter = Counter(round(ln.size) for lines in pages for ln in lines for _ in range(len(ln.text)))
    body_size = sizes.most_common(1)[0][0] if sizes else 10
    zone_counts: Counter = Counter()
    for lines in pages:
        keys = {_furniture_key(ln) for ln in _zone(lines)}
        zone_counts.update(keys)
    needed = max(2, math.ceil(0.3 * n))
    for lines in pages:
        for ln in _zone(lines):
            near_edge = ln.y > ln.page_height * (1 - FURNITURE_ZONE_SHARE) or ln.y < ln.page_height * FURNITURE_ZONE_SHARE
            if PAGE_NUMBER.match(ln.text) and near_edge:
                ln.role = "furniture"
            elif n >= 2 and zone_counts[_furniture_key(ln)] >= needed and near_edge:
                ln.role = "furniture"
            elif (ln.y > ln.page_height * (1 - MARGIN_BAND) or ln.y < ln.page_height * MARGIN_BAND) and (
                    ln.size < body_size - 0.5 or ln is lines[0] or ln is lines[-1]):
                ln.role = "furniture"


def _furniture_key(line: Line) -> tuple[str, int]:
    """Running headers and footers recur with the same text at the same height on the page."""
    return normalise_furniture(line.text), round(line.y / 6)


def _zone(lines: list[Line]) -> list[Line]:
    if len(lines) <= 2 * FURNITURE_ZONE_LINES:
        return lines
    return lines[:FURNITURE_ZONE_LINES] + lines[-FURNITURE_ZONE_LINES:]


def _mark_contents(pages: list[list[Line]]) -> None:
    for lines in pages:
        text_lines = [ln for ln in lines if ln.role == "text"]
        if not text_lines:
            continue
        titled = any(is_contents_title(ln.text) for ln in text_lines[:6])
        entries = [ln for ln in text_lines if TOC_LINE.match(ln.text) or (titled and TOC_LINE_LOOSE.match(ln.text))
                   or (titled and len(ln.cells) == 2 and ln.cells[-1][1].isdigit())]
        if (titled and len(entries) >= 2) or (len(entries) >= 5 and len(entries) >= 0.5 * len(text_lines)):
            for ln in entries:
                ln.role = "contents"
            for ln in text_lines[:6]:
                if is_contents_title(ln.text):
                    ln.role = "contents"


ROW_GAP_RATIO = 0.8  # a wrapped cell line sits closer below the line above than a new row does


def _mark_tables(lines: list[Line], spacing: float, carry: list[float] | None = None) -> list[float] | None:
    """Runs of lines whose cells start at the same x positions are table rows.

    `carry` holds the columns of a table that ran to the bottom of the previous page, so a
    single row at the top of this page is still recognised as part of it. Returns the
    columns of a table that runs to the bottom of this page, else None.
    """
    i = 0
    ends_table: list[float] | None = None
    while i < len(lines):
        if lines[i].role != "text" or len(lines[i].cells) < 2:
            i += 1
            continue
        columns = [x for x, _ in lines[i].cells]
        continues = i == 0 and carry is not None and _aligned_with(lines[i], carry)
        if continues:  # the table goes on from the previous page, with all its columns
            columns = sorted(set(columns) | set(carry))
        run = [i]
        j = i + 1
        while j < len(lines) and lines[j].role == "text":
            ln = lines[j]
            gap = lines[j - 1].y - ln.y
            if gap > 3.5 * spacing:
                break
            row_gaps = [lines[k - 1].y - lines[k].y for k in run[1:]]
            if len(ln.cells) < len(columns) and ln.cells and any(abs(ln.cells[0][0] - c) <= 6 for c in columns):
                _resplit(ln, columns)
            aligned = sum(any(abs(x - c) <= 6 for c in columns) for x, _ in ln.cells)
            if len(ln.cells) >= 2 and aligned >= min(2, len(ln.cells)):
                for x, _ in ln.cells:
                    if not any(abs(x - c) <= 6 for c in columns):
                        columns.append(x)
                run.append(j)
            elif len(ln.cells) >= 1 and aligned == len(ln.cells) and abs(ln.cells[0][0] - min(columns)) > 6:
                run.append(j)  # a wrapped cell continuing the row above
            elif len(ln.cells) == 1 and aligned == 1 and gap < ROW_GAP_RATIO * max(row_gaps, default=0):
                run.append(j)  # the first cell wrapped: as close below as a wrapped line, where rows are padded
            else:
                break
            j += 1
        rows = [k for k in run if len(lines[k].cells) >= 2]
        if len(rows) >= 2 or continues:
            for k in run:
                lines[k].role = "table" if k in rows else "table_continuation"
            if continues and abs(lines[i].cells[0][0] - min(columns)) > 6:
                lines[i].role = "table_continuation"  # a row broken across the page: its first column is empty here
            # Cells have padding, so a row starts further below the row above than a wrapped
            # line of the same cell does: where both gaps occur, the short ones continue a row.
            gaps = [lines[k - 1].y - lines[k].y for k in run[1:]]
            if len(gaps) >= 2 and min(gaps) < ROW_GAP_RATIO * max(gaps):
                threshold = (min(gaps) + max(gaps)) / 2
                for k, gap in zip(run[1:], gaps):
                    if gap < threshold:
                        lines[k].role = "table_continuation"
            lines[run[0]].columns = sorted(columns)
            ends_table = sorted(columns) if run[-1] == len(lines) - 1 else None
            i = run[-1] + 1
        else:
            i += 1
    return ends_table


def _resplit(line: Line, columns: list[float]) -> None:
    """Split a line of a table at its columns where a full cell left too small a gap to the next
    one for `_cells` to see ("Seven-minute briefing on neglect and Partnership business")."""
    cells: list[tuple[float, str]] = []
    for c in line.chunks:
        starts_column = any(abs(c.x - x) <= 6 for x in columns)
        if cells and not (starts_column and not any(abs(cells[-1][0] - x) <= 6 and abs(c.x - x) <= 6 for x in columns)):
            x0, text = cells[-1]
            sep = "" if text.endswith(" ") or c.text.startswith(" ") else " "
            cells[-1] = (x0, text + sep + c.text)
        else:
            cells.append((c.x, c.text))
    cells = [(x, " ".join(normalise_glyphs(t).split())) for x, t in cells if normalise_glyphs(t).strip()]
    if len(cells) > len(line.cells):
        line.cells = cells
        line.text = " ".join(t for _, t in cells).strip()


def _aligned_with(line: Line, columns: list[float]) -> bool:
    return all(any(abs(x - c) <= 6 for c in columns) for x, _ in line.cells)


def _assemble(pages: list[list[Line]], n_pages: int, source: str | None) -> Document:
    _mark_furniture(pages)
    _mark_contents(pages)
    body = [ln for lines in pages for ln in lines if ln.role == "text" and ln.text]
    sizes: Counter = Counter()
    for ln in body:
        sizes[ln.size] += len(ln.text)
    body_size = sizes.most_common(1)[0][0] if sizes else 10.0
    spacing = _line_spacing(pages, body_size)
    carry = None
    for lines in pages:
        carry = _mark_tables([ln for ln in lines if ln.role == "text"], spacing, carry)
    heading_sizes = sorted({ln.size for ln in body if ln.size >= body_size + 1.5 and len(words(ln.text)) <= 20}, reverse=True)
    size_levels = _levels_from_numbering(body)
    right_edge = _right_edge(body, body_size) or (max((ln.page_width for ln in body), default=0) - 90)
    body_bold_share = sum(len(ln.text) for ln in body if ln.bold) / max(1, sum(len(ln.text) for ln in body))

    builder = DocumentBuilder()
    all_lines = [ln for lines in pages for ln in lines if ln.role in ("text", "table", "table_continuation") and ln.cells]
    cur: dict | None = None
    table_id: int | None = None
    table_columns: list[float] = []
    prev_line: Line | None = None

    def flush():
        nonlocal cur
        if cur:
            builder.add(cur["kind"], cur["text"], cur["page"], cur["level"], cur["label"], cur["breaks"])
        cur = None

    for idx, ln in enumerate(all_lines):
        nxt = all_lines[idx + 1] if idx + 1 < len(all_lines) else None
        if ln.role in ("table", "table_continuation"):
            flush()
            cols = ln.columns
            if cols is not None:
                if table_id is None or len(cols) != len(table_columns) or (prev_line and prev_line.role not in ("table", "table_continuation")):
                    table_id = builder.new_table()
                table_columns = cols
            if ln.role == "table":
                cells = [""] * max(len(table_columns), 1)
                for x, t in ln.cells:
                    k = _column_index(table_columns, x)
                    cells[k] = (cells[k] + " " + t).strip()
                builder.add_row(cells, table_id if table_id is not None else builder.new_table(), ln.page)
            elif builder.last and builder.last.kind == "table_row":
                cells = list(builder.last.cells or ())
                for x, t in ln.cells:
                    k = _column_index(table_columns, x)
                    if k < len(cells):
                        cells[k] = (cells[k] + " " + t).strip()
                builder.replace_last_row(cells)
            prev_line = ln
            continue
        text = ln.text
        gap_before = _gap(prev_line, ln, spacing)
        gap_after = _gap(ln, nxt, spacing) if nxt else 99.0
        visual_heading = (ln.size >= body_size + 1.5 or (ln.bold and body_bold_share < 0.5)) and len(words(text)) <= 20 \
            and not SENTENCE_END.search(text.rstrip(":"))
        standalone = gap_before > 1.3 and gap_after > 1.3
        kind = classify_line(text, standalone=standalone or visual_heading)
        if ln.label and kind.kind == "paragraph" and not visual_heading:
            kind = LineKind("list_item", ln.label, 1, "bare")
        if kind.kind == "list_item" and kind.label_kind == "num" and ln.size >= body_size + 1.5 and visual_heading:
            kind = LineKind("heading", kind.label, 1)  # "8. Callum's letter to the review" in heading type
        if visual_heading and kind.kind != "list_item":
            level = kind.level if kind.label else size_levels.get(ln.size) or _size_level(ln.size, heading_sizes)
            if cur and cur["kind"] == "heading" and gap_before <= 1.6 and prev_line and abs(prev_line.size - ln.size) < 0.5:
                cur["text"] = join_lines(cur["text"], text)
            else:
                flush()
                cur = {"kind": "heading", "text": text, "page": ln.page, "level": level, "label": kind.label, "breaks": []}
        elif kind.kind == "heading" and not (cur and _continues(cur, prev_line, ln, gap_before, body_size, right_edge)):
            flush()
            cur = {"kind": "heading", "text": text, "page": ln.page, "level": kind.level, "label": kind.label, "breaks": []}
        elif kind.kind == "list_item" or (kind.label and kind.label_kind == "paragraph_number"):
            flush()
            cur = {"kind": kind.kind, "text": text, "page": ln.page, "level": kind.level, "label": kind.label, "breaks": []}
        elif cur and _continues(cur, prev_line, ln, gap_before, body_size, right_edge):
            if prev_line and ln.page != prev_line.page:
                cur["breaks"].append((len(cur["text"]) + 1, ln.page))
            cur["text"] = join_lines(cur["text"], text)
        else:
            flush()
            cur = {"kind": "paragraph", "text": text, "page": ln.page, "level": None, "label": None, "breaks": []}
        prev_line = ln
    flush()
    return builder.build("pdf", source=source, pages=n_pages)


def _column_index(columns: list[float], x: float) -> int:
    return min(range(len(columns)), key=lambda k: abs(columns[k] - x)) if columns else 0


def _line_spacing(pages: list[list[Line]], body_size: float) -> float:
    gaps = []
    for lines in pages:
        body = [ln for ln in lines if ln.role == "text" and abs(ln.size - body_size) < 0.6]
        for a, b in zip(body, body[1:]):
            d = a.y - b.y
            if 0 < d < 3 * body_size:
                gaps.append(d)
    return median(gaps) if gaps else body_size * 1.2


def _gap(a: Line | None, b: Line | None, spacing: float) -> float:
    """Vertical distance between two lines in units of ordinary line spacing (99 across pages)."""
    if a is None or b is None:
        return 99.0
    if a.page != b.page:
        return 99.0
    return (a.y - b.y) / spacing if spacing else 1.0


def _continues(cur: dict, prev: Line | None, ln: Line, gap_before: float, body_size: float,
               right_edge: float = 0.0) -> bool:
    if cur["kind"] not in ("paragraph", "list_item") or prev is None:
        return False
    if right_edge and prev.x1 < right_edge - 6 * body_size and SENTENCE_END.search(prev.text):
        return False  # the line before stopped well short of the margin at a full stop: paragraph ended
    if abs(prev.size - ln.size) >= 1.0:
        return False
    if prev.page != ln.page:
        ends = SENTENCE_END.search(cur["text"])
        return not ends or ln.text[:1].islower()
    if gap_before > 1.45:
        return False
    if LIST_LABEL.match(ln.text):
        return False
    return True


def _right_edge(body: list[Line], body_size: float) -> float:
    """Where full lines of body text end: the 90th percentile of line ends."""
    ends = sorted(ln.x1 for ln in body if abs(ln.size - body_size) < 0.6 and len(ln.cells) == 1)
    return ends[int(0.9 * (len(ends) - 1))] if len(ends) >= 12 else 0.0


def _levels_from_numbering(body: list[Line]) -> dict[float, int]:
    """Font size -> heading level, learnt from numbered headings ("2.1 The family" is level 2)."""
    votes: dict[float, Counter] = {}
    for ln in body:
        m = MULTI_NUMBER.match(ln.text) or SINGLE_NUMBER.match(ln.text)
        if m and len(words(ln.text)) <= 14 and not SENTENCE_END.search(ln.text):
            depth = m.group("label").rstrip(".").count(".") + 1
            votes.setdefault(ln.size, Counter())[depth] += 1
    return {size: c.most_common(1)[0][0] for size, c in votes.items()}


def _size_level(size: float, heading_sizes: list[float]) -> int:
    larger = [s for s in heading_sizes if s > size + 0.4]
    return min(len(larger) + 1, 4)

