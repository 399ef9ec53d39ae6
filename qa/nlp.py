"""The one spaCy pipeline of the process: built once, reused by every entry point.

A blank English tokenizer with a sentence splitter made for reports: a block boundary
("\\n" in the text) always starts a sentence, so headings never run into the paragraph
below, and a list label such as "1." or "a)" at the start of a block is not a sentence of
its own. `en_core_web_sm` is used for its tagger when installed (never downloaded); the
sentence boundaries stay these.
"""
from __future__ import annotations

import threading
from functools import lru_cache

import numpy
import spacy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

MAX_LENGTH = 5_000_000
_TERMINAL = {".", "!", "?", "...", "…"}
_CLOSERS = {'"', "'", "”", "’", ")", "]"}
_lock = threading.Lock()


@Language.component("report_sentences")
def report_sentences(doc: Doc) -> Doc:
    # Set all boundaries in one array: assigning token.is_sent_start one by one re-checks
    # the whole document each time (quadratic).
    starts = numpy.full((len(doc), 1), -1, dtype="int64")
    block_start = True
    tokens_in_block = 0
    for i, token in enumerate(doc):
        if token.is_space:
            if "\n" in token.text:
                block_start, tokens_in_block = True, 0
            continue
        if i == 0 or block_start:
            starts[i, 0] = 1
        elif token.text not in _CLOSERS and _ends_sentence(doc, i, tokens_in_block) and _starts_sentence(token.text):
            starts[i, 0] = 1
        block_start = "\n" in token.whitespace_
        tokens_in_block = 0 if block_start else tokens_in_block + 1
    if len(doc):
        starts[0, 0] = 1
        doc.from_array([SENT_START], starts.astype("uint64"))
    return doc


def _ends_sentence(doc: Doc, i: int, tokens_in_block: int) -> bool:
    prev = doc[i - 1]
    if prev.text in _CLOSERS and i >= 2:
        prev = doc[i - 2]
        tokens_in_block -= 1
    if prev.text not in _TERMINAL and not (len(prev.text) > 1 and prev.text[-1] in "!?"):
        return False
    # "1." / "a." / "3.2." as the label of a list item or numbered paragraph
    label = tokens_in_block <= 2 and i >= 2 and (doc[i - 2].like_num or len(doc[i - 2].text) == 1)
    return not label


def _starts_sentence(text: str) -> bool:
    first = text[0]
    return first.isupper() or first.isdigit() or first in "\"'“‘([•"


@lru_cache(maxsize=1)
def pipeline() -> Language:
    with _lock:
        try:
            nlp = spacy.load("en_core_web_sm", exclude=["ner", "lemmatizer", "parser"])
        except (OSError, ImportError):
            nlp = spacy.blank("en")
        nlp.add_pipe("report_sentences", first=True)
        nlp.max_length = MAX_LENGTH
        return nlp


def analyse(text: str) -> Doc:
    return pipeline()(text)


def sentence_count(doc: Doc) -> int:
    return sum(1 for s in doc.sents if s.text.strip())
