"""`review-qa train`: fit the classifiers from the corpus's train split, report dev and test
figures, and save them under models/ with their metadata.

- `paragraph_type` (chronology / analysis / other): from the chronology markup of the sources
  and the section each paragraph sits in; backs the `chronology` rules.
- `voice_sentence` (voice / other): the gold child-voice sentences against the other sentences
  of the same reports; backs the `child_voice` rules.
- `report_type` (rapid_review / lcspr / scr): the rendered documents' text.

Only the train split is fitted; dev figures are what rules and thresholds may be tuned on; the
test figures are recorded, never tuned on.
"""
from __future__ import annotations

import hashlib
import json
import platform
from datetime import datetime, timezone
from pathlib import Path

from .corpus import item_words, load_gold, load_splits, parse
from .features import normalise_text
from .models import sha256_file
from .sections import canonical_section
from .settings import ROOT, models_dir

ANALYSIS_SECTIONS = {"analysis", "key_practice_episodes", "learning", "good_practice"}


def paragraph_examples(corpus: Path, ids: list[str]) -> tuple[list[str], list[str]]:
    texts, labels = [], []
    for rid in ids:
        source = (corpus / "sources" / f"{rid}.md").read_text(encoding="utf-8")
        _, items = parse(source)
        section = None
        for it in items:
            if it.kind == "heading":
                section = canonical_section(it.text) or section
                continue
            if it.kind == "pagebreak" or it.excluded or item_words(it) < 4:
                continue
            rows = [" | ".join(r) for r in it.rows] if it.kind == "table" else [it.text]
            for text in rows:
                label = "chronology" if it.chronology else ("analysis" if section in ANALYSIS_SECTIONS else "other")
                texts.append(text)
                labels.append(label)
    return texts, labels


def voice_examples(corpus: Path, ids: list[str], gold: dict) -> tuple[list[str], list[str]]:
    from .nlp import analyse

    texts, labels = [], []
    for rid in ids:
        positives = [" ".join(s.split()) for s in gold[rid].get("child_voice_sentences", [])]
        source = (corpus / "sources" / f"{rid}.md").read_text(encoding="utf-8")
        _, items = parse(source)
        body = "\n\n".join(it.text for it in items if it.kind in ("paragraph", "list", "bullet") and not it.excluded)
        for sent in analyse(body).sents:
            s = " ".join(sent.text.split())
            if len(s.split()) < 4:
                continue
            is_voice = any(p and (p in s or s in p) for p in positives)
            texts.append(s)
            labels.append("voice" if is_voice else "other")
    return texts, labels


def report_type_examples(corpus: Path, ids: list[str], gold: dict) -> tuple[list[str], list[str]]:
    from .ingest import load_document

    texts, labels = [], []
    for rid in ids:
        g = gold[rid]
        doc = load_document(corpus / f"{rid}.{g['format']}")
        texts.append(doc.text)
        labels.append(g["report_type"])
    return texts, labels


def _pipeline(ngrams=(1, 2), max_features=20000):
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline

    return Pipeline([
        ("tfidf", TfidfVectorizer(preprocessor=normalise_text, ngram_range=ngrams, min_df=1,
                                  sublinear_tf=True, max_features=max_features)),
        ("clf", LogisticRegression(max_iter=2000, class_weight="balanced", C=4.0)),
    ])


def _metrics(model, texts, labels) -> dict:
    from sklearn.metrics import accuracy_score, precision_recall_fscore_support

    if not texts:
        return {}
    predicted = model.predict(texts)
    p, r, f, _ = precision_recall_fscore_support(labels, predicted, average="macro", zero_division=0)
    return {"n": len(texts), "accuracy": round(accuracy_score(labels, predicted), 3),
            "macro_precision": round(p, 3), "macro_recall": round(r, 3), "macro_f1": round(f, 3)}


def _data_hash(texts, labels) -> str:
    h = hashlib.sha256()
    for t, l in zip(texts, labels):
        h.update(l.encode() + b"\x00" + t.encode("utf-8") + b"\x01")
    return h.hexdigest()


def _versions() -> dict:
    import numpy
    import sklearn
    import spacy

    return {"python": platform.python_version(), "scikit-learn": sklearn.__version__,
            "numpy": numpy.__version__, "spacy": spacy.__version__}


def fit_and_save(name: str, build, corpus: Path, splits: dict, out_dir: Path, **pipeline_args) -> dict:
    import joblib

    x_train, y_train = build(corpus, splits["train"])
    model = _pipeline(**pipeline_args)
    model.fit(x_train, y_train)
    dev = _metrics(model, *build(corpus, splits["dev"]))
    test = _metrics(model, *build(corpus, splits["test"]))
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"{name}.joblib"
    joblib.dump(model, path, compress=3)
    meta = {
        "name": name,
        "labels": sorted(set(y_train)),
        "versions": _versions(),
        "training_data_sha256": _data_hash(x_train, y_train),
        "train_examples": len(x_train),
        "train_ids": splits["train"],
        "metrics": {"dev": dev, "test": test},
        "sha256": sha256_file(path),
        "trained_at": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    (out_dir / f"{name}.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    return meta


def train_all(corpus: Path | None = None, out_dir: Path | None = None) -> list[dict]:
    corpus = corpus or ROOT / "corpus_samples"
    out_dir = out_dir or models_dir()
    gold = load_gold(corpus)
    splits = {name: [i for i in ids if i in gold and (corpus / f"{i}.{gold[i]['format']}").exists()
                     and (corpus / "sources" / f"{i}.md").exists()]
              for name, ids in load_splits(corpus).items()}  # reports not yet written are skipped
    return [
        fit_and_save("paragraph_type", paragraph_examples, corpus, splits, out_dir),
        fit_and_save("voice_sentence", lambda c, ids: voice_examples(c, ids, gold), corpus, splits, out_dir),
        fit_and_save("report_type", lambda c, ids: report_type_examples(c, ids, gold), corpus, splits, out_dir,
                     ngrams=(1, 2), max_features=30000),
    ]
