"""Run checks over an analysed document; a check that raises is reported as `error` and the
others still run."""
from __future__ import annotations

import logging

from . import checklist
from .checks import all_checks
from .checks.base import Check
from .types import AnalysedDocument, CheckResult, Guidance

log = logging.getLogger(__name__)


def run_checks(analysed: AnalysedDocument, checks: tuple[Check, ...] | None = None) -> tuple[CheckResult, ...]:
    out = []
    for check in all_checks() if checks is None else checks:
        if analysed.report_type not in check.applies_to:
            out.append(_not_applicable(check, analysed.report_type))
            continue
        try:
            out.append(check.run(analysed))
        except Exception as exc:  # isolate: one broken check must not lose the others
            log.debug("check %s failed", check.id, exc_info=True)
            out.append(_error(check, exc))
    return tuple(out)


def _meta(check: Check) -> dict:
    try:
        return checklist.item(check.id)
    except Exception:
        return {}


def _guidance(meta: dict) -> tuple[Guidance, ...]:
    return tuple(Guidance(g["source"], g["ref"]) for g in meta.get("guidance", []))


def _error(check: Check, exc: Exception) -> CheckResult:
    meta = _meta(check)
    return CheckResult(
        id=check.id, title=meta.get("title", check.id), status="error",
        message=f"This check could not run ({exc.__class__.__name__}); the other checks are unaffected.",
        guidance=_guidance(meta), section=meta.get("section"),
    )


def _not_applicable(check: Check, report_type: str) -> CheckResult:
    meta = _meta(check)
    return CheckResult(
        id=check.id, title=meta.get("title", check.id), status="not_applicable",
        message=f"Not applicable to a {report_type.replace('_', ' ')}.", guidance=_guidance(meta),
        section=meta.get("section"),
    )
