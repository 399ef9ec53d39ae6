"""`agencies_involved` (detector `agencies_involved`): the agencies involved in a rapid review,
with education represented when the child is of statutory school age and childcare when a
young child attends it (Panel guidance 2025, after 3.7).

Why a specific detector: the item depends on the child's age, read from the identity text, and
then asks for different evidence inside the agency listing. Everything it looks for (the listing
spec, the age patterns, the age band, the education and childcare cues) is in the item's params.

    listing:          an evidence spec (as in generic.py): the agency listing, a heading with the
                      text under it, or a sentence naming the contributors (with the list after it)
    age_sections:     canonical sections whose text is read for the child's age
    age_patterns:     regexes with a group `n` (digits or a number word) and optional `unit`
    infant_cues:      phrases that make the child under one when no age is found first
    adult_words:      an age is not the child's when one of these is in the few words before it
    school_age:       [min, max] statutory school age (inclusive)
    education:        phrases showing education in the listing
    education_gap:    phrases anywhere in the body that explain why no school is involved
    childcare_attending: phrases showing a young child attends childcare
    childcare:        phrases showing childcare in the listing
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..errors import LexiconError
from ..types import AnalysedDocument, CheckResult
from . import generic
from .base import Detector, contains_phrase, result

NUMBER_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty".split())}
ADULT_WINDOW = 6
KEYS = {"listing", "age_sections", "age_patterns", "infant_cues", "adult_words", "school_age", "education",
        "education_gap", "childcare_attending", "childcare"}
PHRASE_KEYS = ("infant_cues", "adult_words", "education", "education_gap", "childcare_attending", "childcare")


@lru_cache(maxsize=None)
def _compiled(patterns: tuple[str, ...]) -> tuple[re.Pattern, ...]:
    return tuple(re.compile(p, re.IGNORECASE) for p in patterns)


def _years(n: str, unit: str | None) -> float | None:
    n = n.lower()
    value = int(n) if n.isdigit() else NUMBER_WORDS.get(n)
    if value is None:
        return None
    unit = (unit or "year").lower()
    if unit.startswith("year"):
        return float(value)
    return value / {"m": 12, "w": 52, "d": 365}[unit[0]]


def child_age(analysed: AnalysedDocument, p: dict) -> tuple[float | None, str]:
    """The child's age in years from the first age in the identity text that is not an adult's,
    with the words it was read from."""
    blocks = analysed.document.blocks
    sections = set(p.get("age_sections") or [])
    patterns = _compiled(tuple(p["age_patterns"]))
    adults = tuple(p.get("adult_words") or [])
    for i, b in enumerate(blocks):
        if not analysed.body[i] or b.kind == "heading" or (sections and analysed.sections[i] not in sections):
            continue
        hits = sorted((m for rx in patterns for m in rx.finditer(b.text)), key=lambda m: m.start())
        for m in hits:
            before = " ".join(b.text[: m.start()].split()[-ADULT_WINDOW:])
            if adults and contains_phrase(before, adults):
                continue
            years = _years(m.group("n"), m.groupdict().get("unit"))
            if years is not None and years <= 18:
                return years, m.group(0)
        if contains_phrase(b.text, tuple(p.get("infant_cues") or [])):
            return 0.0, contains_phrase(b.text, tuple(p["infant_cues"]))
    return None, ""


def _listing(analysed: AnalysedDocument, spec: dict, key: str) -> tuple[list[generic.Found], str]:
    """The agency listing: evidence found, and the text it covers (a heading's whole section; a
    sentence's paragraph and the list items straight after it)."""
    blocks = analysed.document.blocks
    found = [f for f in generic.find(analysed, spec, key) if not f.absent]
    parts = []
    for f in found:
        i = analysed.block_index_at(f.start)
        if i is None:
            continue
        if blocks[i].kind == "heading":
            # the section runs to the next heading at its level or above that starts another
            # section (agency sub-headings such as "GP practice" at the same level map to none)
            level, own = blocks[i].level or 1, analysed.sections[i]
            j = i + 1
            while j < len(blocks) and not (blocks[j].kind == "heading" and (blocks[j].level or 1) <= level
                                           and analysed.sections[j] not in (None, own)):
                parts.append(blocks[j].text)
                j += 1
        else:
            parts.append(blocks[i].text)
            j = i + 1
            while j < len(blocks) and blocks[j].kind in ("list_item", "table_row"):
                parts.append(blocks[j].text)
                j += 1
    return found, "\n".join(parts)


def _body_text(analysed: AnalysedDocument) -> str:
    return "\n".join(b.text for i, b in enumerate(analysed.document.blocks) if analysed.body[i])


def agencies_involved(analysed: AnalysedDocument, item: dict) -> CheckResult:
    p = item["params"]
    cid = item["id"]
    found, scope = _listing(analysed, p["listing"], f"{cid}.listing")
    if not found:
        return result(cid, "fail", "fail", [], {"listing": 0})
    evidence = [generic.quote(analysed, f) for f in found[:2]]
    age, age_text = child_age(analysed, p)
    low, high = p["school_age"]
    metrics = {"listing": len(found), "child_age": age}
    body = _body_text(analysed)
    age_words = age_text or "not found"
    if age is not None and low <= age < high + 1:  # a 16-year-old is still of school age
        if not contains_phrase(scope, tuple(p["education"])) and not contains_phrase(body, tuple(p["education_gap"])):
            return result(cid, "warn", "warn_education", evidence, metrics, age=age_words)
    elif (age is None or age < low) and contains_phrase(body, tuple(p["childcare_attending"])):
        if not contains_phrase(scope, tuple(p["childcare"])):
            return result(cid, "warn", "warn_childcare", evidence, metrics, age=age_words)
    return result(cid, "pass", "pass", evidence, metrics, count=len(found), age=age_words)


def validate(file: str, item: dict) -> None:
    p = item["params"]
    name = item["id"]
    if not isinstance(p, dict):
        raise LexiconError(file, name, "params must be a mapping")
    unknown, missing = p.keys() - KEYS, KEYS - {"age_sections", "infant_cues", "adult_words"} - p.keys()
    if unknown or missing:
        raise LexiconError(file, name, f"unknown key(s) {sorted(unknown)}, missing key(s) {sorted(missing)}")
    generic.validate_spec(file, f"{name}.listing", p["listing"], generic.SPEC_KEYS)
    for key in PHRASE_KEYS:
        generic.phrases(file, name, p, key)
    if not isinstance(p["age_patterns"], list) or not p["age_patterns"]:
        raise LexiconError(file, name, "'age_patterns' must be a list of regexes")
    for rx in p["age_patterns"]:
        try:
            compiled = re.compile(rx)
        except (re.error, TypeError) as exc:
            raise LexiconError(file, name, f"bad age pattern {rx!r} ({exc})") from None
        if "n" not in compiled.groupindex:
            raise LexiconError(file, name, f"age pattern {rx!r} needs a group named n")
    band = p["school_age"]
    if not (isinstance(band, list) and len(band) == 2 and all(isinstance(x, int) for x in band) and band[0] <= band[1]):
        raise LexiconError(file, name, "'school_age' must be [min, max] whole years")
    generic.require_messages(file, item, ("pass", "fail", "warn_education", "warn_childcare"))


CONFIGURABLE = {"agencies_involved": Detector(agencies_involved, validate)}
