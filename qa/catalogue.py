"""docs/checks.md: the check catalogue, generated from lexicons/checklists/ so it cannot drift.

`python -m qa.catalogue > docs/checks.md` rewrites it; tests/test_checklist.py fails when it is stale.
"""
from __future__ import annotations

import sys

from . import checklist

TYPE_NAMES = {"rapid_review": "RR", "lcspr": "LCSPR", "scr": "SCR", "unknown": "unknown"}
HEADER = """# Check catalogue

Generated from `lexicons/checklists/*.yaml` by `python -m qa.catalogue > docs/checks.md`; edit
the checklists, not this file. Each check is `not_applicable` outside the report types it applies
to (RR = rapid review, LCSPR, SCR = serious case review, unknown = type not determined). Weight is
its share of the 0-100 score (pass 1, warn 0.5, fail 0). Detector `evidence`, `all_of` and
`none_of` are configured wholly by the item's cue phrases and patterns (qa/checks/generic.py).
"""


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def render() -> str:
    items = checklist.items()
    out = [HEADER, f"{len(items)} checks in {len(checklist.sections())} sections.", ""]
    for section_id, title in checklist.sections().items():
        rows = [it for it in items if it["section"] == section_id]
        if not rows:
            continue
        out += [f"## {title}", "", "| id | what it asks | applies to | weight | detector | guidance | why |",
                "|---|---|---|---|---|---|---|"]
        for it in rows:
            types = ", ".join(TYPE_NAMES[t] for t in it["applies_to"])
            guidance = "; ".join(f"{g['source']}, {g['ref']}" for g in it["guidance"])
            out.append(f"| `{it['id']}` | {_cell(it['title'])} | {types} | {it['weight']:g} | {it['detector']} | "
                       f"{_cell(guidance)} | {_cell(it['why'])} |")
        out.append("")
    return "\n".join(out)


if __name__ == "__main__":
    sys.stdout.write(render())
