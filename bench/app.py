"""What the Streamlit page waits for when a report is checked: bytes -> load_document -> assess,
through qa.views.assess_bytes (the function app.py calls, without its in-memory cache).

    .venv/bin/python bench/app.py [--pages 30] [--repeat 5]

Builds a PDF of about --pages pages (reportlab, from the corpus sources: headings, numbered
paragraphs, tables, page-number footer), warms the pipeline once as the app's
st.cache_resource does, then times the warm check. The target is under 2 s for 30 pages.
"""
from __future__ import annotations

import argparse
import io
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SOURCES = ("lc04", "lc01", "lc10", "lc07")


def _blocks(source: str):
    """(kind, text) from a corpus source: markup comments and front matter dropped."""
    text = re.sub(r"^---\n.*?\n---\n", "", source, flags=re.S)
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("<!--"):
            continue
        if line.startswith("#"):
            yield "heading", line.lstrip("#").strip()
        elif line.startswith("|"):
            cells = [c.strip() for c in line.strip("|").split("|")]
            if not all(set(c) <= set("-: ") for c in cells):
                yield "row", cells
        else:
            yield "para", line


def report_pdf(pages_wanted: int) -> tuple[bytes, int]:
    import pypdf
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table
    from xml.sax.saxutils import escape

    ss = getSampleStyleSheet()

    def footer(canvas, doc):  # a page number, as ingestion must drop it
        canvas.setFont("Helvetica", 9)
        canvas.drawString(450, 30, f"Page {doc.page}")

    def flowables(items):
        story, rows = [], []
        for kind, item in items:
            if kind == "row":
                rows.append([Paragraph(escape(c), ss["BodyText"]) for c in item])
                continue
            if rows:
                story.append(Table(rows))
                rows = []
            story.append(Paragraph(escape(item), ss["Heading2" if kind == "heading" else "BodyText"]))
        return story + ([Table(rows)] if rows else [])

    items = []
    for k in range(12):  # the sources in turn until the page count is reached
        src = (ROOT / "corpus_samples" / "sources" / f"{SOURCES[k % len(SOURCES)]}.md").read_text(encoding="utf-8")
        items.extend(_blocks(src))
        buf = io.BytesIO()
        SimpleDocTemplate(buf, pagesize=A4).build(flowables(items), onFirstPage=footer, onLaterPages=footer)
        pages = len(pypdf.PdfReader(io.BytesIO(buf.getvalue())).pages)
        if pages >= pages_wanted:
            break
    return buf.getvalue(), pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=30)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    from qa import views

    data, pages = report_pdf(args.pages)
    start = time.perf_counter()
    views.assess_bytes(b"# Warm-up\n\nChild A said she was happy at school.\n", "warm-up.txt")
    print(f"cold start (pipeline, lexicons, models): {time.perf_counter() - start:.2f} s")
    times = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        outcome = views.assess_bytes(data, "bench.pdf")
        times.append(time.perf_counter() - start)
    a = outcome.assessment
    assert a is not None, outcome.error
    t = statistics.median(times)
    print(f"{pages}-page PDF ({len(data) // 1024} KB, {a.stats.words:,} words, {len(a.checks)} checks): "
          f"{t:.2f} s warm, load_document + assess (median of {args.repeat}; target < 2 s)")


if __name__ == "__main__":
    main()
