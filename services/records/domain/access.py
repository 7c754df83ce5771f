"""Who may read a case file (ARCHITECTURE.md; seed 004 on confidential children's complaints)."""

from __future__ import annotations

from common.auth import Caller, Role

# Roles that may see a confidential file (children's complaints and those flagged).
CONFIDENTIAL_READERS = {Role.CENTRAL_TEAM, Role.CHILDRENS_COMPLAINTS_OFFICER, Role.AUDITOR}


def can_read(
    caller: Caller, *, confidential: bool, partner_id: str | None, officer: str | None = None
) -> tuple[bool, str]:
    """Whether ``caller`` may read the file, and why not if they may not."""
    if caller.role is Role.PARTNER and caller.partner != partner_id:
        return False, "partners may read only their own submissions"
    if caller.role is Role.INVESTIGATING_OFFICER and officer and caller.sub != officer:
        return False, "investigating officers may read only their own cases"
    if confidential and caller.role not in CONFIDENTIAL_READERS:
        return False, f"the case is confidential; role {caller.role} may not read it"
    return True, ""
