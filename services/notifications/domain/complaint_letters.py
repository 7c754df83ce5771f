"""Letters on facts about the whole complaint that no routed strand carries (children seed
004), planned from the event alone:

- ``case.representation-answered``: "The Directorate will respond to the issues raised and
  set out what action will be taken": the answer, with the action, to the person (and to a
  representative with their authority), through the channel their details allow (email,
  post, by hand; `dispatch`), like every letter to a person;
- ``case.compliment-passed-on``: "the first line manager ... ensure that the positive
  sentiments are feedback to the staff concerned": a notice to the manager named, at their
  ``officer:`` entry in the address directory; without one it goes to the fallback desk of
  the procedure and nation with the reason (`Fallback`), as a referral does, loudly.

A representation has no strand, so the letters are kept on the complaint's own record
(``case_ref`` = the reference), with a view built from the event (`view_of`). Pure.
"""

from __future__ import annotations

from common.contracts.events import ComplimentPassedOn, RepresentationAnswered
from services.notifications.domain.caseview import CaseView
from services.notifications.domain.delivery import Fallback
from services.notifications.domain.directory import Directory, desk_key, officer_address
from services.notifications.domain.letters import Letter, idempotency_key

ComplaintFact = RepresentationAnswered | ComplimentPassedOn
ANSWER, COMPLIMENT = "representation_answer", "compliment_notice"


def view_of(event: ComplaintFact) -> CaseView:
    """The view the letters of ``event`` are planned and sent on (no strand)."""
    return CaseView(
        reference=event.reference, strand=None, procedure=event.procedure,
        stage=event.stage, category="representation", owner="", nation=event.nation,
        received_on=event.received_on, subject=event.subject,
        complainant=event.complainant, location=event.location,
    )  # fmt: skip


def plan(event: ComplaintFact, directory: Directory) -> tuple[list[Letter], dict[str, Fallback]]:
    """The letters ``event`` calls for, and those sent to the desk with why (by key)."""
    if isinstance(event, RepresentationAnswered):
        return _answer(event), {}
    return _compliment(event, directory)


def _letter(event: ComplaintFact, kind: str, address: str, template: str, context: dict
            ) -> Letter:  # type: ignore[type-arg]  # fmt: skip
    return Letter(
        key=idempotency_key(event.key, kind, address, template),
        trigger=f"{event.routing_key}:{event.key}",
        case_ref=event.case_ref, procedure=event.procedure, recipient_kind=kind,
        address_key=address, template=template, context=context,
    )  # fmt: skip


def _answer(event: RepresentationAnswered) -> list[Letter]:
    person = event.complainant
    if person.anonymous:
        return []  # no one to write to: the answer is on the file
    context = {
        "reference": event.reference,
        "subject": event.subject,
        "answer_summary": event.summary,
        "action": event.action,
    }
    letters = [_letter(event, "complainant", "complainant", ANSWER,
                       {**context, "complainant_name": person.name})]  # fmt: skip
    rep = person.represented_by
    if rep is not None and rep.authorised:
        letters.append(_letter(event, "representative", "representative", ANSWER,
                               {**context, "complainant_name": person.name}))  # fmt: skip
    return letters


def _compliment(
    event: ComplimentPassedOn, directory: Directory
) -> tuple[list[Letter], dict[str, Fallback]]:
    key, missing = officer_address(event.manager, directory)
    context = {
        "reference": event.reference,
        "subject": event.subject,
        "manager_name": event.manager,
        "staff": list(event.staff),
        "compliment": event.compliment,
        "compliment_note": event.note,
    }
    if missing is None:
        return [_letter(event, "manager", key, COMPLIMENT, context)], {}
    desk = desk_key(event.procedure, event.nation)
    letter = _letter(event, "manager", desk, COMPLIMENT, context)
    why = f"{missing} (the first line manager {event.manager} named when the compliment was "
    why += "passed on)"
    fallback = Fallback(desk=desk, recipient="manager", intended=key, to=event.manager,
                        reason=why, what="compliment notice", found=desk in directory)  # fmt: skip
    return [letter], {letter.key: fallback}
