"""DOCX reports via python-docx: the body in document order, tables included.

Word keeps automatic list numbers out of the paragraph text, so they are rebuilt here from
the numbering definitions (formats, level texts, start values and restarts) so that "1.",
"2.", "a)" are in the text exactly as the reader of the document sees them. Headers, footers,
comments, text boxes and tables of contents are left out.
"""
from __future__ import annotations

import io
import re
import zipfile

from ..errors import InputError
from ..settings import Limits
from ..types import Document
from .builder import DocumentBuilder
from .deadline import Deadline
from .structure import TOC_LINE, classify_line, is_contents_title

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = "{%s}" % W
NS = {"w": W}
_HEADING_STYLE = re.compile(r"^(?:heading|überschrift|titre)\s*(\d)$", re.IGNORECASE)
_TOC_STYLE = re.compile(r"^(?:toc|contents)\s*(?:\d|heading)|^toc heading$|^contents heading$", re.IGNORECASE)
_BULLET_GLYPHS = {"\uf0b7": "•", "\uf0a7": "▪", "\uf0d8": "➢", "\uf0fc": "✓", "o": "◦", "": "•"}


def check_zip_limits(data: bytes, limits: Limits) -> None:
    """Refuse a zip bomb from its declared sizes, before anything is inflated."""
    try:
        infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise InputError("damaged zip container: not a readable DOCX file") from None
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > limits.max_part_bytes:
            raise InputError(
                f"DOCX part {info.filename} would inflate to {info.file_size / 2**20:,.0f} MB "
                f"(limit {limits.max_part_mb:g} MB): refused as a possible zip bomb"
            )
    if total > 4 * limits.max_part_bytes:
        raise InputError(f"DOCX would inflate to {total / 2**20:,.0f} MB in all: refused as a possible zip bomb")


def read_docx(data: bytes, limits: Limits, limit: Deadline, source: str | None) -> Document:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    check_zip_limits(data, limits)
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise InputError(f"not a readable DOCX file ({exc.__class__.__name__})") from None
    except Exception as exc:  # lxml syntax errors and the like from a damaged part
        raise InputError(f"damaged DOCX file ({exc.__class__.__name__})") from None
    reader = _DocxReader(document, limit)
    reader.walk(document.element.body)
    return reader.builder.build("docx", source=source, pages=reader.pages)


class _Numbering:
    """Counters for Word's automatic numbering, keyed by abstract list as Word keeps them."""

    def __init__(self, document):
        self.levels: dict[str, dict[int, dict]] = {}
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}
        self.counters: dict[str, list[int | None]] = {}
        self.started_nums: set[str] = set()
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        for absn in root.findall(_W + "abstractNum"):
            aid = absn.get(_W + "abstractNumId")
            levels = {}
            for lvl in absn.findall(_W + "lvl"):
                levels[int(lvl.get(_W + "ilvl", "0"))] = _level_def(lvl)
            self.levels[aid] = levels
        for num in root.findall(_W + "num"):
            nid = num.get(_W + "numId")
            aid_el = num.find(_W + "abstractNumId")
            if aid_el is None:
                continue
            overrides = {}
            for ov in num.findall(_W + "lvlOverride"):
                ilvl = int(ov.get(_W + "ilvl", "0"))
                start = ov.find(_W + "startOverride")
                if start is not None:
                    overrides[ilvl] = int(start.get(_W + "val", "1"))
                lvl = ov.find(_W + "lvl")
                if lvl is not None:
                    self.levels.setdefault(f"{nid}/override", {})[ilvl] = _level_def(lvl)
            self.nums[nid] = (aid_el.get(_W + "val"), overrides)

    def label(self, num_id: str, ilvl: int) -> tuple[str, str] | None:
        """Advance the list and return (label, format) for a paragraph, or None if unnumbered."""
        if num_id not in self.nums:
            return None
        aid, overrides = self.nums[num_id]
        levels = dict(self.levels.get(aid, {}))
        levels.update(self.levels.get(f"{num_id}/override", {}))
        if ilvl not in levels:
            return None
        counters = self.counters.setdefault(aid, [None] * 9)
        if num_id not in self.started_nums:
            self.started_nums.add(num_id)
            for lv, start in overrides.items():
                counters[lv] = start - 1
                for deeper in range(lv + 1, 9):
                    counters[deeper] = None
        current = counters[ilvl]
        counters[ilvl] = levels[ilvl]["start"] if current is None else current + 1
        for deeper in range(ilvl + 1, 9):
            counters[deeper] = None
        fmt = levels[ilvl]["fmt"]
        if fmt == "none":
            return None
        if fmt == "bullet":
            glyph = levels[ilvl]["text"] or "•"
            return _BULLET_GLYPHS.get(glyph, glyph if glyph.isprintable() and not _private_use(glyph) else "•"), fmt

        def fill(match):
            lv = int(match.group(1)) - 1
            value = counters[lv] if counters[lv] is not None else levels.get(lv, {"start": 1})["start"]
            return _format_number(value, levels.get(lv, {"fmt": "decimal"})["fmt"])

        return re.sub(r"%(\d)", fill, levels[ilvl]["text"]).strip(), fmt


def _private_use(text: str) -> bool:
    return any(0xE000 <= ord(c) <= 0xF8FF for c in text)


def _level_def(lvl) -> dict:
    def val(tag, default):
        el = lvl.find(_W + tag)
        return el.get(_W + "val", default) if el is not None else default

    return {"fmt": val("numFmt", "decimal"), "text": val("lvlText", "%1."), "start": int(val("start", "1"))}


def _format_number(n: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        s = ""
        k = n
        while k > 0:
            k, r = divmod(k - 1, 26)
            s = chr(97 + r) + s
        s = s or "a"
        return s.upper() if fmt == "upperLetter" else s
    if fmt in ("lowerRoman", "upperRoman"):
        s = _roman(n)
        return s.upper() if fmt == "upperRoman" else s
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)


def _roman(n: int) -> str:
    out = ""
    for value, numeral in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
                           (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out += numeral
            n -= value
    return out


class _DocxReader:
    def __init__(self, document, limit: Deadline):
        self.document = document
        self.limit = limit
        self.numbering = _Numbering(document)
        self.builder = DocumentBuilder()
        self.styles = {s.style_id: s for s in document.styles if s.style_id}
        self.page = 1
        self.paginated = bool(document.element.body.findall(".//" + _W + "lastRenderedPageBreak"))
        self.pages = None
        self._count = 0

    def walk(self, body) -> None:
        for child in body.iterchildren():
            tag = child.tag
            if tag == _W + "p":
                self.paragraph(child)
            elif tag == _W + "tbl":
                self.table(child)
            elif tag == _W + "sdt":
                gallery = child.find(".//" + _W + "docPartGallery")
                if gallery is not None and "contents" in (gallery.get(_W + "val") or "").lower():
                    continue
                content = child.find(_W + "sdtContent")
                if content is not None:
                    self.walk(content)
        if self.paginated:
            self.pages = self.page

    def _tick(self) -> None:
        self._count += 1
        if self._count % 200 == 0:
            self.limit.check()

    def _style_chain(self, style_id: str | None):
        seen = set()
        while style_id and style_id in self.styles and style_id not in seen:
            seen.add(style_id)
            style = self.styles[style_id]
            yield style
            base = style.element.find(_W + "basedOn")
            style_id = base.get(_W + "val") if base is not None else None

    def paragraph(self, p) -> None:
        self._tick()
        page = self.page if self.paginated else None
        self.page += len(p.findall(".//" + _W + "lastRenderedPageBreak"))
        if self.paginated and p.find(".//" + _W + "lastRenderedPageBreak") is not None and not self._text_before_break(p):
            page = self.page
        text = paragraph_text(p)
        ppr = p.find(_W + "pPr")
        style_id = None
        if ppr is not None:
            ps = ppr.find(_W + "pStyle")
            style_id = ps.get(_W + "val") if ps is not None else None
        styles = list(self._style_chain(style_id or self._default_style_id()))
        names = [(s.name or "") for s in styles]
        if any(_TOC_STYLE.match(n) for n in names[:1]):
            return
        heading_level = self._heading_level(ppr, styles, names)
        numbered = self._numbering(ppr, styles)
        if not text.strip() or _is_contents_entry(text):
            return
        if numbered:
            label, fmt = numbered
            ilvl = self._ilvl(ppr, styles)
            full = f"{label} {text.strip()}" if label else text.strip()
            if heading_level:
                self.builder.add("heading", full, page, heading_level, label)
            else:
                self.builder.add("list_item", full, page, ilvl + 1, label)
            return
        if heading_level:
            kind = classify_line(text)
            self.builder.add("heading", text, page, heading_level, kind.label if kind.kind == "heading" else None)
            return
        # Unstyled paragraphs: a short, wholly bold, title-like line is a heading.
        kind = classify_line(text, standalone=self._all_bold(p, styles))
        self.builder.add(kind.kind, text, page, kind.level, kind.label)

    def _text_before_break(self, p) -> bool:
        for el in p.iter(_W + "t", _W + "lastRenderedPageBreak"):
            if el.tag == _W + "lastRenderedPageBreak":
                return False
            if (el.text or "").strip():
                return True
        return False

    def _default_style_id(self) -> str | None:
        for sid, style in self.styles.items():
            el = style.element
            if el.get(_W + "default") in ("1", "true") and el.get(_W + "type") == "paragraph":
                return sid
        return None

    def _heading_level(self, ppr, styles, names) -> int | None:
        if names and (names[0].lower() == "title"):
            return 1
        for name in names:
            m = _HEADING_STYLE.match(name)
            if m:
                return int(m.group(1))
        for el in ([ppr] if ppr is not None else []) + [s.element.find(_W + "pPr") for s in styles]:
            if el is None:
                continue
            ol = el.find(_W + "outlineLvl")
            if ol is not None:
                lvl = int(ol.get(_W + "val", "9"))
                if lvl < 9:
                    return lvl + 1
        return None

    def _numpr(self, ppr, styles):
        for el in ([ppr] if ppr is not None else []) + [s.element.find(_W + "pPr") for s in styles]:
            if el is None:
                continue
            numpr = el.find(_W + "numPr")
            if numpr is not None:
                return numpr
        return None

    def _ilvl(self, ppr, styles) -> int:
        numpr = self._numpr(ppr, styles)
        if numpr is not None:
            il = numpr.find(_W + "ilvl")
            if il is not None:
                return int(il.get(_W + "val", "0"))
        return 0

    def _numbering(self, ppr, styles):
        numpr = self._numpr(ppr, styles)
        if numpr is None:
            return None
        nid = numpr.find(_W + "numId")
        if nid is None:
            return None
        num_id = nid.get(_W + "val")
        if num_id in (None, "0"):
            return None
        return self.numbering.label(num_id, self._ilvl(ppr, styles))

    def _all_bold(self, p, styles) -> bool:
        style_bold = any(_on(s.element.find(f"{_W}rPr/{_W}b")) for s in styles)
        runs = [r for r in p.iter(_W + "r") if "".join(t.text or "" for t in r.iter(_W + "t")).strip()]
        if not runs:
            return False
        for r in runs:
            b = r.find(f"{_W}rPr/{_W}b")
            if not (_on(b) or (b is None and style_bold)):
                return False
        return True

    def table(self, tbl) -> None:
        self._tick()
        table_id = self.builder.new_table()
        for tr in tbl.findall(_W + "tr"):
            cells = []
            for tc in tr.findall(_W + "tc"):
                parts = [paragraph_text(p) for p in tc.iter(_W + "p")]
                cells.append(" ".join(x.strip() for x in parts if x.strip()))
            self.builder.add_row(cells, table_id, self.page if self.paginated else None)


def _is_contents_entry(text: str) -> bool:
    """A typed contents line ("3. Findings ........ 12") or the "Contents" title itself."""
    stripped = text.strip()
    return is_contents_title(stripped) or bool(TOC_LINE.match(stripped) and re.search(r"[.…]{4,}|\t", stripped))


def _on(el) -> bool:
    return el is not None and el.get(_W + "val", "true") not in ("0", "false", "off")


def paragraph_text(p) -> str:
    """Visible text of a w:p, leaving out text boxes, deleted text and field instructions."""
    out = []
    for el in p.iter(_W + "t", _W + "tab", _W + "br", _W + "cr", _W + "noBreakHyphen", _W + "txbxContent"):
        tag = el.tag
        if _inside_textbox(el, p):
            continue
        if tag == _W + "t":
            out.append(el.text or "")
        elif tag == _W + "noBreakHyphen":
            out.append("-")
        elif tag in (_W + "tab", _W + "cr"):
            out.append(" ")
        elif tag == _W + "br" and el.get(_W + "type") not in ("page", "column"):
            out.append(" ")
    return "".join(out)


def _inside_textbox(el, p) -> bool:
    parent = el.getparent()
    while parent is not None and parent is not p:
        if parent.tag == _W + "txbxContent":
            return True
        parent = parent.getparent()
    return False
