"""Builds real test documents with real tools: python-docx for DOCX, reportlab and pypdf for PDF.

`python tests/fixture_docs.py` also writes `tests/fixtures/report.docx`, which
`tests/fixtures/make_pdf.sh` converts to `tests/fixtures/report_libreoffice.pdf` with
LibreOffice (committed, because CI has no LibreOffice).
"""
from __future__ import annotations

import sys
from pathlib import Path

from docx import Document as new_docx
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

FIXTURES = Path(__file__).parent / "fixtures"

INTRO = (
    "This rapid review concerns Child L, a four-year-old White British girl who was admitted to "
    "hospital in March 2024 with a head injury that could not be explained by her carers. The "
    "review was commissioned by the three safeguarding partners and considers multi-agency "
    "practice between June 2023 and March 2024."
)
BACKGROUND = (
    "Child L lived with her mother, her mother's partner and two older half-siblings. Her "
    "mother described her as a lively child who loved the park and drawing with chalk. Child L "
    "told her nursery key worker that she was 'scared when the shouting starts'. The family had "
    "moved house three times in eighteen months and were known to early help services."
)
ANALYSIS = (
    "Practitioners did not consistently ask why Child L's attendance at nursery fell in the "
    "autumn term. Information held by the health visiting service about the mother's partner "
    "was not shared with children's social care, and the multi-agency safeguarding hub did not "
    "seek it. Professional curiosity about the partner's role in the household was limited."
)
CHRONOLOGY = [
    ("Date", "Agency", "Event"),
    ("14 June 2023", "Health visiting", "Routine review; Child L seen with her mother at home."),
    ("2 October 2023", "Police", "Domestic abuse incident reported by a neighbour; no further action."),
    ("9 January 2024", "Nursery", "Bruise to forearm noted and recorded; explanation accepted."),
]
RECOMMENDATIONS = [
    "The partnership should commission training on professional curiosity for early help staff.",
    "The ICB should ensure health visitors share information about new adults in the household.",
    "Police should notify the nursery of domestic abuse incidents within 24 hours.",
]
SUB_POINTS = ["including the mother's partner", "and record the outcome on the child's file"]
GROUP_TWO = [
    "Children's social care should audit the quality of MASH decisions on repeat referrals.",
    "The partnership should report progress on these recommendations within six months.",
]


def _numbering_root(document):
    return document.part.numbering_part.element


def add_numbering(document, restart_from: int | None = None) -> int:
    """Add a two-level list definition ("1." then "a)") and return its w:num id.

    With `restart_from`, add a new w:num pointing at the same abstract list with a
    startOverride, which is how Word restarts numbering for a second group.
    """
    root = _numbering_root(document)
    abstract_ids = [int(a.get(qn("w:abstractNumId"))) for a in root.findall(qn("w:abstractNum"))]
    num_ids = [int(n.get(qn("w:numId"))) for n in root.findall(qn("w:num"))]
    new_num = max(num_ids + [0]) + 1
    if restart_from is None:
        abstract_id = max(abstract_ids + [0]) + 1
        absn = OxmlElement("w:abstractNum")
        absn.set(qn("w:abstractNumId"), str(abstract_id))
        for ilvl, (fmt, text) in enumerate([("decimal", "%1."), ("lowerLetter", "%2)")]):
            lvl = OxmlElement("w:lvl")
            lvl.set(qn("w:ilvl"), str(ilvl))
            for tag, val in (("w:start", "1"), ("w:numFmt", fmt), ("w:lvlText", text)):
                el = OxmlElement(tag)
                el.set(qn("w:val"), val)
                lvl.append(el)
            ppr = OxmlElement("w:pPr")
            ind = OxmlElement("w:ind")
            ind.set(qn("w:left"), str(720 * (ilvl + 1)))
            ind.set(qn("w:hanging"), "360")
            ppr.append(ind)
            lvl.append(ppr)
            absn.append(lvl)
        first_num = root.find(qn("w:num"))
        if first_num is not None:
            first_num.addprevious(absn)
        else:
            root.append(absn)
    else:
        abstract_id = restart_from
    num = OxmlElement("w:num")
    num.set(qn("w:numId"), str(new_num))
    ref = OxmlElement("w:abstractNumId")
    ref.set(qn("w:val"), str(abstract_id))
    num.append(ref)
    if restart_from is not None:
        override = OxmlElement("w:lvlOverride")
        override.set(qn("w:ilvl"), "0")
        start = OxmlElement("w:startOverride")
        start.set(qn("w:val"), "1")
        override.append(start)
        num.append(override)
    root.append(num)
    return new_num


def abstract_of(document, num_id: int) -> int:
    for num in _numbering_root(document).findall(qn("w:num")):
        if num.get(qn("w:numId")) == str(num_id):
            return int(num.find(qn("w:abstractNumId")).get(qn("w:val")))
    raise KeyError(num_id)


def numbered(document, text: str, num_id: int, level: int = 0):
    p = document.add_paragraph(text, style="List Paragraph" if "List Paragraph" in [s.name for s in document.styles] else None)
    ppr = p._p.get_or_add_pPr()
    numpr = OxmlElement("w:numPr")
    ilvl = OxmlElement("w:ilvl")
    ilvl.set(qn("w:val"), str(level))
    nid = OxmlElement("w:numId")
    nid.set(qn("w:val"), str(num_id))
    numpr.append(ilvl)
    numpr.append(nid)
    ppr.append(numpr)
    return p


def add_page_field(paragraph) -> None:
    """A real PAGE field, as Word writes it, so the footer shows the page number."""
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    number = OxmlElement("w:t")
    number.text = "1"
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    for el in (begin, instr, separate, number, end):
        run._r.append(el)


def build_report_docx(path: Path, pages_of_filler: int = 2) -> Path:
    """A short rapid review with every structure ingestion must keep or drop."""
    doc = new_docx()
    section = doc.sections[0]
    section.header.paragraphs[0].text = "OFFICIAL - SENSITIVE"
    footer = section.footer.paragraphs[0]
    footer.text = "Rapid review: Child L    Page "
    add_page_field(footer)

    doc.add_heading("Rapid Review: Child L", level=0)
    doc.add_heading("1. Introduction", level=1)
    intro = doc.add_paragraph(INTRO)
    try:
        doc.add_comment(intro.runs, text="Reviewer comment: check the dates", author="Reviewer", initials="RV")
    except AttributeError:  # python-docx before 1.2 has no comments API
        pass
    doc.add_heading("2. Background", level=1)
    doc.add_heading("2.1 The family", level=2)
    doc.add_paragraph(BACKGROUND)
    for _ in range(pages_of_filler):
        doc.add_paragraph(ANALYSIS)
    doc.add_heading("3. Chronology of agency involvement", level=1)
    table = doc.add_table(rows=0, cols=3)
    table.style = "Table Grid"
    for row in CHRONOLOGY:
        cells = table.add_row().cells
        for cell, value in zip(cells, row):
            cell.text = value
    doc.add_heading("4. Analysis", level=1)
    for _ in range(pages_of_filler):
        doc.add_paragraph(ANALYSIS)
    doc.paragraphs[-1].runs[-1].add_break(WD_BREAK.PAGE)
    doc.add_heading("5. Recommendations", level=1)
    first = add_numbering(doc)
    for i, rec in enumerate(RECOMMENDATIONS):
        numbered(doc, rec, first)
        if i == 0:
            for sub in SUB_POINTS:
                numbered(doc, sub, first, level=1)
    doc.add_heading("Recommendations for strategic leaders", level=2)
    second = add_numbering(doc, restart_from=abstract_of(doc, first))
    for rec in GROUP_TWO:
        numbered(doc, rec, second)
    doc.add_paragraph("Signed off by the three safeguarding partners.")
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(path)
    return path


if __name__ == "__main__":
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else FIXTURES / "report.docx"
    build_report_docx(out)
    print(out)
