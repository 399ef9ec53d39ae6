"""The 0-100 score and its band: status values and bands from lexicons/scoring.yaml, each
check's weight from its checklist item (lexicons/checklists/)."""
from __future__ import annotations

from functools import lru_cache

from . import checklist
from .errors import LexiconError
from .settings import read_yaml
from .types import CheckResult


@lru_cache(maxsize=1)
def scoring_rules() -> dict:
    data = read_yaml("scoring.yaml") or {}
    try:
        return {
            "status_values": {k: float(v) for k, v in data["status_values"].items()},
            "weights": {it["id"]: float(it["weight"]) for it in checklist.items()},
            "green": float(data["bands"]["green"]["value"]),
            "amber": float(data["bands"]["amber"]["value"]),
            "caps": [(frozenset(c["checks"]), int(c["failing_at_least"]), c["band"]) for c in data.get("band_caps") or []],
        }
    except (KeyError, TypeError, ValueError) as exc:
        raise LexiconError("scoring.yaml", None, f"malformed ({exc.__class__.__name__}: {exc})") from None


def score(checks: tuple[CheckResult, ...]) -> float | None:
    rules = scoring_rules()
    total = weight_sum = 0.0
    for c in checks:
        if c.status not in rules["status_values"]:
            continue  # not_applicable and error do not count either way
        w = rules["weights"].get(c.id, 0.0)  # a result for no checklist item does not count
        total += w * rules["status_values"][c.status]
        weight_sum += w
    return round(100 * total / weight_sum, 1) if weight_sum else None


BAND_ORDER = ("red", "amber", "green")


def band(value: float | None, checks: tuple[CheckResult, ...] = ()) -> str | None:
    """The band for a score, lowered by any cap whose checks fail often enough."""
    if value is None:
        return None
    rules = scoring_rules()
    result = "green" if value >= rules["green"] else "amber" if value >= rules["amber"] else "red"
    for ids, at_least, cap in rules["caps"]:
        if sum(1 for c in checks if c.id in ids and c.status == "fail") >= at_least:
            result = min(result, cap, key=BAND_ORDER.index)
    return result
