"""Render the fictional sample reports from their sources, and complete their gold labels.

    .venv/bin/python corpus_samples/render.py [ID ...]

For each `sources/<id>.md` (markup in docs/corpus_spec.md) this writes the document in the
format its gold file names, made with real tools:
- DOCX with python-docx: heading styles, Word auto-numbered lists (numbers are not in the
  paragraph text), tables, a running header and a footer with a PAGE field;
- PDF: that DOCX converted by LibreOffice (`soffice --headless --convert-to pdf`);
- TXT: that PDF converted by poppler's `pdftotext`, so it carries running headers, page
  numbers and form feeds as text dumps of published reports do.
It also writes `chronology_ratio` / `chronology_heavy` into the gold file, computed from the
chronology and exclude markers of the source (words of non-heading blocks).

LibreOffice and poppler are needed only to re-render; the rendered files are committed.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCES = HERE / "sources"
sys.path.insert(0, str(HERE.parent))

from qa.corpus import HEAVY_THRESHOLD, Item, chronology_ratio, parse  # noqa: E402


# --- DOCX ---------------------------------------------------------------------------------

def build_docx(meta: dict, items: list[Item], path: Path) -> None:
    sys.path.insert(0, str(HERE.parent / "tests"))
    from docx import Document
    from docx.enum.text import WD_BREAK
    from docx.shared import Pt
    from fixture_docs import add_numbering, add_page_field, numbered

    doc = Document()
    doc.styles["Normal"].font.name = "Arial"
    doc.styles["Normal"].font.size = Pt(11)
    doc.styles["Normal"].paragraph_format.space_after = Pt(6)
    section = doc.sections[0]
    section.header.paragraphs[0].text = meta.get("running_header", "OFFICIAL - SENSITIVE")
    footer = section.footer.paragraphs[0]
    footer.text = f"{meta.get('partnership', '')}    Page ".lstrip()
    add_page_field(footer)
    if meta.get("title"):
        doc.add_heading(meta["title"], level=0)
    if meta.get("partnership"):
        doc.add_paragraph(meta["partnership"])
    num_id = None
    for it in items:
        if it.kind == "heading":
            doc.add_heading(it.text, level=min(it.level, 4))
        elif it.kind == "paragraph":
            doc.add_paragraph(it.text)
        elif it.kind == "list":
            if num_id is None or (it.level == 1 and it.restart):
                num_id = add_numbering(doc)
            numbered(doc, it.text, num_id, level=it.level - 1)
        elif it.kind == "bullet":
            doc.add_paragraph(it.text, style="List Bullet" if it.level == 1 else "List Bullet 2")
        elif it.kind == "table":
            cols = max(len(r) for r in it.rows)
            table = doc.add_table(rows=0, cols=cols)
            table.style = "Table Grid"
            table.autofit = False
            widths = _column_widths(it.rows, cols)
            for c, column in enumerate(table.columns):
                column.width = widths[c]
            for r, row in enumerate(it.rows):
                cells = table.add_row().cells
                for c, value in enumerate(row):
                    cells[c].text = value
                    cells[c].width = widths[c]
                    if r == 0:
                        for run in cells[c].paragraphs[0].runs:
                            run.bold = True
            doc.add_paragraph("")
        elif it.kind == "pagebreak":
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    doc.save(path)


def _column_widths(rows: list[list[str]], cols: int):
    """Short columns (dates, numbers, agencies) as wide as their longest entry, so they do not
    wrap; the rest of the 16 cm shared among the long columns, as an author would set them."""
    from docx.shared import Cm

    longest = [max((len(r[c]) for r in rows if c < len(r)), default=3) for c in range(cols)]
    short = [n <= 24 for n in longest]
    widths = [min(n, 24) * 0.2 + 0.5 if is_short else 0.0 for n, is_short in zip(longest, short)]
    rest = max(16.0 - sum(widths), 3.0)
    long_total = sum(n for n, is_short in zip(longest, short) if not is_short) or 1
    widths = [w if is_short else max(3.0, rest * n / long_total) for w, n, is_short in zip(widths, longest, short)]
    return [Cm(w) for w in widths]


def render(report_id: str) -> dict:
    source = (SOURCES / f"{report_id}.md").read_text(encoding="utf-8")
    gold_path = HERE / f"{report_id}.gold.json"
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    meta, items = parse(source)
    ratio, body_words = chronology_ratio(items)
    gold["chronology_ratio"] = round(ratio, 3)
    gold["chronology_heavy"] = ratio > HEAVY_THRESHOLD
    gold["body_words"] = body_words
    fmt = gold["format"]
    for old in HERE.glob(f"{report_id}.*"):
        if old.suffix in (".pdf", ".docx", ".txt") and old.suffix != f".{fmt}":
            old.unlink()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        docx_path = tmp / f"{report_id}.docx"
        build_docx(meta, items, docx_path)
        if fmt == "docx":
            shutil.copy(docx_path, HERE / f"{report_id}.docx")
        else:
            subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp), str(docx_path)],
                           check=True, capture_output=True, timeout=300)
            pdf = tmp / f"{report_id}.pdf"
            if fmt == "pdf":
                shutil.copy(pdf, HERE / f"{report_id}.pdf")
            else:
                subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(pdf), str(HERE / f"{report_id}.txt")],
                               check=True, capture_output=True, timeout=300)
    gold_path.write_text(json.dumps(gold, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return gold


def main(argv: list[str]) -> None:
    ids = argv or sorted(p.stem for p in SOURCES.glob("*.md"))
    for report_id in ids:
        gold = render(report_id)
        print(f"{report_id}: {gold['format']}, chronology {gold['chronology_ratio']:.2f}, body {gold['body_words']} words")


if __name__ == "__main__":
    main(sys.argv[1:])
