"""The planner: the letters one event calls for, from the recipient rules.

``plan_letters(view, trigger)`` expects ``view`` to include the trigger already
(``view = view.apply(event)``); `advance` does both steps. Every letter gets an idempotency
key, so a redelivered event plans the same keys and the sender sends nothing twice.
"""

from __future__ import annotations

from collections.abc import Iterable

from common.contracts.events import CaseLifecycle, CaseReferred, CaseRouted, DeadlineSet, Event
from services.notifications.domain.anonymise import officer_labels
from services.notifications.domain.caseview import CaseView, lifecycle_status
from services.notifications.domain.conditions import CONDITIONS
from services.notifications.domain.entitlements import CONFIDENTIAL_ALLOWED, build_context
from services.notifications.domain.errors import ConfidentialityError, PlanningError
from services.notifications.domain.letters import Letter, idempotency_key
from services.notifications.domain.recipients import PROCEDURES, RULES, Rule, addresses
from services.notifications.domain.referrals import referral_target, referred_aspects


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
    return Rule(rule.trigger, target.kind, target.template, rule.when, rule.source,
                {**rule.extra, **target.extra}, "case" if target.once else "")


def _basis(rule: Rule, view: CaseView, trigger_id: str) -> str:
    if rule.once == "case":
        return f"case:{view.case_ref}"
    if rule.once == "target":
        return f"case:{view.case_ref}:target:{view.target_date}"
    return trigger_id


def plan_letters(view: CaseView, trigger: Event, *, message_id: str | None = None
                 ) -> list[Letter]:
    """The letters ``trigger`` calls for, each with a stable idempotency key.

    ``message_id`` is the trigger's AMQP message id; without it a stable id is derived from
    the event (`default_trigger_id`). Raises `PlanningError` for an unknown procedure, a
    trigger of another case or an unaddressable recipient, and `ConfidentialityError` if a
    confidential child complaint would reach anyone without the right to it.
    """
    if view.procedure not in PROCEDURES:
        raise PlanningError(f"no notification rules for procedure {view.procedure!r}")
    if trigger.case_ref != view.case_ref:
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
        basis = _basis(rule, view, trigger_id)
        for address, focus in addresses(rule.recipient, view, trigger):
            extra = dict(rule.extra)
            if focus is not None:
                extra["officer_label"] = labels[focus]
            context = build_context(rule.recipient, rule.template, view, trigger,
                                    focus=focus, extra=extra, aspects=pool)
            key = idempotency_key(basis, rule.recipient, address, rule.template)
            letters.setdefault(key, Letter(
                key=key, trigger=trigger_id, case_ref=view.case_ref, procedure=view.procedure,
                recipient_kind=rule.recipient, address_key=address, template=rule.template,
                context=context, anonymise=view.officers, keep=keep,
            ))
    _guard(view, letters.values())
    return list(letters.values())


def advance(view: CaseView | None, event: Event, *, message_id: str | None = None
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
                f"{view.case_ref}: confidential child complaint planned to "
                f"{letter.recipient_kind}"
            )
