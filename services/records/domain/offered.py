"""Where the alternatives and the children's records are offered (``allowed now``): the
children's records only on children's complaints; the early referral after the children's
stage 2; DS Complaints' escalation only on a devolved healthcare strand. The commands
themselves refuse elsewhere with the seed's words (`alternatives`, `eligibility`)."""

from __future__ import annotations

CHILDREN_ONLY = frozenset(
    {"record-eligibility", "decide-lead-authority", "freeze-decision", "concurrent-procedure"}
)
AT_STAGES = {
    "early-ombudsman-referral": frozenset({("children", "investigation")}),
    "healthcare-escalation": frozenset({("dso", "healthcare_devolved")}),
}


def offered(action: str, procedure: str, stage: str) -> bool:
    """Whether ``action`` belongs to cases of ``procedure`` at ``stage``."""
    if action in CHILDREN_ONLY:
        return procedure == "children"
    if action in AT_STAGES:
        return (procedure, stage) in AT_STAGES[action]
    return True
