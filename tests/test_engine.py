"""The engine around the checks: sections, report type, lexicon validation, models, error isolation."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from qa import assess, load_document, models
from qa.checks.base import Check
from qa.engine import analyse_document
from qa.errors import LexiconError
from qa.runner import run_checks
from qa.sections import canonical_section

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("heading,section", [
    ("5. Recommendations", "recommendations"),
    ("Recommendations for strategic leaders", "recommendations"),
    ("Learning and recommendations", "recommendations"),
    ("Terms of Reference", "terms_of_reference"),
    ("Scope of the review", "terms_of_reference"),
    ("What life was like for Child X", "child_experience"),
    ("Key practice episodes", "key_practice_episodes"),
    ("Analysis of practice", "analysis"),
    ("Findings", "analysis"),
    ("Appendix A: Chronology", "appendix"),
    ("Glossary of terms", "glossary"),
    ("11. Decision on a Local Child Safeguarding Practice Review", "lcspr_decision"),
    ("Key lines of enquiry", "key_lines_of_enquiry"),
    ("Action plan", "action_plan"),
    ("Sign-off", "sign_off"),
    ("Mr and Mrs Smith", None),
])
def test_heading_synonyms(heading, section):
    assert canonical_section(heading) == section


def test_sub_headings_inherit_and_appendix_is_not_body():
    text = ("# 4. Analysis\n\n## Episode 1: the referral\n\nThe referral was not acted on because the threshold was misread.\n\n"
            "# Appendix A: Chronology\n\nOn 3 May 2023 the health visitor visited the home.\n")
    analysed = analyse_document(load_document(text.encode(), filename="x.md"))
    blocks = analysed.document.blocks
    assert [s for b, s in zip(blocks, analysed.sections) if b.kind == "heading"] == ["analysis", "analysis", "appendix"]
    assert analysed.body[2] is True and analysed.body[4] is False


def test_theme_sub_headings_stay_inside_recommendations_but_findings_and_recommendations_do_not_bind():
    text = ("# 7. Recommendations\n\n## Theme A: Children as victims of domestic abuse\n\n"
            "1. The partnership should ensure that every child in a MARAC household is spoken to alone.\n\n"
            "## Action plan\n\nThe action plan is at Appendix B.\n\n"
            "# 6. Findings and recommendations\n\n## Finding 5: Early help closed too soon\n\n"
            "Early help closed the case because the threshold was misread.\n")
    analysed = analyse_document(load_document(text.encode(), filename="x.md"))
    heads = [(b.text, s) for b, s in zip(analysed.document.blocks, analysed.sections) if b.kind == "heading"]
    assert heads == [("7. Recommendations", "recommendations"),
                     ("Theme A: Children as victims of domestic abuse", "recommendations"),  # would be 'analysis' on its own
                     ("Action plan", "action_plan"),  # listed in 'nested': may open inside Recommendations
                     ("6. Findings and recommendations", "recommendations"),
                     ("Finding 5: Early help closed too soon", "analysis")]


def _edited_lexicon_raises(tmp_path, monkeypatch, file: str, old: str, new: str, loader: str, match: str) -> None:
    """Copy the lexicons, make one edit, and expect `lexicon.<loader>()` to name the problem."""
    for f in (ROOT / "lexicons").glob("*.yaml"):
        shutil.copy(f, tmp_path / f.name)
    text = (tmp_path / file).read_text()
    assert old in text
    (tmp_path / file).write_text(text.replace(old, new, 1))
    monkeypatch.setenv("REVIEW_QA_LEXICONS", str(tmp_path))
    from qa import lexicon

    load = getattr(lexicon, loader)
    load.cache_clear()
    try:
        with pytest.raises(LexiconError, match=match):
            load()
    finally:
        load.cache_clear()


def test_nested_sections_must_exist(tmp_path, monkeypatch):
    _edited_lexicon_raises(tmp_path, monkeypatch, "sections.yaml", "nested: [action_plan,", "nested: [actoin_plan,",
                           "sections", r"sections.yaml: recommendations: 'nested' names unknown sections: actoin_plan")


@pytest.mark.parametrize("text,expected", [
    ("Rapid Review: Child A\n\nThis rapid review was completed within 15 working days.", "rapid_review"),
    ("Local Child Safeguarding Practice Review: Child B\n\nTerms of reference\n\nThe independent reviewer used a systems approach.", "lcspr"),
    ("Serious Case Review: Child C\n\nCommissioned by the Local Safeguarding Children Board (LSCB).", "scr"),
])
def test_report_type_detection(text, expected):
    assert assess(load_document(text.encode(), filename="x.txt")).report_type == expected


def test_report_type_override():
    doc = load_document(b"Rapid Review: Child A\n\nText.", filename="x.txt")
    assert assess(doc, report_type="lcspr").report_type == "lcspr"


def test_a_check_that_raises_is_an_error_and_the_rest_still_run():
    analysed = analyse_document(load_document(b"# Background\n\nChild A is a White British boy.", filename="x.md"))

    def broken(_):
        raise RuntimeError("boom")

    from qa.checks import ALL_CHECKS

    results = run_checks(analysed, (Check("ethnicity", broken),) + ALL_CHECKS[1:])
    assert results[0].status == "error" and "could not run (RuntimeError)" in results[0].message
    assert results[0].guidance  # still cites its guidance
    assert all(r.status != "error" for r in results[1:])


def test_lexicon_with_unknown_key_names_file_and_entry(tmp_path, monkeypatch):
    _edited_lexicon_raises(tmp_path, monkeypatch, "recommendations.yaml", "  warn_above:\n", "  warn_above:\n    colour: red\n",
                           "recommendations", r"recommendations.yaml: warn_above: unknown key\(s\) \['colour'\]")


def test_models_are_verified_and_missing_or_altered_models_fall_back(tmp_path, monkeypatch):
    meta = json.loads((ROOT / "models" / "report_type.json").read_text())
    assert meta["sha256"] == models.sha256_file(ROOT / "models" / "report_type.joblib")
    assert {"scikit-learn", "numpy", "python", "spacy"} <= set(meta["versions"])
    assert meta["labels"] == ["lcspr", "rapid_review", "scr"]
    assert set(meta["metrics"]) == {"dev", "test"} and len(meta["training_data_sha256"]) == 64

    shutil.copy(ROOT / "models" / "report_type.joblib", tmp_path / "report_type.joblib")
    (tmp_path / "report_type.json").write_text(json.dumps({**meta, "sha256": "0" * 64}))
    monkeypatch.setenv("REVIEW_QA_MODELS", str(tmp_path))
    models.load_model.cache_clear()
    try:
        assert models.load_model("report_type") is None
        assert any("does not match its recorded checksum" in w for w in models.WARNINGS)
        assert models.load_model("voice_sentence") is None
        assert any("voice_sentence not found" in w for w in models.WARNINGS)
        # the rules still give an answer
        doc = load_document(b"Rapid Review: Child A\n\nThis rapid review was completed within 15 working days.",
                            filename="x.txt")
        assert assess(doc).report_type == "rapid_review"
    finally:
        models.load_model.cache_clear()
        models.WARNINGS.clear()


def test_models_load_from_the_repository():
    models.load_model.cache_clear()
    for name in ("paragraph_type", "voice_sentence", "report_type"):
        assert models.load_model(name) is not None, models.WARNINGS


def test_score_and_band_from_weights():
    from qa.scoring import band, score
    from qa.types import CheckResult

    def c(cid, status):
        return CheckResult(cid, cid, status, "")

    assert score((c("ethnicity", "pass"), c("child_voice", "fail"))) == 50.0  # weights 3 and 3
    assert score((c("ethnicity", "pass"), c("recommendation_count", "warn"))) == 80.0  # (3 + 2*0.5) / 5
    assert score((c("ethnicity", "not_applicable"), c("chronology", "error"))) is None
    assert (band(80.0), band(60.0), band(49.9), band(None)) == ("green", "amber", "red", None)
    # caps from the headline checks (lexicons/scoring.yaml): one failing keeps a review out of green,
    # three make it red whatever the score
    one = (c("ethnicity", "fail"), c("child_voice", "pass"))
    three = (c("ethnicity", "fail"), c("victim_blaming", "fail"), c("chronology", "fail"))
    assert band(95.0, one) == "amber" and band(40.0, one) == "red"
    assert band(95.0, three) == "red"
    assert band(95.0, (c("acronyms", "fail"),)) == "green"


def test_assessment_carries_score_in_json():
    from qa.report import to_dict

    doc = load_document(b"# Background\n\nChild A is a White British boy. He told his teacher he was scared.", filename="x.md")
    report = to_dict(assess(doc))
    assert 0 <= report["score"] <= 100 and report["band"] in ("red", "amber", "green")


def test_readability_figures_reach_top_level_metrics_overall_and_per_section():
    from qa import assess, load_document

    path = Path(__file__).resolve().parent.parent / "corpus_samples" / "lc05.pdf"
    a = assess(load_document(path))
    m = a.metrics
    readability = {c.id: c for c in a.checks}["readability"].metrics
    assert m["flesch_reading_ease"] == readability["flesch_reading_ease"]
    assert 0 <= m["passive_share"] <= 1 and m["flesch_kincaid_grade"] > 0
    by_section = m["readability_by_section"]
    assert "analysis" in by_section and by_section["analysis"]["sentences"] >= 5
    eases = [v["flesch_reading_ease"] for v in by_section.values()]
    assert eases == sorted(eases)  # hardest section first
    assert m["acronyms_undefined"] >= 0 and m["recommendation_count"] == 5
