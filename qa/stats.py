"""Document statistics reported with every assessment."""
from __future__ import annotations

import re

from .nlp import sentence_count
from .types import AnalysedDocument, DocumentStats

_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’\-]*")


def word_count(text: str) -> int:
    return len(_WORD.findall(text))


def document_stats(analysed: AnalysedDocument) -> DocumentStats:
    doc = analysed.document
    return DocumentStats(
        pages=doc.pages,
        words=word_count(doc.text),
        sentences=sentence_count(analysed.nlp),
        headings=len(doc.headings),
        blocks=len(doc.blocks),
    )
