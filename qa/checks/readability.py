"""`readability`, `acronyms`, `length`: the Panel's quality question 9 (accessibility,
usefulness, length) as measured figures; thresholds in lexicons/readability.yaml."""
from __future__ import annotations

import re
from functools import lru_cache

from ..settings import read_yaml
from ..types import AnalysedDocument, CheckResult
from .base import Sentences, result

_ACRONYM = re.compile(r"(?<![\w&])([A-Z][A-Z&]{1,5})(s?)(?![\w&])")
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’\-]*")
_PASSIVE = re.compile(r"\b(?:am|is|are|was|were|be|been|being)\s+(?:\w+ly\s+)?\w+(?:ed|en)\b", re.IGNORECASE)


@lru_cache(maxsize=1)
def rules() -> dict:
    data = read_yaml("readability.yaml") or {}
    v = lambda group, key: data[group][key]["value"]  # noqa: E731 - a local reader for nested values
    return {
        "fail_below": float(v("reading_ease", "fail_below")), "warn_below": float(v("reading_ease", "warn_below")),
        "long_words": int(v("long_sentences", "words")), "long_fail": float(v("long_sentences", "fail_share")),
        "long_warn": float(v("long_sentences", "warn_share")),
        "section_min_sentences": int(v("reading_ease", "section_min_sentences")),
        "acr_warn": int(v("acronyms", "warn_at")), "acr_fail": int(v("acronyms", "fail_at")),
        "exempt": frozenset(data["acronyms"]["exempt"]["terms"]),
        "words_per_page": float(v("length", "words_per_page")), "average_pages": float(v("length", "average_pages")),
        "len_warn": float(v("length", "warn_above_pages")), "len_fail": float(v("length", "fail_above_pages")),
    }


def _body_sentences(analysed: AnalysedDocument, sents: Sentences) -> list:
    out = []
    for s in sents.spans:
        i = analysed.block_index_at(s.start_char)
        if i is not None and analysed.body[i] and analysed.document.blocks[i].kind != "heading":
            out.append(s)
    return out


def _by_section(analysed: AnalysedDocument, body: list, min_sentences: int) -> dict:
    """Reading ease and grade per canonical section with at least `min_sentences` sentences,
    hardest first, so an author sees where to start."""
    import textstat

    groups: dict[str, list[str]] = {}
    for s in body:
        i = analysed.block_index_at(s.start_char)
        groups.setdefault(analysed.sections[i] or "other", []).append(s.text.strip())
    out = {}
    for section, texts in groups.items():
        if len(texts) >= min_sentences:
            text = " ".join(texts)
            out[section] = {"flesch_reading_ease": round(float(textstat.flesch_reading_ease(text)), 1),
                            "flesch_kincaid_grade": round(float(textstat.flesch_kincaid_grade(text)), 1),
                            "sentences": len(texts)}
    return dict(sorted(out.items(), key=lambda kv: kv[1]["flesch_reading_ease"]))


def check_readability(analysed: AnalysedDocument) -> CheckResult:
    import textstat

    r = rules()
    sents = Sentences(analysed)
    body = _body_sentences(analysed, sents)
    text = " ".join(s.text.strip() for s in body)
    if not body:
        return result("readability", "pass", "pass", (), {}, ease=100.0, long_share=0.0, long_words=r["long_words"])
    ease = float(textstat.flesch_reading_ease(text))
    lengths = [(len(_WORD.findall(s.text)), s) for s in body]
    long = [s for n, s in lengths if n > r["long_words"]]
    long_share = len(long) / len(body)
    passive = sum(1 for s in body if _PASSIVE.search(s.text)) / len(body)
    longest = [s for _, s in sorted(lengths, key=lambda x: -x[0])[:3]]
    evidence = [sents.evidence(s, f"{len(_WORD.findall(s.text))} words") for s in longest]
    metrics = {"flesch_reading_ease": round(ease, 1), "flesch_kincaid_grade": round(float(textstat.flesch_kincaid_grade(text)), 1),
               "long_sentence_share": round(long_share, 3), "passive_share": round(passive, 3),
               "by_section": _by_section(analysed, body, r["section_min_sentences"])}
    fields = {"ease": ease, "long_share": long_share, "long_words": r["long_words"]}
    if ease < r["fail_below"] or long_share > r["long_fail"]:
        return result("readability", "fail", "fail", evidence, metrics, **fields)
    if ease < r["warn_below"] or long_share > r["long_warn"]:
        return result("readability", "warn", "warn", evidence, metrics, **fields)
    return result("readability", "pass", "pass", evidence[:1], metrics, **fields)


def _defined_in_glossary(analysed: AnalysedDocument) -> set[str]:
    found = set()
    for b, section in zip(analysed.document.blocks, analysed.sections):
        if section == "glossary":  # short glossary lines ("CIN – child in need") may read as headings
            m = _ACRONYM.match(b.text.strip().lstrip("•-* ").strip())
            if m:
                found.add(m.group(1))
    return found


def _heading_like(text: str) -> bool:
    """A short line in capitals ("KEY PRACTICE EPISODES") is a heading, not a run of acronyms."""
    words = text.split()
    return 3 <= len(words) <= 10 and sum(w.isupper() for w in words) >= 0.6 * len(words)


def check_acronyms(analysed: AnalysedDocument) -> CheckResult:
    r = rules()
    doc = analysed.document
    glossary = _defined_in_glossary(analysed)
    first: dict[str, tuple[int, int, bool]] = {}
    for i, b in enumerate(doc.blocks):
        if b.kind == "heading" or analysed.sections[i] == "glossary" or _heading_like(b.text):
            continue
        for m in _ACRONYM.finditer(b.text):
            acronym = m.group(1)
            if acronym in r["exempt"] or acronym + m.group(2) in r["exempt"] or acronym in first:
                continue
            if set(acronym) <= set("IVXLC"):
                continue
            before = b.text[max(0, m.start() - 1): m.start()]
            after = b.text[m.end(): m.end() + 2]
            spelled = before == "(" or after.startswith(" (") or after.startswith("(")
            first[acronym] = (b.start + m.start(), b.start + m.end(), spelled or acronym in glossary)
    if not first:
        return result("acronyms", "pass", "pass_none", (), {"acronyms": 0, "undefined": 0})
    undefined = [(a, s, e) for a, (s, e, ok) in first.items() if not ok]
    metrics = {"acronyms": len(first), "undefined": len(undefined)}
    evidence = [analysed.evidence(s, e, "first use, not spelled out") for _, s, e in undefined[:8]]
    names = ", ".join(a for a, _, _ in undefined[:10])
    if len(undefined) >= r["acr_fail"]:
        return result("acronyms", "fail", "fail", evidence, metrics, count=len(undefined), acronyms=names)
    if len(undefined) >= r["acr_warn"]:
        return result("acronyms", "warn", "warn", evidence, metrics, acronyms=names)
    return result("acronyms", "pass", "pass", (), metrics)


def check_length(analysed: AnalysedDocument) -> CheckResult:
    r = rules()
    doc = analysed.document
    words = len(_WORD.findall(doc.text))
    if doc.pages:
        pages, estimated = float(doc.pages), ""
    else:
        pages, estimated = words / r["words_per_page"], f" (estimated from {words:,} words)"
    metrics = {"pages": round(pages, 1), "pages_estimated": bool(estimated), "average_pages": r["average_pages"]}
    fields = {"pages": f"{pages:.0f}", "estimated": estimated, "average": f"{r['average_pages']:.0f}"}
    if pages > r["len_fail"]:
        return result("length", "fail", "fail", (), metrics, **fields)
    if pages > r["len_warn"]:
        return result("length", "warn", "warn", (), metrics, **fields)
    return result("length", "pass", "pass", (), metrics, **fields)


DETECTORS = {"readability": check_readability, "acronyms": check_acronyms, "length": check_length}
