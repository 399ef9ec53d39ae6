"""Errors the tool reports to people. Each carries a one-line reason and never report text."""
from __future__ import annotations


class QAError(Exception):
    """Base class: anything the CLI turns into a clean one-line message."""


class InputError(QAError):
    """A file could not be read as a report. `reason` is one line, fit for `PATH: reason`."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason.splitlines()[0] if reason else "unreadable input"


class LexiconError(QAError):
    """A lexicon or settings file is malformed; names the file and the entry."""

    def __init__(self, file: str, entry: str | None, problem: str):
        where = f"{file}: {entry}" if entry else file
        super().__init__(f"{where}: {problem}")
        self.file, self.entry, self.problem = file, entry, problem


def require_keys(file: str, entry: str | None, data, keys: set[str], optional: set[str] = frozenset()) -> None:
    """`data` must be a mapping with every one of `keys` and nothing outside `keys | optional`."""
    if not isinstance(data, dict):
        raise LexiconError(file, entry, "must be a mapping")
    missing = keys - data.keys()
    if missing:
        raise LexiconError(file, entry, f"missing {sorted(missing)}")
    unknown = data.keys() - keys - optional
    if unknown:
        raise LexiconError(file, entry, f"unknown key(s) {sorted(unknown)}")
