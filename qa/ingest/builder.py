"""Assembles blocks into a Document, computing every offset in one place."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..types import Block, Document

BLOCK_SEPARATOR = "\n\n"
ROW_SEPARATOR = "\n"
CELL_SEPARATOR = " | "


@dataclass
class _Pending:
    kind: str
    text: str
    page: int | None
    level: int | None
    label: str | None
    cells: tuple[str, ...] | None
    table: int | None
    page_breaks: list[tuple[int, int]] = field(default_factory=list)


class DocumentBuilder:
    """Collects blocks in reading order; `build()` lays out the text and the offsets.

    A block that runs over a page boundary records `(offset_in_its_text, new_page)` in
    `page_breaks`, so that `Document.page_at` is right for every character.
    """

    def __init__(self) -> None:
        self._blocks: list[_Pending] = []
        self._tables = 0

    def __len__(self) -> int:
        return len(self._blocks)

    @property
    def last(self) -> _Pending | None:
        return self._blocks[-1] if self._blocks else None

    def add(self, kind, text, page=None, level=None, label=None, page_breaks=None) -> None:
        text = " ".join(text.split()) if kind != "table_row" else text
        if not text:
            return
        self._blocks.append(_Pending(kind, text, page, level, label, None, None, list(page_breaks or [])))

    def new_table(self) -> int:
        self._tables += 1
        return self._tables - 1

    def add_row(self, cells, table: int, page=None) -> None:
        cells = tuple(" ".join(c.split()) for c in cells)
        if not any(cells):
            return
        self._blocks.append(_Pending("table_row", CELL_SEPARATOR.join(cells), page, None, None, cells, table))

    def replace_last_row(self, cells) -> None:
        """Rewrite the cells of the last table row (a wrapped cell continued on the next line)."""
        last = self._blocks[-1]
        cells = tuple(" ".join(c.split()) for c in cells)
        last.cells, last.text = cells, CELL_SEPARATOR.join(cells)

    def build(self, fmt, source=None, sha256=None, pages=None, warnings=()) -> Document:
        parts: list[str] = []
        blocks: list[Block] = []
        page_marks: list[tuple[int, int]] = []
        pos = 0
        prev = None
        for p in self._blocks:
            if prev is not None:
                sep = ROW_SEPARATOR if (p.kind == "table_row" and prev.kind == "table_row" and p.table == prev.table) else BLOCK_SEPARATOR
                parts.append(sep)
                pos += len(sep)
            start = pos
            parts.append(p.text)
            pos += len(p.text)
            blocks.append(Block(p.kind, p.text, start, pos, p.page, p.level, p.label, p.cells, p.table))
            if p.page is not None:
                page_marks.append((start, p.page))
                page_marks.extend((start + off, pg) for off, pg in p.page_breaks)
            prev = p
        page_starts: list[int] = []
        if pages:
            for page in range(1, pages + 1):
                first = next((off for off, pg in page_marks if pg >= page), pos)
                page_starts.append(first)
            for i in range(1, len(page_starts)):
                page_starts[i] = max(page_starts[i], page_starts[i - 1])
        return Document(
            text="".join(parts),
            blocks=tuple(blocks),
            format=fmt,
            source=source,
            sha256=sha256,
            pages=pages,
            page_starts=tuple(page_starts),
            warnings=tuple(warnings),
        )
