"""`complex_terms`: are complex practice concepts ("disguised compliance", "professional
curiosity", ...) that the review uses defined? (Panel annual report 2022/23, 4.14.)

A term is defined when a glossary has it, when the sentence that uses it or the next one has a
definitional cue ("means", "refers to", "is when"), when a bracket, colon or dash follows it, or
when it names what the sentence before described ("This is sometimes called adultification"). The terms,
cues and glossary headings are the item's `params` (lexicons/checklists/learning.yaml).
"""
from __future__ import annotations

import re

from ..errors import LexiconError
from ..types import AnalysedDocument, CheckResult
from .base import Detector, contains_phrase, normalise_for_match, result
from .generic import blocks_under, phrases, quote, require_messages, sentence_found

GLOSSARY_SECTION = "glossary"  # canonical section (lexicons/sections.yaml)
LIST_KEYS = ("definition_cues", "naming_cues", "glossary_headings", "describe_not_label")
KEYS = set(LIST_KEYS) | {"terms"}


def _glossary_text(analysed: AnalysedDocument, headings: tuple[str, ...]) -> str:
    """The text of every glossary: blocks mapped to `glossary` or under a glossary heading."""
    blocks = analysed.document.blocks
    keep = {i for i, s in enumerate(analysed.sections) if s == GLOSSARY_SECTION} | blocks_under(analysed, headings)
    return " ".join(blocks[i].text for i in sorted(keep))


def _explained_after(text: str, variants: tuple[str, ...]) -> bool:
    """A bracket, colon or dash straight after the term: "adultification (treating ...)"."""
    low = text.lower()
    return any(re.search(re.escape(v) + r"[\s'\"’”]*[(:–—]", low) for v in variants)


def _named(text: str, variants: tuple[str, ...], naming: tuple[str, ...]) -> bool:
    """The term named after what was just described: "This is sometimes called adultification"."""
    norm = f" {normalise_for_match(text)} "
    return any(f" {normalise_for_match(c)} {normalise_for_match(v)} " in norm for c in naming for v in variants)


def check_complex_terms(analysed: AnalysedDocument, item: dict) -> CheckResult:
    cid, p, messages = item["id"], item["params"], item["messages"]
    cues = tuple(c.lower() for c in p.get("definition_cues") or [])
    naming = tuple(c.lower() for c in p.get("naming_cues") or [])
    glossary = f" {normalise_for_match(_glossary_text(analysed, tuple(h.lower() for h in p.get('glossary_headings') or [])))} "
    blocks = analysed.document.blocks
    sentences = [s for s in analysed.sentences
                 if (i := analysed.block_index_at(s.start_char)) is not None and analysed.body[i] and blocks[i].kind != "heading"]
    used: dict[str, object] = {}  # term -> first sentence using it
    defined: set[str] = set()
    for name, variants in p["terms"].items():
        variants = tuple(v.lower() for v in variants)
        for k, sent in enumerate(sentences):
            if contains_phrase(sent.text, variants) is None:
                continue
            used.setdefault(name, sent)
            following = sentences[k + 1].text if k + 1 < len(sentences) else ""
            if (contains_phrase(sent.text, cues) or contains_phrase(following, cues)
                    or _explained_after(sent.text, variants) or _named(sent.text, variants, naming)):
                defined.add(name)
                break
        if name in used and any(f" {normalise_for_match(v)} " in glossary for v in variants):
            defined.add(name)
    undefined = [t for t in used if t not in defined]
    metrics = {"used": list(used), "defined": sorted(defined), "undefined": undefined}
    if not used:
        return result(cid, "pass", "pass_none", [], metrics)
    if not undefined:
        return result(cid, "pass", "pass", [], metrics, defined=", ".join(sorted(defined)))
    evidence = []
    for t in undefined:
        evidence.append(quote(analysed, sentence_found(analysed, used[t]), f"'{t}' not defined"))
    labels = {x.lower() for x in p.get("describe_not_label") or []}
    note = messages["note_label"] if labels & {t.lower() for t in undefined} and "note_label" in messages else ""
    fields = {"undefined": ", ".join(undefined), "n": len(undefined), "note": note}
    if len(undefined) == 1:
        return result(cid, "warn", "warn", evidence, metrics, **fields)
    return result(cid, "fail", "fail", evidence, metrics, **fields)


def validate(file: str, item: dict) -> None:
    p = item.get("params") or {}
    name = item["id"]
    unknown = set(p) - KEYS
    if unknown:
        raise LexiconError(file, name, f"unknown key(s) {sorted(unknown)}")
    terms = p.get("terms")
    if not isinstance(terms, dict) or not terms:
        raise LexiconError(file, name, "'terms' must map each term to the phrases that use it")
    for term, variants in terms.items():
        if not isinstance(variants, list) or not variants or not all(isinstance(v, str) and v.strip() for v in variants):
            raise LexiconError(file, name, f"term {term!r} needs a list of non-empty phrases")
    for key in LIST_KEYS:
        phrases(file, name, p, key, required=key == "definition_cues")
    bad = {x.lower() for x in p.get("describe_not_label") or []} - {str(k).lower() for k in terms}
    if bad:
        raise LexiconError(file, name, f"describe_not_label names unknown term(s) {sorted(bad)}")
    require_messages(file, item, ("pass", "pass_none", "warn", "fail"))


CONFIGURABLE = {"complex_terms": Detector(check_complex_terms, validate)}
