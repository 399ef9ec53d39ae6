"""Fixture files made with real tools (python-docx, reportlab, pypdf, Pillow) once per session."""
from __future__ import annotations

import io
import random
import sys
import zipfile
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from fixture_docs import FIXTURES, build_report_docx  # noqa: E402

HEADER = "OFFICIAL - SENSITIVE"


def draw_pdf(path: Path, pages: list[list[tuple]], header: str | None = HEADER, footer: bool = True) -> Path:
    """Draw a PDF line by line with reportlab: each page is a list of (text, x, font, size).

    Lines are placed top-down with ordinary leading; an empty text leaves a paragraph gap.
    Running header and "Page N of M" footer are drawn on every page, as Word would.
    """
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4)
    width, height = A4
    for number, lines in enumerate(pages, start=1):
        if header:
            c.setFont("Helvetica", 9)
            c.drawString(72, height - 40, header)
        if footer:
            c.setFont("Helvetica", 9)
            c.drawString(width - 140, 30, f"Page {number} of {len(pages)}")
        y = height - 80
        for item in lines:
            text, x, font, size = item
            if text == "":
                y -= size * 0.9
                continue
            c.setFont(font, size)
            c.drawString(x, y, text)
            y -= size * 1.35
        c.showPage()
    c.save()
    return path


def body(text: str, x: float = 72) -> tuple:
    return (text, x, "Helvetica", 11)


def heading(text: str, size: float = 14) -> tuple:
    return (text, 72, "Helvetica-Bold", size)


GAP = ("", 72, "Helvetica", 11)


def paginated_report_pages() -> list[list[tuple]]:
    """A contents page, then a report whose paragraphs wrap, hyphenate and cross pages."""
    contents = [
        heading("Contents", 16), GAP,
        body("1. Introduction ........................................ 2"),
        body("2. Key practice episodes ............................... 2"),
        body("3. Recommendations ..................................... 3"),
        body("Appendix A: Terms of reference ......................... 3"),
    ]
    page2 = [
        heading("1. Introduction"), GAP,
        body("This local child safeguarding practice review considers the circumstances of"),
        body("Child M, a nine-year-old boy of Pakistani heritage. The review was commis-"),
        body("sioned by the partnership in May 2024 and follows the multi-"),
        body("agency rapid review."), GAP,
        heading("2. Key practice episodes"), GAP,
        body("2.1 On 3 May 2023 the school nurse saw Child M after he disclosed that his"),
        body("father had hit him with a belt. The nurse made a referral the same day."), GAP,
        body("2.2 The strategy discussion that followed did not include the school, and the"),
        body("decision to close the case was made without speaking to Child M, whose wish"),
        body("to stay with his grandmother was recorded but not acted upon. Practitioners"),
    ]
    page3 = [
        body("described the family as hard to reach although the father attended every"),
        body("appointment offered."), GAP,
        heading("3. Recommendations"), GAP,
        body("Recommendation 1: The partnership should review how schools take part in"),
        body("strategy discussions.", x=72), GAP,
        body("Recommendation 2: Children's social care should record the child's wishes"),
        body("and the reasons for any decision that does not follow them."), GAP,
        body("\u2022 Learning point: the voice of the child was heard but not acted upon."),
    ]
    return [contents, page2, page3]


@pytest.fixture(scope="session")
def files(tmp_path_factory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("inputs")
    out: dict[str, Path] = {}

    out["docx"] = build_report_docx(d / "report.docx")
    out["pdf_libreoffice"] = FIXTURES / "report_libreoffice.pdf"
    out["pdf_drawn"] = draw_pdf(d / "drawn.pdf", paginated_report_pages())
    out["legacy_doc"] = FIXTURES / "legacy_word.doc"

    (d / "empty.pdf").write_bytes(b"")
    out["empty"] = d / "empty.pdf"

    rng = random.Random(7)
    noise = bytes(rng.randrange(256) for _ in range(4096))
    (d / "noise.docx").write_bytes(b"\x00\x01" + noise)
    out["random"] = d / "noise.docx"

    good_pdf = out["pdf_drawn"].read_bytes()
    (d / "truncated.pdf").write_bytes(good_pdf[: len(good_pdf) // 2])
    out["truncated"] = d / "truncated.pdf"

    out["encrypted"] = _encrypt(good_pdf, d / "encrypted.pdf", user_password="secret")
    out["owner_only"] = _encrypt(good_pdf, d / "owner_only.pdf", user_password="")

    out["scanned"] = _image_only_pdf(d / "scanned.pdf")
    out["cyclic"] = _cyclic_pdf(d / "cyclic.pdf")

    (d / "notes.pdf").write_text("# Rapid review notes\n\nChild P is a White British boy.\n", encoding="utf-8")
    out["text_named_pdf"] = d / "notes.pdf"

    out["png_named_pdf"] = _png(d / "photo.pdf")
    out["zip_bomb"] = _zip_bomb(d / "bomb.docx", declared_mb=60)

    big = d / "huge.pdf"
    with open(big, "wb") as fh:
        fh.write(b"%PDF-1.7\n")
        fh.truncate(101 * 1024 * 1024)  # sparse: no disk used, but stat() says 101 MB
    out["too_big"] = big

    out["too_many_pages"] = _blank_pages_pdf(d / "pages.pdf", 2001)
    return out


def _encrypt(data: bytes, path: Path, user_password: str) -> Path:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password=user_password, owner_password="owner-secret", algorithm="AES-128")
    with open(path, "wb") as fh:
        writer.write(fh)
    return path


def _image_only_pdf(path: Path) -> Path:
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    img = Image.new("L", (200, 280), 255)
    for x in range(20, 180):
        for y in range(40, 44):
            img.putpixel((x, y), 0)
    c = canvas.Canvas(str(path))
    for _ in range(2):
        c.drawImage(ImageReader(img), 50, 100, width=400, height=560)
        c.showPage()
    c.save()
    return path


def _cyclic_pdf(path: Path) -> Path:
    """A hand-written PDF whose /Pages node lists itself among its kids."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R 2 0 R] /Count 2 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        None,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    stream = b"BT /F1 12 Tf 72 720 Td (A page that is its own parent) Tj ET"
    objects[3] = b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream"
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))
    return path


def _png(path: Path) -> Path:
    from PIL import Image

    Image.new("RGB", (32, 32), (200, 30, 30)).save(path, format="PNG")
    return path


def _zip_bomb(path: Path, declared_mb: int) -> Path:
    """A DOCX-shaped zip whose document.xml inflates to `declared_mb` MB of spaces."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        with z.open("word/document.xml", "w", force_zip64=True) as fh:
            block = b" " * (1024 * 1024)
            for _ in range(declared_mb):
                fh.write(block)
    return path


def _blank_pages_pdf(path: Path, n: int) -> Path:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(n):
        writer.add_blank_page(width=595, height=842)
    with open(path, "wb") as fh:
        writer.write(fh)
    return path
