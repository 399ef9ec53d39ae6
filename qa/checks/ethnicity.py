"""`ethnicity` (recorded) and `ethnicity_impact` (explored): Panel guidance 2025 after 3.7 and
4.11-4.13; annual report 4.17-4.20. A term records ethnicity only when it is tied to the child
or family; "not known", generic discussion and professionals' nationalities are not records."""
from __future__ import annotations

import re

from .. import lexicon
from ..lexicon import find
from ..types import AnalysedDocument, CheckResult
from .base import Sentences, contains_phrase, heading_above, result
from .child_voice import names_of_child
from .recommendations import REC_LABEL

LOOKAHEAD = 4
RELATIVE_WINDOW = 6  # tokens from "who" to the term: ", who is of Nigerian heritage"
NEAR_BEFORE, NEAR_AFTER = 1, 2  # analysis sentences around a sentence on the topic that count towards it
_POSSESSIVE = re.compile("['\u2019]s$")
CLAUSE_END = {";", ":", "(", ")", ".", "!", "?"}
RECORDING_VERBS = {"recorded", "described", "identified", "identifies", "identify", "registered", "listed", "noted", "classified"}
NOT_ANALYSIS_SECTIONS = {"terms_of_reference", "methodology", "recommendations", "action_plan", "glossary",
                         "contents", "references", "key_lines_of_enquiry"}


def _table_header(analysed: AnalysedDocument, block_index: int):
    blocks = analysed.document.blocks
    table = blocks[block_index].table
    for b in blocks:
        if b.kind == "table_row" and b.table == table:
            return b
    return None


def _is_record(analysed: AnalysedDocument, sents: Sentences, span, strong: bool, lex: dict) -> tuple[bool, str]:
    """Whether a term match records the child's or family's ethnicity, and why not if not."""
    doc = span.doc
    _, sent = sents.of_token(span.start)
    after = []
    for t in doc[span.end: min(span.end + LOOKAHEAD, sent.end)]:
        if t.text in CLAUSE_END:
            break  # "speaks limited English; her father ...": the next clause is not what the term describes
        if not t.is_punct or t.text == "-":
            after.append(t.lower_)
    before = [t.lower_ for t in doc[max(sent.start, span.start - 6): span.start]]
    if after[:1] and after[0] in lex["not_ethnicity_after"]:
        return False, "description"  # "a black eye": not ethnicity, and not on the topic either
    sentence = sent.text
    generic = contains_phrase(sentence, lex["generic_cues"]) is not None
    names = names_of_child(analysed)
    if generic and not _names_child(sentence[: span.start_char - sent.start_char], names):
        return False, "generic"
    if not strong and before[-1:] and (before[-1] in lex["language_cues"] or (
            before[-1] in lex["language_modifiers"] and before[-2:-1] and before[-2] in lex["language_cues"])):
        return False, "language"  # "speaks Polish", "speaks limited English"
    described = _relative_clause_head(doc, span, sent)
    if described is not None:  # "Dr Okafor, who is of Nigerian heritage": the term describes Dr Okafor
        if described in lex["professional_titles"] or contains_phrase(described, lex["professional_nouns"]):
            return False, "professional"
    for w in reversed(before):  # "the lead reviewer is a White British woman": the subject is a professional
        if contains_phrase(w, lex["family_subjects"]) and w not in ("he", "she", "they", "his", "her", "their"):
            break
        if contains_phrase(w, lex["professional_nouns"]):
            return False, "professional"
    # The noun a term describes: a professional, or one of the family
    for w in after:
        if w in lex["stop_words"]:
            break
        if contains_phrase(w, lex["professional_nouns"]):
            return False, "professional"
        if contains_phrase(w, lex["person_nouns"]):
            return True, ""
    if before[-1:] == ["of"] and any(w in ("heritage", "origin", "descent", "background") for w in after[:3]):
        return True, ""
    block_index = analysed.block_index_at(span.start_char)
    if block_index is not None and analysed.document.blocks[block_index].kind == "table_row":
        row = analysed.document.blocks[block_index]
        header = _table_header(analysed, block_index)
        if header is not None and "ethnic" in header.text.lower():
            return True, ""
        if contains_phrase(row.text, lex["family_subjects"]) or contains_phrase(row.text, ["ethnicity", "ethnic"]):
            return True, ""
    recorded_as = before[-1:] == ["as"] and any(w in RECORDING_VERBS for w in before)  # "recorded Child E as Indian"
    labelled = recorded_as or any(contains_phrase(w, lex["labels"]) for w in before) or contains_phrase(" ".join(before), lex["labels"])
    if labelled and not generic:
        return True, ""
    if strong:
        near_professional = any(contains_phrase(t.lower_, lex["professional_nouns"])
                                for t in doc[max(sent.start, span.start - 3): span.start])
        if near_professional:
            return False, "professional"
        family = contains_phrase(sentence, lex["family_subjects"]) is not None or _names_child(sentence, names)
        if family and not generic:
            return True, ""
        return False, "generic" if generic else "untied"
    return False, "untied"


def _relative_clause_head(doc, span, sent) -> str | None:
    """The noun a ", who is/was ..." clause holding the term describes: the nearest word before
    the comma that opens the clause, skipping a name ("an independent chair, Dr Okafor, who is
    of Nigerian heritage" -> "dr"). None when the term is not in such a clause."""
    k = span.start - 1
    while k > sent.start and span.start - k <= RELATIVE_WINDOW:
        if doc[k].lower_ in ("who", "whose") and doc[k - 1].text == ",":
            j = k - 2
            while j >= sent.start and (doc[j].text[:1].isupper() or doc[j].text in (",", ".")) \
                    and doc[j].lower_ not in ("he", "she", "they"):
                if doc[j].text[:1].isupper() and doc[j].lower_.rstrip(".") in ("dr", "professor", "prof"):
                    return "dr"
                j -= 1
            return doc[j].lower_ if j >= sent.start else None
        if doc[k].text in CLAUSE_END:
            return None
        k -= 1
    return None


def _names_child(sentence: str, names: set[str]) -> bool:
    """"Child E", "Baby T", or the pseudonym the report gives the child ("Ruby is White British")."""
    words = sentence.split()
    return any((w in ("Child", "Baby") and i + 1 < len(words) and words[i + 1][:1].isupper())
               or _POSSESSIVE.sub("", w.strip(".,;:()")).lower() in names for i, w in enumerate(words))


def _terms_judged(analysed: AnalysedDocument, sents: Sentences, lex: dict) -> tuple[list, list]:
    """Every ethnicity term in the report, split into records of the child's or family's
    ethnicity and the rest (each with why it is not a record)."""
    doc = analysed.nlp
    strong = find(doc, "ethnicity_strong", lex["strong"])
    strong_tokens = {i for sp in strong for i in range(sp.start, sp.end)}
    weak = [sp for sp in find(doc, "ethnicity_weak", lex["weak"]) if not (set(range(sp.start, sp.end)) & strong_tokens)]
    records, rejected = [], []
    for span, is_strong in [(sp, True) for sp in strong] + [(sp, False) for sp in weak]:
        ok, why = _is_record(analysed, sents, span, is_strong, lex)
        (records if ok else rejected).append((span, why))
    records.sort(key=lambda r: r[0].start)
    return records, rejected


def check_ethnicity(analysed: AnalysedDocument) -> CheckResult:
    lex = lexicon.ethnicity()
    doc = analysed.nlp
    sents = Sentences(analysed)
    records, rejected = _terms_judged(analysed, sents, lex)
    not_known = find(doc, "ethnicity_not_known", lex["not_known"])
    if records:
        terms = sorted({sp.text for sp, _ in records}, key=str.lower)
        evidence = []
        seen_sentences = set()
        for sp, _ in records:
            k, sent = sents.of_token(sp.start)
            if k not in seen_sentences:
                seen_sentences.add(k)
                evidence.append(sents.evidence(sent))
        evidence = evidence[:5]
        if not_known:
            evidence += [sents.evidence(sents.of_token(sp.start)[1], "ethnicity not known") for sp in not_known[:2]]
            return result("ethnicity", "pass", "pass_with_unknown", evidence, terms=", ".join(terms[:6]))
        return result("ethnicity", "pass", "pass", evidence, terms=", ".join(terms[:6]))
    if not_known:
        evidence = [sents.evidence(sents.of_token(sp.start)[1]) for sp in not_known[:3]]
        return result("ethnicity", "fail", "fail_not_known", evidence)
    professional = [sp for sp, why in rejected if why == "professional"]
    if professional:
        evidence = [sents.evidence(sents.of_token(sp.start)[1], "describes a professional") for sp in professional[:3]]
        return result("ethnicity", "fail", "fail_professional", evidence)
    generic = find(doc, "ethnicity_word", ["ethnicity", "ethnic", "race", "racial"])
    if generic:
        evidence = [sents.evidence(sents.of_token(generic[0].start)[1], "general discussion, not a record")]
        return result("ethnicity", "fail", "fail_generic", evidence)
    return result("ethnicity", "fail", "fail")


def check_ethnicity_impact(analysed: AnalysedDocument) -> CheckResult:
    """A passage explores the topic when it names race, ethnicity, culture, faith or language
    for this family (not in general, not as scope) and at least `minimum_sentences` of its
    sentences weigh causes and effects. A passage is one paragraph: analysis elsewhere in a
    long section is not about this topic, and within the paragraph only analysis in or beside a
    sentence on the topic (one before, two after) counts. A sentence holding a recorded
    ethnicity of the family is on the topic."""
    lex = lexicon.ethnicity()
    sents = Sentences(analysed)
    blocks = analysed.document.blocks
    passages: dict[int, list] = {}  # passage key -> sentences
    for sent in sents.spans:
        i = analysed.block_index_at(sent.start_char)
        if i is None or blocks[i].kind == "heading" or not analysed.body[i]:
            continue
        if analysed.sections[i] in NOT_ANALYSIS_SECTIONS:
            continue
        passages.setdefault(_passage_key(analysed, i, lex), []).append(sent)
    records, rejected = _terms_judged(analysed, sents, lex)
    recorded_at = {sp.start_char for sp, _ in records}
    # a nationality left untied ("Child E's mother is Romanian") still puts a passage on the topic;
    # a language ("speaks limited English") or a professional's nationality does not
    family_terms_at = recorded_at | {sp.start_char for sp, why in rejected if why == "untied"}
    best: list = []
    for group in passages.values():
        text = " ".join(s.text for s in group)
        if contains_phrase(text, lex["impact_not_explored"]):
            group = [s for s in group if not contains_phrase(s.text, lex["impact_not_explored"])]
        group = [s for s in group if not _lists_characteristics(s.text, lex) and not REC_LABEL.match(s.text)]
        topical = [k for k, s in enumerate(group)
                   if (contains_phrase(s.text, lex["impact_topic"]) or contains_phrase(s.text, lex["strong"])
                       or any(s.start_char <= c < s.end_char for c in recorded_at))  # "felt judged as a Polish woman"
                   and not contains_phrase(s.text, lex["generic_cues"])]
        if not topical or not any(contains_phrase(group[k].text, lex["impact_core"])
                                  or any(group[k].start_char <= c < group[k].end_char for c in family_terms_at)
                                  for k in topical):
            continue  # language, interpreters or adultification alone are not ethnicity's impact
        # analysis counts where it is about the topic: in a topical sentence or the one right after it
        near = {k for t in topical for k in range(t - NEAR_BEFORE, t + NEAR_AFTER + 1)}
        weighing = [s for k, s in enumerate(group) if k in near and contains_phrase(s.text, lex["impact_analysis"])
                    and not contains_phrase(s.text, lex["generic_cues"])]
        if len(weighing) > len(best):
            best = weighing
    count = len(best)
    evidence = [sents.evidence(s) for s in best[:5]]
    metrics = {"sentences": count}
    if count >= lex["impact_min"]:
        return result("ethnicity_impact", "pass", "pass", evidence, metrics, count=count)
    if count == 1:
        return result("ethnicity_impact", "warn", "warn", evidence, metrics)
    return result("ethnicity_impact", "fail", "fail", evidence, metrics)


def _passage_key(analysed: AnalysedDocument, i: int, lex: dict) -> int:
    """A paragraph is its own passage, unless it sits under a heading about identity, culture or
    faith ("6. Identity, culture and the family's experience of services"): that whole section is
    one passage, its argument running over several paragraphs."""
    j = heading_above(analysed, i)
    if j is not None and contains_phrase(analysed.document.blocks[j].text, lex["impact_section_headings"]):
        return j
    return i


def _lists_characteristics(text: str, lex: dict) -> bool:
    """"The review considered Ruby's sex, age, ethnicity and socio-economic background": a list
    of characteristics considered is scope, not analysis of any one of them."""
    return sum(1 for w in lex["impact_other_characteristics"] if contains_phrase(text, [w])) >= 2


DETECTORS = {"ethnicity": check_ethnicity, "ethnicity_impact": check_ethnicity_impact}
