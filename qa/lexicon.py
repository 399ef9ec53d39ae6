"""Lexicons: load and validate the YAML files in lexicons/, and compile them to spaCy matchers.

Each file is checked against the keys it may have; an unknown key or a missing field is a
`LexiconError` naming the file and entry, so an expert's edit fails loudly instead of silently
turning a check off. Loaded once per process.
"""
from __future__ import annotations

from functools import lru_cache

from spacy.matcher import PhraseMatcher

from .errors import LexiconError, require_keys as _require
from .nlp import pipeline
from .settings import read_yaml

GROUP_KEYS = {"why", "source"}


def _group(file: str, data: dict, name: str, list_key: str) -> list[str]:
    entry = data.get(name)
    if entry is None:
        raise LexiconError(file, name, "missing")
    _require(file, name, entry, GROUP_KEYS | {list_key})
    items = entry[list_key]
    if not isinstance(items, list) or not all(isinstance(t, str) and t.strip() for t in items):
        raise LexiconError(file, name, f"'{list_key}' must be a list of non-empty strings")
    return [t.lower() for t in items]


def _value(file: str, data: dict, name: str) -> float:
    entry = data.get(name)
    if not isinstance(entry, dict):
        raise LexiconError(file, name, "missing")
    _require(file, name, entry, GROUP_KEYS | {"value"})
    return entry["value"]


@lru_cache(maxsize=None)
def sections() -> list[dict]:
    file = "sections.yaml"
    data = read_yaml(file) or {}
    out = []
    for i, entry in enumerate(data.get("sections", [])):
        _require(file, entry.get("id", f"#{i}") if isinstance(entry, dict) else f"#{i}", entry,
                 {"id", "synonyms", "body", "why", "source"}, {"nested", "nested_why"})
        nested = entry.get("nested")
        if nested is not None and not entry.get("nested_why"):
            raise LexiconError(file, entry["id"], "'nested' needs a 'nested_why'")
        out.append({"id": entry["id"], "synonyms": [s.lower() for s in entry["synonyms"]], "body": bool(entry["body"]),
                    "nested": frozenset(nested) if nested is not None else None})
    if not out:
        raise LexiconError(file, None, "no sections")
    ids = {e["id"] for e in out}
    for e in out:
        unknown = sorted((e["nested"] or set()) - ids)
        if unknown:
            raise LexiconError(file, e["id"], f"'nested' names unknown sections: {', '.join(unknown)}")
    return out


@lru_cache(maxsize=None)
def ethnicity() -> dict:
    file = "ethnicity.yaml"
    data = read_yaml(file) or {}
    terms = {"strong": [], "weak": []}
    for entry in data.get("terms", []):
        _require(file, entry.get("id", "?"), entry, {"id", "strength", "terms", "why", "source"})
        if entry["strength"] not in terms:
            raise LexiconError(file, entry["id"], "strength must be strong or weak")
        terms[entry["strength"]].extend(t.lower() for t in entry["terms"])
    impact = data.get("impact") or {}
    _require(file, "impact", impact, {"topic", "core", "section_headings", "other_characteristics", "analysis", "not_explored", "minimum_sentences"})
    return {
        "strong": terms["strong"],
        "weak": terms["weak"],
        "person_nouns": _group(file, data, "person_nouns", "terms"),
        "language_cues": _group(file, data, "language_cues", "terms"),
        "language_modifiers": _group(file, data, "language_modifiers", "terms"),
        "professional_titles": _group(file, data, "professional_titles", "terms"),
        "not_ethnicity_after": _group(file, data, "not_ethnicity_after", "terms"),
        "stop_words": _group(file, data, "stop_words", "terms"),
        "family_subjects": _group(file, data, "family_subjects", "terms"),
        "professional_nouns": _group(file, data, "professional_nouns", "terms"),
        "not_known": _group(file, data, "not_known", "phrases"),
        "labels": _group(file, data, "labels", "phrases"),
        "generic_cues": _group(file, data, "generic_cues", "phrases"),
        "impact_topic": _group(file, impact, "topic", "terms"),
        "impact_core": _group(file, impact, "core", "terms"),
        "impact_section_headings": _group(file, impact, "section_headings", "terms"),
        "impact_other_characteristics": _group(file, impact, "other_characteristics", "terms"),
        "impact_analysis": _group(file, impact, "analysis", "terms"),
        "impact_not_explored": _group(file, impact, "not_explored", "phrases"),
        "impact_min": int(_value(file, impact, "minimum_sentences")),
    }


@lru_cache(maxsize=None)
def child_voice() -> dict:
    file = "child_voice.yaml"
    data = read_yaml(file) or {}
    thresholds = data.get("thresholds") or {}
    return {
        "child_refs": _group(file, data, "child_refs", "terms"),
        "adult_refs": _group(file, data, "adult_refs", "terms"),
        "adult_accounts": _group(file, data, "adult_accounts", "phrases"),
        "speech_verbs": _group(file, data, "speech_verbs", "terms"),
        "ambiguous_speech_verbs": _group(file, data, "ambiguous_speech_verbs", "terms"),
        "speech_complements": _group(file, data, "speech_complements", "terms"),
        "child_compounds": _group(file, data, "child_compounds", "terms"),
        "not_the_child_before": _group(file, data, "not_the_child_before", "terms"),
        "wishes_feelings": _group(file, data, "wishes_feelings", "phrases") + _group(file, data, "experience_verbs", "phrases"),
        "lived_experience": _group(file, data, "lived_experience", "phrases"),
        "absence": _group(file, data, "absence", "phrases"),
        "generic": _group(file, data, "generic", "phrases"),
        "pass_min_sentences": int(_value(file, thresholds, "pass_min_sentences")),
        "lcspr_min_sections": int(_value(file, thresholds, "lcspr_min_sections")),
        "lcspr_confined_share": float(_value(file, thresholds, "lcspr_confined_share")),
        "pass_min_share": float(_value(file, thresholds, "pass_min_share")),
        "model_threshold": float(_value(file, thresholds, "model_threshold")),
    }


@lru_cache(maxsize=None)
def chronology() -> dict:
    file = "chronology.yaml"
    data = read_yaml(file) or {}
    return {
        "threshold": float(_value(file, data, "threshold")),
        "warn_margin": float(_value(file, data, "warn_margin")),
        "model_threshold": float(_value(file, data, "model_threshold")),
        "min_date_density": float(_value(file, data, "min_date_density")),
        "contact_verbs": _group(file, data, "contact_verbs", "terms"),
        "agencies": _group(file, data, "agencies", "terms"),
        "analysis_cues": _group(file, data, "analysis_cues", "terms"),
    }


@lru_cache(maxsize=None)
def recommendations() -> dict:
    file = "recommendations.yaml"
    data = read_yaml(file) or {}
    thresholds = data.get("thresholds") or {}
    return {
        "warn_above": int(_value(file, thresholds, "warn_above")),
        "fail_above": int(_value(file, thresholds, "fail_above")),
        "not_labels": _group(file, data, "not_recommendation_labels", "phrases"),
        "table_headers": _group(file, data, "table_headers", "phrases"),
        "intro_cues": _group(file, data, "intro_cues", "phrases"),
        "modal_cues": _group(file, data, "modal_cues", "phrases"),
    }


VICTIM_BLAMING_LEVELS = {"fail", "warn"}
VICTIM_BLAMING_CATEGORIES = {"sexual_exploitation", "criminal_exploitation", "behaviour_framing", "adultification", "engagement"}


@lru_cache(maxsize=None)
def victim_blaming() -> dict:
    file = "victim_blaming.yaml"
    data = read_yaml(file) or []
    entries = data.get("entries", data) if isinstance(data, dict) else data
    seen = set()
    out = []
    for i, entry in enumerate(entries):
        name = entry.get("id", f"#{i}") if isinstance(entry, dict) else f"#{i}"
        _require(file, name, entry, {"id", "category", "level", "patterns", "why", "suggest", "source"}, {"context_any"})
        if entry["id"] in seen:
            raise LexiconError(file, name, "duplicate id")
        seen.add(entry["id"])
        if entry["level"] not in VICTIM_BLAMING_LEVELS:
            raise LexiconError(file, name, f"level must be one of {sorted(VICTIM_BLAMING_LEVELS)}")
        if entry["category"] not in VICTIM_BLAMING_CATEGORIES:
            raise LexiconError(file, name, f"category must be one of {sorted(VICTIM_BLAMING_CATEGORIES)}")
        out.append({**entry, "patterns": [p.lower() for p in entry["patterns"]],
                    "context_any": [c.lower() for c in entry.get("context_any") or []]})
    return {"entries": out, **_quote_cues()}


def _quote_cues() -> dict:
    file = "victim_blaming_context.yaml"
    data = read_yaml(file) or {}
    return {
        "record_cues": _group(file, data, "record_cues", "phrases"),
        "criticism_cues": _group(file, data, "criticism_cues", "phrases"),
        "discussion_cues": _group(file, data, "discussion_cues", "phrases"),
        "adult_subjects": _group(file, data, "adult_subjects", "phrases"),
    }


@lru_cache(maxsize=None)
def report_types() -> dict:
    file = "report_types.yaml"
    data = read_yaml(file) or {}
    types = {}
    for name, entry in (data.get("types") or {}).items():
        _require(file, name, entry, {"phrases", "why", "source"})
        types[name] = [p.lower() for p in entry["phrases"]]
    return {"types": types, "ignore": _group(file, data, "ignore", "phrases"),
            "min_score": float(_value(file, data, "min_score"))}


@lru_cache(maxsize=None)
def matcher(name: str, phrases: tuple[str, ...]) -> PhraseMatcher:
    """A lower-case phrase matcher over the shared pipeline's vocabulary, built once per list."""
    nlp = pipeline()
    m = PhraseMatcher(nlp.vocab, attr="LOWER")
    m.add(name, [nlp.make_doc(p) for p in phrases])
    return m


def find_all(doc, name: str, phrases) -> list:
    """Every match, overlapping ones included, in document order."""
    m = matcher(name, tuple(phrases))
    return sorted((doc[s:e] for _, s, e in m(doc)), key=lambda sp: (sp.start, -sp.end))


def find(doc, name: str, phrases) -> list:
    """Spans of `doc` matching any phrase, longest first where they overlap."""
    from spacy.util import filter_spans

    m = matcher(name, tuple(phrases))
    return sorted(filter_spans([doc[s:e] for _, s, e in m(doc)]), key=lambda sp: sp.start)
