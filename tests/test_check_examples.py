"""The examples table (tests/check_examples*.yaml): every check has should-flag and should-pass
snippets, and each gives exactly the expected status (and count, for recommendations)."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from qa import load_document
from qa.checks import ALL_CHECKS, CHECK_IDS
from qa.engine import analyse_document
from qa.runner import run_checks

from qa import checklist

EXAMPLES = {}
for _path in sorted(Path(__file__).parent.glob("check_examples*.yaml")):
    for _check_id, _groups in yaml.safe_load(_path.read_text(encoding="utf-8")).items():
        assert _check_id not in EXAMPLES, f"{_check_id} has examples in two files"
        EXAMPLES[_check_id] = _groups
# The headline and accessibility checks carry the larger tables they were built against; each
# checklist item needs at least six of each kind.
MIN_EACH = {"checklists/headline.yaml": 10, "checklists/accessibility.yaml": 10, "checklists/recommendations.yaml": 10}
MIN_ITEM = 6


def _cases():
    for check_id, groups in EXAMPLES.items():
        for kind in ("flag", "pass"):
            for n, ex in enumerate(groups.get(kind, [])):
                yield pytest.param(check_id, kind, ex, id=f"{check_id}-{kind}-{n}")


def test_every_check_has_examples():
    for check_id in CHECK_IDS:
        assert check_id in EXAMPLES, f"{check_id} has no examples"
        least = MIN_EACH.get(checklist.item(check_id)["file"], MIN_ITEM)
        assert len(EXAMPLES[check_id].get("flag", [])) >= least, f"{check_id}: too few flag examples"
        assert len(EXAMPLES[check_id].get("pass", [])) >= least, f"{check_id}: too few pass examples"


def test_examples_only_name_real_checks():
    assert set(EXAMPLES) <= set(CHECK_IDS)


CHECKS = {c.id: c for c in ALL_CHECKS}


@pytest.mark.parametrize("check_id,kind,example", list(_cases()))
def test_example(check_id, kind, example):
    text = "\n\n".join([example["text"]] * int(example.get("repeat", 1)))
    document = load_document(text.encode("utf-8"), filename="example.md")
    analysed = analyse_document(document, example.get("report_type", "unknown"))
    check = CHECKS[check_id]
    if analysed.report_type not in check.applies_to:
        outcome = run_checks(analysed, (check,))[0]
    else:
        outcome = check.run(analysed)
    expected = example.get("expect", "fail") if kind == "flag" else example.get("expect_status", "pass")
    assert outcome.status == expected, f"{outcome.message} | why: {example.get('why')}"
    if "count" in example:
        assert outcome.metrics["recommendation_count"] == example["count"], example.get("why")
    for e in outcome.evidence:
        assert document.text[e.start:e.end] == e.text
