"""Recognising headings, list labels and running furniture in lines of plain text.

Shared by the PDF and TXT readers, which see lines without Word's styles; the DOCX reader
uses styles and numbering definitions instead and only falls back to these rules.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..settings import read_yaml

BULLETS = "•●▪◦‣∙·■□➢➤►✓✔○-–—*"
_BULLET = "[" + re.escape(BULLETS) + "]"
_ROMAN = r"(?:i{1,3}|iv|vi{0,3}|ix|x{1,2}i{0,3}|xi?v)"

# Order matters: the first alternative that matches names the label's kind.
LIST_LABEL = re.compile(
    r"^(?P<label>"
    r"(?P<rec>(?:Recommendation|Rec\.)\s+\d{1,2}[a-z]?\s*[:.\-–—)]|R\d{1,2}[:.)]?(?=\s))"
    r"|(?P<num>\(?\d{1,2}[.)](?!\d))"
    r"|(?P<roman>\(" + _ROMAN + r"\)|" + _ROMAN + r"[.)])"
    r"|(?P<alpha>\([a-z]\)|[a-z][.)])"
    r"|(?P<bullet>" + _BULLET + r")"
    r")(?:\s+(?=\S)|(?<=[.)])(?=[A-Z][a-z]))"  # "10.All": text exports drop the space after two-digit numbers
)
# "3.2" / "4.12." paragraph or heading numbers (two or three levels).
MULTI_NUMBER = re.compile(r"^(?P<label>\d{1,2}(?:\.\d{1,2}){1,3}\.?)\s+(?=\S)")
SINGLE_NUMBER = re.compile(
    r"^(?P<label>\d{1,2}\.?)\s+(?=[A-Z])(?!(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\b)")
PAGE_NUMBER = re.compile(
    r"^\s*(?:page\s*)?(?:\d{1,4}|[ivxlc]{1,6})(?:\s*(?:of|/)\s*\d{1,4})?\s*$|^\s*[-–—]\s*\d{1,4}\s*[-–—]\s*$",
    re.IGNORECASE,
)
TOC_LINE = re.compile(r"^.{3,}?(?:\s*[.…·_]{3,}\s*|\t+\s*|\s{2,})\(?\d{1,3}\)?\s*$")
TOC_LINE_LOOSE = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*\.?\s+)?[A-Z][^.!?]{2,90}?\s+\d{1,3}$")
SENTENCE_END = re.compile(r"[.!?;:][\"'”’)\]]*$")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]*")
_SMALL_WORDS = {
    "a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "of", "on", "or",
    "the", "to", "with", "within", "about", "between", "under", "over", "after", "before", "its",
    "their", "his", "her", "vs", "via", "per", "is", "are", "was", "were", "not", "be",
}


# Bullets that PDF fonts map to private-use or control code points (Symbol and Wingdings in
# Word, reportlab's standard encoding), shown to readers as ordinary bullets.
_GLYPH_BULLETS = str.maketrans({"\uf0b7": "•", "\uf0a7": "▪", "\uf0d8": "➢", "\uf076": "❖", "\uf0fc": "✓",
                                "\uf0a8": "□", "\uf06f": "○", "\uf02d": "-"})
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x80-\x9f]")


def normalise_glyphs(text: str) -> str:
    text = text.translate(_GLYPH_BULLETS)
    if text.startswith("\x7f"):
        text = "•" + text[1:]
    return _CONTROL.sub("", text.replace("\x7f", ""))


@dataclass(frozen=True)
class LineKind:
    kind: str  # "heading" | "list_item" | "paragraph"
    label: str | None = None
    level: int | None = None
    label_kind: str | None = None


@lru_cache(maxsize=1)
def ingest_rules() -> dict:
    """Heading words and hyphen rules, kept as data (lexicons/ingest.yaml)."""
    data = read_yaml("ingest.yaml") or {}
    return {
        "keep_hyphen_prefixes": frozenset(
            e["prefix"].lower() for e in data.get("keep_hyphen_prefixes", [])
        ),
        "contents_titles": frozenset(t.lower() for t in data.get("contents_titles", [])),
        "max_heading_words": int(data.get("max_heading_words", {}).get("value", 14)),
        "sentence_case_heading_words": int(data.get("sentence_case_heading_words", {}).get("value", 10)),
        "lead_in_openers": tuple(w.lower() for w in (data.get("lead_in_openers") or {}).get("words", [])),
    }


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def is_title_like(text: str) -> bool:
    """Short, capitalised, and not a sentence: 'Background to the Family', 'KEY FINDINGS'."""
    stripped = text.strip().rstrip(":")
    if not stripped or len(stripped) > 120:
        return False
    if text.strip().endswith(":") and any(stripped.lower().startswith(w + " ") for w in ingest_rules()["lead_in_openers"]):
        return False  # "For health:" introduces the list below it
    ws = words(stripped)
    if not ws or len(ws) > ingest_rules()["max_heading_words"]:
        return False
    if re.search(r"[.!?,;]$", stripped) or stripped.endswith("…"):
        return False
    if not stripped[0].isupper() and not stripped[0].isdigit():
        return False
    letters = [c for c in stripped if c.isalpha()]
    if letters and sum(c.isupper() for c in letters) / len(letters) > 0.8 and len(letters) >= 3:
        return True
    significant = [w for w in ws if w.lower() not in _SMALL_WORDS]
    if not significant:
        return False
    capitalised = sum(w[0].isupper() for w in significant)
    if len(ws) <= 4 and ws[0][0].isupper():
        return True
    return capitalised / len(significant) >= 0.6


def is_sentence_case_title(text: str) -> bool:
    """A short sentence-case heading ("Summary of the serious incident"): few words, an initial
    capital, no closing punctuation, not ending on a joining word as a broken-off line would."""
    stripped = text.strip()
    ws = words(stripped)
    if not ws or len(ws) > ingest_rules()["sentence_case_heading_words"] or not stripped[0].isupper():
        return False
    if re.search(r"[.!?,;:]$", stripped) or ws[-1].lower() in _SMALL_WORDS:
        return False
    return not re.search(r"\d{3,}|[\"“”]", stripped)  # years and quotations belong to sentences


def is_caps_line(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


def list_level(label_kind: str | None, label: str) -> int:
    if label_kind in ("alpha", "roman"):
        return 2
    return 1


def classify_line(text: str, standalone: bool = True) -> LineKind:
    """Decide what a line that starts a block is, from its text alone.

    `standalone` says the line is not followed by continuation lines of the same paragraph
    (a blank line or a layout gap follows it), which headings need.
    """
    stripped = text.strip()
    m = MULTI_NUMBER.match(stripped)
    if m:
        rest = stripped[m.end():]
        depth = m.group("label").rstrip(".").count(".") + 1
        if standalone and is_title_like(rest):
            return LineKind("heading", m.group("label"), depth)
        return LineKind("paragraph", m.group("label"), None, "paragraph_number")
    m = SINGLE_NUMBER.match(stripped)
    if m and standalone and is_title_like(stripped[m.end():]):
        return LineKind("heading", m.group("label"), 1)
    m = LIST_LABEL.match(stripped)
    if m:
        label_kind = next(k for k in ("rec", "num", "roman", "alpha", "bullet") if m.group(k))
        label = m.group("label")
        return LineKind("list_item", label, list_level(label_kind, label), label_kind)
    if standalone and is_title_like(stripped):
        return LineKind("heading", None, 1 if is_caps_line(stripped) else 2)
    return LineKind("paragraph")


def join_lines(previous: str, nxt: str) -> str:
    """Join a wrapped line to the text before it, undoing end-of-line hyphenation."""
    if not previous:
        return nxt
    if previous.endswith("-") and len(previous) > 1 and previous[-2].isalpha() and nxt[:1].islower():
        stem = re.search(r"([A-Za-z]+)-$", previous)
        if stem and stem.group(1).lower() in ingest_rules()["keep_hyphen_prefixes"]:
            return previous + nxt
        return previous[:-1] + nxt
    if previous.endswith(("-", "/")) and not previous.endswith(" -"):
        return previous + nxt
    return previous + " " + nxt


def normalise_furniture(text: str) -> str:
    """The form in which running headers and footers are compared across pages."""
    t = re.sub(r"\d+", "#", text.strip().lower())
    return re.sub(r"\s+", " ", t)


def is_contents_title(text: str) -> bool:
    return text.strip().rstrip(":").lower() in ingest_rules()["contents_titles"]
