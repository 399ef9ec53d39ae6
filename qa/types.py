"""Every data type the tool passes between its parts, in one place.

Documents and findings are frozen: checks are pure functions of an analysed document, and
nothing downstream may change what ingestion read.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Any, Literal, get_args

BlockKind = Literal["heading", "paragraph", "list_item", "table_row"]
Status = Literal["pass", "warn", "fail", "not_applicable", "error"]
ReportType = Literal["rapid_review", "lcspr", "scr", "unknown"]
REPORT_TYPES: tuple[str, ...] = get_args(ReportType)
SourceFormat = Literal["pdf", "docx", "txt"]


@dataclass(frozen=True)
class Block:
    """One structural unit of a report, located in `Document.text` by `start`/`end`.

    `level` is the heading level (1 = top) for headings and the nesting level (1 = outermost)
    for list items. `label` is the list label ("1.", "a)", "•", "Recommendation 4:") or a
    paragraph number ("3.2"); it is also the start of `text`. `cells` holds the cells of a
    table row; `table` numbers the tables of a document from 0.
    """

    kind: BlockKind
    text: str
    start: int
    end: int
    page: int | None = None
    level: int | None = None
    label: str | None = None
    cells: tuple[str, ...] | None = None
    table: int | None = None

    @property
    def body(self) -> str:
        """The text without its label."""
        if self.label and self.text.startswith(self.label):
            return self.text[len(self.label):].lstrip()
        return self.text


@dataclass(frozen=True)
class Document:
    """What ingestion read from one file: the full text and its blocks.

    `page_starts[i]` is the offset in `text` where page i+1 begins (empty when pages are
    unknown, as for most TXT and DOCX input).
    """

    text: str
    blocks: tuple[Block, ...]
    format: SourceFormat
    source: str | None = None
    sha256: str | None = None
    pages: int | None = None
    page_starts: tuple[int, ...] = ()
    warnings: tuple[str, ...] = ()

    def page_at(self, offset: int) -> int | None:
        if not self.page_starts:
            return None
        return max(1, bisect.bisect_right(self.page_starts, offset))

    @property
    def headings(self) -> tuple[Block, ...]:
        return tuple(b for b in self.blocks if b.kind == "heading")


@dataclass(frozen=True)
class Guidance:
    source: str
    ref: str


@dataclass(frozen=True)
class Evidence:
    """A quoted span: `text == document.text[start:end]`."""

    text: str
    start: int
    end: int
    page: int | None = None
    note: str | None = None


@dataclass(frozen=True)
class CheckResult:
    id: str
    title: str
    status: Status
    message: str
    guidance: tuple[Guidance, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    metrics: dict = field(default_factory=dict)
    section: str | None = None  # checklist section (lexicons/checklists/sections.yaml)
    outcome: str | None = None  # which message the detector chose ("pass", "pass_none", "fail_absence" ...)


@dataclass(frozen=True)
class DocumentStats:
    pages: int | None
    words: int
    sentences: int
    headings: int
    blocks: int


@dataclass(frozen=True)
class Assessment:
    document: Document
    report_type: ReportType
    stats: DocumentStats
    checks: tuple[CheckResult, ...] = ()
    metrics: dict = field(default_factory=dict)
    score: float | None = None
    band: str | None = None  # red | amber | green
    report_type_confidence: float | None = None
    sections: tuple[str | None, ...] = ()  # canonical section of each block of the document
    warnings: tuple[str, ...] = ()  # e.g. a model missing, so a check used its rules only


@dataclass(frozen=True)
class AnalysedDocument:
    """A document with what every check needs, computed once: spaCy tokens and sentences,
    the canonical section of every block, and the report type. Checks are pure functions of
    this (and of the lexicons, which are fixed data)."""

    document: Document
    nlp: Any  # spacy.tokens.Doc over document.text
    report_type: ReportType = "unknown"
    report_type_confidence: float | None = None
    sections: tuple[str | None, ...] = ()  # canonical section of each block, parallel to blocks
    body: tuple[bool, ...] = ()  # whether each block is body text (not title, contents, glossary, appendix)
    sentences: tuple[Any, ...] = ()  # spaCy sentence spans with text
    # Readings two checks share (the LCSPR decision), computed once per document by whichever runs first.
    memo: dict = field(default_factory=dict, compare=False, repr=False)

    def block_index_at(self, offset: int) -> int | None:
        blocks = self.document.blocks
        lo, hi = 0, len(blocks) - 1
        while lo <= hi:
            mid = (lo + hi) // 2
            b = blocks[mid]
            if offset < b.start:
                hi = mid - 1
            elif offset >= b.end:
                lo = mid + 1
            else:
                return mid
        return None

    def section_at(self, offset: int) -> str | None:
        i = self.block_index_at(offset)
        return self.sections[i] if i is not None and i < len(self.sections) else None

    def evidence(self, start: int, end: int, note: str | None = None) -> Evidence:
        return Evidence(self.document.text[start:end], start, end, self.document.page_at(start), note)


@dataclass(frozen=True)
class LetterPoint:
    """One strength or area for development: the checklist item's letter sentence, what the
    check found, a quotation from the report, and the guidance it rests on."""

    check_id: str
    text: str
    specifics: str | None = None
    quote: Evidence | None = None
    guidance: tuple[Guidance, ...] = ()


@dataclass(frozen=True)
class Letter:
    """The feedback letter to a safeguarding partnership, before it is rendered."""

    date: str
    reference: str
    addressee: str
    subject: str
    salutation: str
    opening: str
    summary: str
    strengths: tuple[LetterPoint, ...]
    developments: tuple[LetterPoint, ...]
    decision: str | None
    next_steps: str
    closing: str
    signature: str
    disclaimer: str
    headings: dict = field(default_factory=dict)
    no_strengths: str = ""
    no_developments: str = ""
