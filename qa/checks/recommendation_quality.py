"""`recommendation_quality`: does each recommendation say who acts, by when, how impact will
be measured, and are leaders among those acting? (Panel guidance 2025 after 3.23; Working
Together ch. 4, 37.) Criteria and thresholds in lexicons/recommendation_quality.yaml."""
from __future__ import annotations

from functools import lru_cache

from ..settings import read_yaml
from ..types import AnalysedDocument, CheckResult
from .base import contains_phrase, result
from .chronology import DATE
from .recommendations import find_recommendations

CRITERIA = ("agency", "when", "impact", "leaders")


@lru_cache(maxsize=1)
def rules() -> dict:
    data = read_yaml("recommendation_quality.yaml") or {}
    out = {name: [p.lower() for p in data[name if name != "agency" else "agencies"]["phrases"]] for name in CRITERIA}
    out.update({k: float(v["value"]) for k, v in data["thresholds"].items()})
    return out


def assess_recommendation(text: str, r: dict) -> dict[str, bool]:
    return {
        "agency": contains_phrase(text, r["agency"]) is not None,
        "when": contains_phrase(text, r["when"]) is not None or DATE.search(text) is not None,
        "impact": contains_phrase(text, r["impact"]) is not None,
        "leaders": contains_phrase(text, r["leaders"]) is not None,
    }


def check_recommendation_quality(analysed: AnalysedDocument) -> CheckResult:
    r = rules()
    blocks = analysed.document.blocks
    recs = find_recommendations(analysed)
    if not recs:
        return result("recommendation_quality", "pass", "pass_none", (), {"recommendations": 0})
    # a table row is judged on all its cells (lead agency, timescale); a list item on its text
    judged = [(i, assess_recommendation(blocks[i].text, r)) for i, _ in recs]
    n = len(judged)
    share = {c: sum(j[c] for _, j in judged) / n for c in CRITERIA}
    leaders = sum(j["leaders"] for _, j in judged)
    weakest = sorted(judged, key=lambda x: sum(x[1].values()))[:3]
    evidence = []
    for i, j in weakest:
        missing = [c for c in CRITERIA if not j[c]]
        if missing:
            b = blocks[i]
            end = min(b.end, b.start + 200)
            evidence.append(analysed.evidence(b.start, end, "missing: " + ", ".join(missing)))
    metrics = {"recommendations": n, **{f"{c}_share": round(v, 3) for c, v in share.items()}}
    fields = {"n": n, "agency": share["agency"], "when": share["when"], "impact": share["impact"], "leaders": leaders}
    if share["agency"] < r["agency_fail"]:
        return result("recommendation_quality", "fail", "fail_agency", evidence, metrics, **fields)
    if share["when"] == 0 and share["impact"] == 0:
        return result("recommendation_quality", "fail", "fail_vague", evidence, metrics, **fields)
    if (share["agency"] >= r["agency_pass"] and share["when"] >= r["when_pass"]
            and share["impact"] >= r["impact_pass"] and leaders > 0):
        return result("recommendation_quality", "pass", "pass", evidence[:1], metrics, **fields)
    return result("recommendation_quality", "warn", "warn", evidence, metrics, **fields)


DETECTORS = {"recommendation_quality": check_recommendation_quality}
