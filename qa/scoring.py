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


def band(value: float | None) -> str | None:
    if value is None:
        return None
    rules = scoring_rules()
    return "green" if value >= rules["green"] else "amber" if value >= rules["amber"] else "red"
