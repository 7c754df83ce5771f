"""The letters for one event: routing's recipients, the letter calendar, the addresses.

Who is told is routing's decision (``recipients`` on ``case.routed`` and ``case.referred``,
issue 18). ``plan_letters(view, trigger)`` sends each series of letters (`rules.RULES`) to
the recipients routing named for it, and each one-off letter routing decided (a copy, a
referral, a response copy) on its own event, holding a provider's until the release is
confirmed (children seed 004). It only addresses: the directory entry of the recipient's
kind for the case, or the person's own details. It expects ``view`` to include the trigger
already (``view = view.apply(event)``); `advance` does both steps. Every letter gets an
idempotency key, so a redelivered event plans the same keys and the sender sends nothing
twice.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from common.contracts.events import (
    CaseLifecycle,
    CaseReferred,
    CaseRouted,
    DeadlineSet,
    Event,
)
from common.contracts.recipients import RELEASE_FACT, SERIES, Recipient
from services.notifications.domain.addressing import (
    UNADDRESSED,
    addresses,
    fallback_reason,
    must_reach,
)
from services.notifications.domain.alternative_letters import alternative_basis
from services.notifications.domain.anonymise import officer_labels
from services.notifications.domain.caseview import (
    AspectView,
    CaseView,
    lifecycle_status,
    referred_aspects,
)
from services.notifications.domain.comments_letters import COMMENTS_CLOCK, comments_basis
from services.notifications.domain.conditions import CONDITIONS, clock_extended
from services.notifications.domain.context import TEMPLATE_CONTEXT
from services.notifications.domain.entitlements import CONFIDENTIAL_ALLOWED, build_context
from services.notifications.domain.errors import ConfidentialityError, PlanningError
from services.notifications.domain.letters import Letter, idempotency_key
from services.notifications.domain.notices import unknown_notices
from services.notifications.domain.referrals import LEGACY_KIND
from services.notifications.domain.rules import PROCEDURES, RULES, Rule

__all__ = ["UNADDRESSED", "addresses", "advance", "fallback_reason", "must_reach", "plan_letters"]


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


# A one-off letter planned on an event: its recipient, the aspects it may see (None: the
# strand's), and the basis of its key (the case for a letter sent once, else the event).
OneOff = tuple[Recipient, tuple[AspectView, ...] | None, str]


def _series(rule: Rule, view: CaseView) -> list[Recipient]:
    """The recipients of a rule of the letter calendar: routing's for a series, the notice
    kind records requires for a notice."""
    if rule.recipient in SERIES:
        return (
            view.addressees(rule.recipient)
            if view.recipients_decided
            else _legacy(rule.recipient, view)
        )
    return [Recipient(rule=rule.recipient, kind=rule.recipient, letter=rule.template,
                      when="on_event", on=rule.trigger, data="none")]  # fmt: skip


def _legacy(series: str, view: CaseView) -> list[Recipient]:
    """A strand routed before routing decided its recipients: the complainant's letters and
    the owner's alerts only (copies for such a case are not sent; see docs/recipients.md)."""
    if series == "correspondence" and not view.complainant.anonymous:
        return [Recipient(rule="complainant", kind="complainant", letter=series, on="")]
    if series == "alerts":
        kind = "cco" if view.restricted else "team"
        return [Recipient(rule="owner", kind=kind, letter=series, on="", data="none")]
    return []


def _pool(r: Recipient, view: CaseView) -> tuple[AspectView, ...] | None:
    """The aspects routing gave ``r``, from the strand's (None: all of them)."""
    if r.aspects is None:
        return None
    wanted = set(r.aspects)
    return tuple(a for a in view.aspects if a.index in wanted)


def _one_offs(view: CaseView, trigger: Event, name: str, trigger_id: str) -> list[OneOff]:
    """The one-off letters routing decided that go on ``trigger``."""
    case = f"case:{view.case_ref}"
    if isinstance(trigger, CaseReferred):
        pool = referred_aspects(trigger)
        if trigger.recipients is None:  # before routing decided it: to the fallback desk
            rule = str((trigger.model_extra or {}).get("rule") or LEGACY_KIND)
            legacy = Recipient(rule=rule, kind=LEGACY_KIND, body=trigger.to, letter="referral",
                               on=name, data="concern", urgency=trigger.urgency)  # fmt: skip
            return [(legacy, pool, trigger_id)]
        return [
            (r, pool, f"{case}:{r.rule}")
            for r in trigger.recipients
            if r.when != "on_release" or view.released
        ]
    if name == f"case.{RELEASE_FACT}":
        return [(h.recipient, h.aspects, f"{case}:{h.recipient.rule}") for h in view.held]
    return [
        (r, _pool(r, view), trigger_id if r.when == "on_event" else f"{case}:{r.rule}")
        for r in view.recipients
        if not r.series and r.when != "on_release" and r.on == name
    ]


def _fan_out(r: Recipient, view: CaseView) -> list[Recipient]:
    """A one-off letter to the complainant goes to everyone who gets their letters."""
    if r.kind != "complainant":
        return [r]
    people = view.addressees("correspondence") if view.recipients_decided else [r]
    return [p.model_copy(update={"letter": r.letter, "data": r.data}) for p in people]


def plan_letters(view: CaseView, trigger: Event, *, message_id: str | None = None) -> list[Letter]:
    """The letters ``trigger`` calls for, each with a stable idempotency key.

    ``message_id`` is the trigger's AMQP message id; without it a stable id is derived from
    the event (`default_trigger_id`). A complaint-level event (``strand`` None, such as a
    child-protection referral routing makes before any strand) is planned on the view of a
    strand of the complaint, strand 1 by convention.

    A letter that cannot be planned (no address for its recipient, a context it cannot
    have) is still returned, with ``error`` saying why: it is recorded as failed with that
    reason and the event's other letters go as usual.

    Raises `PlanningError` for an unknown procedure or a trigger of another case, and
    `ConfidentialityError` if a letter would still send a confidential child complaint to
    someone without the right to it (routing never names them: the last line of defence).
    """
    if view.procedure not in PROCEDURES:
        raise PlanningError(f"no notification rules for procedure {view.procedure!r}")
    if not view.concerns(trigger):
        raise PlanningError(f"trigger for {trigger.case_ref} planned on {view.case_ref}")
    name = trigger_name(trigger)
    trigger_id = message_id or default_trigger_id(trigger)
    plan = _Planner(view, trigger, trigger_id)
    for rule in (*RULES["*"], *RULES[view.procedure]):
        if rule.trigger != name or not all(CONDITIONS[c](view, trigger) for c in rule.when):
            continue
        if told_at_the_time(template=rule.template, view=view, trigger=trigger):
            continue
        basis = _basis(rule, view, trigger_id)
        for recipient in _series(rule, view):
            plan.add(recipient, rule.template, basis, dict(rule.extra), None)
    for recipient, pool, basis in _one_offs(view, trigger, name, trigger_id):
        extra = {"update_kind": recipient.update_kind} if recipient.update_kind else {}
        for person in _fan_out(recipient, view):
            plan.add(person, recipient.letter, basis, extra, pool)
    letters = plan.letters
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


class _Planner:
    """Collects the letters of one event, keyed so that none is planned twice."""

    def __init__(self, view: CaseView, trigger: Event, trigger_id: str) -> None:
        self.view, self.trigger, self.trigger_id = view, trigger, trigger_id
        named = (view.complainant.name, view.investigating_officer, view.mp)
        self.keep = tuple(n for n in named if n)
        self.labels = officer_labels(view.officers)
        self.letters: dict[str, Letter] = {}

    def add(
        self,
        r: Recipient,
        template: str,
        basis: str,
        extra: dict[str, Any],
        pool: tuple[AspectView, ...] | None,
    ) -> None:
        view, trigger = self.view, self.trigger
        try:
            targets = addresses(r, view, trigger)
            failed = ""
        except ConfidentialityError:
            raise
        except Exception as exc:  # noqa: BLE001 - recorded on this letter, the others go
            targets, failed = [(f"{UNADDRESSED}{r.kind}", None)], _reason(exc)
        for address, focus in targets:
            key = idempotency_key(basis, r.kind, address, template)
            context: dict[str, Any] = {}
            error = failed or None
            if not failed:
                try:
                    more = dict(extra)
                    if focus is not None:
                        more["officer_label"] = self.labels[focus]
                    context = build_context(r.kind, template, view, trigger, focus=focus,
                                            extra=more, aspects=pool, data=r.data)  # fmt: skip
                except ConfidentialityError:
                    raise
                except Exception as exc:  # noqa: BLE001 - as above
                    error = _reason(exc)
                error = error or past_promise(template=template, view=view, trigger=trigger)
            self.letters.setdefault(
                key,
                Letter(
                    key=key,
                    trigger=self.trigger_id,
                    case_ref=view.case_ref,
                    procedure=view.procedure,
                    recipient_kind=r.kind,
                    address_key=address,
                    template=template,
                    context=context,
                    anonymise=view.officers,
                    keep=self.keep,
                    error=error,
                ),
            )


def _basis(rule: Rule, view: CaseView, trigger_id: str) -> str:
    if rule.once == "mediation":
        return alternative_basis(view)
    if rule.once == "case":
        return f"case:{view.case_ref}"
    if rule.once == "comments":
        return comments_basis(view)
    if rule.once == "target" and view.target_date is not None:
        return f"case:{view.case_ref}:target:{view.target_date}"
    # No date (an extension during a suspension: deadlines dates it on resuming): each
    # trigger its own letter, so a second suspension's extension is not taken for the first.
    return trigger_id


def past_promise(*, template: str, view: CaseView, trigger: Event) -> str | None:
    """Why a letter that promises a date may not go: the date is already past on the day
    it is sent (a letter can never state a passed date), else None. The letter is then
    failed with this reason, for a person to act on (`complaints ops health` lists it)."""
    shown = TEMPLATE_CONTEXT.get(template, ())
    sent = trigger.occurred_at.date()
    if "target_date" in shown and view.target_date is not None and view.target_date < sent:
        return (
            f"not planned: the {template} letter would promise {view.target_date}, already "
            f"past on {sent}, the day it is sent; the stage's clock must give a date first"
        )
    asked_by = view.clocks.get(COMMENTS_CLOCK)
    if "comments_due" in shown and asked_by is not None and asked_by < sent:
        return (
            f"not planned: the {template} letter would ask for comments by {asked_by}, "
            f"already past on {sent}, the day it is sent (asked on a past day?): ask again"
        )
    return None


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
