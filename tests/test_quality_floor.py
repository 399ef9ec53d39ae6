"""Measured accuracy on the held-out test split: `review-qa eval` must keep every headline
figure at or above the floor. Nothing was tuned on these reports (corpus_samples/splits.json)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from qa.evaluate import evaluate, headline_figures, summary

CORPUS = Path(__file__).resolve().parent.parent / "corpus_samples"
FLOOR = 0.90
# Figures measured below FLOOR on the current test split, each held at the value measured so it
# cannot fall further (issue 4 stays open until this is empty). Measured 2026-12-04 on the
# 26-report test split (ten original reports plus sixteen written blind to the tool), after the
# session's train/dev work: docs/measurements/test26_2026-12-04_first.json and the README.
KNOWN_SHORTFALLS = {
    "child_voice accuracy": 0.846,
    "recommendation_count exact match": 0.846,
    "victim_blaming phrase precision": 0.889,
    "victim_blaming phrase recall": 0.851,
}


@pytest.fixture(scope="module")
def test_split_result():
    return summary(evaluate(CORPUS, "test"))


def test_test_split_is_fully_scored(test_split_result):
    splits = json.loads((CORPUS / "splits.json").read_text())
    assert test_split_result["reports"] == len(splits["test"]) == 26
    assert test_split_result["unreadable"] == []


def test_headline_figures_meet_the_floor(test_split_result):
    figures = headline_figures(test_split_result)
    assert set(KNOWN_SHORTFALLS) <= set(figures)
    low = {name: value for name, value in figures.items() if value < KNOWN_SHORTFALLS.get(name, FLOOR)}
    assert not low, f"below the floor ({FLOOR}, or the recorded value of a known shortfall): {low}"


@pytest.mark.xfail(strict=True, reason="known shortfalls on the test split (KNOWN_SHORTFALLS); issue 4 is open")
def test_every_headline_figure_reaches_the_floor(test_split_result):
    # strict: once every figure reaches FLOOR this passes, the run fails, and KNOWN_SHORTFALLS must be emptied
    figures = headline_figures(test_split_result)
    assert all(value >= FLOOR for value in figures.values()), figures


def test_eval_command_prints_table_and_json():
    run = subprocess.run([sys.executable, "-m", "qa", "eval", str(CORPUS), "--split", "dev", "--json"],
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout)
    assert result["reports"] == len(json.loads((CORPUS / "splits.json").read_text())["dev"])
    assert set(result["checks"]) >= {"ethnicity", "child_voice", "recommendation_count", "chronology", "victim_blaming"}
    assert "recommendation_count_exact" in result["figures"] and "chronology_ratio_mae" in result["figures"]
    table = subprocess.run([sys.executable, "-m", "qa", "eval", str(CORPUS), "--split", "dev"],
                           capture_output=True, text=True, timeout=600)
    assert f"Reports scored: {result['reports']}" in table.stdout
    assert "victim_blaming_own_phrase_precision" in table.stdout


def test_splits_are_disjoint_and_cover_the_corpus():
    splits = json.loads((CORPUS / "splits.json").read_text())
    ids = [i for k in ("train", "dev", "test", "holdout") for i in splits.get(k, [])]
    assert len(ids) == len(set(ids))
    gold = {p.name[: -len(".gold.json")] for p in CORPUS.glob("*.gold.json")}
    assert set(ids) == gold


def test_the_sealed_holdout_is_outside_every_other_split(tmp_path):
    from qa.evaluate import gold_files

    for name in ("rr01.gold.json", "rr02.gold.json", "rr03.gold.json"):
        (tmp_path / name).write_text((CORPUS / name).read_text())
    (tmp_path / "splits.json").write_text(json.dumps({"train": ["rr01"], "dev": [], "test": ["rr02"], "holdout": ["rr03"]}))
    names = lambda split: [p.name.split(".")[0] for p in gold_files(tmp_path, split)]  # noqa: E731
    assert names("all") == ["rr01", "rr02"]
    assert names("holdout") == ["rr03"] and names("test") == ["rr02"]
