"""Detectors for scope, involvement, authorship and systemic analysis items that the generic
`evidence`/`all_of` detectors cannot express (lexicons/checklists/process.yaml, systemic.yaml).

    involvement     evidence of the family's part in the review, where a sentence saying they
                    were not involved still counts when it gives a reason (Panel guidance 3.27)
    reviewer_named  a reviewer cue next to a personal name, title-page lines included (3.32)
    human_error     attributions to individual error, each needing systemic follow-up nearby
                    (Local framework 2023, methodology)

Every cue phrase, word list and threshold is in the item's `params`.
"""
from __future__ import annotations

import re

from ..errors import LexiconError
from ..types import AnalysedDocument, CheckResult
from . import generic
from .base import Detector, Sentences, contains_phrase, result

INVOLVEMENT_KEYS = generic.EVIDENCE_KEYS | {"subjects", "reasons"}
REVIEWER_KEYS = {"cues", "filler", "gap", "titles", "exclude"}
HUMAN_ERROR_KEYS = {"attributions", "not_attribution", "follow_up", "skip_sections", "window", "fail_min"}


def _phrase_list(file: str, item: dict, key: str, required: bool = True) -> None:
    generic.phrases(file, item["id"], item["params"], key, required)


def _count(file: str, item: dict, key: str, default: int, least: int) -> None:
    value = item["params"].get(key, default)
    if not isinstance(value, int) or value < least:
        raise LexiconError(file, item["id"], f"'{key}' must be a whole number of at least {least}")


def _text_to_next_sentence(analysed: AnalysedDocument, sents: Sentences, start: int, end: int) -> str:
    """The found sentence and the one after it, within the same block."""
    i = analysed.block_index_at(start)
    block_end = analysed.document.blocks[i].end if i is not None else end
    tok = analysed.nlp.char_span(start, end, alignment_mode="expand")
    stop = end
    if tok is not None:
        k, _ = sents.of_token(tok.start)
        if k + 1 < len(sents.spans):
            stop = max(end, min(sents.spans[k + 1].end_char, block_end))
    return analysed.document.text[start:stop]


# --- involvement ---------------------------------------------------------------------------

def involvement_detector(analysed: AnalysedDocument, item: dict) -> CheckResult:
    p = item["params"]
    cid = item["id"]
    text = analysed.document.text
    subjects = tuple(s.lower() for s in p["subjects"])
    reasons = tuple(s.lower() for s in p.get("reasons") or [])
    sents = Sentences(analysed)
    present, reasoned, unreasoned = [], [], []
    for f in generic.find(analysed, p, cid):
        if f.words:  # a heading with text under it: not evidence of who took part
            continue
        if contains_phrase(text[f.start:f.end], subjects) is None:
            continue
        if not f.absent:
            present.append(f)
        elif reasons and contains_phrase(_text_to_next_sentence(analysed, sents, f.start, f.end), reasons):
            reasoned.append(f)
        else:
            unreasoned.append(f)
    pass_min = int(p.get("pass_min", 1))
    if len(present) >= pass_min:
        return result(cid, "pass", "pass", [generic.quote(analysed, f) for f in present[:3]],
                      {"evidence": len(present), "reasoned_absence": len(reasoned)}, count=len(present))
    if reasoned:
        return result(cid, "pass", "pass_reason", [generic.quote(analysed, f, "reason given") for f in reasoned[:3]],
                      {"evidence": 0, "reasoned_absence": len(reasoned)}, count=len(reasoned))
    if unreasoned:
        return result(cid, "fail", "fail_absence", [generic.quote(analysed, f, "no reason given") for f in unreasoned[:3]],
                      {"evidence": 0, "unreasoned_absence": len(unreasoned)}, count=0)
    return result(cid, "fail", "fail", [], {"evidence": len(present)}, count=len(present))


def validate_involvement(file: str, item: dict) -> None:
    p = item["params"]
    generic.validate_spec(file, item["id"], {k: v for k, v in p.items() if k not in ("subjects", "reasons")},
                          generic.EVIDENCE_KEYS)
    unknown = p.keys() - INVOLVEMENT_KEYS
    if unknown:
        raise LexiconError(file, item["id"], f"unknown key(s) {sorted(unknown)}")
    _phrase_list(file, item, "subjects")
    _phrase_list(file, item, "reasons", required=False)
    _count(file, item, "pass_min", 1, 1)
    generic.require_messages(file, item, ("pass", "pass_reason", "fail_absence", "fail"))


# --- reviewer_named ------------------------------------------------------------------------

_NAME_WORD = re.compile(r"[A-Z][a-z]*(?:[A-Z][a-z]+)?(?:['’][A-Z]?[a-z]+)?|[A-Z]\.?")


def _capitalised(word: str) -> bool:
    """A capitalised word ("Calloway", "O'Neill") or an initial ("J", "J.")."""
    return _NAME_WORD.fullmatch(word) is not None


def _name_tokens(tokens, titles: set[str], exclude: set[str], max_words: int = 4) -> int:
    """How many tokens from the start of `tokens` form a personal name (0 if none): an optional
    title, then two or more capitalised words (hyphenated parts and initials joined)."""
    i = 0
    if i < len(tokens) and tokens[i].lower_ in titles:
        i += 1
        if i < len(tokens) and tokens[i].text == ".":
            i += 1
    words, long_words, j = 0, 0, i
    while j < len(tokens) and words < max_words:
        t = tokens[j]
        if _capitalised(t.text) and t.lower_ not in exclude:
            words += 1
            long_words += len(t.text.rstrip(".")) > 1
            j += 1
            if j < len(tokens) and tokens[j].text in ("-", "'", "’", ".") and tokens[j].whitespace_ == "" \
                    and j + 1 < len(tokens) and _capitalised(tokens[j + 1].text):
                j += 1  # Pennington-Hale, O'Neill, J.Smith: one word
            elif j < len(tokens) and tokens[j].text == "." and len(t.text) == 1:
                j += 1  # an initial: "J. Smith"
            continue
        break
    return j if words >= 2 and long_words >= 1 else 0


def _find_name(doc, cue, p, titles, exclude, fill):
    """A name after the cue (across filler tokens), or just before it."""
    gap = int(p.get("gap", 6))
    k = cue.end
    skipped = 0
    while k < len(doc) and skipped <= gap:
        n = _name_tokens(doc[k:k + 8], titles, exclude)
        if n:
            return doc[k:k + n]
        if doc[k].lower_ not in fill:
            break
        k += 1
        skipped += 1
    # backwards: "Jane Smith, independent reviewer"
    k = cue.start - 1
    skipped = 0
    while k >= 0 and skipped <= 2 and doc[k].lower_ in fill and doc[k].lower_ not in ("the", "a", "an", "this"):
        k -= 1
        skipped += 1
    end = k + 1
    for start in range(max(0, end - 6), end - 1):
        n = _name_tokens(doc[start:end], titles, exclude)
        if n == end - start:
            return doc[start:end]
    return None


def reviewer_named_detector(analysed: AnalysedDocument, item: dict) -> CheckResult:
    from .. import lexicon

    p = item["params"]
    cid = item["id"]
    doc = analysed.nlp
    titles = {t.lower() for t in p["titles"]}
    exclude = {w.lower() for w in p["exclude"]}
    fill = {w.lower() for w in p["filler"]}
    cues = lexicon.find_all(doc, f"cues:{cid}", tuple(c.lower() for c in p["cues"]))
    mentioned = []
    for cue in cues:
        if analysed.block_index_at(cue.start_char) is None:
            continue
        name = _find_name(doc, cue, p, titles, exclude, fill)
        if name is None:
            mentioned.append(cue)
            continue
        start = min(cue.start_char, name.start_char)
        end = max(cue.end_char, name.end_char)
        return result(cid, "pass", "pass", [analysed.evidence(start, end, "reviewer named")],
                      {"name": name.text}, name=name.text)
    if mentioned:
        return result(cid, "fail", "fail_unnamed", [generic.quote(analysed, generic.Found(c.sent.start_char, min(
            c.sent.end_char, analysed.document.blocks[analysed.block_index_at(c.start_char)].end)), "no name")
            for c in mentioned[:1]], {"name": None})
    return result(cid, "fail", "fail", [], {"name": None})


def validate_reviewer_named(file: str, item: dict) -> None:
    p = item["params"]
    unknown = p.keys() - REVIEWER_KEYS
    if unknown:
        raise LexiconError(file, item["id"], f"unknown key(s) {sorted(unknown)}")
    for key in ("cues", "filler", "titles", "exclude"):
        _phrase_list(file, item, key)
    _count(file, item, "gap", 6, 0)
    generic.require_messages(file, item, ("pass", "fail_unnamed", "fail"))


# --- human_error ---------------------------------------------------------------------------

def human_error_detector(analysed: AnalysedDocument, item: dict) -> CheckResult:
    from .. import lexicon

    p = item["params"]
    cid = item["id"]
    doc = analysed.nlp
    blocks = analysed.document.blocks
    text = analysed.document.text
    skip = set(p.get("skip_sections") or [])
    not_attr = tuple(x.lower() for x in p.get("not_attribution") or [])
    follow = tuple(x.lower() for x in p["follow_up"])
    window = int(p.get("window", 3))
    sents = Sentences(analysed)
    seen, followed, bare = set(), [], []
    for span in lexicon.find_all(doc, f"attributions:{cid}", tuple(x.lower() for x in p["attributions"])):
        i = analysed.block_index_at(span.start_char)
        if i is None or not analysed.body[i] or blocks[i].kind == "heading" or analysed.sections[i] in skip:
            continue
        k, sent = sents.of_token(span.start)
        if k in seen:
            continue
        seen.add(k)
        if not_attr and contains_phrase(sent.text, not_attr):
            continue  # the principle stated ("human error is the starting point"), not an attribution
        b = blocks[i]
        after = [s.text for s in sents.spans[k + 1:k + 1 + window]]
        # the paragraph without the attribution itself ("because of human error" is no follow-up)
        around = " ".join([text[b.start:max(b.start, sent.start_char)], text[span.end_char:b.end], *after])
        found = generic.sentence_found(analysed, sent, i)
        (followed if contains_phrase(around, follow) else bare).append(found)
    metrics = {"attributions": len(followed) + len(bare), "followed_up": len(followed), "not_followed_up": len(bare)}
    if not followed and not bare:
        return result(cid, "pass", "pass_none", [], metrics)
    if not bare:
        return result(cid, "pass", "pass", [generic.quote(analysed, f, "followed by systemic analysis") for f in followed[:3]],
                      metrics, count=len(followed))
    quotes = [generic.quote(analysed, f, "not followed by systemic analysis") for f in bare[:5]]
    status = "fail" if len(bare) >= int(p.get("fail_min", 2)) else "warn"
    return result(cid, status, status, quotes, metrics, count=len(bare), total=len(bare) + len(followed))


def validate_human_error(file: str, item: dict) -> None:
    from .. import lexicon as lex

    p = item["params"]
    unknown = p.keys() - HUMAN_ERROR_KEYS
    if unknown:
        raise LexiconError(file, item["id"], f"unknown key(s) {sorted(unknown)}")
    _phrase_list(file, item, "attributions")
    _phrase_list(file, item, "follow_up")
    _phrase_list(file, item, "not_attribution", required=False)
    known = {s["id"] for s in lex.sections()}
    bad = set(p.get("skip_sections") or []) - known
    if bad:
        raise LexiconError(file, item["id"], f"unknown section(s) {sorted(bad)} (see lexicons/sections.yaml)")
    _count(file, item, "window", 3, 0)
    _count(file, item, "fail_min", 2, 1)
    generic.require_messages(file, item, ("pass_none", "pass", "warn", "fail"))


CONFIGURABLE = {
    "involvement": Detector(involvement_detector, validate_involvement),
    "reviewer_named": Detector(reviewer_named_detector, validate_reviewer_named),
    "human_error": Detector(human_error_detector, validate_human_error),
}
