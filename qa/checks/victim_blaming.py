"""`victim_blaming`: language that puts responsibility for harm on the child (Panel annual
report 5.32, 6.43; Panel guidance 2025 8.20, 8.22). Each match is the reviewer's own words
(fail, or warn for softer wording), a record the review quotes (warn), or a term the review
discusses in order to reject it (not flagged)."""
from __future__ import annotations

import re
from dataclasses import dataclass

from .. import lexicon
from ..types import AnalysedDocument, CheckResult
from .base import Sentences, contains_phrase, result

_OPEN = "\"\u201c\u2018'"
_CLOSE = "\"\u201d\u2019'"
CUE_WINDOW_TOKENS = 8
_CHILD_WORDS = {"she", "he", "her", "him", "herself", "himself", "child", "girl", "boy", "they", "themselves"}


@dataclass(frozen=True)
class Match:
    entry: dict
    start: int
    end: int
    voice: str  # own | quoted | discussed
    sentence_start: int
    sentence_end: int


def quoted_regions(text: str) -> list[tuple[int, int]]:
    """Character ranges inside quotation marks. A straight or curly single quote counts only
    where it opens after a space or bracket and closes before a space or punctuation, so the
    apostrophe in "child's" is not a quote."""
    regions = []
    for m in re.finditer(r"[\"\u201c]([^\"\u201d]{1,300})[\"\u201d]", text):
        regions.append((m.start(1), m.end(1)))
    for m in re.finditer(r"(?:(?<=^)|(?<=[\s(\[]))['\u2018]([^'\u2019]{1,200}?)['\u2019](?=[\s.,;:!?)\]]|$)", text):
        regions.append((m.start(1), m.end(1)))
    return regions


def find_matches(analysed: AnalysedDocument) -> list[Match]:
    data = lexicon.victim_blaming()
    doc = analysed.nlp
    sents = Sentences(analysed)
    out: list[Match] = []
    taken: list[tuple[int, int]] = []
    phrases = {}
    for entry in data["entries"]:
        for p in entry["patterns"]:
            phrases.setdefault(p, entry)
    for sp, entry in _merged(lexicon.find_all(doc, "victim_blaming", tuple(phrases)), phrases):
        k, sent = sents.of_token(sp.start)
        if entry["context_any"] and not contains_phrase(_paragraph(analysed, sent), entry["context_any"]):
            continue
        if entry["category"] != "engagement" and _about_adults(sp, sent, data):
            continue  # engagement wording counts about the family too
        if _adult_by_age(sp):
            continue
        if any(s < sp.end_char and sp.start_char < e for s, e in taken):
            continue
        taken.append((sp.start_char, sp.end_char))
        voice = _voice(analysed, sents, k, sent, sp, data)
        out.append(Match(entry, sp.start_char, sp.end_char, voice, sent.start_char, sent.end_char))
    return out


def _in_language_table(analysed, offset: int, data: dict) -> bool:
    i = analysed.block_index_at(offset)
    if i is None or analysed.document.blocks[i].kind != "table_row":
        return False
    table = analysed.document.blocks[i].table
    header = next(b for b in analysed.document.blocks if b.kind == "table_row" and b.table == table)
    return contains_phrase(header.text, data["discussion_cues"] + ["instead", "use instead", "preferred", "alternative"]) is not None


def _paragraph(analysed: AnalysedDocument, sent) -> str:
    """The paragraph a sentence sits in: the context an ambiguous phrase is judged by."""
    i = analysed.block_index_at(sent.start_char)
    return analysed.document.blocks[i].text if i is not None else sent.text


def _about_adults(span, sent, data: dict) -> bool:
    """"older young men who were involved in drug supply": the nearest noun before is an adult."""
    for j in range(span.start - 1, max(sent.start, span.start - 5) - 1, -1):
        t = span.doc[j]
        if t.is_punct or t.lower_ in _CHILD_WORDS:
            return False
        if contains_phrase(t.text, data["adult_subjects"]):
            return True
    return False


def _merged(spans, phrases: dict):
    """Overlapping matches ("her risk-taking", "risk-taking behaviour") become one span covering
    both, judged by the entry of its longest match."""
    groups: list[list] = []
    for sp in spans:
        if groups and sp.start < max(g.end for g in groups[-1]):
            groups[-1].append(sp)
        else:
            groups.append([sp])
    out = []
    for group in groups:
        longest = max(group, key=lambda g: (g.end - g.start, -g.start))
        entry = phrases.get(longest.text.lower()) or _entry_for(longest, phrases)
        if entry is not None:
            doc = longest.doc
            out.append((doc[min(g.start for g in group): max(g.end for g in group)], entry))
    return out


_AGED = re.compile(r"^\W*(?:(?:then|now|who was|who is)\s+)?(?:aged|age)\s+(\d{2}|[a-z]+)|^\s*\((\d{2})\)")
_ADULT_AGE_WORDS = {"eighteen", "nineteen", "twenty", "thirty", "forty", "fifty"}


def _adult_by_age(span) -> bool:
    """"a young man aged 19", "one young man, then aged nineteen", "an older young man": the
    words describe an adult."""
    doc = span.doc
    if span.text.lower().startswith("young") and span.start > 0 and doc[span.start - 1].lower_ == "older":
        return True
    following = doc[span.end: span.end + 5].text
    m = _AGED.match(following)
    if not m:
        return False
    age = m.group(1) or m.group(2)
    if age.isdigit():
        return int(age) >= 18
    return age.split("-")[0] in _ADULT_AGE_WORDS


def _entry_for(span, phrases: dict) -> dict | None:
    key = " ".join(t.lower_ for t in span)
    for p, entry in phrases.items():
        if " ".join(p.split()) == key or p.replace(" ", "") == key.replace(" ", ""):
            return entry
    return None


def _voice(analysed, sents: Sentences, k: int, sent, span, data: dict) -> str:
    text = sent.text
    rel_start = span.start_char - sent.start_char
    rel_end = span.end_char - sent.start_char
    inside = any(s <= rel_start and rel_end <= e for s, e in quoted_regions(text))
    before = analysed.document.text[max(sent.start_char, span.start_char - 60): span.start_char]
    window = " ".join(t.text for t in span.doc[max(sent.start, span.start - CUE_WINDOW_TOKENS): span.start])
    if contains_phrase(before, data["discussion_cues"]) or (inside and contains_phrase(text, data["discussion_cues"])):
        return "discussed"
    if _in_language_table(analysed, span.start_char, data):
        return "discussed"  # a "Language to avoid | Use instead" table
    recorded = contains_phrase(window, data["record_cues"]) or contains_phrase(text[:rel_start], data["record_cues"])
    if inside:  # the words are someone else's: a record or a professional the review quotes
        return "quoted"
    if recorded:  # attributed to a record or another person, not the reviewer's own words
        return "quoted"
    return "own"


def check_victim_blaming(analysed: AnalysedDocument) -> CheckResult:
    matches = [m for m in find_matches(analysed) if m.voice != "discussed"]
    own_fail = [m for m in matches if m.voice == "own" and m.entry["level"] == "fail"]
    own_warn = [m for m in matches if m.voice == "own" and m.entry["level"] == "warn"]
    quoted = [m for m in matches if m.voice == "quoted"]
    evidence = []
    for m in own_fail + own_warn + quoted:
        who = {"own": "reviewer's own words", "quoted": "inside a quoted record"}[m.voice]
        evidence.append(analysed.evidence(m.start, m.end, f"{who}; {m.entry['why']} Suggested: {m.entry['suggest']}"))
    phrases = ", ".join(f"\u201c{analysed.document.text[m.start:m.end]}\u201d" for m in (own_fail or own_warn)[:6])
    metrics = {"own_words": len(own_fail) + len(own_warn), "quoted": len(quoted)}
    if own_fail:
        return result("victim_blaming", "fail", "fail", evidence, metrics, count=len(own_fail), phrases=phrases)
    if own_warn:
        return result("victim_blaming", "warn", "warn_soft", evidence, metrics, count=len(own_warn), phrases=phrases)
    if quoted:
        return result("victim_blaming", "warn", "warn_quoted", evidence, metrics, count=len(quoted))
    return result("victim_blaming", "pass", "pass", (), metrics)


DETECTORS = {"victim_blaming": check_victim_blaming}
