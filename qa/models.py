"""Trained classifiers under models/: loaded once per process, verified before use.

Each model is `models/<name>.joblib` with `models/<name>.json` beside it (library versions,
labels, training-data hash, metrics, and the sha256 of the joblib file). A model whose file
does not match its recorded checksum, or that was trained with another scikit-learn minor
version, is not loaded: the checks fall back to their rules and a warning says why.
"""
from __future__ import annotations

import hashlib
import json
import logging
import threading
from functools import lru_cache

from .settings import models_dir

log = logging.getLogger(__name__)
_lock = threading.Lock()
WARNINGS: list[str] = []


def sha256_file(path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _compatible(recorded: str, installed: str) -> bool:
    return recorded.split(".")[:2] == installed.split(".")[:2]


@lru_cache(maxsize=None)
def load_model(name: str):
    """The fitted estimator, or None (with a warning) if missing, altered or incompatible."""
    import joblib
    import sklearn

    with _lock:
        path = models_dir() / f"{name}.joblib"
        meta_path = models_dir() / f"{name}.json"
        if not path.exists() or not meta_path.exists():
            _warn(f"model {name} not found in {models_dir()}: using rules only (train with `review-qa train`)")
            return None
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        if sha256_file(path) != meta.get("sha256"):
            _warn(f"model {name}: file does not match its recorded checksum; not loaded, using rules only")
            return None
        if not _compatible(meta.get("versions", {}).get("scikit-learn", ""), sklearn.__version__):
            _warn(f"model {name} was trained with scikit-learn {meta.get('versions', {}).get('scikit-learn')}, "
                  f"not {sklearn.__version__}: using rules only (retrain with `review-qa train`)")
            return None
        try:
            return joblib.load(path)
        except Exception as exc:
            _warn(f"model {name} could not be loaded ({exc.__class__.__name__}): using rules only")
            return None


def _warn(message: str) -> None:
    """Recorded for the report's `warnings` (and logged), never printed over the output."""
    log.info(message)
    if message not in WARNINGS:
        WARNINGS.append(message)
