"""Report type from the words a report uses about itself (lexicons/report_types.yaml)."""
from __future__ import annotations

from . import lexicon

TITLE_CHARS = 300
TITLE_WEIGHT = 5.0


MODEL_MIN_PROBABILITY = 0.6


def detect_report_type(text: str) -> tuple[str, float]:
    """(type, confidence): the report-type model's answer when it is confident, else the
    phrase rules' best-scoring type, or 'unknown' under their minimum score."""
    from .models import load_model

    model = load_model("report_type")
    if model is not None and text.strip():
        probs = model.predict_proba([text])[0]
        best = int(probs.argmax())
        if probs[best] >= MODEL_MIN_PROBABILITY:
            return str(model.classes_[best]), round(float(probs[best]), 3)
    return rule_report_type(text)


def rule_report_type(text: str) -> tuple[str, float]:
    """(type, confidence) from weighted self-descriptions in the text."""
    data = lexicon.report_types()
    lower = " ".join(text.lower().split())
    for phrase in data["ignore"]:
        lower = lower.replace(phrase, " ")
    head = lower[:TITLE_CHARS]
    scores = {}
    for name, phrases in data["types"].items():
        score = 0.0
        for p in phrases:
            score += lower.count(p) + (TITLE_WEIGHT - 1) * head.count(p)
        scores[name] = score
    best = max(scores, key=scores.get)
    total = sum(scores.values())
    if scores[best] < data["min_score"] or total == 0:
        return "unknown", 0.0
    return best, round(scores[best] / total, 3)
