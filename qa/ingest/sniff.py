"""Decide a file's type from its bytes, never from its name."""
from __future__ import annotations

import io
import zipfile

from ..errors import InputError

_IMAGES = {
    b"\x89PNG\r\n\x1a\n": "PNG image",
    b"\xff\xd8\xff": "JPEG image",
    b"GIF87a": "GIF image",
    b"GIF89a": "GIF image",
    b"II*\x00": "TIFF image",
    b"MM\x00*": "TIFF image",
}


def _suffix_note(filename: str | None) -> str:
    if filename and "." in filename:
        return f" (named .{filename.rsplit('.', 1)[1].lower()})"
    return ""


def sniff(data: bytes, filename: str | None = None) -> str:
    """Return 'pdf', 'docx' or 'txt', or raise InputError with the reason."""
    if not data:
        raise InputError("empty file")
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return _sniff_zip(data)
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise InputError("legacy Word .doc (or other old Office file): save as .docx and try again")
    if data.startswith(b"{\\rtf"):
        raise InputError("RTF file: save as .docx or PDF and try again")
    for magic, name in _IMAGES.items():
        if data.startswith(magic):
            raise InputError(f"{name}, not a report document{_suffix_note(filename)}: a scanned page needs OCR first")
    if data.startswith(b"\x1f\x8b") or data.startswith(b"7z\xbc\xaf") or data.startswith(b"Rar!"):
        raise InputError(f"compressed archive, not a report document{_suffix_note(filename)}: extract it first")
    if looks_like_text(data):
        return "txt"
    raise InputError(f"not a PDF, DOCX or text file{_suffix_note(filename)}: unrecognised binary content")


def _sniff_zip(data: bytes) -> str:
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise InputError("damaged zip container: not a readable DOCX file") from None
    if "word/document.xml" in names:
        return "docx"
    if "content.xml" in names:
        raise InputError("OpenDocument file (.odt), not a DOCX file: save as .docx or PDF")
    if any(n.startswith("xl/") for n in names):
        raise InputError("Excel workbook, not a DOCX file")
    if any(n.startswith("ppt/") for n in names):
        raise InputError("PowerPoint file, not a DOCX file")
    raise InputError("zip archive, not a DOCX file")


def looks_like_text(data: bytes) -> bool:
    sample = data[:65536]
    if sample.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return True
    if b"\x00" in sample:
        return False
    control = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return control / max(len(sample), 1) < 0.01
