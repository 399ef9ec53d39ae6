"""The sample corpus: the source markup of docs/corpus_spec.md, gold labels and splits.

Shared by corpus_samples/render.py (which renders the documents), `review-qa train` and the
tests, so the chronology markup means one thing everywhere.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

HEAVY_THRESHOLD = 0.5
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’\-]*")


@dataclass
class Item:
    kind: str  # heading | paragraph | list | bullet | table | pagebreak
    text: str = ""
    level: int = 1
    label: str | None = None
    rows: list[list[str]] = field(default_factory=list)
    chronology: bool = False
    excluded: bool = False
    restart: bool = False


def parse(source: str) -> tuple[dict, list[Item]]:
    meta: dict = {}
    lines = source.splitlines()
    if lines and lines[0].strip() == "---":
        end = lines.index("---", 1)
        for ln in lines[1:end]:
            if ":" in ln:
                k, v = ln.split(":", 1)
                meta[k.strip()] = v.strip()
        lines = lines[end + 1:]
    items: list[Item] = []
    chronology = excluded = False
    table: Item | None = None
    previous_kind = None
    for raw in lines:
        line = raw.rstrip()
        stripped = line.strip()
        marker = re.fullmatch(r"<!--\s*(/?)(chronology|exclude|pagebreak)\s*-->", stripped)
        if marker:
            closing, name = marker.groups()
            if name == "chronology":
                chronology = not closing
            elif name == "exclude":
                excluded = not closing
            else:
                items.append(Item("pagebreak"))
            table = None
            continue
        if not stripped:
            table = None
            if previous_kind in ("list", "bullet"):
                previous_kind = "gap"
            continue
        if stripped.startswith("|"):
            cells = [c.strip() for c in stripped.strip("|").split("|")]
            if all(re.fullmatch(r":?-{2,}:?", c) for c in cells if c):
                continue
            if table is None:
                table = Item("table", chronology=chronology, excluded=excluded)
                items.append(table)
            table.rows.append(cells)
            continue
        table = None
        m = re.match(r"^(#{1,4})\s+(.*)$", stripped)
        if m:
            items.append(Item("heading", m.group(2).strip(), len(m.group(1)), chronology=chronology, excluded=excluded))
            previous_kind = "heading"
            continue
        m = re.match(r"^(\s*)(\d{1,2})[.)]\s+(.*)$", line)
        if m and not re.match(r"^\s*\d{1,2}\.\d", line):
            restart = m.group(2) == "1" or previous_kind not in ("list",)
            items.append(Item("list", m.group(3), 1, m.group(2), chronology=chronology, excluded=excluded,
                              restart=restart and m.group(2) == "1"))
            previous_kind = "list"
            continue
        m = re.match(r"^(\s+)\(?([a-z]|[ivx]{1,4})[.)]\s+(.*)$", line)
        if m:
            items.append(Item("list", m.group(3), 2, m.group(2), chronology=chronology, excluded=excluded))
            previous_kind = "list"
            continue
        m = re.match(r"^(\s*)[-*•]\s+(.*)$", line)
        if m:
            items.append(Item("bullet", m.group(2), 2 if m.group(1) else 1, chronology=chronology, excluded=excluded))
            previous_kind = "bullet"
            continue
        items.append(Item("paragraph", stripped, chronology=chronology, excluded=excluded))
        previous_kind = "paragraph"
    return meta, items


def words(text: str) -> int:
    return len(_WORD.findall(text))


def item_words(item: Item) -> int:
    if item.kind == "table":
        return sum(words(c) for row in item.rows for c in row)
    return words(item.text)


def chronology_ratio(items: list[Item]) -> tuple[float, int]:
    body = chron = 0
    for it in items:
        if it.kind in ("heading", "pagebreak") or it.excluded:
            continue
        n = item_words(it)
        body += n
        chron += n if it.chronology else 0
    return (chron / body if body else 0.0), body



def load_gold(directory: Path) -> dict[str, dict]:
    return {p.name[: -len(".gold.json")]: json.loads(p.read_text(encoding="utf-8"))
            for p in sorted(directory.glob("*.gold.json"))}


def load_splits(directory: Path) -> dict[str, list[str]]:
    data = json.loads((directory / "splits.json").read_text(encoding="utf-8"))
    return {k: data[k] for k in ("train", "dev", "test")}
