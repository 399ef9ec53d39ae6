"""`child_voice`: the child's own words, wishes and feelings, and lived experience (Panel
guidance 2025 after 3.7 and 3.24-3.26). Statements that the child was not heard are evidence
of absence; calls for the voice to be heard are not the voice."""
from __future__ import annotations

import re

from .. import lexicon
from ..models import load_model
from ..lexicon import find
from ..types import AnalysedDocument, CheckResult
from .base import Sentences, contains_phrase, heading_above, result

EXCLUDED_SECTIONS = {"recommendations", "action_plan", "key_lines_of_enquiry", "glossary", "terms_of_reference",
                     "contents", "references"}
SUBJECT_WINDOW = 8
RELATIVE_CLAUSE_WINDOW = 15
PRONOUN_CHAIN = 8  # sentences back through a run of "She said ... She wrote ..." to the named subject
_CLAUSE_BREAK = {";", ":", "(", ")", "—", "–"}
_NAME = r"([A-Z][a-z]{2,}(?:-[A-Z][a-z]+)?)[\"\u201d\u2019']?"
_PSEUDONYM = re.compile(
    r"\b" + _NAME + r"(?: \([^)]*\))?,? (?:is|was) (?:a|an) (?:\w+-)?(?:\w+-)?(?:year|month|week)-old\b"
    r"|\b" + _NAME + r",? (?:aged|age) \d{1,2}\b|\b" + _NAME + r" \(aged \d{1,2}"
    r"|\b" + _NAME + r" is (?:a|the|his|her|their) (?:chosen )?pseudonym"  # "Jamie is a pseudonym"
    r"|\b" + _NAME + r",? (?:who )?(?:is|was) (?:now |then |only )?(?:aged )?(?:1[0-7]|[1-9])\b(?! ?%| per)"  # "Reece is now 15", "Marcus, who was then 16"
    r"|\b" + _NAME + r", (?:a|an) (?:[\w-]+ ){0,3}(?:boy|girl|baby|toddler|teenager)\b"  # "Reece, a boy who ..."
    r"|\b(?:the name|the pseudonym|known as|referred to as|called) [\"\u201c\u2018']" + _NAME +  # chose the name "Ellie"
    r"|\b" + _NAME + r"(?: \(|,)? (?:is )?not (?:his|her|their) real name"  # "Ellie (not her real name)"
    r"|^.{0,80}?\b[Rr]eview(?: of)?\s*[:\-\u2013\u2014]\s*" + _NAME + r"\s*$",  # a title line "Practice Review - Ellie"
    re.MULTILINE,
)
_NOT_NAMES = {"She", "He", "They", "This", "The", "There", "It", "Child", "Baby", "Mother", "Father", "Mum", "Dad",
              "Aged", "Age", "Now", "Then", "Her", "His", "Their", "When", "What", "Who", "In", "At", "By", "On"}
_QUOTE = re.compile(r"[\"\u201c\u2018']([^\"\u201d\u2019']{6,})[\"\u201d\u2019']")


def child_names(text: str, others: tuple[str, ...] = ()) -> set[str]:
    """Pseudonyms the report gives the child: "Maya is a 14-year-old", "Jayden, aged 15",
    "Jamie is a pseudonym", "Reece is now 15", "Marcus, who was then 16", "Reece, a boy who ...".
    A name right after a relation or title ("his sister Shannon, aged 17", "Mr Hale, aged 40")
    is someone else's."""
    names, someone_else = set(), set()
    for m in _PSEUDONYM.finditer(text[:20000]):
        name = next(g for g in m.groups() if g)
        before = text[max(0, m.start() - 25): m.start()].lower().split()
        if name in _NOT_NAMES:
            continue
        if before and before[-1].strip("\"'\u201c(") in others:
            someone_else.add(name.lower())  # and so everywhere else in the report
            continue
        names.update(name.lower().split("-"))  # "Lily-Mae" is the tokens "Lily", "-", "Mae"
    return names - someone_else


def names_of_child(analysed: AnalysedDocument) -> set[str]:
    """`child_names` of the analysed report, read once per document."""
    if "child_names" not in analysed.memo:
        others = tuple(lexicon.child_voice()["not_the_child_before"])
        analysed.memo["child_names"] = frozenset(child_names(analysed.document.text, others))
    return set(analysed.memo["child_names"])


_PRONOUNS = {"he", "she", "they"}
_PRONOUN_SEX = {"he": "he", "his": "he", "him": "he", "himself": "he", "she": "she", "her": "she", "hers": "she", "herself": "she"}
PRONOUN_EVIDENCE = 4  # sentences that must show the child's pronoun before it is relied on
PRONOUN_AGREEMENT = 0.8  # share of them that must agree (two subject children of each sex give no answer)


def child_pronoun(analysed: AnalysedDocument, sents, lex: dict, names: set[str]) -> str | None:
    """"he" or "she" when the pronouns in sentences the child opens ("Baby N was born at 38
    weeks and his weight ...", "Ellie was 15. She ...") are consistently one sex's, else None."""
    doc = analysed.nlp
    tally = {"he": 0, "she": 0}
    spans = sents.spans
    for k, sent in enumerate(spans):
        opening = [t for t in doc[sent.start: min(sent.start + 4, sent.end)] if not t.like_num and not t.is_punct]
        if not any((t.lower_ in names or (t.i > sent.start and doc[t.i - 1].text in ("Child", "Baby") and t.text[:1].isupper()))
                   and not _possessor(doc, t.i) for t in opening[:3]):
            continue
        following = list(doc[sent.start: sent.end])
        if k + 1 < len(spans):
            following.append(doc[spans[k + 1].start])
        for t in following:
            sex = _PRONOUN_SEX.get(t.lower_)
            if sex:
                tally[sex] += 1
    seen = tally["he"] + tally["she"]
    if seen < PRONOUN_EVIDENCE:
        return None
    best = max(tally, key=tally.get)
    return best if tally[best] / seen >= PRONOUN_AGREEMENT else None


def _first_person_is_child(doc, sent, lex: dict, names: set[str], previous=None, pronoun: int | None = None) -> bool:
    """A pronoun speaker is taken to be the first person named before it in the sentence ("the
    father brought Child X in, which he said ..." is the father speaking) or, when the sentence
    opens with the pronoun, the subject of the sentence before. Unresolved: not counted, since
    a review quotes many adults."""
    ranges = [(sent.start, pronoun if pronoun is not None else sent.end)]
    ranges += [(p.start, p.end) for p in (previous or ())]
    for start, end in ranges:
        for j in range(start, end):
            low = doc[j].lower_
            if _possessor(doc, j) or (j + 2 < end and doc[j].text in ("Child", "Baby") and _possessor(doc, j + 1)):
                continue
            if low in _PRONOUNS:
                if start != sent.start:
                    break  # this sentence's subject is a pronoun too: look one sentence further back
                continue
            if low in lex["adult_set"]:
                return False
            if low in names or (low in lex["child_set"] and not _modifier(doc, j, lex)) or (
                    doc[j].text in ("Child", "Baby") and j + 1 < end and doc[j + 1].text[:1].isupper()):
                return True
    return False


def _adult_account(doc, sent, i: int, lex: dict) -> bool:
    """An adult's reported view of the child ("Mother said that Child H loved nursery")."""
    before = doc[sent.start:i].text
    if not contains_phrase(before, lex["adult_accounts"]):
        return False
    return any(t.lower_ in lex["adult_set"] for t in doc[sent.start:i])


def _possessor(doc, j: int) -> bool:
    """"Child C's mother": Child C owns the noun that follows, and is not its speaker."""
    return j + 1 < len(doc) and doc[j + 1].text in ("'s", "’s", "'", "’")


def _modifier(doc, j: int, lex: dict) -> bool:
    """"child protection conference", "child sexual exploitation": the word names a kind of
    thing, not the child."""
    return j + 1 < len(doc) and doc[j + 1].lower_ in lex["child_compounds"]


_PREPOSITIONS = {"with", "to", "in", "at", "from", "by", "for", "of", "on", "into", "about", "after", "before"}
_PASSIVE = {"was", "were", "been", "being", "is", "are", "be", "get", "got"}


def _subject_is_child(doc, i: int, sent, lex: dict, names: set[str], verb: bool = False, previous=None) -> bool:
    """Scan left from token i within its clause: is the nearest person the child?

    For a speech verb in the passive ("Child A was described as quiet") the child is spoken
    about, not speaking, so it does not count."""
    if verb and any(doc[k].lower_ in _PASSIVE for k in range(max(sent.start, i - 3), i)):
        return False  # "was (again) reported", "was described": spoken about, not speaking
    if verb and i + 1 < sent.end and doc[i + 1].lower_ == "missing":
        return False  # "reported missing"
    if verb and i - 1 >= sent.start and doc[i - 1].text in ("'s", "\u2019s"):
        return False  # "Child E's reported symptoms": an adjective after a possessive, not a verb
    j = _skip_relative_clause(doc, i, sent)
    window_end = j + 1 - SUBJECT_WINDOW
    while j >= sent.start and j >= window_end:
        t = doc[j]
        if t.text in _CLAUSE_BREAK or t.lower_ in _PREPOSITIONS:
            return False  # a subject does not sit behind a preposition ("admitted to hospital with ...")
        low = t.lower_
        if _possessor(doc, j):
            j -= 1
            continue
        if low in lex["adult_set"] or (j + 1 < i and f"{low} {doc[j + 1].lower_}" in lex["adult_set"]):
            return False
        if low in _PRONOUNS:
            if lex.get("child_pronoun") and low != "they" and low != lex["child_pronoun"]:
                return False  # "she disclosed" in a report about a boy is not the child
            return _first_person_is_child(doc, sent, lex, names, previous, pronoun=j)
        if (low in lex["child_set"] and not _modifier(doc, j, lex)) or low in names:
            return True
        if t.text[:1].isupper() and j > sent.start and doc[j - 1].text in ("Child", "Baby"):
            return True
        j -= 1
    return False


def _skip_relative_clause(doc, i: int, sent) -> int:
    """Where the subject scan left of token i starts. "The foster carer, who had looked after
    Child R since 2022, said ...": a verb right after a comma that closes a ", who ..." clause
    has the noun before that clause as its subject, so the clause (and the child in it) is
    skipped."""
    if i - 1 < sent.start or doc[i - 1].text != ",":
        return i - 1
    for w in range(i - 2, max(sent.start, i - 1 - RELATIVE_CLAUSE_WINDOW) - 1, -1):
        if doc[w].text in _CLAUSE_BREAK:
            break
        if doc[w].lower_ in ("who", "which", "whom") and w - 1 >= sent.start and doc[w - 1].text == ",":
            return w - 2
    return i - 1


def _is_speech(doc, sp, sent, lex: dict) -> bool:
    """Verbs that also name a physical act ("the bedroom he shared with his mother") are speech
    only with something said after them: "shared that ...", "shared how ...", "shared her worries"."""
    if sp.text.lower() not in lex["ambiguous_speech_verbs"]:
        return True
    for t in doc[sp.end: min(sp.end + 8, sent.end)]:
        if t.lower_ in lex["speech_complements"] or t.text in ('"', "\u201c", ":"):
            return True
        if t.text in (";", ".", "(", ")"):
            break
    return False


def check_child_voice(analysed: AnalysedDocument) -> CheckResult:
    lex = dict(lexicon.child_voice())
    lex["adult_set"] = set(lex["adult_refs"])
    lex["child_set"] = set(lex["child_refs"])
    doc = analysed.nlp
    sents = Sentences(analysed)
    names = names_of_child(analysed)
    lex["child_pronoun"] = child_pronoun(analysed, sents, lex, names)
    positive: dict[int, str] = {}
    absence: dict[int, object] = {}

    def usable(sent) -> bool:
        i = analysed.block_index_at(sent.start_char)
        if i is None:
            return False
        if analysed.sections[i] in EXCLUDED_SECTIONS or analysed.document.blocks[i].kind == "heading" or not analysed.body[i]:
            return False
        return contains_phrase(sent.text, lex["generic"]) is None

    def previous_sentences(k: int) -> list:
        """Sentences before k in the same section, nearest first: where a pronoun's subject is
        looked for. A run of sentences opening with a pronoun continues one subject, so the
        search goes back through the whole run (up to PRONOUN_CHAIN), never past a heading."""
        out = []
        i = analysed.block_index_at(sents.spans[k].start_char)
        for j in range(k - 1, max(k - 1 - PRONOUN_CHAIN, -1), -1):
            b = analysed.block_index_at(sents.spans[j].start_char)
            if b is None or analysed.document.blocks[b].kind == "heading" or (
                    i is not None and analysed.sections[b] != analysed.sections[i]):
                break
            out.append(sents.spans[j])
        return out

    for sp in find(doc, "voice_absence", lex["absence"]):
        k, sent = sents.of_token(sp.start)
        absence.setdefault(k, sent)
    for sp in find(doc, "voice_speech", lex["speech_verbs"]):
        k, sent = sents.of_token(sp.start)
        if k in positive or not usable(sent) or not _is_speech(doc, sp, sent, lex):
            continue
        previous = previous_sentences(k)
        if _subject_is_child(doc, sp.start, sent, lex, names, verb=True, previous=previous):
            positive[k] = "child's words"
    for sp in find(doc, "voice_wishes", lex["wishes_feelings"]):
        k, sent = sents.of_token(sp.start)
        if k in positive or not usable(sent):
            continue
        # the phrase's own first word may be the child ("her wishes"), so the scan starts after it
        if _adult_account(doc, sent, sp.start, lex):
            continue
        previous = previous_sentences(k)
        if _subject_is_child(doc, sp.start + 1, sent, lex, names, previous=previous) or contains_phrase(sp.text, ["wishes and feelings"]):
            positive[k] = "wishes and feelings"
    for sp in find(doc, "voice_lived", lex["lived_experience"]):
        k, sent = sents.of_token(sp.start)
        if sp.text.lower().startswith("for ") and sp.start != sent.start:
            continue  # "For Baby T, days were ..." opens a sentence; "prepared for the baby" is not
        if sp.start > sent.start and doc[sp.start - 1].lower_ in _PASSIVE:
            continue  # "the decision was communicated by letter": a thing communicated, not the child
        if k not in positive and usable(sent):
            positive[k] = "lived experience"
    _model_backed(analysed, sents, positive, absence, usable, lex)
    # A sentence that says the child was not heard is absence, unless it also quotes the child.
    for k in list(positive):
        if k in absence and not _QUOTE.search(sents.spans[k].text):
            del positive[k]

    keys = sorted(positive)
    per_section: dict = {}
    for k in keys:
        sent = sents.spans[k]
        i = analysed.block_index_at(sent.start_char)
        label = (analysed.sections[i] if i is not None else None, _nearest_heading(analysed, i))
        per_section[label] = per_section.get(label, 0) + 1
    sections = list(per_section)
    top_share = max(per_section.values()) / len(keys) if keys else 0.0
    count = len(keys)
    body_sentences = sum(1 for s in sents.spans if usable(s)) or 1
    share = count / body_sentences
    evidence = [sents.evidence(sents.spans[k], positive[k]) for k in keys[:8]]
    metrics = {"passages": count, "sections": len(sections), "share": round(share, 3)}
    if count >= lex["pass_min_sentences"] or (count and share >= lex["pass_min_share"]):
        confined = len(sections) < lex["lcspr_min_sections"] or top_share >= lex["lcspr_confined_share"]
        if analysed.report_type in ("lcspr", "scr") and confined:
            return result("child_voice", "warn", "warn_confined", evidence, metrics,
                          section=_section_name(max(per_section, key=per_section.get)))
        return result("child_voice", "pass", "pass", evidence, metrics, count=count, sections=len(sections))
    if count:
        return result("child_voice", "warn", "warn_thin", evidence, metrics, count=count)
    if absence:
        ev = [sents.evidence(s, "absence of voice") for s in list(absence.values())[:3]]
        return result("child_voice", "fail", "fail_absence", ev, metrics)
    return result("child_voice", "fail", "fail", (), metrics)


def _model_backed(analysed, sents: Sentences, positive: dict, absence: dict, usable, lex: dict) -> None:
    """Sentences the voice-sentence model is confident about count when no rule fired."""
    model = load_model("voice_sentence")
    if model is None:
        return
    candidates = [k for k, s in enumerate(sents.spans)
                  if k not in positive and k not in absence and len(s) >= 4 and usable(s)]
    if not candidates:
        return
    classes = list(model.classes_)
    probs = model.predict_proba([sents.spans[k].text for k in candidates])[:, classes.index("voice")]
    for k, p in zip(candidates, probs):
        if p >= lex["model_threshold"]:
            positive[k] = "voice (model)"


def _section_name(key: tuple) -> str:
    label, heading = key
    return heading or (label or "one section").replace("_", " ")


def _nearest_heading(analysed: AnalysedDocument, i: int | None) -> str | None:
    j = heading_above(analysed, i)
    return analysed.document.blocks[j].text if j is not None else None


DETECTORS = {"child_voice": check_child_voice}
