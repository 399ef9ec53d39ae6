"""Text preprocessing shared by training and prediction (module-level, so models pickle)."""
from __future__ import annotations

import re

from .checks.chronology import DATE

_NUMBER = re.compile(r"\b\d+\b")


def normalise_text(text: str) -> str:
    """Dates and numbers become tokens, so the models learn "a dated sentence", not "3 May"."""
    text = DATE.sub(" datetoken ", text)
    text = _NUMBER.sub(" numtoken ", text)
    return text.lower()
