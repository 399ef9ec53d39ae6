"""The Panel checklists as data: lexicons/checklists/*.yaml.

Every check — headline or checklist item — is one entry: id, title, checklist section,
`applies_to` (report types), weight, `detector` (the name of the function that judges it),
optional `params` for that detector, the guidance it rests on, its messages and the wording
the feedback letter uses. Panel staff can change wording, weights, scope and cue phrases
without touching code; an unknown key or a missing field is a `LexiconError` naming the file
and entry. Loaded once per process.
"""
from __future__ import annotations

from functools import lru_cache

from .errors import LexiconError, require_keys as _require
from .settings import lexicon_dir, read_yaml
from .types import REPORT_TYPES

ITEM_KEYS = {"id", "title", "section", "applies_to", "weight", "detector", "guidance", "messages", "letter", "why", "source"}
ITEM_OPTIONAL = {"params"}
LETTER_KEYS = {"strength", "development"}
SECTIONS_FILE = "checklists/sections.yaml"


@lru_cache(maxsize=1)
def sections() -> dict[str, str]:
    """Checklist sections in display order: id -> title."""
    data = read_yaml(SECTIONS_FILE) or {}
    out = {}
    for i, entry in enumerate(data.get("sections") or []):
        _require(SECTIONS_FILE, entry.get("id", f"#{i}") if isinstance(entry, dict) else f"#{i}", entry,
                 {"id", "title", "why", "source"})
        out[entry["id"]] = entry["title"]
    if not out:
        raise LexiconError(SECTIONS_FILE, None, "no sections")
    return out


def checklist_files() -> list[str]:
    """The item files, in the order their checks are reported (named in sections.yaml's `files`)."""
    data = read_yaml(SECTIONS_FILE) or {}
    files = data.get("files")
    if not isinstance(files, list) or not files:
        raise LexiconError(SECTIONS_FILE, "files", "must list the checklist files in order")
    for f in files:
        if not (lexicon_dir() / "checklists" / f).is_file():
            raise LexiconError(SECTIONS_FILE, "files", f"{f} not found in lexicons/checklists/")
    return files


def _validate(file: str, item: dict, known_sections: dict) -> dict:
    name = item.get("id", "?") if isinstance(item, dict) else "?"
    _require(file, name, item, ITEM_KEYS, ITEM_OPTIONAL)
    if not isinstance(item["section"], str) or item["section"] not in known_sections:
        raise LexiconError(file, name, f"section {item['section']!r} is not in {SECTIONS_FILE}")
    types = item["applies_to"]
    if not isinstance(types, list) or not types or not all(isinstance(x, str) for x in types) or set(types) - set(REPORT_TYPES):
        raise LexiconError(file, name, f"applies_to must list report types from {list(REPORT_TYPES)}")
    if not isinstance(item["weight"], (int, float)) or item["weight"] < 0:
        raise LexiconError(file, name, "weight must be a number of 0 or more")
    if not isinstance(item["guidance"], list) or not item["guidance"]:
        raise LexiconError(file, name, "guidance must list at least one {source, ref}")
    for g in item["guidance"]:
        _require(file, name, g, {"source", "ref"})
    if not isinstance(item["messages"], dict) or "fail" not in item["messages"] and "pass" not in item["messages"]:
        raise LexiconError(file, name, "messages must be a mapping with at least pass or fail")
    _require(file, f"{name}.letter", item["letter"], LETTER_KEYS)
    params = item.get("params", {})
    if not isinstance(params, dict):
        raise LexiconError(file, name, "params must be a mapping")
    return {**item, "params": params, "file": file}


@lru_cache(maxsize=1)
def items() -> tuple[dict, ...]:
    """Every checklist item, validated, in report order."""
    known = sections()
    out, seen = [], set()
    for f in checklist_files():
        path = f"checklists/{f}"
        data = read_yaml(path) or {}
        entries = data.get("items")
        if not isinstance(entries, list):
            raise LexiconError(path, None, "must have an 'items' list")
        for entry in entries:
            item = _validate(path, entry, known)
            if item["id"] in seen:
                raise LexiconError(path, item["id"], "duplicate check id")
            seen.add(item["id"])
            out.append(item)
    return tuple(out)


@lru_cache(maxsize=1)
def _by_id() -> dict[str, dict]:
    return {it["id"]: it for it in items()}


def item(check_id: str) -> dict:
    """One item by check id (KeyError if there is none)."""
    return _by_id()[check_id]
