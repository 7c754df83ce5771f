"""What other commands must wait for among the seeds' steps: a DSO response quality
assured first, substantiated DSO misconduct followed up before the case closes, an HMIP
step 1 matter taken on to a formal complaint only with new evidence. Pure; re-exported by
`services.records.domain.steps`."""

from __future__ import annotations

from services.records.domain.casefile import CaseLike
from services.records.domain.errors import Refusal
from services.records.domain.lifecycle import Action
from services.records.domain.model import Context, current_stage
from services.records.domain.step_facts import _done, _source

# -- what other commands must wait for --------------------------------------------------------

# Substantiated misconduct: the step the seed requires before the case closes.
MISCONDUCT_STEPS = {
    "serious_misconduct": ("dco_certification_reviewed", Action.REVIEW_DCO_CERTIFICATION),
    "minor_misconduct": ("staff_guidance_given", Action.GIVE_STAFF_GUIDANCE),
}
SUBSTANTIATED = ("upheld", "partly")


def check_before_response(case: CaseLike, ctx: Context) -> None:
    """A DSO decision letter goes only once the response is quality assured (the stages
    with the ``quality_assured`` duty)."""
    stage = ctx.procedure.stage(case.stage or "")
    duty = next((d for d in stage.duties if d.rule == "quality_assured"), None)
    if duty is not None and not _done(current_stage(case), "quality_assured"):
        raise Refusal(
            f"the response at {stage.title} must be quality assured first "
            f"(quality-assure, by a senior officer): {duty.source}"
        )


def check_before_close(case: CaseLike, ctx: Context) -> None:
    """Substantiated misconduct is closed only once the seed's follow-up is recorded."""
    rec = current_stage(case)
    needed = MISCONDUCT_STEPS.get(case.stage or "")
    if ctx.procedure.name != "dso" or needed is None or rec.get("outcome") not in SUBSTANTIATED:
        return
    key, action = needed
    if not _done(rec, key):
        raise Refusal(
            f"the misconduct was substantiated ({rec.get('outcome')}): record {action} before "
            f"closing ({_source(action)})"
        )


def check_before_escalation(case: CaseLike, ctx: Context) -> None:
    """HMIP: a matter already considered at step 1 goes on only with new evidence."""
    if (ctx.procedure.name, case.stage) != ("hmip", "early_resolution"):
        return
    rec = current_stage(case)
    if rec.get("outcome") and not _done(rec, "new_evidence"):
        raise Refusal(
            "this matter was considered at step 1: record-new-evidence first "
            f"({_source(Action.RECORD_NEW_EVIDENCE)})"
        )
