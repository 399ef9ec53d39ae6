"""The `analysis_evidence` detector: the generic `evidence` spec, for analysis-of-practice items.

Two additions to an evidence spec (qa/checks/generic.py), both phrase lists in the item's params:

    analysis_headings: [phrases]  a heading containing one of these marks its whole section
                                  (down to the next heading of the same or a higher level) as
                                  analysis, as if it were in `sections`. Reviews head their
                                  analysis in many ways ("What we found", "Episode 2: ...",
                                  "Callum's experience") that the canonical section map does
                                  not name, and must not be made to (other checks depend on it).
    exclude:      [phrases]       a sentence with one of these is not evidence: recommendations
                                  embedded after each finding ("Recommendation 4: ...") sit
                                  inside analysis sections but are not analysis.

Counting, thresholds (`pass_min`, `warn_min`) and messages are as for `evidence`.
"""
from __future__ import annotations

from ..errors import LexiconError
from ..types import AnalysedDocument, CheckResult
from . import generic
from .base import Detector, contains_phrase, result

EXTRA_KEYS = {"analysis_headings", "exclude"}


def _analysis_blocks(analysed: AnalysedDocument, phrases: tuple[str, ...]) -> set[int]:
    """Blocks under a heading that names analysis in words the section map does not know."""
    blocks = analysed.document.blocks
    marked: set[int] = set()
    for i, b in enumerate(blocks):
        if b.kind != "heading" or contains_phrase(b.text, phrases) is None:
            continue
        level = b.level or 1
        j = i + 1
        while j < len(blocks) and not (blocks[j].kind == "heading" and (blocks[j].level or 1) <= level):
            marked.add(j)
            j += 1
    return marked


def find(analysed: AnalysedDocument, p: dict, key: str) -> list[generic.Found]:
    """Evidence as `generic.find`, with analysis headings counted as analysis sections and
    excluded sentences dropped."""
    sections = set(p.get("sections") or [])
    context = tuple(x.lower() for x in p.get("context") or [])
    exclude = tuple(x.lower() for x in p.get("exclude") or [])
    extra = _analysis_blocks(analysed, tuple(x.lower() for x in p.get("analysis_headings") or []))
    # Every cue in body text; where it counts is decided here.
    spec = {k: v for k, v in p.items() if k in generic.SPEC_KEYS and k not in ("sections", "context")}
    text = analysed.document.text
    kept = []
    for f in generic.find(analysed, spec, key):
        if f.words:  # a heading (with enough words under it) is evidence in itself
            kept.append(f)
            continue
        sentence = text[f.start:f.end]
        if exclude and contains_phrase(sentence, exclude):
            continue
        i = analysed.block_index_at(f.start)
        in_analysis = not sections or analysed.sections[i] in sections or i in extra
        if in_analysis or (context and contains_phrase(sentence, context)):
            kept.append(f)
    return kept


def analysis_evidence(analysed: AnalysedDocument, item: dict) -> CheckResult:
    p = item["params"]
    cid = item["id"]
    found = find(analysed, p, cid)
    present = [f for f in found if not f.absent]
    n = len(present)
    pass_min = int(p.get("pass_min", 1))
    warn_min = int(p.get("warn_min", pass_min))
    metrics = {"evidence": n}
    if n >= pass_min:
        return result(cid, "pass", "pass", [generic.quote(analysed, f) for f in present[:3]], metrics, count=n)
    if n >= warn_min and n > 0:
        return result(cid, "warn", "warn", [generic.quote(analysed, f) for f in present[:3]], metrics,
                      count=n, needed=pass_min)
    return result(cid, "fail", "fail", [], metrics, count=n, needed=pass_min)


def validate(file: str, item: dict) -> None:
    p = item["params"]
    generic.validate_spec(file, item["id"], {k: v for k, v in p.items() if k not in EXTRA_KEYS},
                          generic.EVIDENCE_KEYS - {"max_words"})
    for key in EXTRA_KEYS:
        generic._phrases(file, item["id"], p, key)
    pass_min = int(p.get("pass_min", 1))
    if int(p.get("warn_min", pass_min)) < pass_min and "warn" not in item["messages"]:
        raise LexiconError(file, item["id"], "warn_min below pass_min needs a warn message")


CONFIGURABLE = {"analysis_evidence": Detector(analysis_evidence, validate)}
