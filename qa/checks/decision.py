"""The rapid review's LCSPR decision (Panel guidance 2025 after 3.7, 3.12, 3.15) and the key
lines of enquiry that follow from it.

`find_decision` reads the decision once: sentences that say the partners will or will not
proceed to an LCSPR (or, failing that, whether the criteria are met), preferring those in a
decision section; conflicting or open wording makes it "unclear"; and the rationale nearest
the decision. `lcspr_decision` judges that; `key_lines_of_enquiry` uses the same reading to
decide whether KLOEs are needed. Every cue phrase is in the items' `params`
(lexicons/checklists/learning.yaml).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .. import checklist
from ..errors import LexiconError
from ..types import AnalysedDocument, CheckResult
from .base import Detector, contains_phrase, result
from .generic import blocks_under, phrases, quote, require_messages, sentence_found

DECISION_SECTION = "lcspr_decision"  # canonical section (lexicons/sections.yaml)
KLOE_SECTION = "key_lines_of_enquiry"
DECISION_CHECK = "lcspr_decision"  # the item whose params say how the decision is read
QUOTED = 2  # decision sentences quoted as evidence

DECISION_LISTS = ("subject_cues", "headings", "heading_exclude", "not_proceed_cues", "proceed_cues",
                  "criteria_not_met_cues", "criteria_met_cues", "undecided_cues", "ignore_cues", "rationale_cues")
DECISION_REQUIRED = ("subject_cues", "not_proceed_cues", "proceed_cues", "rationale_cues")
KLOE_KEYS = {"headings", "cues", "min_items"}


@dataclass
class Decision:
    """What the review decided: `direction` is proceed / not_proceed / unclear / None."""

    direction: str | None
    sentences: list = field(default_factory=list)  # the decision sentences (spaCy spans)
    rationale: object | None = None  # the sentence giving the reasons
    why_unclear: str | None = None  # "both" or "undecided"


def _cues(p: dict, key: str) -> tuple[str, ...]:
    return tuple(x.lower() for x in p.get(key) or [])


def _section_blocks(analysed: AnalysedDocument, section: str, headings: tuple, exclude: tuple) -> set[int]:
    """Blocks in the canonical `section`, or under a heading with one of `headings`."""
    return {i for i, s in enumerate(analysed.sections) if s == section} | blocks_under(analysed, headings, exclude)


def _direction(text: str, p: dict, action: bool) -> str | None:
    """proceed / not_proceed from what was decided (`action`) or from whether criteria are met."""
    neg, pos = ("not_proceed_cues", "proceed_cues") if action else ("criteria_not_met_cues", "criteria_met_cues")
    if contains_phrase(text, _cues(p, neg)):
        return "not_proceed"
    if contains_phrase(text, _cues(p, pos)):
        return "proceed"
    return None


@dataclass(frozen=True)
class _Mention:
    """A sentence about the LCSPR decision."""

    sent: object  # spaCy span
    block: int
    in_section: bool  # in a decision section
    decided: str | None  # what the partners decided: proceed / not_proceed
    criteria: str | None  # whether the criteria are met, as proceed / not_proceed
    open: bool  # leaves the decision open


def find_decision(analysed: AnalysedDocument, p: dict) -> Decision:
    """The review's LCSPR decision, read once per document for both checks that need it."""
    key = ("lcspr_decision", id(p))
    if key not in analysed.memo:
        analysed.memo[key] = _read_decision(analysed, p)
    return analysed.memo[key]


def _read_decision(analysed: AnalysedDocument, p: dict) -> Decision:
    blocks = analysed.document.blocks
    in_section = _section_blocks(analysed, DECISION_SECTION, _cues(p, "headings"), _cues(p, "heading_exclude"))
    subject, ignore, undecided = _cues(p, "subject_cues"), _cues(p, "ignore_cues"), _cues(p, "undecided_cues")
    found: list[_Mention] = []
    for sent in analysed.sentences:
        i = analysed.block_index_at(sent.start_char)
        if i is None or not analysed.body[i] or blocks[i].kind == "heading":
            continue
        text = sent.text
        in_d = i in in_section
        if not in_d and contains_phrase(text, subject) is None:
            continue
        open_ = bool(undecided) and contains_phrase(text, undecided) is not None
        if ignore and contains_phrase(text, ignore) is not None:  # says what is to be decided
            decided = criteria = None
        else:
            decided, criteria = _direction(text, p, True), _direction(text, p, False)
        if decided or criteria or open_:
            found.append(_Mention(sent, i, in_d, decided, criteria, open_))
    if not found:
        return Decision(None)
    # prefer what the partners decided over whether the criteria are met, and the decision section
    # over mentions elsewhere
    for attr in ("decided", "criteria"):
        with_dir = [m for m in found if getattr(m, attr)]
        chosen = [m for m in with_dir if m.in_section] or with_dir
        if chosen:
            break
    else:
        open_ones = [m.sent for m in found if m.open]
        return Decision("unclear", open_ones[:QUOTED], why_unclear="undecided")
    directions = {getattr(m, attr) for m in chosen}
    rationale = _rationale(analysed, chosen, found, in_section, p)
    if len(directions) > 1:
        both = [next(m.sent for m in chosen if getattr(m, attr) == d) for d in ("proceed", "not_proceed")]
        return Decision("unclear", both, rationale, "both")
    sentences = [m.sent for m in chosen][:QUOTED]
    if any(m.open for m in chosen):
        return Decision("unclear", sentences, rationale, "undecided")
    return Decision(directions.pop(), sentences, rationale)


def _rationale(analysed: AnalysedDocument, chosen: list[_Mention], found: list[_Mention], in_section: set[int], p: dict):
    """The reasons: in a decision sentence, then the paragraphs of any sentence about the decision
    (the criteria may be weighed in one paragraph and the decision given in the next), then the
    decision section."""
    cues = _cues(p, "rationale_cues")
    for m in chosen:
        if contains_phrase(m.sent.text, cues):
            return m.sent
    paragraphs = {m.block for m in found if m.decided or m.criteria}
    for scope in (paragraphs, in_section):
        for sent in analysed.sentences:
            i = analysed.block_index_at(sent.start_char)
            if i in scope and analysed.body[i] and contains_phrase(sent.text, cues):
                return sent
    return None


def _quote(analysed: AnalysedDocument, sent, note: str):
    return quote(analysed, sentence_found(analysed, sent), note)


def lcspr_decision(analysed: AnalysedDocument, item: dict) -> CheckResult:
    cid, p, messages = item["id"], item["params"], item["messages"]
    d = find_decision(analysed, p)
    evidence = [_quote(analysed, s, "decision") for s in d.sentences]
    if d.rationale is not None and all(d.rationale.start_char != s.start_char for s in d.sentences):
        evidence.append(_quote(analysed, d.rationale, "rationale"))
    metrics = {"decision": d.direction, "rationale": d.rationale is not None}
    label = (d.direction or "").replace("_", " ")
    if d.direction is None:
        return result(cid, "fail", "fail", [], metrics)
    if d.direction == "unclear":
        return result(cid, "warn", "warn_unclear", evidence, metrics, why=messages[f"why_{d.why_unclear}"])
    if d.rationale is None:
        return result(cid, "warn", "warn_rationale", evidence, metrics, decision=label)
    return result(cid, "pass", "pass", evidence, metrics, decision=label)


def find_kloes(analysed: AnalysedDocument, p: dict) -> tuple[int, int | None]:
    """(number of KLOE items, block index of what introduces them): list items or paragraphs
    under a KLOE heading, or list items straight after a sentence that introduces them."""
    blocks = analysed.document.blocks
    under = sorted(_section_blocks(analysed, KLOE_SECTION, _cues(p, "headings"), ()))
    items = [i for i in under if analysed.body[i] and blocks[i].kind in ("list_item", "table_row")]
    if not items:
        items = [i for i in under if analysed.body[i] and blocks[i].kind == "paragraph"]
    if items:
        first = next((i for i in range(items[0], -1, -1) if blocks[i].kind == "heading"), items[0])
        return len(items), first
    cues = _cues(p, "cues")
    for i, b in enumerate(blocks):
        if b.kind == "heading" or not analysed.body[i] or contains_phrase(b.text, cues) is None:
            continue
        j = i + 1
        while j < len(blocks) and blocks[j].kind in ("list_item", "table_row"):
            j += 1
        if j - i - 1 > 0:
            return j - i - 1, i
    return 0, None


def key_lines_of_enquiry(analysed: AnalysedDocument, item: dict) -> CheckResult:
    cid, p = item["id"], item["params"]
    d = find_decision(analysed, checklist.item(DECISION_CHECK)["params"])
    n, at = find_kloes(analysed, p)
    present = n >= int(p.get("min_items", 1))
    metrics = {"decision": d.direction, "kloes": n}
    evidence = []
    if at is not None:
        b = analysed.document.blocks[at]
        evidence.append(analysed.evidence(b.start, min(b.end, b.start + 220), f"{n} lines of enquiry"))
    if d.direction == "not_proceed":
        return result(cid, "not_applicable", "not_applicable", [], metrics)
    if present:
        return result(cid, "pass", "pass", evidence, metrics, count=n)
    if d.direction == "proceed":
        return result(cid, "fail", "fail", [_quote(analysed, s, "decision") for s in d.sentences], metrics)
    return result(cid, "not_applicable", "not_applicable_no_decision", [], metrics)


def _validate_lists(file: str, item: dict, keys: tuple[str, ...], required: tuple[str, ...]) -> None:
    for key in keys:
        phrases(file, item["id"], item.get("params") or {}, key, required=key in required)


def validate_decision(file: str, item: dict) -> None:
    p = item.get("params") or {}
    unknown = set(p) - set(DECISION_LISTS)
    if unknown:
        raise LexiconError(file, item["id"], f"unknown key(s) {sorted(unknown)}")
    _validate_lists(file, item, DECISION_LISTS, DECISION_REQUIRED)
    require_messages(file, item, ("warn_rationale", "warn_unclear", "why_both", "why_undecided", "pass", "fail"))


def validate_kloes(file: str, item: dict) -> None:
    try:
        checklist.item(DECISION_CHECK)
    except KeyError:
        raise LexiconError(file, item["id"], f"needs the {DECISION_CHECK!r} item, whose params say how the decision is read") from None
    p = item.get("params") or {}
    unknown = set(p) - KLOE_KEYS
    if unknown:
        raise LexiconError(file, item["id"], f"unknown key(s) {sorted(unknown)}")
    _validate_lists(file, item, ("headings", "cues"), ("headings", "cues"))
    if not isinstance(p.get("min_items", 1), int) or p.get("min_items", 1) < 1:
        raise LexiconError(file, item["id"], "'min_items' must be a whole number of 1 or more")
    require_messages(file, item, ("pass", "fail", "not_applicable", "not_applicable_no_decision"))


CONFIGURABLE = {
    "lcspr_decision": Detector(lcspr_decision, validate_decision),
    "key_lines_of_enquiry": Detector(key_lines_of_enquiry, validate_kloes),
}
