"""`load_document`: one entry point for every file type, deciding the type from the bytes."""
from __future__ import annotations

import hashlib
import os
from dataclasses import replace
from pathlib import Path

from ..errors import InputError
from ..settings import Limits, default_limits
from ..types import Document
from .deadline import TimeLimitExceeded, deadline
from .sniff import sniff


def read_input(source: str | os.PathLike | bytes, limits: Limits) -> bytes:
    """The file's bytes, refusing before reading anything past the size limit."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        if len(data) > limits.max_file_bytes:
            raise InputError(_too_big(len(data), limits))
        return data
    path = Path(source)
    try:
        if path.is_dir():
            raise InputError("is a directory, not a file")
        size = path.stat().st_size
        if size > limits.max_file_bytes:
            raise InputError(_too_big(size, limits))
        with open(path, "rb") as fh:
            return fh.read(limits.max_file_bytes + 1)
    except FileNotFoundError:
        raise InputError("no such file") from None
    except PermissionError:
        raise InputError("permission denied") from None
    except IsADirectoryError:
        raise InputError("is a directory, not a file") from None
    except OSError as exc:
        raise InputError(f"could not be read ({exc.strerror or exc.__class__.__name__})") from None


def _too_big(size: int, limits: Limits) -> str:
    return f"file is {size / 2**20:,.1f} MB, over the {limits.max_file_mb:g} MB size limit (raise it with --max-file-mb)"


def _read(kind: str, data: bytes, limits: Limits, limit, filename: str | None) -> Document:
    if kind == "pdf":
        from .pdf import read_pdf

        return read_pdf(data, limits, limit, filename)
    if kind == "docx":
        from .docx import read_docx

        return read_docx(data, limits, limit, filename)
    from .text import read_text

    return read_text(data, limit, filename)


def load_document(
    source: str | os.PathLike | bytes,
    filename: str | None = None,
    limits: Limits | None = None,
) -> Document:
    """Read a PDF, DOCX or text report into a `Document`; raise `InputError` if it can't be read."""
    limits = limits or default_limits()
    if filename is None and not isinstance(source, (bytes, bytearray, memoryview)):
        filename = os.fspath(source)
    data = read_input(source, limits)
    kind = sniff(data, filename)
    digest = hashlib.sha256(data).hexdigest()
    try:
        with deadline(limits.timeout_seconds) as limit:
            doc = _read(kind, data, limits, limit, filename)
            limit.check()
    except TimeLimitExceeded as exc:
        raise InputError(str(exc)) from None
    except RecursionError:
        raise InputError("damaged file: its structure refers to itself") from None
    except MemoryError:
        raise InputError("too large to read in the memory available") from None
    if not doc.text.strip():
        raise InputError("no text found in the document")
    return replace(doc, sha256=digest, source=filename)
