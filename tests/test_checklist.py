"""The checklists as data (lexicons/checklists/): validation that names the file and item, the
generic detectors they configure, and that every check of DOMAIN.md's lists has an item."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from qa import checklist, load_document
from qa.checks import all_checks
from qa.engine import analyse_document, assess
from qa.errors import LexiconError
from qa.scoring import scoring_rules

ROOT = Path(__file__).resolve().parent.parent


def _clear():
    for fn in (checklist.sections, checklist.items, checklist._by_id, all_checks, scoring_rules):
        fn.cache_clear()


@pytest.fixture
def lexicons(tmp_path, monkeypatch):
    """A private copy of lexicons/ the test may edit; caches cleared before and after."""
    copy = tmp_path / "lexicons"
    shutil.copytree(ROOT / "lexicons", copy)
    monkeypatch.setenv("REVIEW_QA_LEXICONS", str(copy))
    _clear()
    yield copy
    monkeypatch.delenv("REVIEW_QA_LEXICONS")
    _clear()


def _edit(path: Path, check_id: str, change) -> None:
    data = yaml.safe_load(path.read_text())
    for item in data["items"]:
        if item["id"] == check_id:
            change(item)
    path.write_text(yaml.safe_dump(data, sort_keys=False))


def test_unknown_key_in_an_item_names_file_and_item(lexicons):
    _edit(lexicons / "checklists" / "information.yaml", "immediate_safeguarding", lambda i: i.update(colour="red"))
    with pytest.raises(LexiconError, match=r"checklists/information.yaml: immediate_safeguarding: unknown key\(s\) \['colour'\]"):
        checklist.items()


def test_unknown_detector_and_bad_params_are_named(lexicons):
    _edit(lexicons / "checklists" / "learning.yaml", "national_reviews", lambda i: i.update(detector="magic"))
    with pytest.raises(LexiconError, match=r"learning.yaml: national_reviews: unknown detector 'magic'"):
        all_checks()
    _clear()
    _edit(lexicons / "checklists" / "learning.yaml", "national_reviews",
          lambda i: i.update(detector="all_of", params={**i["params"], "cue": ["x"]}))
    with pytest.raises(LexiconError, match=r"national_reviews: unknown key\(s\) \['cue'\]"):
        all_checks()


def test_bad_token_pattern_and_unknown_section_are_named(lexicons):
    def bad_pattern(item):
        item["params"]["parts"]["age"]["patterns"] = [[{"LOWR": "aged"}]]
    _edit(lexicons / "checklists" / "information.yaml", "identity_details", bad_pattern)
    with pytest.raises(LexiconError, match=r"identity_details.age: bad token pattern"):
        all_checks()
    _clear()
    shutil.copy(ROOT / "lexicons" / "checklists" / "information.yaml", lexicons / "checklists" / "information.yaml")
    _edit(lexicons / "checklists" / "analysis.yaml", "analysis_information_sharing",
          lambda i: i["params"].update(sections=["analysis", "nowhere"]))
    with pytest.raises(LexiconError, match=r"unknown section\(s\) \['nowhere'\]"):
        all_checks()


def test_item_section_must_be_a_checklist_section(lexicons):
    _edit(lexicons / "checklists" / "headline.yaml", "ethnicity", lambda i: i.update(section="identity"))
    with pytest.raises(LexiconError, match=r"headline.yaml: ethnicity: section 'identity' is not in"):
        checklist.items()


def test_weight_and_applies_to_come_from_the_item(lexicons):
    text = ("# Identity\n\nChild A is a girl aged 4 with no known disability. She is White British.\n\n"
            "# Immediate safeguarding\n\nChild A and her brother were placed with foster carers after a strategy discussion.\n")
    doc = load_document(text.encode(), filename="a.md")
    before = assess(doc, "rapid_review")
    assert {c.id: c.status for c in before.checks}["immediate_safeguarding"] == "pass"
    _edit(lexicons / "checklists" / "information.yaml", "immediate_safeguarding", lambda i: i.update(applies_to=["lcspr"]))
    _clear()
    after = assess(doc, "rapid_review")
    assert {c.id: c.status for c in after.checks}["immediate_safeguarding"] == "not_applicable"
    _edit(lexicons / "checklists" / "information.yaml", "identity_details", lambda i: i.update(weight=0))
    _clear()
    assert scoring_rules()["weights"]["identity_details"] == 0.0


def _run(check_id: str, text: str, report_type: str = "rapid_review"):
    doc = load_document(text.encode(), filename="x.md")
    analysed = analyse_document(doc, report_type)
    check = {c.id: c for c in all_checks()}[check_id]
    return doc, check.run(analysed)


def test_evidence_detector_quotes_the_sentence_with_offsets():
    doc, r = _run("immediate_safeguarding", "# What happened\n\nThe baby was admitted to hospital. "
                  "After a strategy discussion on 3 May, his sister was placed with kinship carers.\n")
    assert r.status == "pass"
    e = r.evidence[0]
    assert doc.text[e.start:e.end] == e.text
    assert e.text.startswith("After a strategy discussion")


def test_evidence_detector_heading_counts_only_with_content():
    _, empty = _run("terms_of_reference", "# Terms of reference\n\nSee appendix.\n\n# Analysis\n\nThe school saw her weekly.\n", "lcspr")
    assert empty.status == "fail"
    _, full = _run("terms_of_reference", "# Terms of reference\n\n" + "The partnership asked the reviewer to look at how agencies "
                   "worked together to support Child B and her mother during her first two years at secondary school.\n", "lcspr")
    assert full.status == "pass"
    assert full.evidence[0].text == "Terms of reference"


def test_evidence_in_the_wrong_section_needs_context():
    _, r = _run("analysis_information_sharing", "# Background\n\nInformation was shared with the school in May.\n")
    assert r.status == "fail"
    _, r = _run("analysis_information_sharing", "# Analysis\n\nInformation was not shared with the school, so staff did not "
                "know about the injury. The health visitor was not told about the referral because the system did not flag it.\n")
    assert r.status == "pass"


def test_all_of_names_what_is_missing():
    _, r = _run("identity_details", "# Identity\n\nChild C is a boy aged 7.\n")
    assert r.status == "warn"
    assert "disability" in r.message and r.metrics["missing"] == ["disability (or no known disability)"]
    _, r = _run("identity_details", "# Identity\n\nChild C lived with his family in Westmarsh.\n")
    assert r.status == "fail"


def test_every_check_cites_guidance_and_has_letter_wording():
    for item in checklist.items():
        assert item["guidance"] and all(g["source"] and g["ref"] for g in item["guidance"]), item["id"]
        assert item["letter"]["strength"].strip() and item["letter"]["development"].strip(), item["id"]
        assert item["section"] in checklist.sections()


def test_eval_scores_checklist_items_against_independent_labels(tmp_path):
    import json

    from qa.evaluate import evaluate, render_table, summary

    for name in ("rr01.docx", "rr01.gold.json", "rr08.docx", "rr08.gold.json"):
        shutil.copy(ROOT / "corpus_samples" / name, tmp_path / name)
    (tmp_path / "checklist_gold").mkdir()
    labels = {"immediate_safeguarding": {"rr01": "pass", "rr08": "pass"},
              "identity_details": {"rr01": "fail", "rr08": "pass"},  # rr01 deliberately mislabelled
              "terms_of_reference": {"rr01": "not_applicable"}}
    for check_id, by_report in labels.items():
        (tmp_path / "checklist_gold" / f"{check_id}.json").write_text(json.dumps({"check": check_id, "labels": by_report}))
    result = summary(evaluate(tmp_path))
    items = result["checklist"]
    assert items["immediate_safeguarding"]["accuracy"] == 1.0 and items["immediate_safeguarding"]["n"] == 2
    assert items["identity_details"]["exact"] == 0.5 and items["identity_details"]["recall"] == 0.0
    assert items["terms_of_reference"] == {"n": 1, "exact": 1.0}  # not applicable, and the tool agrees
    assert "identity_details" in render_table(result)
    (tmp_path / "checklist_gold" / "bad.json").write_text(json.dumps({"check": "x", "labels": {"rr01": "maybe"}}))
    with pytest.raises(ValueError, match="bad.json"):
        evaluate(tmp_path)


def test_docs_catalogue_is_current():
    from qa.catalogue import render

    path = ROOT / "docs" / "checks.md"
    assert path.read_text(encoding="utf-8") == render(), "docs/checks.md is stale: python -m qa.catalogue > docs/checks.md"
    for item in checklist.items():
        assert f"`{item['id']}`" in render()
