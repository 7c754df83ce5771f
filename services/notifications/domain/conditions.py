"""Named conditions used by the recipient rules: small predicates over (view, trigger).

Each cites the seed sentence it encodes, so a reader can check it against the document.
"""

from __future__ import annotations

from collections.abc import Callable

from common.contracts.events import DeadlineResumed, DeadlineSet, Event
from services.notifications.domain.caseview import CaseView, is_response_clock
from services.notifications.domain.notices import required_notices
from services.notifications.domain.referrals import is_provider_referral

Condition = Callable[[CaseView, Event], bool]


def complainant_reachable(view: CaseView, trigger: Event) -> bool:
    """An anonymous complainant cannot be written to (children seed 004: anonymous complaints
    are recorded and referred to the Complaints Manager)."""
    return not view.complainant.anonymous


def acknowledged(view: CaseView, trigger: Event) -> bool:
    """The acknowledgement has gone, so a later officer appointment needs its own letter
    (hmip seed 001: "We will give you the name ... of this Investigating Officer")."""
    return view.acknowledged


def restricted(view: CaseView, trigger: Event) -> bool:
    """A confidential child complaint (children seed 004, "Confidential complaints")."""
    return view.restricted


def not_restricted(view: CaseView, trigger: Event) -> bool:
    """Not a confidential child complaint."""
    return not view.restricted


def minimal(view: CaseView, trigger: Event) -> bool:
    """DSO healthcare in Scotland / NI: "the detail of complainant and subject of complaint
    only will be sent to DS Complaints and IMB (if authority given)"."""
    return view.minimal_data


def not_minimal(view: CaseView, trigger: Event) -> bool:
    """The strand may share more than the complainant's details and the subject."""
    return not view.minimal_data


def formal(view: CaseView, trigger: Event) -> bool:
    """DSO seed 000: copies are for formal complaints, not local resolution."""
    return view.category != "local-resolution"


def became_formal(view: CaseView, trigger: Event) -> bool:
    """DSO seed 000: a local resolution the complainant took on is now a formal complaint
    (the strand left the ``local_resolution`` stage), so the formal complaint's copies go."""
    return view.category == "local-resolution" and view.stage != "local_resolution"


def imb_authority(view: CaseView, trigger: Event) -> bool:
    """DSO seed 000: "copied to IMB (where authority has been granted)"."""
    return view.consent.imb_copy


def healthcare(view: CaseView, trigger: Event) -> bool:
    """A healthcare strand (DSO seed 000, "Healthcare complaint")."""
    return view.category == "healthcare"


def not_healthcare(view: CaseView, trigger: Event) -> bool:
    """DSO seed 000: healthcare in England is referred to the NHS provider and "not monitored
    any further by HO", so no IMB or DS Complaints copies of it."""
    return view.category != "healthcare"


def serious_misconduct(view: CaseView, trigger: Event) -> bool:
    """DSO seed 000: the serious misconduct "response ... copied to IE manager"."""
    return view.category == "serious-misconduct"


def cross_cutting(view: CaseView, trigger: Event) -> bool:
    """DSO seed 000 "Cross-cutting complaints": routing split healthcare from the rest."""
    return any(r.rule == "cross_cutting" for r in getattr(trigger, "rules", None) or ())


def supplier_investigates(view: CaseView, trigger: Event) -> bool:
    """DSO seed 000: service delivery and minor misconduct complaints are "investigated by IRC
    or escorting supplier"; the supplier named in the location gets its parts."""
    return view.category in {"service-delivery", "minor-misconduct"} and bool(
        view.location.provider
    )


def child_or_restricted(view: CaseView, trigger: Event) -> bool:
    """Children seed 004: complaints by children are "additionally managed and monitored by
    the Children's Complaints Officer" (routing flags them ``childrens_complaints_officer``)."""
    return (
        view.complainant.is_child or view.restricted or "childrens_complaints_officer" in view.flags
    )


def mp_represents(view: CaseView, trigger: Event) -> bool:
    """Children seed 004: where an MP advocates for a constituent, write to the MP."""
    return view.mp is not None


def referred_to_provider(view: CaseView, trigger: Event) -> bool:
    """Children seed 004: the relevant parts go to the registered provider, and "should also
    be sent to the local authority's care management team and the contract monitoring team";
    "The local authority should also inform the child"."""
    return is_provider_referral(trigger)


def clock_extended(view: CaseView, trigger: Event) -> bool:
    """Deadlines extended the response clock (``deadline.set`` with ``extended``)."""
    return (
        isinstance(trigger, DeadlineSet)
        and trigger.routing_key == "deadline.set"
        and bool((trigger.model_extra or {}).get("extended"))
        and is_response_clock(trigger.clock, trigger.procedure, trigger.stage)
    )


def stage_dated(view: CaseView, trigger: Event) -> bool:
    """The stage just entered already has its own response date (deadlines dated it before
    the move was heard of): the letter on the move can give it."""
    return view.target_date is not None


def stage_entered(view: CaseView, trigger: Event) -> bool:
    """Deadlines dated the response clock of a stage the strand was moved to (escalated or
    moved on): the letter on the move gives this date, the new stage's, not the last one's
    (seed 004 "ensuring the complainant is kept informed at all stages")."""
    return (
        view.moved
        and isinstance(trigger, DeadlineSet)
        and trigger.routing_key == "deadline.set"
        and not (trigger.model_extra or {}).get("extended")
        and trigger.stage == view.stage
        and is_response_clock(trigger.clock, trigger.procedure, trigger.stage)
    )


def not_excluded(view: CaseView, trigger: Event) -> bool:
    """The procedure deals with the complaint (an excluded one is only answered)."""
    return not view.excluded


def exclusions_to_explain(view: CaseView, trigger: Event) -> bool:
    """Something the complainant raised is not dealt with: seed 001 §3 "If we cannot deal
    with your matter, we will write to you to explain why"; seed 002 ¶11 signposting."""
    return bool(view.exclusions)


def owed_date_given(view: CaseView, trigger: Event) -> bool:
    """Deadlines resumed the response clock with the date an extension letter sent during
    the suspension promised to give when handling resumed."""
    return (
        isinstance(trigger, DeadlineResumed)
        and view.date_owed == "given"
        and trigger.stage in (None, view.stage)
        and is_response_clock(trigger.clock, trigger.procedure, trigger.stage or view.stage)
    )


def stage2_investigation(view: CaseView, trigger: Event) -> bool:
    """Children seed 004 "Procedure stage 2": the strand is at the investigation stage."""
    return view.stage == "investigation"


def notice_to_head_of_service(view: CaseView, trigger: Event) -> bool:
    """Records requires the Head of Service be told (``detail.notices``): seed 004 "inform
    the relevant Head of Service that a request has been made for an independent
    investigation"."""
    return "head_of_service" in required_notices(trigger)


def notice_to_team_manager(view: CaseView, trigger: Event) -> bool:
    """Records requires the team manager be told (``detail.notices``): seed 004 "inform the
    team manager that an investigation has been arranged, and who the investigating officer
    is"."""
    return "team_manager" in required_notices(trigger)


def court_not_yet_told(view: CaseView, trigger: Event) -> bool:
    """Court proceedings run alongside the complaint and the complainant has not been told
    yet: seed 004 "The complainant should be informed that the complaints procedure cannot
    overturn a Court decision"."""
    procedure = (getattr(trigger, "detail", None) or {}).get("procedure") or {}
    return procedure.get("kind") == "court" and not procedure.get("complainant_informed")


CONDITIONS: dict[str, Condition] = {
    fn.__name__: fn
    for fn in (
        complainant_reachable,
        acknowledged,
        restricted,
        not_restricted,
        minimal,
        not_minimal,
        formal,
        became_formal,
        imb_authority,
        healthcare,
        not_healthcare,
        serious_misconduct,
        cross_cutting,
        supplier_investigates,
        child_or_restricted,
        mp_represents,
        referred_to_provider,
        clock_extended,
        stage_dated,
        stage_entered,
        not_excluded,
        exclusions_to_explain,
        owed_date_given,
        stage2_investigation,
        notice_to_head_of_service,
        notice_to_team_manager,
        court_not_yet_told,
    )
}
