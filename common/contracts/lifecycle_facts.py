"""The lifecycle facts of a strand that records publishes as ``case.<fact>``.

Records' AsyncAPI document lists them; procedure files may name them (`procedures.schema`
adds deadlines' ``auto-progressed``). The event model is `common.contracts.events.CaseLifecycle`.
"""

from __future__ import annotations

from common.contracts.recipients import RELEASE_FACT

# Every lifecycle fact records publishes as ``case.<fact>`` (``detail.on``: the day it
# happened): the steps of the procedures, in the order of the lifecycle. Records' AsyncAPI
# document lists them; procedure files may name them (and deadlines' ``auto-progressed``).
LIFECYCLE_FACTS = (
    "acknowledged",
    "officer-assigned",
    "comments-requested",
    "comments-received",
    "investigating",
    "responded",
    "extended",
    "escalated",
    "suspended",
    "resumed",
    "restricted",
    "merged",
    "closed",
    # the casework steps the seeds name (`services.records.domain.steps`)
    "investigation-concluded",
    "provider-split-decided",
    "statement-agreed",
    "draft-report-sent",
    "final-report-sent",
    "adjudicated",
    "panel-requested",
    "panel-scheduled",
    "panel-papers-sent",
    "panel-held",
    "panel-reported",
    "director-responded",
    "quality-assured",
    "oral-response-recorded",
    "early-resolution",
    "new-evidence",
    "dco-certification-reviewed",
    "staff-guidance-given",
    # reaching the person (issue 18)
    # children seed 004: the Complaints Manager has confirmed with the child that the
    # complaint may be released to the care service provider (notifications holds the
    # provider's letters until then)
    RELEASE_FACT,
    "advocacy-recorded",
    "feedback-recorded",
    # alternatives (`services.records.domain.alternatives`)
    "mediation-offered",
    "mediation-accepted",
    "mediation-declined",
    "mediation-concluded",
    "referred-to-ombudsman",
    "healthcare-escalation-opened",
    "healthcare-escalation-done",
    # children's eligibility and other procedures (`services.records.domain.eligibility`)
    "eligibility-recorded",
    "lead-authority-decided",
    "freeze-requested",
    "freeze-granted",
    "freeze-refused",
    "freeze-lifted",
    "concurrent-procedure-recorded",
    "concurrent-procedure-ended",
)
