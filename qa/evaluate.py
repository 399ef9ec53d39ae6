"""`review-qa eval DIR`: every detector scored against the gold labels in DIR.

Gold files are `<id>.gold.json` beside the rendered `<id>.pdf|docx|txt` (docs/corpus_spec.md).
`splits.json` in DIR names the train/dev/test files; `--split` picks one. Checklist items are
scored wherever `DIR/checklist_gold/<check_id>.json` labels them ({"labels": {report id: status}},
written by a reader who did not see the detector): positive = warn or fail, plus exact agreement.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from .engine import assess
from .ingest import load_document

HEADLINE = ("ethnicity", "child_voice", "recommendation_count", "chronology", "victim_blaming")


@dataclass
class Binary:
    """Counts for a yes/no decision where 'positive' means the check flags a problem."""

    tp: int = 0
    fp: int = 0
    tn: int = 0
    fn: int = 0

    def add(self, predicted: bool, actual: bool) -> None:
        if predicted and actual:
            self.tp += 1
        elif predicted:
            self.fp += 1
        elif actual:
            self.fn += 1
        else:
            self.tn += 1

    @property
    def n(self) -> int:
        return self.tp + self.fp + self.tn + self.fn

    def figures(self) -> dict:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        acc = (self.tp + self.tn) / self.n if self.n else 0.0
        return {"n": self.n, "accuracy": round(acc, 3), "precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3)}


@dataclass
class Scores:
    binary: dict[str, Binary] = field(default_factory=dict)
    exact: dict[str, list[bool]] = field(default_factory=dict)
    rec_errors: list[int] = field(default_factory=list)
    chron_errors: list[float] = field(default_factory=list)
    phrases: dict[str, Binary] = field(default_factory=dict)
    checklist: dict[str, Binary] = field(default_factory=dict)
    checklist_exact: dict[str, list[bool]] = field(default_factory=dict)
    rows: list[dict] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)

    def bin(self, name: str) -> Binary:
        return self.binary.setdefault(name, Binary())

    def hit(self, name: str, ok: bool) -> None:
        self.exact.setdefault(name, []).append(ok)


def gold_files(directory: Path, split: str = "all") -> list[Path]:
    """Gold files of one split. "all" is train, dev and test: a sealed `holdout` split is left out
    of everything but an explicit `--split holdout`, which is meant to be run once."""
    files = sorted(directory.glob("*.gold.json"))
    splits_path = directory / "splits.json"
    splits = json.loads(splits_path.read_text()) if splits_path.exists() else {}
    if split == "all":
        sealed = set(splits.get("holdout", []))
        return [f for f in files if f.name[: -len(".gold.json")] not in sealed]
    if not splits:
        raise ValueError(f"{splits_path} not found: cannot select split {split!r}")
    wanted = set(splits.get(split, []))
    return [f for f in files if f.name[: -len(".gold.json")] in wanted]


def document_for(gold_path: Path, gold: dict) -> Path:
    return gold_path.with_name(f"{gold['id']}.{gold['format']}")


def _spans_of(text_lower: str, phrase: str) -> list[tuple[int, int]]:
    out, start = [], 0
    needle = phrase.lower()
    while needle:
        i = text_lower.find(needle, start)
        if i < 0:
            break
        out.append((i, i + len(needle)))
        start = i + 1
    return out


def _normalise_quotes(text: str) -> str:
    return text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')


def score_phrases(binary: Binary, doc_text: str, predicted: list[tuple[int, int]], gold_phrases: list[str]) -> None:
    """Phrase-level precision/recall: a predicted span is right when it overlaps a gold phrase."""
    text = " ".join(_normalise_quotes(doc_text).lower().split())
    gold_spans = []
    for phrase in gold_phrases:
        gold_spans.extend(_spans_of(text, " ".join(_normalise_quotes(phrase).split())))
    # predicted offsets are into the document text; map them into the whitespace-flattened text
    mapping = _flatten_map(_normalise_quotes(doc_text))
    predicted_flat = [(mapping[s], mapping[max(e - 1, s)] + 1) for s, e in predicted]
    matched_gold = set()
    for s, e in predicted_flat:
        hits = [k for k, (gs, ge) in enumerate(gold_spans) if s < ge and gs < e]
        if hits:
            binary.tp += 1
            matched_gold.update(hits)
        else:
            binary.fp += 1
    missed_phrases = 0
    for phrase in gold_phrases:
        spans = _spans_of(text, " ".join(_normalise_quotes(phrase).split()))
        if not spans or not any(k in matched_gold for k, gs in enumerate(gold_spans) if gs in spans):
            missed_phrases += 1
    binary.fn += missed_phrases


def _flatten_map(text: str) -> list[int]:
    """Offset in `text` -> offset in the text with whitespace runs collapsed and ends stripped."""
    out = []
    pos = -1
    prev_space = True
    for ch in text:
        if ch.isspace():
            if not prev_space:
                pos += 1
            prev_space = True
            out.append(max(pos, 0))
        else:
            pos += 1
            prev_space = False
            out.append(pos)
    out.append(pos + 1)
    return out


FLAGGED = ("warn", "fail")
LABELS = {"pass", "warn", "fail", "not_applicable"}


def checklist_labels(directory: Path) -> dict[str, dict[str, str]]:
    """check id -> {report id -> gold status}, from DIR/checklist_gold/*.json."""
    out = {}
    for path in sorted((directory / "checklist_gold").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        labels = data.get("labels") or {}
        bad = {k: v for k, v in labels.items() if v not in LABELS}
        if bad:
            raise ValueError(f"{path.name}: labels must be one of {sorted(LABELS)}: {bad}")
        out[data.get("check") or path.stem] = labels
    return out


def score_checklist(scores: Scores, report_id: str, checks: dict, labels: dict[str, dict[str, str]]) -> None:
    for check_id, by_report in labels.items():
        gold = by_report.get(report_id)
        if gold is None or check_id not in checks:
            continue
        predicted = checks[check_id].status
        scores.checklist_exact.setdefault(check_id, []).append(predicted == gold)
        if gold != "not_applicable":
            scores.checklist.setdefault(check_id, Binary()).add(predicted in FLAGGED, gold in FLAGGED)


def evaluate(directory: Path, split: str = "all") -> Scores:
    scores = Scores()
    item_labels = checklist_labels(directory)
    for gold_path in gold_files(directory, split):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        path = document_for(gold_path, gold)
        try:
            document = load_document(path)
        except Exception as exc:  # recorded, and the rest still scored
            scores.unreadable.append(f"{path.name}: {exc}")
            continue
        a = assess(document)
        checks = {c.id: c for c in a.checks}
        score_checklist(scores, gold["id"], checks, item_labels)
        row = {"id": gold["id"], "report_type": (a.report_type, gold["report_type"])}
        scores.hit("report_type", a.report_type == gold["report_type"])

        eth = checks["ethnicity"].status
        scores.bin("ethnicity").add(eth != "pass", gold["ethnicity"] != "pass")
        row["ethnicity"] = (eth, gold["ethnicity"])
        if "ethnicity_impact" in gold:
            st = checks["ethnicity_impact"].status
            scores.bin("ethnicity_impact").add(st != "pass", gold["ethnicity_impact"] != "pass")
            row["ethnicity_impact"] = (st, gold["ethnicity_impact"])

        voice = checks["child_voice"].status
        scores.bin("child_voice").add(voice != "pass", gold["child_voice"] != "pass")
        scores.hit("child_voice_3class", voice == gold["child_voice"])
        row["child_voice"] = (voice, gold["child_voice"])

        count = a.metrics.get("recommendation_count", 0)
        gold_count = int(gold["recommendation_count"])
        scores.hit("recommendation_count_exact", count == gold_count)
        scores.rec_errors.append(abs(count - gold_count))
        scores.bin("recommendation_count").add(count > 10, gold_count > 10)
        row["recommendation_count"] = (count, gold_count)

        ratio = a.metrics.get("chronology_ratio", 0.0)
        if "chronology_ratio" in gold:
            scores.chron_errors.append(abs(ratio - gold["chronology_ratio"]))
            scores.bin("chronology").add(checks["chronology"].status == "fail", bool(gold["chronology_heavy"]))
            row["chronology"] = (round(ratio, 3), gold["chronology_ratio"])

        vb = checks["victim_blaming"]
        scores.bin("victim_blaming").add(vb.status == "fail", gold["victim_blaming"] == "fail")
        scores.hit("victim_blaming_3class", vb.status == gold["victim_blaming"])
        row["victim_blaming"] = (vb.status, gold["victim_blaming"])
        own = [(e.start, e.end) for e in vb.evidence if e.note and e.note.startswith("reviewer's own words")]
        quoted = [(e.start, e.end) for e in vb.evidence if e.note and e.note.startswith("inside a quoted record")]
        score_phrases(scores.phrases.setdefault("victim_blaming_own", Binary()), document.text, own,
                      gold.get("victim_blaming_phrases", []))
        score_phrases(scores.phrases.setdefault("victim_blaming_quoted", Binary()), document.text, quoted,
                      gold.get("victim_blaming_quoted", []))
        scores.rows.append(row)
    return scores


def summary(scores: Scores) -> dict:
    out: dict = {"reports": len(scores.rows), "unreadable": scores.unreadable, "checks": {}, "figures": {}}
    for name, b in scores.binary.items():
        out["checks"][name] = b.figures()
    for name, hits in scores.exact.items():
        out["figures"][name] = round(sum(hits) / len(hits), 3) if hits else None
    if scores.rec_errors:
        out["figures"]["recommendation_count_mae"] = round(sum(scores.rec_errors) / len(scores.rec_errors), 3)
    if scores.chron_errors:
        out["figures"]["chronology_ratio_mae"] = round(sum(scores.chron_errors) / len(scores.chron_errors), 3)
    for name, b in scores.phrases.items():
        f = b.figures()
        out["figures"][f"{name}_phrase_precision"] = f["precision"]
        out["figures"][f"{name}_phrase_recall"] = f["recall"]
    out["checklist"] = {
        name: {**scores.checklist[name].figures(), "exact": round(sum(hits) / len(hits), 3)} if name in scores.checklist
        else {"n": len(hits), "exact": round(sum(hits) / len(hits), 3)}
        for name, hits in scores.checklist_exact.items()
    }
    out["rows"] = scores.rows
    return out


def headline_figures(result: dict) -> dict[str, float]:
    """The figures the quality floor holds to (tests/test_quality_floor.py and the README)."""
    checks, figures = result["checks"], result["figures"]
    return {
        "ethnicity accuracy": checks["ethnicity"]["accuracy"],
        "child_voice accuracy": checks["child_voice"]["accuracy"],
        "chronology accuracy": checks["chronology"]["accuracy"],
        "victim_blaming accuracy": checks["victim_blaming"]["accuracy"],
        "recommendation_count exact match": figures["recommendation_count_exact"],
        "victim_blaming phrase precision": figures["victim_blaming_own_phrase_precision"],
        "victim_blaming phrase recall": figures["victim_blaming_own_phrase_recall"],
        "report_type accuracy": figures["report_type"],
    }


def render_table(result: dict) -> str:
    lines = [f"Reports scored: {result['reports']}"]
    for u in result["unreadable"]:
        lines.append(f"  unreadable: {u}")
    lines.append("")
    lines.append(f"{'check (positive = flagged)':32} {'n':>4} {'acc':>6} {'prec':>6} {'rec':>6} {'F1':>6}")
    for name, f in result["checks"].items():
        lines.append(f"{name:32} {f['n']:>4} {f['accuracy']:>6.3f} {f['precision']:>6.3f} {f['recall']:>6.3f} {f['f1']:>6.3f}")
    lines.append("")
    for name, value in result["figures"].items():
        lines.append(f"{name:44} {value}")
    if result.get("checklist"):
        lines.append("")
        lines.append(f"{'checklist item (independent labels)':36} {'n':>4} {'acc':>6} {'prec':>6} {'rec':>6} {'F1':>6} {'exact':>6}")
        for name, f in result["checklist"].items():
            if "accuracy" in f:
                lines.append(f"{name:36} {f['n']:>4} {f['accuracy']:>6.3f} {f['precision']:>6.3f} {f['recall']:>6.3f} "
                             f"{f['f1']:>6.3f} {f['exact']:>6.3f}")
            else:
                lines.append(f"{name:36} {f['n']:>4} {'':>6} {'':>6} {'':>6} {'':>6} {f['exact']:>6.3f}")
    return "\n".join(lines) + "\n"
