"""gRPC requests -> commands, with field-level validation (INVALID_ARGUMENT names each
field). Rules that depend on the case (an Independent Person at children's stage 2, a
review date for a restriction) are the domain's, reported the same way."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from enum import StrEnum
from typing import Any

from common.contracts.events import FieldError
from common.grpc_server import BadRequest
from services.records.domain import commands as c
from services.records.entrypoints.alternative_requests import BUILDERS as ALTERNATIVE_BUILDERS

MAX_TEXT = 4000


class Fields:
    """Collects every problem with a request, then raises them together."""

    def __init__(self, request: Any):
        self.request = request
        self.errors: list[FieldError] = []

    def _bad(self, name: str, rule: str, message: str) -> None:
        self.errors.append(FieldError(field=name, rule=rule, message=message))

    def text(self, name: str, *, required: bool = False, what: str = "") -> str:
        value = str(getattr(self.request, name, "")).strip()
        if required and not value:
            self._bad(name, "required", what or f"give {name.replace('_', ' ')}")
        if len(value) > MAX_TEXT:
            self._bad(name, "length", f"at most {MAX_TEXT} characters")
        return value

    def texts(self, name: str, *, required: bool = False, what: str = "") -> tuple[str, ...]:
        values = tuple(v.strip() for v in getattr(self.request, name) if v.strip())
        if required and not values:
            self._bad(name, "required", what or f"give at least one of {name}")
        return values

    def day(self, name: str, *, required: bool = False) -> date | None:
        value = str(getattr(self.request, name)).strip()
        if not value:
            if required:
                self._bad(name, "required", "give a date, YYYY-MM-DD")
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            self._bad(name, "date", f"{value!r} is not a date: use YYYY-MM-DD")
            return None

    def choice[E: StrEnum](self, name: str, enum: type[E], *, default: E | None = None) -> E | None:
        value = str(getattr(self.request, name)).strip()
        if not value:
            if default is None:
                self._bad(name, "required", f"one of {', '.join(e.value for e in enum)}")
            return default
        try:
            return enum(value)
        except ValueError:
            self._bad(name, "enum", f"{value!r} is not one of {', '.join(e.value for e in enum)}")
            return default

    def done(self) -> None:
        if self.errors:
            raise BadRequest(self.errors)


def ref_and_id(request: Any) -> tuple[str, str]:
    f = Fields(request)
    ref = f.text("ref", required=True, what="give a case ref, e.g. CSC-2026-000001/1")
    request_id = f.text("request_id")
    if len(request_id) > 100:
        f._bad("request_id", "length", "at most 100 characters")
    f.done()
    return ref, request_id


def _ack(f: Fields) -> c.Command:
    return c.Acknowledge(note=f.text("note"))


def _assign(f: Fields) -> c.Command:
    return c.AssignOfficer(
        officer=f.text("officer", required=True, what="name the investigating officer"),
        independent_person=f.text("independent_person"),
        attestations=f.texts("attestations"),
    )


def _comments(f: Fields) -> c.Command:
    return c.RequestComments(officers=f.texts("officers"), note=f.text("note"))


def _record_comments(f: Fields) -> c.Command:
    return c.RecordComments(summary=f.text("summary", required=True, what="summarise them"))


def _respond(f: Fields) -> c.Command:
    return c.RecordResponse(
        outcome=f.choice("outcome", c.Outcome),  # type: ignore[arg-type]
        summary=f.text("summary", required=True, what="summarise the response"),
        agreed_actions=f.texts("agreed_actions"),
    )


def _extend(f: Fields) -> c.Command:
    return c.Extend(
        to=f.day("to", required=True),  # type: ignore[arg-type]
        reason=f.text("reason", required=True, what="say why (agreed with the complainant?)"),
        clock=f.text("clock"),
    )


def _escalate(f: Fields) -> c.Command:
    return c.Escalate(reason=f.text("reason"), late_reason=f.text("late_reason"))


def _suspend(f: Fields) -> c.Command:
    return c.Suspend(reason=f.text("reason", required=True, what="say why the clock stops"))


def _merge(f: Fields) -> c.Command:
    return c.Merge(
        into=f.text("into", required=True, what="the case that carries on"), reason=f.text("reason")
    )


def _restrict(f: Fields) -> c.Command:
    op = f.choice("op", c.RestrictOp, default=c.RestrictOp.IMPOSE)
    kind = None
    if op is c.RestrictOp.IMPOSE:
        kind = f.choice("kind", c.RestrictionKind)
    rid = f.text("restriction_id", required=op is not c.RestrictOp.IMPOSE)
    return c.Restrict(
        op=op,  # type: ignore[arg-type]
        restriction_id=rid,
        kind=kind,
        reasons=f.texts("reasons"),
        review_on=f.day("review_on"),
        approved_by=f.text("approved_by"),
        note=f.text("note"),
        outcome=f.text("outcome"),
    )


def _correspondence(f: Fields) -> c.Command:
    direction = f.text("direction")
    if direction not in ("", "in", "out"):
        f._bad("direction", "enum", "'in' (received) or 'out' (sent)")
    document = {
        k: v
        for k, v in (
            ("name", f.text("document_name")),
            ("ref", f.text("document_ref")),
            ("sha256", f.text("document_sha256")),
        )
        if v
    }
    return c.AddCorrespondence(
        kind=f.choice("kind", c.EntryKind),  # type: ignore[arg-type]
        summary=f.text("summary", required=True, what="what it says, or what and where"),
        direction=direction,
        party=f.text("party"),
        channel=f.text("channel"),
        document=document,
        location=f.text("location"),
        action_id=f.text("action_id"),
    )


def _erase(f: Fields) -> c.Command:
    return c.EraseOrRedact(
        mode=f.choice("mode", c.RedactMode),  # type: ignore[arg-type]
        reason=f.text("reason", required=True, what="give the legal basis or reason"),
        items=f.texts("items"),
    )


def _split(f: Fields) -> c.Command:
    return c.DecideProviderSplit(
        authority_parts=f.texts(
            "authority_parts", required=True, what="the parts the authority considers"
        ),
        provider_parts=f.texts("provider_parts"),
        provider=f.text("provider"),
        note=f.text("note"),
    )


def _statement(f: Fields) -> c.Command:
    return c.AgreeStatement(
        statement=f.text("statement", required=True, what="the agreed statement of complaint"),
        desired_outcome=f.text(
            "desired_outcome", required=True, what="the outcome the complainant wants"
        ),
    )


def _final_report(f: Fields) -> c.Command:
    return c.SendFinalReport(
        document=f.text("document"),
        adjudicating_officer=f.text("adjudicating_officer"),
        comments=f.text("comments"),
    )


def _adjudicate(f: Fields) -> c.Command:
    return c.Adjudicate(
        adjudicating_officer=f.text(
            "adjudicating_officer", required=True, what="who adjudicates (the Head of Service)"
        ),
        outcome=f.choice("outcome", c.Outcome),  # type: ignore[arg-type]
        summary=f.text("summary", required=True, what="the adjudication in a sentence"),
    )


def _schedule_panel(f: Fields) -> c.Command:
    return c.SchedulePanel(
        panel_date=f.day("panel_date", required=True),  # type: ignore[arg-type]
        members=f.texts("members", required=True, what="the three panel members"),
        chair=f.text("chair"),
        attestations=f.texts("attestations"),
    )


def _report_panel(f: Fields) -> c.Command:
    return c.ReportPanel(
        recommendations=f.texts(
            "recommendations", required=True, what="the panel's recommendations"
        ),
        summary=f.text("summary"),
    )


def _director(f: Fields) -> c.Command:
    return c.RecordDirectorResponse(
        outcome=f.choice("outcome", c.Outcome),  # type: ignore[arg-type]
        summary=f.text("summary", required=True, what="the Director's response in a sentence"),
    )


def _oral(f: Fields) -> c.Command:
    return c.RecordOralResponse(
        channel=f.choice("channel", c.OralChannel),  # type: ignore[arg-type]
        outcome=f.choice("outcome", c.Outcome),  # type: ignore[arg-type]
        summary=f.text("summary", required=True, what="what the complainant was told"),
        letter=bool(f.request.letter),
    )


def _early(f: Fields) -> c.Command:
    return c.RecordEarlyResolution(
        outcome=f.choice("outcome", c.EarlyOutcome),  # type: ignore[arg-type]
        summary=f.text("summary", required=True, what="the step 1 conclusion"),
        decided_by=f.text("decided_by"),
    )


BUILDERS: dict[str, Callable[[Fields], c.Command]] = {
    "Acknowledge": _ack,
    "AssignOfficer": _assign,
    "RequestComments": _comments,
    "RecordComments": _record_comments,
    "Investigate": lambda f: c.Investigate(note=f.text("note")),
    "RecordResponse": _respond,
    "Extend": _extend,
    "Escalate": _escalate,
    "Suspend": _suspend,
    "Resume": lambda f: c.Resume(note=f.text("note")),
    "Merge": _merge,
    "Restrict": _restrict,
    "Close": lambda f: c.Close(reason=f.text("reason")),
    "AddCorrespondence": _correspondence,
    "EraseOrRedact": _erase,
    "ConcludeInvestigation": lambda f: c.ConcludeInvestigation(summary=f.text("summary")),
    "DecideProviderSplit": _split,
    "AgreeStatement": _statement,
    "SendDraftReport": lambda f: c.SendDraftReport(
        document=f.text("document"), note=f.text("note")
    ),
    "SendFinalReport": _final_report,
    "Adjudicate": _adjudicate,
    "RequestPanel": lambda f: c.RequestPanel(note=f.text("note")),
    "SchedulePanel": _schedule_panel,
    "SendPanelPapers": lambda f: c.SendPanelPapers(note=f.text("note")),
    "HoldPanel": lambda f: c.HoldPanel(note=f.text("note")),
    "ReportPanel": _report_panel,
    "RecordDirectorResponse": _director,
    "QualityAssure": lambda f: c.QualityAssure(
        by=f.text("by", required=True, what="the senior officer who quality assured it"),
        note=f.text("note"),
    ),
    "RecordOralResponse": _oral,
    "RecordEarlyResolution": _early,
    "RecordNewEvidence": lambda f: c.RecordNewEvidence(
        summary=f.text("summary", required=True, what="why the step 1 conclusion is inaccurate")
    ),
    "ReviewDcoCertification": lambda f: c.ReviewDcoCertification(
        decision=f.text("decision", required=True, what="what was decided on the certification"),
        by=f.text("by"),
    ),
    "GiveStaffGuidance": lambda f: c.GiveStaffGuidance(
        staff_member=f.text("staff_member", required=True, what="who was given guidance"),
        guidance=f.text("guidance", required=True, what="the guidance given"),
    ),
}


def _reach_builders() -> dict[str, Callable[[Fields], c.Command]]:
    from services.records.entrypoints.reach_requests import REACH_BUILDERS

    return REACH_BUILDERS


BUILDERS.update(_reach_builders())  # issue 18: release, advocacy, feedback
BUILDERS.update(ALTERNATIVE_BUILDERS)  # mediation, early referral, children's eligibility
# The RPCs that are one command each (CaseServicer registers one method per name).
COMMAND_RPCS = tuple(BUILDERS)


def command(rpc: str, request: Any) -> tuple[str, str, c.Command]:
    """(ref, request_id, command) from ``request``; BadRequest names every bad field."""
    ref, request_id = ref_and_id(request)
    f = Fields(request)
    built = BUILDERS[rpc](f)
    on = f.day("on")
    f.done()
    return ref, request_id, _with_on(built, on)


def _with_on(cmd: c.Command, on: date | None) -> c.Command:
    return replace(cmd, on=on) if on else cmd
