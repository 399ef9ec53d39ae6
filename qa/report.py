"""Assessments rendered for people and programs: JSON (CONTRACT.md schema 1), text, Markdown."""
from __future__ import annotations

import json

from . import checklist
from .types import Assessment, Block, CheckResult

SCHEMA_VERSION = "1"
STATUS_ORDER = {"error": 0, "fail": 1, "warn": 2, "pass": 3, "not_applicable": 4}
REPORT_TYPE_NAMES = {"rapid_review": "rapid review", "lcspr": "LCSPR", "scr": "serious case review", "unknown": "type not determined"}


STATUS_MARKS = {"fail": "❌ fail", "warn": "⚠️ warn", "pass": "✅ pass", "not_applicable": "n/a", "error": "error"}


def section_title(section_id: str | None) -> str:
    """A checklist section's title (lexicons/checklists/sections.yaml)."""
    if section_id is None:
        return "Other"
    return checklist.sections().get(section_id, section_id.replace("_", " ").capitalize())


def checks_by_section(checks) -> list[tuple[str | None, list[CheckResult]]]:
    """Checks grouped by checklist section in the checklist's section order, each group in check order."""
    order = list(checklist.sections())
    groups: dict[str | None, list[CheckResult]] = {}
    for c in checks:
        groups.setdefault(c.section, []).append(c)
    return sorted(groups.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else len(order))


def check_to_dict(check: CheckResult) -> dict:
    out = {
        "id": check.id,
        "title": check.title,
        "status": check.status,
        "message": check.message,
        "guidance": [{"source": g.source, "ref": g.ref} for g in check.guidance],
        "evidence": [
            {"text": e.text, "page": e.page, "start": e.start, "end": e.end, **({"note": e.note} if e.note else {})}
            for e in check.evidence
        ],
    }
    if check.metrics:
        out["metrics"] = check.metrics
    if check.section:
        out["section"] = check.section
    if check.outcome:
        out["outcome"] = check.outcome
    return out


def to_dict(assessment: Assessment, source: str | None = None) -> dict:
    doc = assessment.document
    stats = assessment.stats
    return {
        "schema_version": SCHEMA_VERSION,
        "source": source if source is not None else doc.source,
        "sha256": doc.sha256,
        "format": doc.format,
        "report_type": assessment.report_type,
        "report_type_confidence": assessment.report_type_confidence,
        "stats": {"pages": stats.pages, "words": stats.words, "sentences": stats.sentences, "headings": stats.headings},
        "metrics": dict(assessment.metrics),
        "checks": [check_to_dict(c) for c in sorted_checks(assessment.checks)],
        "score": assessment.score,
        "band": assessment.band,
        "warnings": list(assessment.warnings),
    }


def to_json(assessment: Assessment, source: str | None = None, indent: int | None = 2) -> str:
    return json.dumps(to_dict(assessment, source), indent=indent, ensure_ascii=False)


def sorted_checks(checks) -> list[CheckResult]:
    return sorted(checks, key=lambda c: STATUS_ORDER.get(c.status, 9))


def _page(p: int | None) -> str:
    return f"p.{p}" if p else "page n/a"


def _structure_lines(blocks: tuple[Block, ...], sections=(), limit: int = 60) -> list[str]:
    lines = []
    for i, b in enumerate(blocks):
        if b.kind == "heading":
            indent = "  " * max(0, (b.level or 1) - 1)
            page = f"  ({_page(b.page)})" if b.page else ""
            section = sections[i] if i < len(sections) and sections[i] else None
            read_as = f"  [{section.replace('_', ' ')}]" if section else ""
            lines.append(f"  {indent}{b.text}{page}{read_as}")
    if len(lines) > limit:
        lines = lines[:limit] + [f"  ... and {len(lines) - limit} more headings"]
    return lines


def render_text(assessment: Assessment, source: str | None = None) -> str:
    doc = assessment.document
    stats = assessment.stats
    name = source or doc.source or "(document)"
    kinds = {k: sum(1 for b in doc.blocks if b.kind == k) for k in ("list_item", "table_row")}
    pages = f"{stats.pages} pages" if stats.pages else "pages not known"
    out = [
        f"{name}",
        f"  {doc.format.upper()} · {pages} · {stats.words:,} words · {stats.sentences:,} sentences · "
        f"{stats.headings} headings · {kinds['list_item']} list items · {kinds['table_row']} table rows",
        f"  Report type: {REPORT_TYPE_NAMES.get(assessment.report_type, assessment.report_type)}",
    ]
    if assessment.score is not None:
        out.append(f"  Score: {assessment.score:.0f}/100 ({assessment.band})")
    out.append("")
    for check in sorted_checks(assessment.checks):
        out.extend(_check_text(check))
    out.append("Structure found (headings, and the section each was read as):")
    out.extend(_structure_lines(doc.blocks, assessment.sections) or ["  (no headings found)"])
    for w in assessment.warnings:
        out.append(f"  note: {w}")
    return "\n".join(out) + "\n"


def _check_text(check: CheckResult) -> list[str]:
    mark = {"fail": "FAIL", "warn": "WARN", "pass": "PASS", "not_applicable": "N/A ", "error": "ERR "}.get(check.status, check.status)
    lines = [f"[{mark}] {check.title} ({check.id})", f"       {check.message}"]
    for e in check.evidence[:5]:
        quote = e.text if len(e.text) <= 160 else e.text[:157] + "..."
        note = f" -> {e.note}" if e.note else ""
        lines.append(f"       \u201c{quote}\u201d ({_page(e.page)}, chars {e.start}-{e.end}){note}")
    if len(check.evidence) > 5:
        lines.append(f"       ... and {len(check.evidence) - 5} more")
    if check.guidance:
        lines.append("       Guidance: " + "; ".join(f"{g.source}, {g.ref}" for g in check.guidance))
    lines.append("")
    return lines


def render_markdown(assessment: Assessment, source: str | None = None) -> str:
    """The checklist as Markdown: a summary, then one table per checklist section."""
    doc = assessment.document
    stats = assessment.stats
    name = source or doc.source or "document"
    out = [f"# Review QA: {_md(name)}", ""]
    out.append(f"- Report type: {REPORT_TYPE_NAMES.get(assessment.report_type, assessment.report_type)}")
    out.append(f"- Pages: {stats.pages if stats.pages else 'not known'}; words: {stats.words:,}; "
               f"sentences: {stats.sentences:,}; headings: {stats.headings}")
    if assessment.score is not None:
        out.append(f"- Score: {assessment.score:.0f}/100 ({assessment.band})")
    counts = {s: sum(1 for c in assessment.checks if c.status == s) for s in ("fail", "warn", "pass", "not_applicable")}
    out.append(f"- Checks: {counts['fail']} fail, {counts['warn']} warn, {counts['pass']} pass, "
               f"{counts['not_applicable']} not applicable")
    out.append("")
    for section, checks in checks_by_section(assessment.checks):
        out += [f"## {_md(section_title(section))}", "", "| Status | Check | Finding | Evidence | Guidance |",
                "|---|---|---|---|---|"]
        for c in checks:
            guidance = "; ".join(f"{g.source}, {g.ref}" for g in c.guidance)
            evidence = "<br>".join(
                f"“{_md(e.text if len(e.text) <= 120 else e.text[:117] + '...')}”" + (f" (p.{e.page})" if e.page else "")
                for e in c.evidence[:2])
            out.append(f"| {STATUS_MARKS.get(c.status, c.status)} | {_md(c.title)} (`{c.id}`) | {_md(c.message)} | "
                       f"{evidence} | {_md(guidance)} |")
        out.append("")
    return "\n".join(out) + "\n"


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
