"""Where the data files live, and the input limits read from them."""
from __future__ import annotations

import os
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

import yaml

from .errors import LexiconError

ROOT = Path(__file__).resolve().parent.parent


def lexicon_dir() -> Path:
    return Path(os.environ.get("REVIEW_QA_LEXICONS", ROOT / "lexicons"))


def models_dir() -> Path:
    return Path(os.environ.get("REVIEW_QA_MODELS", ROOT / "models"))


def read_yaml(name: str):
    path = lexicon_dir() / name
    try:
        with open(path, encoding="utf-8") as fh:
            return yaml.safe_load(fh)
    except FileNotFoundError:
        raise LexiconError(str(path), None, "file not found") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise LexiconError(str(path), None, f"not valid YAML{where} ({getattr(exc, 'problem', None) or exc.__class__.__name__})") from None


@dataclass(frozen=True)
class Limits:
    max_file_mb: float = 100
    max_pages: int = 2000
    max_part_mb: float = 50
    timeout_seconds: float = 60

    @property
    def max_file_bytes(self) -> int:
        return int(self.max_file_mb * 1024 * 1024)

    @property
    def max_part_bytes(self) -> int:
        return int(self.max_part_mb * 1024 * 1024)

    def with_overrides(self, **values) -> "Limits":
        return replace(self, **{k: v for k, v in values.items() if v is not None})


@lru_cache(maxsize=1)
def default_limits() -> Limits:
    data = read_yaml("limits.yaml") or {}
    known = set(Limits.__dataclass_fields__)
    values = {}
    for key, entry in data.items():
        if key not in known:
            raise LexiconError("limits.yaml", key, f"unknown limit; expected one of {sorted(known)}")
        if not isinstance(entry, dict) or "value" not in entry:
            raise LexiconError("limits.yaml", key, "needs a 'value'")
        values[key] = entry["value"]
    return Limits(**values)
