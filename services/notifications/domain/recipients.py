"""Who gets which letter for one event: addresses per recipient kind, and the planner.

``plan_letters(view, trigger)`` applies the rules (`rules.RULES`) and expects ``view`` to
include the trigger already (``view = view.apply(event)``); `advance` does both steps. Every
letter gets an idempotency key, so a redelivered event plans the same keys and the sender
sends nothing twice.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from common.contracts.events import CaseLifecycle, CaseReferred, CaseRouted, DeadlineSet, Event
from services.notifications.domain.anonymise import officer_labels
from services.notifications.domain.caseview import CaseView, lifecycle_status
from services.notifications.domain.conditions import CONDITIONS, clock_extended
from services.notifications.domain.context import TEMPLATE_CONTEXT
from services.notifications.domain.directory import address_key
from services.notifications.domain.entitlements import CONFIDENTIAL_ALLOWED, build_context
from services.notifications.domain.errors import ConfidentialityError, PlanningError
from services.notifications.domain.letters import Letter, idempotency_key
from services.notifications.domain.notices import DIRECTORY_KINDS, is_notice_letter, unknown_notices
from services.notifications.domain.referrals import (
    is_referral_letter,
    named_in_to,
    referral_target,
    referred_aspects,
)
from services.notifications.domain.rules import PROCEDURES, RULES, Rule

# Fixed addresses of central teams.
FIXED = {
    "ds_complaints": "team:ds-complaints",
    "psu": "team:psu",
    "cco": "team:childrens-complaints-officer",
    "care_management": "team:care-management",
    "contract_monitoring": "team:contract-monitoring",
    "school": "team:school-complaints-officer",
}


UNADDRESSED = "unaddressed:"


def _need(value: str | None, what: str, view: CaseView) -> str:
    if not value:
        raise PlanningError(f"{view.case_ref}: cannot address the letter: no {what} in location")
    return value


def addresses(kind: str, view: CaseView, trigger: Event) -> list[tuple[str, str | None]]:
    """(directory key, focus) for each recipient of ``kind``; focus names the officer a
    comments request is about. Raises `PlanningError` if the case lacks the location,
    except for the body a referral is for: its letter is planned as ``unaddressed:<kind>``
    and goes to the fallback desk (`fallback_reason`), never nowhere."""
    try:
        return _addresses(kind, view, trigger)
    except (PlanningError, ValueError):
        if not must_reach(kind, trigger):
            raise
        return [(UNADDRESSED + kind, None)]


def must_reach(kind: str, trigger: Event) -> bool:
    """A letter that goes to the fallback desk when its recipient cannot be addressed:
    a referral's, or a notice records requires (`notices`)."""
    return is_referral_letter(kind, trigger) or is_notice_letter(kind, trigger)


def _addresses(kind: str, view: CaseView, trigger: Event) -> list[tuple[str, str | None]]:
    loc = view.location
    match kind:
        case "complainant":
            return [("complainant", None)]
        case _ if kind in FIXED:
            return [(FIXED[kind], None)]
        case "imb" | "ie_manager":
            est = _need(loc.establishment, "establishment", view)
            return [(address_key(kind.replace("_", "-"), est), None)]
        case "healthcare_manager":
            where = _need(
                loc.establishment or loc.local_authority, "establishment or local authority", view
            )
            return [(address_key("healthcare", where), None)]
        case "provider":
            name = _need(loc.provider or named_in_to(trigger), "provider", view)
            return [(address_key("provider", name), None)]
        case "team":
            return [(address_key("team", f"{view.procedure} {view.owner}"), None)]
        case "mp":
            return [(address_key("mp", _need(view.mp, "MP", view)), None)]
        case "police":
            where = _need(
                loc.local_authority or loc.establishment, "local authority or establishment", view
            )
            return [(address_key("police", where), None)]
        case "social_care":
            la = _need(loc.local_authority, "local authority", view)
            return [(address_key("social-care", la), None)]
        case _ if kind in DIRECTORY_KINDS:
            la = _need(loc.local_authority, "local authority", view)
            return [(address_key(DIRECTORY_KINDS[kind], la), None)]
        case "officer":
            return [(address_key("officer", name), name) for name in _officers(view, trigger)]
    raise PlanningError(f"no way to address recipient kind {kind!r}")


def fallback_reason(
    letter: Letter, view: CaseView, trigger: Event, known: Callable[[str], bool]
) -> str | None:
    """Why a referral letter cannot reach the body it is meant for, in words for the desk
    and the operators; None when it can, or when ``letter`` is not a referral's letter.
    ``known`` says whether the directory holds an address key."""
    if letter.error or not must_reach(letter.recipient_kind, trigger):
        return None
    if letter.address_key.startswith(UNADDRESSED):
        try:
            _addresses(letter.recipient_kind, view, trigger)
        except (PlanningError, ValueError) as exc:
            return str(exc).removeprefix(f"{view.case_ref}: ")
        return "no address could be worked out"
    if not known(letter.address_key):
        return f"no entry for {letter.address_key} in the address directory"
    return None


def _officers(view: CaseView, trigger: Event) -> list[str]:
    """Every officer named, or only those a ``case.comments-requested`` names."""
    wanted: list[str] = []
    if isinstance(trigger, CaseLifecycle):
        raw = trigger.detail.get("officers") or trigger.detail.get("officer") or []
        wanted = [raw] if isinstance(raw, str) else [str(name) for name in raw]
    if not wanted:
        return list(view.officers)
    keys = {" ".join(w.lower().split()) for w in wanted}
    return [name for name in view.officers if " ".join(name.lower().split()) in keys]


def trigger_name(event: Event) -> str:
    """The rule trigger of an event: its routing key, ``case.<status>`` for lifecycle facts."""
    if isinstance(event, CaseLifecycle):
        return "case." + lifecycle_status(event)
    return event.routing_key


def default_trigger_id(event: Event) -> str:
    """A stable id for an event when its AMQP message id is not at hand: a re-sent event has
    the same body, hence the same id."""
    parts = [trigger_name(event), event.case_ref, event.occurred_at.isoformat()]
    if isinstance(event, DeadlineSet):
        parts += [event.clock, event.due.isoformat()]
    if isinstance(event, CaseReferred):
        parts += [str((event.model_extra or {}).get("rule") or event.to)]
    return "|".join(parts)


def _resolve(rule: Rule, trigger: Event) -> Rule:
    """A ``referral`` rule becomes a rule for the body the referral names."""
    if rule.recipient != "referral":
        return rule
    target = referral_target(trigger)
    return Rule(
        rule.trigger,
        target.kind,
        target.template,
        rule.when,
        rule.source,
        {**rule.extra, **target.extra},
        "case" if target.once else "",
    )


def _basis(rule: Rule, view: CaseView, trigger_id: str) -> str:
    if rule.once == "case":
        return f"case:{view.case_ref}"
    if rule.once == "target" and view.target_date is not None:
        return f"case:{view.case_ref}:target:{view.target_date}"
    # No date (an extension during a suspension: deadlines dates it on resuming): each
    # trigger its own letter, so a second suspension's extension is not taken for the first.
    return trigger_id


def plan_letters(view: CaseView, trigger: Event, *, message_id: str | None = None) -> list[Letter]:
    """The letters ``trigger`` calls for, each with a stable idempotency key.

    ``message_id`` is the trigger's AMQP message id; without it a stable id is derived from
    the event (`default_trigger_id`). A complaint-level event (``strand`` None, such as a
    child-protection referral routing makes before any strand) is planned on the view of a
    strand of the complaint, strand 1 by convention. For a confidential child complaint,
    letters to anyone without the right are withheld (children seed 004).

    A letter that cannot be planned (no address for its recipient, a context it cannot
    have) is still returned, with ``error`` saying why: it is recorded as failed with that
    reason and the event's other letters go as usual.

    Raises `PlanningError` for an unknown procedure or a trigger of another case, and
    `ConfidentialityError` if a rule would still send a confidential child complaint to
    someone without the right to it.
    """
    if view.procedure not in PROCEDURES:
        raise PlanningError(f"no notification rules for procedure {view.procedure!r}")
    if not view.concerns(trigger):
        raise PlanningError(f"trigger for {trigger.case_ref} planned on {view.case_ref}")
    name = trigger_name(trigger)
    trigger_id = message_id or default_trigger_id(trigger)
    keep = tuple(n for n in (view.complainant.name, view.investigating_officer, view.mp) if n)
    labels = officer_labels(view.officers)
    pool = referred_aspects(trigger)
    letters: dict[str, Letter] = {}
    for rule in (*RULES["*"], *RULES[view.procedure]):
        if rule.trigger != name or not all(CONDITIONS[c](view, trigger) for c in rule.when):
            continue
        rule = _resolve(rule, trigger)
        if told_at_the_time(template=rule.template, view=view, trigger=trigger):
            continue
        if view.restricted and rule.recipient not in CONFIDENTIAL_ALLOWED:
            # Children seed 004: a confidential child complaint is not released to a
            # provider (or anyone else without the right) by the platform; the Complaints
            # Manager confirms with the child first. Routing still records the referral.
            continue
        basis = _basis(rule, view, trigger_id)
        try:
            targets: list[tuple[str, str | None]] = addresses(rule.recipient, view, trigger)
            failed = ""
        except ConfidentialityError:
            raise
        except Exception as exc:  # noqa: BLE001 - recorded on this letter, the others go
            targets, failed = [(f"unaddressed:{rule.recipient}", None)], _reason(exc)
        for address, focus in targets:
            key = idempotency_key(basis, rule.recipient, address, rule.template)
            context: dict[str, Any] = {}
            error = failed or None
            if not failed:
                try:
                    extra = dict(rule.extra)
                    if focus is not None:
                        extra["officer_label"] = labels[focus]
                    context = build_context(
                        rule.recipient,
                        rule.template,
                        view,
                        trigger,
                        focus=focus,
                        extra=extra,
                        aspects=pool,
                    )
                except ConfidentialityError:
                    raise
                except Exception as exc:  # noqa: BLE001 - as above
                    error = _reason(exc)
                error = error or past_promise(template=rule.template, view=view, trigger=trigger)
            letters.setdefault(
                key,
                Letter(
                    key=key,
                    trigger=trigger_id,
                    case_ref=view.case_ref,
                    procedure=view.procedure,
                    recipient_kind=rule.recipient,
                    address_key=address,
                    template=rule.template,
                    context=context,
                    anonymise=view.officers,
                    keep=keep,
                    error=error,
                ),
            )
    _guard(view, letters.values())
    # A notice no one can receive is recorded failed (it carries no case content).
    for i, error in enumerate(unknown_notices(trigger)):
        key = idempotency_key(trigger_id, "notice", f"{UNADDRESSED}notice-{i}", "notice")
        letters.setdefault(
            key,
            Letter(
                key=key,
                trigger=trigger_id,
                case_ref=view.case_ref,
                procedure=view.procedure,
                recipient_kind="notice",
                address_key=f"{UNADDRESSED}notice",
                template="notice",
                context={},
                error=error,
            ),
        )
    return list(letters.values())


def past_promise(*, template: str, view: CaseView, trigger: Event) -> str | None:
    """Why a letter that promises a date may not go: the date is already past on the day
    it is sent (a letter can never state a passed date), else None. The letter is then
    failed with this reason, for a person to act on (`complaints ops health` lists it)."""
    if "target_date" not in TEMPLATE_CONTEXT.get(template, ()) or view.target_date is None:
        return None
    sent = trigger.occurred_at.date()
    if view.target_date >= sent:
        return None
    return (
        f"not planned: the {template} letter would promise {view.target_date}, already past "
        f"on {sent}, the day it is sent; the stage's clock must give a date first"
    )


def told_at_the_time(*, template: str, view: CaseView, trigger: Event) -> bool:
    """An extension recorded after the event (``complaints case extend --on <past day>``)
    to a date that has passed since: no letter is planned at all. The complainant (and the
    MP) were told when it was agreed, a letter today could only state a passed date, and
    there is nothing for an operator to do; the case file's history has the extension with
    the day it was agreed."""
    if "target_date" not in TEMPLATE_CONTEXT.get(template, ()) or view.target_date is None:
        return False
    return view.target_date < trigger.occurred_at.date() and is_extension(view, trigger)


def is_extension(view: CaseView, trigger: Event) -> bool:
    """``case.extended``, or deadlines' ``deadline.set`` for the extended response clock."""
    if isinstance(trigger, CaseLifecycle):
        return lifecycle_status(trigger) == "extended"
    return clock_extended(view, trigger)


def _reason(exc: Exception) -> str:
    """What an operator reads on a letter that could not be planned."""
    if isinstance(exc, PlanningError | ValueError):
        return f"not planned: {exc}"
    return f"not planned: {type(exc).__name__}: {exc}"


def advance(
    view: CaseView | None, event: Event, *, message_id: str | None = None
) -> tuple[CaseView, list[Letter]]:
    """Apply ``event`` to ``view`` (or start one from ``case.routed``) and plan its letters."""
    if view is None:
        if not isinstance(event, CaseRouted):
            raise PlanningError(f"{event.case_ref}: {event.routing_key} before case.routed")
        view = CaseView.from_routed(event)
    else:
        view = view.apply(event)
    return view, plan_letters(view, event, message_id=message_id)


def _guard(view: CaseView, letters: Iterable[Letter]) -> None:
    """Last line of defence for confidential child complaints (children seed 004)."""
    if not view.restricted:
        return
    for letter in letters:
        if letter.recipient_kind not in CONFIDENTIAL_ALLOWED:
            raise ConfidentialityError(
                f"{view.case_ref}: confidential child complaint planned to {letter.recipient_kind}"
            )
