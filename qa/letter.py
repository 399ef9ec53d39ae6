"""The feedback letter in the Panel's register (`review-qa letter`, the app's download).

`compose()` turns an Assessment into a `Letter`: thanks and context for the report type, an
overall judgement from the band, what the review does well (passing checks, highest weight
first, each with a quotation), areas for development in priority order (fails before warns,
then weight), each citing its guidance, and for a rapid review a comment on the LCSPR decision.
Every sentence comes from lexicons/letter.yaml or from the checklist items' `letter` wording;
this module only chooses and orders them. Rendered as Markdown or as a DOCX (python-docx).
"""
from __future__ import annotations

import datetime as dt
import io
import re
from functools import lru_cache

from . import checklist
from .errors import LexiconError
from .settings import read_yaml
from .types import REPORT_TYPES, Assessment, CheckResult, Evidence, Letter, LetterPoint

FILE = "letter.yaml"
REQUIRED = {
    "why", "source", "limits", "partnership_cues", "addressee_default", "report_names", "subject", "reference",
    "salutation", "opening", "summary", "score_note", "headings", "no_strengths", "no_developments",
    "evidence_intro", "specifics_intro", "guidance_intro", "decision", "next_steps", "closing", "signature",
    "disclaimer", "not_strengths", "plain_outcomes", "guidance_cited",
}
DECISION_KEYS = ("proceed_clear", "not_proceed_clear", "proceed_unclear", "not_proceed_unclear", "unclear", "missing")
HEADING_KEYS = ("strengths", "developments", "decision", "next_steps")
# How reviews name their subject: "Child X", "Baby T", "Children A and B" (a naming convention, not a term list)
_SUBJECT = re.compile(r"\b(?:Child|Baby|Children|Young Person) [A-Z]{1,2}\b(?: and [A-Z]{1,2}\b)?")
_TITLE_CHARS = 3000


@lru_cache(maxsize=1)
def wording() -> dict:
    data = read_yaml(FILE) or {}
    if not isinstance(data, dict):
        raise LexiconError(FILE, None, "must be a mapping")
    missing = REQUIRED - data.keys()
    if missing:
        raise LexiconError(FILE, None, f"missing {sorted(missing)}")
    unknown = data.keys() - REQUIRED
    if unknown:
        raise LexiconError(FILE, None, f"unknown key(s) {sorted(unknown)}")
    for key, needed in (("opening", REPORT_TYPES), ("report_names", REPORT_TYPES), ("summary", ("green", "amber", "red")),
                        ("decision", DECISION_KEYS), ("headings", HEADING_KEYS),
                        ("limits", ("strengths", "developments", "quote_chars"))):
        absent = set(needed) - set(data[key] or {})
        if absent:
            raise LexiconError(FILE, key, f"missing {sorted(absent)}")
    return data


def _day(when: dt.date) -> str:
    return f"{when.day} {when:%B %Y}"


def _addressee(text: str, w: dict) -> str:
    """The partnership named on the title page: the capitalised words just before a cue such as
    "Safeguarding Children Partnership", the cue itself written as a name (title case)."""
    head = text[:_TITLE_CHARS]
    lower = head.lower()
    for cue in w["partnership_cues"]:
        start = 0
        while (at := lower.find(cue.lower(), start)) >= 0:
            start = at + 1
            written = head[at:at + len(cue)]
            if not all(word[:1].isupper() for word in written.split() if word not in ("and", "of")):
                continue  # "commissioned by the safeguarding children partnership": not a name
            line_start = head.rfind("\n", 0, at) + 1
            name = []
            for word in reversed(head[line_start:at].split()[-4:]):
                if not word[:1].isupper():
                    break
                name.insert(0, word)
            if name and name[0] == "The":
                name = name[1:]
            if name:
                return " ".join(name + [written])
    return w["addressee_default"]


def _subject_child(text: str) -> str | None:
    m = _SUBJECT.search(text[:_TITLE_CHARS])
    return m.group(0) if m else None


def _quote(e: Evidence, limit: int) -> str:
    text = " ".join(e.text.split())
    if len(text) > limit:
        cut = text.rfind(" ", 0, limit)
        text = text[:cut if cut > 0 else limit] + " ..."
    where = f" (page {e.page})" if e.page else ""
    return f"\u201c{text}\u201d{where}"


@lru_cache(maxsize=1)
def _order() -> dict[str, int]:
    return {it["id"]: n for n, it in enumerate(checklist.items())}


def _priority(c: CheckResult) -> tuple:
    return (0 if c.status == "fail" else 1, -float(checklist.item(c.id)["weight"]), _order()[c.id])


def _point(c: CheckResult, key: str, development: bool) -> LetterPoint:
    w = wording()
    item = checklist.item(c.id)
    plain = c.outcome in w["plain_outcomes"] and not c.evidence
    return LetterPoint(
        check_id=c.id,
        text=item["letter"][key],
        specifics=c.message if development and not plain else None,
        quote=c.evidence[0] if c.evidence else None,
        guidance=c.guidance[: int(w["guidance_cited"])],
    )


def _decision(assessment: Assessment, w: dict) -> str | None:
    if assessment.report_type != "rapid_review":
        return None
    check = next((c for c in assessment.checks if c.id == "lcspr_decision"), None)
    if check is None or check.status in ("not_applicable", "error"):
        return None
    direction = check.metrics.get("decision")
    if check.status == "fail" or direction is None:
        return w["decision"]["missing"]
    if direction not in ("proceed", "not_proceed"):
        return w["decision"]["unclear"]
    return w["decision"][f"{direction}_{'clear' if check.status == 'pass' else 'unclear'}"]


def compose(assessment: Assessment, date: dt.date | None = None) -> Letter:
    w = wording()
    when = date or dt.date.today()
    text = assessment.document.text
    child = _subject_child(text)
    about = f" for {child}" if child else ""
    rtype = assessment.report_type if assessment.report_type in REPORT_TYPES else "unknown"
    addressee = _addressee(text, w)
    known = {it["id"] for it in checklist.items()}
    checks = [c for c in assessment.checks if c.id in known]
    passes = sorted((c for c in checks if c.status == "pass" and c.outcome not in w["not_strengths"]), key=_priority)
    gaps = sorted((c for c in checks if c.status in ("fail", "warn")), key=_priority)
    limits = w["limits"]
    score_note = w["score_note"].format(score=assessment.score) if assessment.score is not None else ""
    band = assessment.band or "amber"
    return Letter(
        date=_day(when),
        reference=w["reference"].format(sha=(assessment.document.sha256 or "0" * 8)[:8], date=_day(when)),
        addressee=addressee,
        subject=w["subject"].format(report_name=w["report_names"][rtype], about=about),
        salutation=w["salutation"].format(addressee=addressee),
        opening=" ".join(w["opening"][rtype].format(about=about).split()),
        summary=w["summary"][band].format(score_note=score_note),
        strengths=tuple(_point(c, "strength", False) for c in passes[: int(limits["strengths"])]),
        developments=tuple(_point(c, "development", True) for c in gaps[: int(limits["developments"])]),
        decision=_decision(assessment, w),
        next_steps=" ".join(w["next_steps"].split()),
        closing=w["closing"],
        signature=w["signature"],
        disclaimer=" ".join(w["disclaimer"].split()),
        headings=dict(w["headings"]),
        no_strengths=w["no_strengths"],
        no_developments=w["no_developments"],
    )


def _guidance_text(point: LetterPoint) -> str:
    return "; ".join(f"{g.source}, {g.ref}" for g in point.guidance)


def point_sentences(point: LetterPoint, development: bool) -> str:
    """A point as one paragraph: the letter sentence, what was found, an example, the guidance."""
    w = wording()
    parts = [point.text]
    if development and point.specifics:
        parts.append(w["specifics_intro"] + point.specifics)
    if point.quote is not None:
        parts.append(w["evidence_intro"] + _quote(point.quote, int(w["limits"]["quote_chars"])))
    if development and point.guidance:
        parts.append(f"({w['guidance_intro']}{_guidance_text(point)}.)")
    return " ".join(parts)


def _md(text: str) -> str:
    return re.sub(r"([\\`*_\[\]<>#|])", r"\\\1", text)


def _point_sections(letter: Letter):
    """(heading, paragraphs, numbered, text when there are none) for strengths, then developments."""
    h = letter.headings
    yield h["strengths"], [point_sentences(p, False) for p in letter.strengths], False, letter.no_strengths
    yield h["developments"], [point_sentences(p, True) for p in letter.developments], True, letter.no_developments


def letter_markdown(assessment: Assessment, date: dt.date | None = None) -> str:
    letter = compose(assessment, date)
    h = letter.headings
    out = [f"**{_md(letter.reference)}**", "", f"To: {_md(letter.addressee)}", "", f"# {_md(letter.subject)}", "",
           _md(letter.salutation), "", _md(letter.opening), "", _md(letter.summary)]
    for heading, points, numbered, none in _point_sections(letter):
        out += ["", f"## {heading}", ""]
        out += [f"{f'{n}.' if numbered else '-'} {_md(text)}" for n, text in enumerate(points, 1)] or [_md(none)]
    if letter.decision:
        out += ["", f"## {h['decision']}", "", _md(letter.decision)]
    out += ["", f"## {h['next_steps']}", "", _md(letter.next_steps), "", letter.closing, "", letter.signature, "",
            "---", "", f"*{_md(letter.disclaimer)}*", ""]
    return "\n".join(out)


def letter_docx(assessment: Assessment, date: dt.date | None = None) -> bytes:
    from docx import Document as DocxDocument
    from docx.shared import Pt

    letter = compose(assessment, date)
    h = letter.headings
    doc = DocxDocument()
    doc.core_properties.title = letter.subject
    doc.core_properties.author = letter.signature
    doc.add_paragraph(letter.reference)
    doc.add_paragraph(f"To: {letter.addressee}")
    doc.add_heading(letter.subject, level=1)
    for text in (letter.salutation, letter.opening, letter.summary):
        doc.add_paragraph(text)
    for heading, points, numbered, none in _point_sections(letter):
        doc.add_heading(heading, level=2)
        for text in points:
            doc.add_paragraph(text, style="List Number" if numbered else "List Bullet")
        if not points:
            doc.add_paragraph(none)
    if letter.decision:
        doc.add_heading(h["decision"], level=2)
        doc.add_paragraph(letter.decision)
    doc.add_heading(h["next_steps"], level=2)
    doc.add_paragraph(letter.next_steps)
    doc.add_paragraph(letter.closing)
    doc.add_paragraph(letter.signature)
    note = doc.add_paragraph()
    run = note.add_run(letter.disclaimer)
    run.italic = True
    run.font.size = Pt(9)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
