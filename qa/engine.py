"""`assess()`: the one pipeline every entry point calls (CLI, batch, Streamlit, tests)."""
from __future__ import annotations

from .nlp import analyse
from .stats import document_stats
from .types import AnalysedDocument, Assessment, Document

REPORT_TYPES = ("rapid_review", "lcspr", "scr", "unknown")


def normalise_report_type(value: str | None) -> str:
    if value in (None, "", "auto"):
        return "auto"
    v = value.strip().lower().replace("-", "_").replace(" ", "_")
    if v in ("rr", "rapid"):
        v = "rapid_review"
    if v not in REPORT_TYPES:
        raise ValueError(f"unknown report type {value!r}: use auto, rapid-review, lcspr or scr")
    return v


def analyse_document(document: Document, report_type: str = "auto") -> AnalysedDocument:
    wanted = normalise_report_type(report_type)
    return AnalysedDocument(
        document=document,
        nlp=analyse(document.text),
        report_type="unknown" if wanted == "auto" else wanted,
    )


def assess(document: Document, report_type: str = "auto") -> Assessment:
    analysed = analyse_document(document, report_type)
    return Assessment(
        document=document,
        report_type=analysed.report_type,
        stats=document_stats(analysed),
        checks=(),
        metrics={},
        score=None,
    )
