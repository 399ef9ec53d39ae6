"""`assess()`: the one pipeline every entry point calls (CLI, batch, Streamlit, tests)."""
from __future__ import annotations

from . import models
from .nlp import analyse
from .report_type import detect_report_type
from .runner import run_checks
from .scoring import band, score
from .sections import map_sections
from .stats import document_stats
from .types import REPORT_TYPES, AnalysedDocument, Assessment, Document



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
    if wanted == "auto":
        detected, confidence = detect_report_type(document.text)
    else:
        detected, confidence = wanted, 1.0
    nlp_doc = analyse(document.text)
    sections, body = map_sections(document)
    return AnalysedDocument(
        document=document,
        nlp=nlp_doc,
        report_type=detected,
        report_type_confidence=confidence,
        sections=sections,
        body=body,
        sentences=tuple(s for s in nlp_doc.sents if s.text.strip()),
    )


# Figures lifted from checks into the report's top-level `metrics`: check id -> {metric: name in metrics}.
TOP_LEVEL_METRICS = {
    "recommendation_count": {"recommendation_count": "recommendation_count"},
    "chronology": {"chronology_ratio": "chronology_ratio"},
    "readability": {"flesch_reading_ease": "flesch_reading_ease", "flesch_kincaid_grade": "flesch_kincaid_grade",
                    "long_sentence_share": "long_sentence_share", "passive_share": "passive_share",
                    "by_section": "readability_by_section"},
    "acronyms": {"undefined": "acronyms_undefined"},
    "length": {"pages": "length_pages"},
}


def collect_metrics(checks) -> dict:
    metrics = {"recommendation_count": 0}
    for c in checks:
        for key, name in TOP_LEVEL_METRICS.get(c.id, {}).items():
            if key in c.metrics:
                metrics[name] = c.metrics[key]
    return metrics


def assess(document: Document, report_type: str = "auto") -> Assessment:
    analysed = analyse_document(document, report_type)
    checks = run_checks(analysed)
    total = score(checks)
    return Assessment(
        document=document,
        report_type=analysed.report_type,
        report_type_confidence=analysed.report_type_confidence,
        stats=document_stats(analysed),
        checks=checks,
        metrics=collect_metrics(checks),
        score=total,
        band=band(total, checks),
        sections=analysed.sections,
        warnings=tuple(document.warnings) + tuple(models.WARNINGS),
    )
