"""Who is signed in, and what the console shows them: pure, no I/O.

The console keeps no users of its own. Locally a person chooses a role and a name (the
development sign-in); in production an authenticating reverse proxy says who they are and
which groups they are in, and the console maps groups to roles (``CONSOLE_GROUP_ROLES``).
Either way the person's identity travels to every service as a platform token, so the
services' access policy decides what they may read and do."""

from __future__ import annotations

import re
from dataclasses import dataclass

from common.access.methods import RULES
from common.auth import Role

NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 .@'_-]{0,63}$")
PARTNER = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")

ROLE_LABELS = {
    Role.CENTRAL_TEAM: "Central complaints team",
    Role.INVESTIGATING_OFFICER: "Investigating officer",
    Role.CHILDRENS_COMPLAINTS_OFFICER: "Children's complaints officer",
    Role.AUDITOR: "Auditor",
    Role.PARTNER: "Partner organisation",
    Role.OPERATOR: "Platform operator",
}
# Pages each role is offered (the services still decide every call).
CASE_ROLES = {r for r in Role if r is not Role.OPERATOR}
# Offered from the platform's one access table, so the console never asks what it may not.
REPORT_ROLES = RULES["/complaints.v1.OutcomeService/Commitments"].who
OPS_ROLES = {Role.OPERATOR}
PRINT_QUEUE_ROLES = RULES["/complaints.v1.NotificationService/ListPrintQueue"].who


class IdentityError(ValueError):
    """A sign-in that names no valid person; ``field`` is the form field at fault."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field, self.message = field, message


@dataclass(frozen=True)
class Person:
    name: str
    role: Role
    partner: str | None = None

    @property
    def role_label(self) -> str:
        label = ROLE_LABELS[self.role]
        return f"{label} ({self.partner})" if self.partner else label

    def may_see_cases(self) -> bool:
        return self.role in CASE_ROLES

    def may_see_reports(self) -> bool:
        return self.role in REPORT_ROLES

    def may_operate(self) -> bool:
        return self.role in OPS_ROLES

    def may_read_print_queue(self) -> bool:
        return self.role in PRINT_QUEUE_ROLES

    def home(self) -> str:
        return "/cases" if self.may_see_cases() else "/ops"

    def as_session(self) -> dict[str, str]:
        return {"name": self.name, "role": str(self.role), "partner": self.partner or ""}

    @classmethod
    def from_session(cls, data: object) -> Person | None:
        if not isinstance(data, dict):
            return None
        try:
            return signed_in(data.get("role", ""), data.get("name", ""), data.get("partner", ""))
        except IdentityError:
            return None


def signed_in(role: str, name: str, partner: str = "") -> Person:
    """The person a sign-in names, or `IdentityError` naming the field and the rule."""
    name, partner = name.strip(), partner.strip()
    if role not in {r.value for r in Role}:
        raise IdentityError("role", "choose one of the roles listed")
    if not NAME.match(name):
        raise IdentityError("name", "give a name of 1 to 64 letters, digits, spaces or . @ ' _ -")
    if Role(role) is Role.PARTNER:
        if not PARTNER.match(partner):
            raise IdentityError(
                "partner", "a partner needs its id: lower-case letters, digits and -"
            )
        return Person(name, Role.PARTNER, partner)
    return Person(name, Role(role), None)


def from_proxy(user: str, groups: str, group_roles: dict[str, str]) -> Person:
    """The person an authenticating proxy vouches for: ``user`` and comma-separated
    ``groups``; the first group (in the order of ``group_roles``) that maps to a role wins.
    A role ``partner:<id>`` is that partner."""
    if not user.strip():
        raise IdentityError("user", "the proxy sent no user")
    member = {g.strip() for g in groups.split(",") if g.strip()}
    for group, role in group_roles.items():
        if group in member:
            kind, _, partner = role.partition(":")
            return signed_in(kind, user, partner)
    raise IdentityError("groups", "none of the person's groups maps to a console role")
