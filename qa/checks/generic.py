"""Detectors configured wholly by a checklist item's `params` (lexicons/checklists/*.yaml).

Most checklist items ask "does the review contain X?": an evidence spec says what counts as X.

    cues:      [phrases]            lower-case phrases, matched on word boundaries, any case
    patterns:  [[{token}, ...]]     spaCy Matcher token patterns, for what phrases cannot say
                                    ("aged" followed by a number)
    sections:  [canonical ids]      a cue counts only in these sections (lexicons/sections.yaml) ...
    section_headings: [phrases]     ... or under a heading containing one of these (reviews head
                                    their analysis "What we found", "Episode 2", "Callum's
                                    experience": words the canonical section map does not know) ...
    context:   [phrases]            ... or, anywhere, in a sentence that also has one of these
    headings:  [phrases]            a heading containing one of these, with at least `min_words`
                                    words under it, is evidence in itself
    min_words: 15
    absence:   [phrases]            a sentence with one of these says X is missing: not evidence
    exclude:   [phrases]            a sentence with one of these is not evidence at all (e.g. a
                                    "Recommendation 4:" line embedded in an analysis section)
    everywhere: true                count the title page, contents and appendices too

`evidence` passes on `pass_min` distinct sentences (default 1) and warns from `warn_min`;
`all_of` needs every one of its named `parts` (each an evidence spec with a `label`) and
warns when no more than `warn_missing` are absent and none of them is `required`; `none_of` is the reverse: what it finds is a
problem (passes on none, warns up to `warn_max`, fails above). Evidence counts only in body
text (not the title page, contents, glossary or appendices) unless `everywhere` is set.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, replace
from functools import lru_cache

from spacy.matcher import Matcher

from .. import lexicon
from ..errors import LexiconError
from ..nlp import pipeline
from ..types import AnalysedDocument, CheckResult, Evidence
from .base import contains_phrase, result

SPEC_KEYS = {"cues", "patterns", "sections", "section_headings", "context", "headings", "min_words", "absence",
             "exclude", "everywhere"}
EVIDENCE_KEYS = SPEC_KEYS | {"pass_min", "warn_min", "max_words"}
ALL_OF_KEYS = {"parts", "warn_missing"}
NONE_OF_KEYS = SPEC_KEYS | {"warn_max"}
INT_KEYS = {"min_words", "pass_min", "warn_min", "max_words", "warn_max", "warn_missing"}
PART_KEYS = SPEC_KEYS | {"label", "required"}
DEFAULT_MIN_WORDS = 15
QUOTE_CHARS = 220


@dataclass(frozen=True)
class Found:
    """One piece of evidence: a sentence (or a heading with its section) that shows X."""

    start: int
    end: int
    absent: bool = False  # the sentence says X is missing
    words: int = 0  # for a heading: words in its section
    hits: int = 1  # matches in the sentence


def phrases(file: str, name: str, spec: dict, key: str, required: bool = False) -> tuple[str, ...]:
    """The lower-cased phrase list at `spec[key]`; a LexiconError naming file and item if it is not
    a list of non-empty strings, or (when `required`) is missing or empty."""
    value = spec.get(key)
    if value is None or value == []:
        if required:
            raise LexiconError(file, name, f"params need '{key}' (a non-empty list of phrases)")
        return ()
    if not isinstance(value, list) or not all(isinstance(p, str) and p.strip() for p in value):
        raise LexiconError(file, name, f"'{key}' must be a list of non-empty phrases")
    return tuple(p.lower() for p in value)


def require_messages(file: str, item: dict, keys: tuple[str, ...]) -> None:
    """The item must have a message for every outcome its detector can report."""
    missing = [k for k in keys if k not in item["messages"]]
    if missing:
        raise LexiconError(file, item["id"], f"needs message(s) {missing}")


def validate_spec(file: str, name: str, spec: dict, keys: set[str]) -> None:
    if not isinstance(spec, dict):
        raise LexiconError(file, name, "params must be a mapping")
    unknown = spec.keys() - keys
    if unknown:
        raise LexiconError(file, name, f"unknown key(s) {sorted(unknown)}")
    for key in ("cues", "context", "headings", "absence", "section_headings", "exclude"):
        phrases(file, name, spec, key)
    if not (spec.get("cues") or spec.get("patterns") or spec.get("headings")):
        raise LexiconError(file, name, "needs cues, patterns or headings")
    for key in INT_KEYS & spec.keys():
        if not isinstance(spec[key], int) or isinstance(spec[key], bool) or spec[key] < 0:
            raise LexiconError(file, name, f"'{key}' must be a whole number of 0 or more")
    known = {s["id"] for s in lexicon.sections()}
    sections = spec.get("sections") or []
    if not isinstance(sections, list) or not all(isinstance(s, str) for s in sections):
        raise LexiconError(file, name, "'sections' must be a list of section ids")
    bad = set(sections) - known
    if bad:
        raise LexiconError(file, name, f"unknown section(s) {sorted(bad)} (see lexicons/sections.yaml)")
    patterns = spec.get("patterns") or []
    if patterns:
        try:
            Matcher(pipeline().vocab).add("probe", patterns)
        except Exception as exc:  # spaCy explains what is wrong with the pattern
            raise LexiconError(file, name, f"bad token pattern ({str(exc).splitlines()[0][:160]})") from None


@lru_cache(maxsize=None)
def _token_matcher(key: str, patterns_json: str) -> Matcher:
    # keyed on the patterns themselves, so an edited checklist never meets a stale matcher
    m = Matcher(pipeline().vocab)
    m.add(key, json.loads(patterns_json))
    return m


def _pattern_spans(doc, key: str, patterns: list) -> list:
    return [doc[s:e] for _, s, e in _token_matcher(key, json.dumps(patterns, sort_keys=True))(doc)]


def find(analysed: AnalysedDocument, spec: dict, key: str) -> list[Found]:
    """Evidence for one spec, one entry per sentence or heading, in document order."""
    doc = analysed.nlp
    blocks = analysed.document.blocks
    sections = set(spec.get("sections") or [])
    context = tuple(p.lower() for p in spec.get("context") or [])
    absence = tuple(p.lower() for p in spec.get("absence") or [])
    exclude = tuple(p.lower() for p in spec.get("exclude") or [])
    under = blocks_under(analysed, tuple(p.lower() for p in spec.get("section_headings") or []))
    spans = []
    if spec.get("cues"):
        spans += lexicon.find_all(doc, f"cues:{key}", tuple(p.lower() for p in spec["cues"]))
    if spec.get("patterns"):
        spans += _pattern_spans(doc, f"patterns:{key}", spec["patterns"])
    everywhere = bool(spec.get("everywhere"))
    found: dict[int, Found] = {}
    for span in spans:
        i = analysed.block_index_at(span.start_char)
        if i is None or (not everywhere and (not analysed.body[i] or blocks[i].kind == "heading")):
            continue
        sent = span.sent
        text = sent.text
        if exclude and contains_phrase(text, exclude):
            continue
        scoped = bool(sections or spec.get("section_headings"))
        in_section = analysed.sections[i] in sections or i in under
        if scoped and not in_section and not (context and contains_phrase(text, context)):
            continue
        if not scoped and context and not contains_phrase(text, context):
            continue
        here = sentence_found(analysed, sent, i)
        absent = bool(absence) and contains_phrase(text, absence) is not None
        prev = found.get(here.start)
        found[here.start] = replace(here, absent=absent and (prev is None or prev.absent),
                                    hits=1 + (prev.hits if prev else 0))
    found_list = sorted(found.values(), key=lambda f: f.start)
    headings = tuple(p.lower() for p in spec.get("headings") or [])
    if headings:
        found_list = _merge(found_list, _heading_evidence(analysed, headings, int(spec.get("min_words", DEFAULT_MIN_WORDS))))
    return found_list


def sentence_found(analysed: AnalysedDocument, sent, i: int | None = None) -> Found:
    """A spaCy sentence as evidence, clipped to the block it starts in (a sentence never runs
    into the next heading or table row) and without trailing space."""
    i = analysed.block_index_at(sent.start_char) if i is None else i
    start, end = sent.start_char, sent.start_char + len(sent.text.rstrip())
    if i is not None:
        block = analysed.document.blocks[i]
        start, end = max(start, block.start), min(end, block.end)
    return Found(start, end)


def blocks_under(analysed: AnalysedDocument, phrases: tuple[str, ...], exclude: tuple[str, ...] = ()) -> set[int]:
    """Blocks under a heading containing one of `phrases` (and none of `exclude`), down to the
    next heading of the same or a higher level. Many items share a heading list, so each list is
    walked once per document."""
    if not phrases:
        return set()
    key = ("blocks_under", phrases, exclude)
    if key not in analysed.memo:
        analysed.memo[key] = frozenset(_walk_headings(analysed, phrases, exclude))
    return set(analysed.memo[key])


def _walk_headings(analysed: AnalysedDocument, phrases: tuple[str, ...], exclude: tuple[str, ...]) -> set[int]:
    blocks = analysed.document.blocks
    marked: set[int] = set()
    for i, b in enumerate(blocks):
        if b.kind != "heading" or contains_phrase(b.text, phrases) is None:
            continue
        if exclude and contains_phrase(b.text, exclude) is not None:
            continue
        marked.update(range(i + 1, section_end(blocks, i)))
    return marked


def section_end(blocks, i: int) -> int:
    """The index just past the blocks under heading `i`: up to the next heading of the same or a
    higher level."""
    level = blocks[i].level or 1
    j = i + 1
    while j < len(blocks) and not (blocks[j].kind == "heading" and (blocks[j].level or 1) <= level):
        j += 1
    return j


def _heading_evidence(analysed: AnalysedDocument, phrases: tuple[str, ...], min_words: int) -> list[Found]:
    blocks = analysed.document.blocks
    out = []
    for i, b in enumerate(blocks):
        if b.kind != "heading" or not analysed.body[i] or contains_phrase(b.text, phrases) is None:
            continue
        words = sum(len(blocks[j].text.split()) for j in range(i + 1, section_end(blocks, i)))
        if words >= min_words:
            out.append(Found(b.start, b.end, words=words))
    return out


def _merge(a: list[Found], b: list[Found]) -> list[Found]:
    return sorted(a + b, key=lambda f: f.start)


def quote(analysed: AnalysedDocument, f: Found, note: str | None = None) -> Evidence:
    end = min(f.end, f.start + QUOTE_CHARS)
    if end < f.end:  # cut at a word boundary
        cut = analysed.document.text.rfind(" ", f.start, end)
        end = cut if cut > f.start else end
    return analysed.evidence(f.start, end, note)


def evidence_detector(analysed: AnalysedDocument, item: dict) -> CheckResult:
    p = item["params"]
    cid = item["id"]
    found = find(analysed, p, cid)
    present = [f for f in found if not f.absent]
    absent = [f for f in found if f.absent]
    pass_min = int(p.get("pass_min", 1))
    warn_min = int(p.get("warn_min", pass_min))
    n = len(present)
    messages = item["messages"]
    if n >= pass_min:
        longest = max((f.words for f in present), default=0)
        if p.get("max_words") and longest > int(p["max_words"]):
            heading = next(f for f in present if f.words == longest)
            return result(cid, "warn", "warn_long", [quote(analysed, heading, f"{longest} words")],
                          {"evidence": n, "words": longest}, count=n, words=longest, limit=int(p["max_words"]))
        return result(cid, "pass", "pass", [quote(analysed, f) for f in present[:3]], {"evidence": n}, count=n)
    if n >= warn_min and n > 0:
        return result(cid, "warn", "warn", [quote(analysed, f) for f in present[:3]], {"evidence": n}, count=n, needed=pass_min)
    if absent and "fail_absence" in messages:
        return result(cid, "fail", "fail_absence", [quote(analysed, f, "says it is missing") for f in absent[:3]],
                      {"evidence": 0}, count=0)
    return result(cid, "fail", "fail", [], {"evidence": n}, count=n, needed=pass_min)


def validate_evidence(file: str, item: dict) -> None:
    validate_spec(file, item["id"], item["params"], EVIDENCE_KEYS)
    p = item["params"]
    if p.get("max_words") and "warn_long" not in item["messages"]:
        raise LexiconError(file, item["id"], "max_words needs a warn_long message")
    if int(p.get("warn_min", p.get("pass_min", 1))) < int(p.get("pass_min", 1)) and "warn" not in item["messages"]:
        raise LexiconError(file, item["id"], "warn_min below pass_min needs a warn message")


def all_of_detector(analysed: AnalysedDocument, item: dict) -> CheckResult:
    p = item["params"]
    cid = item["id"]
    found_parts, missing, evidence = [], [], []
    required_missing = False
    for name, spec in p["parts"].items():
        hits = [f for f in find(analysed, spec, f"{cid}.{name}") if not f.absent]
        if hits:
            found_parts.append(spec["label"])
            e = quote(analysed, hits[0], spec["label"])
            same = next((k for k, prev in enumerate(evidence) if (prev.start, prev.end) == (e.start, e.end)), None)
            if same is None:
                evidence.append(e)
            else:  # one sentence shows several parts: quote it once, naming them all
                evidence[same] = replace(evidence[same], note=f"{evidence[same].note}; {spec['label']}")
        else:
            missing.append(spec["label"])
            required_missing = required_missing or bool(spec.get("required"))
    metrics = {"found": found_parts, "missing": missing}
    fields = {"found": ", ".join(found_parts) or "none", "missing": ", ".join(missing)}
    if not missing:
        return result(cid, "pass", "pass", evidence, metrics, **fields)
    if len(missing) <= int(p.get("warn_missing", 0)) and found_parts and not required_missing:
        return result(cid, "warn", "warn", evidence, metrics, **fields)
    return result(cid, "fail", "fail", evidence, metrics, **fields)


def validate_all_of(file: str, item: dict) -> None:
    p = item["params"]
    unknown = p.keys() - ALL_OF_KEYS
    if unknown:
        raise LexiconError(file, item["id"], f"unknown key(s) {sorted(unknown)}")
    if not isinstance(p.get("warn_missing", 0), int) or p.get("warn_missing", 0) < 0:
        raise LexiconError(file, item["id"], "'warn_missing' must be a whole number of 0 or more")
    parts = p.get("parts")
    if not isinstance(parts, dict) or not parts:
        raise LexiconError(file, item["id"], "all_of needs named parts")
    for name, spec in parts.items():
        validate_spec(file, f"{item['id']}.{name}", spec, PART_KEYS)
        if not isinstance(spec.get("label"), str):
            raise LexiconError(file, f"{item['id']}.{name}", "each part needs a label")
    if p.get("warn_missing") and "warn" not in item["messages"]:
        raise LexiconError(file, item["id"], "warn_missing needs a warn message")



def none_of_detector(analysed: AnalysedDocument, item: dict) -> CheckResult:
    p = item["params"]
    cid = item["id"]
    found = [f for f in find(analysed, p, cid) if not f.absent]
    n = sum(f.hits for f in found)
    evidence = [quote(analysed, f) for f in found[:5]]
    if n == 0:
        return result(cid, "pass", "pass", [], {"found": 0}, count=0)
    status = "warn" if n <= int(p.get("warn_max", 0)) else "fail"
    return result(cid, status, status, evidence, {"found": n}, count=n)


def validate_none_of(file: str, item: dict) -> None:
    validate_spec(file, item["id"], item["params"], NONE_OF_KEYS)
    if item["params"].get("warn_max") and "warn" not in item["messages"]:
        raise LexiconError(file, item["id"], "warn_max needs a warn message")
