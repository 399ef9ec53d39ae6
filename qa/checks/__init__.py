"""Every check, built from the checklists in lexicons/checklists/ (report order = file order).

A checklist item names its `detector`; DETECTORS maps that name to the function that judges
it, explicitly (no discovery by reflection). Fixed detectors judge one check each and take
the analysed document; configurable ones also take the item, whose `params` say what counts as
evidence. Adding a check: an item in a checklist file, a detector here if no existing one fits,
and examples in tests/check_examples*.yaml.
"""
from __future__ import annotations

from functools import lru_cache, partial

from .. import checklist
from ..errors import LexiconError
from . import (child_voice, chronology, decision, ethnicity, generic, information, process, readability,
               recommendation_quality, recommendations, terms, victim_blaming)
from .base import Check, Detector

FIXED = {
    **ethnicity.DETECTORS,
    **child_voice.DETECTORS,
    **recommendations.DETECTORS,
    **recommendation_quality.DETECTORS,
    **chronology.DETECTORS,
    **victim_blaming.DETECTORS,
    **readability.DETECTORS,
}
CONFIGURABLE: dict[str, Detector] = {
    "evidence": Detector(generic.evidence_detector, generic.validate_evidence),
    "all_of": Detector(generic.all_of_detector, generic.validate_all_of),
    "none_of": Detector(generic.none_of_detector, generic.validate_none_of),
    **decision.CONFIGURABLE,
    **terms.CONFIGURABLE,
    **information.CONFIGURABLE,
    **process.CONFIGURABLE,
}


def _build(item: dict) -> Check:
    name = item["detector"]
    if name in FIXED:
        if item["params"]:
            raise LexiconError(item["file"], item["id"], f"detector {name!r} takes no params")
        return Check(item["id"], FIXED[name], tuple(item["applies_to"]))
    if name in CONFIGURABLE:
        detector = CONFIGURABLE[name]
        if detector.validate:
            detector.validate(item["file"], item)
        return Check(item["id"], partial(detector.run, item=item), tuple(item["applies_to"]))
    raise LexiconError(item["file"], item["id"], f"unknown detector {name!r}")


@lru_cache(maxsize=1)
def all_checks() -> tuple[Check, ...]:
    """Every check, validated against its detector; built once per process."""
    return tuple(_build(item) for item in checklist.items())


def check_ids() -> tuple[str, ...]:
    return tuple(c.id for c in all_checks())


def __getattr__(name: str):
    # ALL_CHECKS / CHECK_IDS are built on first use, not at import: a bad checklist edit then
    # surfaces as a one-line LexiconError from the command that needed it.
    if name == "ALL_CHECKS":
        return all_checks()
    if name == "CHECK_IDS":
        return check_ids()
    raise AttributeError(name)
