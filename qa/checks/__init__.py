"""Every check, in report order. ALL_CHECKS is an explicit tuple: adding a check means adding
its module here, its metadata in lexicons/checks.yaml, and examples in tests/check_examples.yaml."""
from . import child_voice, chronology, ethnicity, readability, recommendation_quality, recommendations, victim_blaming
from .base import Check

ALL_CHECKS: tuple[Check, ...] = (
    *ethnicity.CHECKS,
    *child_voice.CHECKS,
    *recommendations.CHECKS,
    *recommendation_quality.CHECKS,
    *chronology.CHECKS,
    *victim_blaming.CHECKS,
    *readability.CHECKS,
)
CHECK_IDS = tuple(c.id for c in ALL_CHECKS)
