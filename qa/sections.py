"""Headings -> canonical sections (lexicons/sections.yaml), and which blocks are body text."""
from __future__ import annotations

import re

from . import lexicon
from .ingest.structure import TOC_LINE
from .types import Document

_LABEL = re.compile(r"^\s*(?:(?:section|part|chapter)\s+)?(?:\d{1,2}(?:\.\d{1,2})*\.?|[ivx]{1,5}\.|[a-z][.)])\s+", re.I)
_WORDS = re.compile(r"[a-z0-9']+")


def canonical_section(heading: str) -> str | None:
    matches = matching_sections(heading)
    return matches[0] if matches else None


def matching_sections(heading: str) -> list[str]:
    """Every section whose synonyms the heading contains, in priority order."""
    text = _LABEL.sub("", heading.lower()).replace("’", "'")
    norm = " " + " ".join(_WORDS.findall(text)) + " "
    found = []
    for section in lexicon.sections():
        for syn in section["synonyms"]:
            syn_norm = " " + " ".join(_WORDS.findall(syn)) + " "
            if syn_norm.strip() and syn_norm in norm:
                found.append(section["id"])
                break
    return found


def map_sections(document: Document) -> tuple[tuple[str | None, ...], tuple[bool, ...]]:
    """Canonical section and body flag of every block.

    A heading that matches no section inherits the section of its nearest higher-level
    heading. Blocks before the first heading that look like a title page, and contents-style
    lines anywhere, are not body.
    """
    non_body = {s["id"] for s in lexicon.sections() if not s["body"]}
    nested = {s["id"]: s["nested"] for s in lexicon.sections()}
    stack: list[tuple[int, str | None, frozenset | None]] = []  # (level, section, sections allowed inside)
    sections: list[str | None] = []
    body: list[bool] = []
    seen_heading = False
    current: str | None = None
    for block in document.blocks:
        if block.kind == "heading":
            seen_heading = True
            level = block.level or 1
            while stack and stack[-1][0] >= level:
                stack.pop()
            matches = matching_sections(block.text)
            mapped = matches[0] if matches else None
            parent, allowed = (stack[-1][1], stack[-1][2]) if stack else (None, None)
            if mapped is None or (allowed is not None and mapped != parent and mapped not in allowed):
                mapped = parent
            # "Recommendations" restricts what opens inside it; "Findings and recommendations" does not
            inside = nested.get(mapped) if len(matches) <= 1 else None
            stack.append((level, mapped, inside))
            current = mapped
            sections.append(current)
            body.append(current not in non_body)
            continue
        sections.append(current)
        if not seen_heading:
            body.append(not _title_page_like(block.text))
        elif current in non_body or TOC_LINE.match(block.text):
            body.append(False)
        else:
            body.append(True)
    return tuple(sections), tuple(body)


def _title_page_like(text: str) -> bool:
    """Title-page lines are short: titles, partnership names, dates, authors, classifications."""
    return len(text.split()) <= 25
