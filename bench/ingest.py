"""Ingestion speed: pypdf's raw text extraction alone vs `load_document` on the same PDFs.

    .venv/bin/python bench/ingest.py [--pages 300] [--repeat 3]

Uses the PDFs in corpus_samples/ and tests/fixtures/ plus generated reports (reportlab, with
running headers, footers, headings, lists and tables) until the page total is reached.
Prints pages/second for both and the ratio (the target is at most 1.3x).
"""
from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DATA = ROOT / "bench" / "_data"


def generated_report(path: Path, sections: int) -> Path:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import ListFlowable, ListItem, Paragraph, SimpleDocTemplate, Table

    ss = getSampleStyleSheet()
    para = (
        "Practitioners did not consistently ask why Child K's attendance at school fell in the autumn term. "
        "Information held by the health visiting service about the mother's partner was not shared with "
        "children's social care, and the multi-agency safeguarding hub did not seek it. "
    )

    def furniture(canvas, doc):
        canvas.saveState()
        canvas.setFont("Helvetica", 9)
        canvas.drawString(72, 800, "OFFICIAL - SENSITIVE")
        canvas.drawString(450, 30, f"Page {doc.page}")
        canvas.restoreState()

    story = []
    for s in range(1, sections + 1):
        story.append(Paragraph(f"{s}. Key practice episode {s}", ss["Heading1"]))
        story.append(Paragraph(f"{s}.1 On {s % 28 + 1} May 2023 the school nurse saw Child K. " + para * 3, ss["BodyText"]))
        story.append(Paragraph(para * 4, ss["BodyText"]))
        story.append(ListFlowable([ListItem(Paragraph("The partnership should review its neglect strategy.", ss["BodyText"])),
                                   ListItem(Paragraph("Health visitors should record the voice of the child.", ss["BodyText"]))],
                                  bulletType="1"))
        story.append(Table([["Date", "Agency", "Event"], ["3 May 2023", "Health", "Home visit; Child K seen."],
                            ["9 June 2023", "Police", "Domestic abuse incident reported."]]))
        story.append(Paragraph(para * 3, ss["BodyText"]))
    SimpleDocTemplate(str(path), pagesize=A4).build(story, onFirstPage=furniture, onLaterPages=furniture)
    return path


def collect(pages_wanted: int) -> list[tuple[Path, bytes, int]]:
    import pypdf

    DATA.mkdir(parents=True, exist_ok=True)
    paths = sorted((ROOT / "corpus_samples").glob("*.pdf")) + sorted((ROOT / "tests" / "fixtures").glob("*.pdf"))
    out, total = [], 0
    for p in paths:
        data = p.read_bytes()
        n = len(pypdf.PdfReader(io.BytesIO(data)).pages)
        out.append((p, data, n))
        total += n
    k = 0
    while total < pages_wanted:
        path = DATA / f"generated_{k}.pdf"
        if not path.exists():
            generated_report(path, sections=40)
        data = path.read_bytes()
        n = len(pypdf.PdfReader(io.BytesIO(data)).pages)
        out.append((path, data, n))
        total += n
        k += 1
    return out


def raw_extraction(items) -> float:
    import pypdf

    start = time.perf_counter()
    for _, data, _ in items:
        reader = pypdf.PdfReader(io.BytesIO(data))
        for page in reader.pages:
            page.extract_text()
    return time.perf_counter() - start


def load_all(items) -> float:
    from qa import load_document

    start = time.perf_counter()
    for path, data, _ in items:
        load_document(data, filename=path.name)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    items = collect(args.pages)
    pages = sum(n for _, _, n in items)
    from qa import load_document

    load_document(items[0][1])  # imports and lexicons loaded before timing
    raw, ours = [], []
    for _ in range(args.repeat):  # interleaved, so both see the same machine load
        raw.append(raw_extraction(items))
        ours.append(load_all(items))
    raw_s, ours_s = statistics.median(raw), statistics.median(ours)
    print(f"PDFs: {len(items)}, pages: {pages}, runs: {args.repeat} (median)")
    print(f"pypdf extract_text only : {raw_s:7.2f} s  {pages / raw_s:7.1f} pages/s")
    print(f"load_document           : {ours_s:7.2f} s  {pages / ours_s:7.1f} pages/s")
    print(f"ratio load_document/raw : {ours_s / raw_s:7.2f}x (target <= 1.30x)")


if __name__ == "__main__":
    main()
