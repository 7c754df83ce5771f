"""One place that applies any outcomes command (pure): the record in, what was done out."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from services.records.domain import commitments, findings, learning, remedies, remedy_changes
from services.records.domain.outcome_commands import Acting, Done, OutcomeCommand
from services.records.domain.outcomes import CaseOutcomes

_HANDLERS: dict[type, Callable[[CaseOutcomes, Any, Acting], Done]] = {
    findings.AgreeOutcome: findings.agree_outcome,
    findings.SetPoint: findings.set_point,
    findings.RecordFinding: findings.record_finding,
    remedies.AddRemedy: remedies.add_remedy,
    remedies.ApproveRemedy: remedies.approve_remedy,
    remedy_changes.AmendRemedy: remedy_changes.amend_remedy,
    remedy_changes.CancelRemedy: remedy_changes.cancel_remedy,
    commitments.CompleteCommitment: commitments.complete,
    learning.RecordLearning: learning.record_learning,
}


def decide(record: CaseOutcomes, command: OutcomeCommand, by: Acting) -> Done:
    """Apply ``command`` to ``record`` (changed in place); raise `Refusal` or
    `InvalidField` before changing anything when it may not be applied."""
    return _HANDLERS[type(command)](record, command, by)
