"""What every check shares: its checklist item (lexicons/checklists/) and a result builder."""
from __future__ import annotations

import bisect
import re
from functools import lru_cache
from dataclasses import dataclass
from typing import Callable

from .. import checklist
from ..errors import LexiconError
from ..types import REPORT_TYPES, AnalysedDocument, CheckResult, Evidence, Guidance



@dataclass(frozen=True)
class Check:
    id: str
    run: Callable[[AnalysedDocument], CheckResult]
    applies_to: tuple[str, ...] = REPORT_TYPES


@dataclass(frozen=True)
class Detector:
    """A configurable detector: `run(analysed, item=...)` judges a check from its item's params;
    `validate(file, item)` rejects params it cannot use, naming the file and item."""

    run: Callable[..., CheckResult]
    validate: Callable[[str, dict], None] | None = None


def result(check_id: str, status: str, message_key: str, evidence=(), metrics=None, **fields) -> CheckResult:
    meta = checklist.item(check_id)
    try:
        message = str(meta["messages"][message_key]).format(**fields)
    except KeyError as exc:
        raise LexiconError(meta["file"], check_id, f"message {message_key!r} is missing or uses an unknown placeholder {exc}") from None
    except (ValueError, IndexError) as exc:
        raise LexiconError(meta["file"], check_id, f"message {message_key!r} is malformed ({exc})") from None
    return CheckResult(
        id=check_id,
        title=meta["title"],
        status=status,
        message=message,
        guidance=tuple(Guidance(g["source"], g["ref"]) for g in meta["guidance"]),
        evidence=tuple(evidence),
        metrics=dict(metrics or {}),
        section=meta.get("section"),
        outcome=message_key,
    )


class Sentences:
    """Sentence lookup for a document: which sentence holds a token, and the text around it."""

    def __init__(self, analysed: AnalysedDocument):
        self.analysed = analysed
        self.spans = [s for s in analysed.sentences]
        self.starts = [s.start for s in self.spans]

    def of_token(self, i: int):
        k = bisect.bisect_right(self.starts, i) - 1
        return k, self.spans[max(k, 0)]

    def evidence(self, span, note: str | None = None) -> Evidence:
        text = span.text.rstrip()
        start = span.start_char
        return self.analysed.evidence(start, start + len(text), note)


_WORDISH = re.compile(r"[a-z0-9']+|[^\sa-z0-9']")


def heading_above(analysed: AnalysedDocument, i: int | None) -> int | None:
    """Index of the nearest heading at or before block i (None before the first heading); the
    whole table is built once per document, as checks ask for it sentence by sentence."""
    if i is None:
        return None
    if "heading_above" not in analysed.memo:
        table, last = [], None
        for k, b in enumerate(analysed.document.blocks):
            if b.kind == "heading":
                last = k
            table.append(last)
        analysed.memo["heading_above"] = tuple(table)
    return analysed.memo["heading_above"][i]


def normalise_for_match(text: str) -> str:
    """Lower case, curly quotes straightened, punctuation spaced out, for phrase lookups."""
    t = text.lower().replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return " ".join(_WORDISH.findall(t))


@lru_cache(maxsize=None)
def _normalised(phrases: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    return tuple((p, f" {normalise_for_match(p)} ") for p in phrases)


def contains_phrase(text: str, phrases) -> str | None:
    """The first phrase found in `text` on word boundaries, ignoring case and quote style."""
    padded = f" {normalise_for_match(text)} "
    for original, norm in _normalised(tuple(phrases)):
        if norm in padded:
            return original
    return None
