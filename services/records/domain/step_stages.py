"""Where the seeds' steps belong: the procedure stages each step command is offered at,
with the seed sentence that names it, and the steps whose fact also moves a case on (a
transition of the stage machine). Read by `services.records.domain.lifecycle`."""

from __future__ import annotations

from services.records.domain.actions import Action

# The lifecycle fact a step files (``case.<fact>``) where that fact is also a transition of
# some stage: there the step moves the case on, as `escalate` does.
MOVING_STEPS: dict[Action, str] = {
    Action.ESCALATE: "escalated",
    Action.REQUEST_PANEL: "panel-requested",
}

# Which procedure stages each step belongs to, with the seed sentence that names it.
# A step is offered, and may be taken, only at these stages.
STEP_STAGES: dict[Action, tuple[frozenset[tuple[str, str]], str]] = {
    Action.CONCLUDE_INVESTIGATION: (
        frozenset({("hmip", "formal_complaint")}),
        'seed 001 step 2 "The formal investigation will conclude within 20 working days"',
    ),
    Action.DECIDE_PROVIDER_SPLIT: (
        frozenset({("children", "local_resolution")}),
        'seed 004 "within 10 working days, send details of the complaint to the registered '
        'provider and determine which parts of the complaint relate to local authority"',
    ),
    Action.AGREE_STATEMENT: (
        frozenset({("children", "investigation")}),
        'seed 004 "The details of the complaint and the desired outcome should be agreed '
        'with the complainant"',
    ),
    Action.SEND_DRAFT_REPORT: (
        frozenset({("children", "investigation")}),
        'seed 004 "draft a report to be circulated to the complainant, without conclusions '
        'or recommendations, for comment on factual accuracies"',
    ),
    Action.SEND_FINAL_REPORT: (
        frozenset({("children", "investigation")}),
        'seed 004 "a final report will be produced ... send the final report to the '
        'adjudicating officer"',
    ),
    Action.ADJUDICATE: (
        frozenset({("children", "investigation")}),
        'seed 004 "The formal response to the final report should be made by the relevant '
        'adjudicating officer"',
    ),
    # Asked for once stage 2 is answered (the stage machine's ``panel-requested``
    # transition: stage 2 -> stage 3), or recorded at stage 3 when the case was escalated.
    Action.REQUEST_PANEL: (
        frozenset({("children", "investigation"), ("children", "review_panel")}),
        'seed 004 "20 working days to request a Review Panel"',
    ),
    **{
        action: (frozenset({("children", "review_panel")}), source)
        for action, source in (
            (
                Action.SCHEDULE_PANEL,
                'seed 004 "the Panel must be convened within 30 working days of the request"',
            ),
            (
                Action.SEND_PANEL_PAPERS,
                'seed 004 "Panel papers will be sent to all attendees no later than 10 working '
                'days before the date of the Panel"',
            ),
            (Action.HOLD_PANEL, 'seed 004 "The Panel consists of three people independent"'),
            (
                Action.REPORT_PANEL,
                'seed 004 "a written report including recommendations to the Director within '
                '5 working days of the Panel"',
            ),
            (
                Action.RECORD_DIRECTOR_RESPONSE,
                'seed 004 "The Director has a further 15 working days in which to respond"',
            ),
        )
    },
    Action.QUALITY_ASSURE: (
        frozenset(
            {
                ("dso", "service_delivery"),
                ("dso", "minor_misconduct"),
                ("dso", "serious_misconduct"),
            }
        ),
        'seed 000 "response quality assured by senior officer"',
    ),
    Action.RECORD_ORAL_RESPONSE: (
        frozenset({("spso", "frontline_response")}),
        'seed 002 stage 1 "Response normally face-to-face or by telephone (though sometimes '
        'we will need to put the decision in writing)"',
    ),
    Action.RECORD_EARLY_RESOLUTION: (
        frozenset({("hmip", "early_resolution")}),
        'seed 001 "Step 1 - Early resolution"',
    ),
    Action.RECORD_NEW_EVIDENCE: (
        frozenset({("hmip", "early_resolution")}),
        'seed 001 "If the complaint has already been considered at step 1 you should provide '
        'new evidence as to why you consider the step 1 conclusion to be inaccurate"',
    ),
    Action.REVIEW_DCO_CERTIFICATION: (
        frozenset({("dso", "serious_misconduct")}),
        'seed 000 serious misconduct "if substantiated, DCO certification (Home Office) and '
        'disciplinary action (employer) considered"',
    ),
    Action.GIVE_STAFF_GUIDANCE: (
        frozenset({("dso", "minor_misconduct")}),
        'seed 000 minor misconduct "If substantiated, guidance given to staff member"',
    ),
    # Reaching the person (issue 18: `release`, `advocacy`, `feedback`).
    Action.CONFIRM_RELEASE: (
        frozenset({("children", "local_resolution")}),
        'seed 004 "Any issues of safeguarding and potential vulnerability of the child should '
        "be confirmed by the Complaints Manager with the child or young person before "
        'releasing the complaint to the relevant care service provider"',
    ),
    Action.RECORD_ADVOCACY: (
        frozenset({("children", s) for s in ("local_resolution", "investigation", "review_panel")}),
        'seed 004 "ensuring that advocacy services are explained, offered and provided when '
        'required"',
    ),
    Action.RECORD_FEEDBACK: (
        frozenset(
            {("hmip", s) for s in ("early_resolution", "formal_complaint", "internal_review")}
        ),
        'seed 001 §5 "You are invited to provide feedback on how your concerns were handled"',
    ),
}


def steps_at(procedure: str, stage: str) -> frozenset[str]:
    """The seeds' steps offered at ``stage`` of ``procedure``."""
    return frozenset(
        str(a) for a, (where, _source) in STEP_STAGES.items() if (procedure, stage) in where
    )
