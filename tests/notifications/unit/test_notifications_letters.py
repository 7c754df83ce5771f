"""Rendered letters: per procedure and type, escalation routes, anonymisation, hashes."""

from __future__ import annotations

import hashlib
import re
from datetime import date

import pytest

from services.notifications.domain import render
from tests.notifications.unit.builders import (
    deadline,
    lifecycle,
    lifecycle_events,
    referred,
    routed,
    run,
    window_after_response,
)


def decision_text(procedure: str, **overrides: object) -> str:
    ev = routed(procedure, **overrides)
    _, letters = run(
        ev, lifecycle(ev, "responded", outcome="not-upheld"), *window_after_response(ev)
    )
    (decision,) = [x for x in letters if x.template == "decision"]
    return render(decision).body


# (procedure, routed overrides, must contain, must not contain) -- from the seeds.
ESCALATION = [
    (
        "dso",
        {"category": "service-delivery"},
        [
            "Independent Examiner of Complaints (IEC)",
            "within 3 months of receiving this response, by 30 June 2026.",
        ],
        ["Prisons and Probation Ombudsman"],
    ),
    (
        "dso",
        {"category": "minor-misconduct"},
        ["Independent Examiner of Complaints"],
        ["Prisons and Probation Ombudsman"],
    ),
    (
        "dso",
        {"category": "serious-misconduct"},
        [
            "Prisons and Probation Ombudsman (PPO)",
            "within 3 months of receiving this response, by 30 June 2026.",
        ],
        ["Independent Examiner"],
    ),
    (
        "dso",
        {"category": "healthcare"},
        ["Parliamentary and Health Service Ombudsman"],
        ["Independent Examiner", "Prisons and Probation"],
    ),
    (
        "dso",
        {"category": "healthcare", "nation": "scotland"},
        [
            "appropriate Ombudsman",
            "Scottish Public Services Ombudsman",
            "DS Complaints will help you",
        ],
        ["Parliamentary and Health Service"],
    ),
    (
        "dso",
        {"category": "healthcare", "nation": "northern-ireland"},
        ["appropriate Ombudsman", "Northern Ireland Public Services Ombudsman"],
        [],
    ),
    (
        "hmip",
        {"stage": "formal_complaint"},
        ["internal review", "within 10 working days of the date of this letter", "30 working days"],
        ["end of our complaints process"],
    ),
    (
        "hmip",
        {"stage": "internal_review"},
        ["final", "end of our complaints process"],
        ["ask for an internal review"],
    ),
    (
        "spso",
        {"stage": "frontline_response"},
        ["stage 2", "Scottish Public Services Ombudsman (SPSO)"],
        [],
    ),
    (
        "spso",
        {"stage": "investigation"},
        ["Scottish Public Services Ombudsman (SPSO)"],
        ["at stage 2"],
    ),
    (
        "children",
        {"stage": "local_resolution"},
        [
            "stage 2",
            "Independent Person",
            "within 20 working days",
            "Local Government and Social Care Ombudsman",
        ],
        ["stage 3"],
    ),
    (
        "children",
        {"stage": "investigation"},
        [
            "reviewed by an Independent Panel",
            "within 20 working days",
            "Local Government and Social Care Ombudsman",
        ],
        [],
    ),
    (
        "children",
        {"stage": "review_panel"},
        ["final response", "Local Government and Social Care Ombudsman"],
        ["stage 3 review"],
    ),
]


@pytest.mark.parametrize(("procedure", "overrides", "present", "absent"), ESCALATION)
def test_every_decision_states_its_escalation_route(
    procedure: str,
    overrides: dict,  # type: ignore[type-arg]
    present: list[str],
    absent: list[str],
) -> None:
    text = decision_text(procedure, **overrides)
    for phrase in present:
        assert phrase in text
    for phrase in absent:
        assert phrase not in text


# What each complainant letter must say, per procedure (hand-written from the seeds).
ACKNOWLEDGEMENT = {
    "dso": ["Sam Jones will investigate your complaint", "30 March 2026", "20 working days"],
    "hmip": ["Investigating Officer", "20 working days", "within 10 working days"],
    "spso": ["stage 2", "definitive response within 20 working days"],
    "children": ["respond to you in writing within 10 working days", "advocate"],
}


@pytest.mark.parametrize("procedure", sorted(ACKNOWLEDGEMENT))
def test_letters_of_a_whole_case_in_each_procedure(procedure: str) -> None:
    ev = routed(procedure)
    _, letters = run(
        ev,
        deadline(ev),
        lifecycle(ev, "acknowledged", officer="Sam Jones"),
        lifecycle(ev, "extended", due="2026-04-14", reason="a witness is on leave"),
        lifecycle(ev, "responded", outcome="upheld", summary="We apologise."),
        *window_after_response(ev),
    )
    mine = {x.template: render(x) for x in letters if x.recipient_kind == "complainant"}
    assert set(mine) == {"acknowledgement", "extension", "decision"}
    ref = ev.case_ref
    assert mine["acknowledgement"].subject == f"Your complaint {ref}: acknowledgement"
    for phrase in ACKNOWLEDGEMENT[procedure]:
        assert phrase in mine["acknowledgement"].body
    assert mine["extension"].subject == f"Your complaint {ref}: new response date"
    assert "14 April 2026" in mine["extension"].body
    assert "a witness is on leave" in mine["extension"].body
    assert mine["decision"].subject == f"Your complaint {ref}: our response"
    assert "We have upheld your complaint." in mine["decision"].body
    assert "We apologise." in mine["decision"].body
    for rendered in mine.values():
        assert rendered.body.startswith(f"Dear {ev.complainant.name},")


def test_update_letters_say_what_changed() -> None:
    ev = routed("hmip", stage="formal_complaint")
    _, letters = run(
        ev,
        lifecycle(ev, "acknowledged"),
        lifecycle(ev, "officer-assigned", officer="Sam Jones"),
        lifecycle(ev, "escalated").model_copy(update={"stage": "internal_review"}),
        deadline(ev, clock="review", due=date(2026, 4, 14)).model_copy(
            update={"stage": "internal_review"}
        ),
    )
    updates = [render(x).body for x in letters if x.template == "update"]
    assert "Sam Jones has been appointed to investigate" in updates[0]
    assert "moved to stage 3" in updates[1] and "internal review" in updates[1]
    assert "14 April 2026" in updates[1]


def stage_move(first_date_then_move: bool) -> list[str]:
    """Children stage 1 answered and stage 2 asked for; deadlines dates stage 2's response
    before or after notifications hears of the move."""
    ev = routed("children", stage="local_resolution")
    stage1 = deadline(ev, due=date(2026, 3, 16))  # 10 wd from 2 Mar
    moved = lifecycle(ev, "escalated").model_copy(update={"stage": "investigation"})
    stage2 = deadline(ev, due=date(2026, 4, 8)).model_copy(update={"stage": "investigation"})
    steps = [stage2, moved] if first_date_then_move else [moved, stage2]
    _, letters = run(ev, stage1, lifecycle(ev, "acknowledged"), *steps)
    return [render(x).body for x in letters if x.template == "update"]


@pytest.mark.parametrize("date_first", [True, False], ids=["date-then-move", "move-then-date"])
def test_the_letter_on_a_stage_change_gives_the_new_stages_date_once(date_first: bool) -> None:
    (update,) = stage_move(date_first)
    assert "moved to stage 2" in update
    assert "8 April 2026" in update and "16 March 2026" not in update


def test_the_letter_on_a_move_still_goes_when_the_new_stage_is_acknowledged_before_dated() -> None:
    """Children stage 2 asked for: its acknowledgement is heard of before deadlines dates
    its response; the update on the move still goes, with stage 2's date."""
    ev = routed("children", stage="local_resolution")
    stage1 = deadline(ev, due=date(2026, 3, 16))
    moved = lifecycle(ev, "escalated").model_copy(update={"stage": "investigation"})
    acked = lifecycle(ev, "acknowledged").model_copy(update={"stage": "investigation"})
    stage2 = deadline(ev, due=date(2026, 4, 8)).model_copy(update={"stage": "investigation"})
    _, letters = run(ev, stage1, lifecycle(ev, "acknowledged"), moved, acked, stage2)
    (update,) = [render(x).body for x in letters if x.template == "update"]
    assert "moved to stage 2" in update
    assert "8 April 2026" in update and "16 March 2026" not in update


def test_the_acknowledgement_of_a_new_stage_does_not_name_the_last_stages_officer() -> None:
    """HMIP internal review: the investigating officer of step 2 does not review it (seed
    001 step 3 "A senior member of staff who has not been involved")."""
    ev = routed("hmip", stage="formal_complaint")
    _, letters = run(
        ev,
        lifecycle(ev, "acknowledged"),
        lifecycle(ev, "officer-assigned", officer="Sam Jones"),
        lifecycle(ev, "escalated").model_copy(update={"stage": "internal_review"}),
        deadline(ev, clock="review", due=date(2026, 4, 14)).model_copy(
            update={"stage": "internal_review"}
        ),
        lifecycle(ev, "acknowledged").model_copy(update={"stage": "internal_review"}),
    )
    acks = [render(x).body for x in letters if x.template == "acknowledgement"]
    assert len(acks) == 2
    assert "Sam Jones" not in acks[1]
    assert "14 April 2026" in acks[1]


def test_a_letter_never_promises_a_date_already_past() -> None:
    ev = routed("dso", category="service-delivery")
    late = deadline(ev, due=date(2026, 2, 27))  # before the day the letter is sent (2 Mar)
    _, letters = run(ev, late, lifecycle(ev, "acknowledged"))
    (ack,) = [x for x in letters if x.template == "acknowledgement"]
    assert ack.error is not None
    assert "would promise 2026-02-27, already past on 2026-03-02" in ack.error


def test_referral_letter_is_marked_urgent_and_gives_the_reason() -> None:
    ev = routed("children", aspects=[{"kind": "child-protection", "text": "I am hit."}])
    _, letters = run(ev, referred(ev, "police", reason="allegation of assault",
                                  rule="child_protection_police"))
    (police,) = [render(x) for x in letters if x.recipient_kind == "police"]
    assert police.subject == f"URGENT: Referral of complaint {ev.case_ref}"
    assert "Reason for referral: allegation of assault" in police.body


def officer_cases():  # type: ignore[no-untyped-def]
    named = [
        {
            "kind": "minor-misconduct",
            "officers_named": ["John Smith", "Jane Grey"],
            "text": "Officer Smith shouted; Mr Smith's colleague Jane Grey laughed. "
            "J. Smith then left. Ms Grey stayed.",
        }
    ]
    return [
        routed(
            "dso",
            aspects=named,
            consent={"imb_copy": True},
            category="service-delivery",
            location={"establishment": "Ashgrove IRC", "provider": "Example Custodial"},
            complainant={
                "name": "Ade Okafor",
                "contact": "ade@example.org",
                "represented_by": {"kind": "mp", "name": "Alex Example MP"},
            },
        ),
        routed("hmip", aspects=named),
        routed("spso", aspects=named),
        routed("children", aspects=named),
    ]


def test_named_officers_are_officer_a_and_b_in_every_outgoing_letter() -> None:
    count = 0
    for ev in officer_cases():
        events = lifecycle_events(ev)
        last = max(i for i, e in enumerate(events) if getattr(e, "status", "") == "responded")
        events[last] = lifecycle(
            ev,
            "responded",
            outcome="upheld",
            summary="We found Officer Smith and Ms Grey at fault.",
        )
        _, letters = run(*events)
        for letter in letters:
            rendered = render(letter)
            text = rendered.subject + "\n" + rendered.body
            assert not re.search(r"smith|grey", text, re.IGNORECASE), (letter.template, text)
            count += 1
        bodies = {x.template: render(x).body for x in letters if x.recipient_kind == "complainant"}
        assert (
            "Officer A shouted; Officer A's colleague Officer B laughed."
            in (bodies["acknowledgement"])
        )
        assert "We found Officer A and Officer B at fault." in bodies["decision"]
    assert count > 30


def test_rendering_is_deterministic_and_the_hash_covers_subject_and_body() -> None:
    ev = routed("dso")
    _, letters = run(ev, deadline(ev), lifecycle(ev, "acknowledged"))
    (ack,) = [x for x in letters if x.template == "acknowledgement"]
    first, second = render(ack), render(ack)
    assert first == second
    expected = hashlib.sha256(f"{first.subject}\n\n{first.body}".encode()).hexdigest()
    assert first.sha256 == expected


def test_bodies_end_with_the_procedures_sign_off() -> None:
    signatures = {
        "dso": "Home Office",
        "hmip": "HM Inspectorate of Probation",
        "spso": "Inverclyde Health and Social Care Partnership",
        "children": "Children's Services Complaints Team",
    }
    for procedure, signature in signatures.items():
        ev = routed(procedure)
        _, letters = run(ev, deadline(ev, due=date(2026, 3, 30)), lifecycle(ev, "acknowledged"))
        (ack,) = [render(x) for x in letters if x.template == "acknowledgement"]
        assert ack.body.rstrip().endswith(signature)
        assert "\n\n\n" not in ack.body


# seed 004 "Procedure stage 2": "The concluding paragraph in every case should be as follows"
STAGE2_CONCLUSION = (
    "I hope that the above explanations help you to appreciate why I have arrived at my "
    "conclusion.  However, if you are not satisfied and wish to have the matter reviewed by an "
    "Independent Panel, please write within 20 working days of this to {manager}."
)


def test_childrens_stage_2_response_ends_with_the_prescribed_paragraph() -> None:
    from services.notifications.domain.letters import LETTERHEAD, configure_letterhead

    before = dict(LETTERHEAD)
    manager = (
        "The Complaints Manager, Children's Services, Dorset Council, County Hall, "
        "Dorchester, DT1 1XJ"
    )
    try:
        configure_letterhead(children_complaints_manager=manager)
        text = decision_text("children", stage="investigation")
    finally:
        configure_letterhead(**before)
    body = text.split("\n\nYours sincerely")[0]
    assert body.endswith(STAGE2_CONCLUSION.format(manager=manager))
    for stage in ("local_resolution", "review_panel"):
        assert "I hope that the above explanations" not in decision_text("children", stage=stage)


def test_the_letterhead_refuses_unknown_or_empty_details() -> None:
    from services.notifications.domain.letters import configure_letterhead

    with pytest.raises(ValueError, match="no letterhead detail complaints_mgr"):
        configure_letterhead(complaints_mgr="x")
    with pytest.raises(ValueError, match="children_complaints_manager is empty"):
        configure_letterhead(children_complaints_manager="  ")


@pytest.mark.parametrize("imb_copy", [True, False])
def test_a_dso_local_resolution_escalated_is_copied_to_the_imb_when_authorised(
    imb_copy: bool,
) -> None:
    ev = routed(
        "dso", stage="local_resolution", category="local-resolution", consent={"imb_copy": imb_copy}
    )
    view, letters = run(ev)
    assert not [x for x in letters if x.recipient_kind == "imb"]
    moved = lifecycle(ev, "escalated").model_copy(update={"stage": "service_delivery"})
    _, letters = run(ev, moved)
    copies = [x for x in letters if x.recipient_kind == "imb" and x.template == "copy"]
    assert len(copies) == (1 if imb_copy else 0)


def test_a_children_stage3_extension_speaks_of_the_panel_not_of_stage1() -> None:
    ev = routed("children", stage="review_panel")
    _, letters = run(
        ev,
        lifecycle(
            ev, "extended", clock="director_response", due="2026-05-04", reason="panel member ill"
        ),
    )
    (ext,) = [render(x).body for x in letters if x.template == "extension"]
    assert "review panel" in ext and "Director" in ext and "4 May 2026" in ext
    assert "stage 1" not in ext and "20 working days" not in ext


def test_the_children_stage1_acknowledgement_says_the_complainant_may_ask_for_stage2() -> None:
    ev = routed("children", stage="local_resolution")
    _, letters = run(ev, deadline(ev, due=date(2026, 3, 16)), lifecycle(ev, "acknowledged"))
    (ack,) = [render(x).body for x in letters if x.template == "acknowledgement"]
    assert "you may ask for your complaint to go to stage 2" in " ".join(ack.split())
    assert "16 March 2026" in ack


def test_a_panel_requested_sends_the_update_with_the_directors_date() -> None:
    ev = routed("children", stage="investigation")
    moved = lifecycle(ev, "panel-requested").model_copy(update={"stage": "review_panel"})
    dated = deadline(ev, clock="director_response", due=date(2026, 5, 13)).model_copy(
        update={"stage": "review_panel"}
    )
    later = deadline(ev, clock="director_response", due=date(2026, 5, 20)).model_copy(
        update={"stage": "review_panel"}
    )
    scheduled = lifecycle(ev, "panel-scheduled", panel_date="2026-04-06").model_copy(
        update={"stage": "review_panel"}
    )
    _, letters = run(ev, lifecycle(ev, "acknowledged"), moved, dated, scheduled, later)
    (update,) = [render(x).body for x in letters if x.template == "update"]
    assert "moved to stage 3" in update and "13 May 2026" in update


def test_a_dso_decision_goes_once_with_the_window_end_from_the_clock_in_either_order() -> None:
    """Seed 000: the IEC "within 3 months of the complainant receiving the response": the
    decision letter states the window's last day, deadlines' ``escalation`` clock, whether
    the response or the window's date is heard first; one letter either way."""
    ev = routed("dso", category="service-delivery")
    answer = lifecycle(ev, "responded", outcome="upheld", summary="We apologise.")
    window = deadline(ev, "set", clock="escalation", due=date(2027, 3, 7))
    for events in ((answer, window), (window, answer)):
        _, letters = run(ev, deadline(ev), *events)
        (decision,) = [x for x in letters if x.template == "decision"]
        assert "within 3 months of receiving this response, by 7 March 2027." in (
            render(decision).body
        )
    # Without the window's date, no decision letter states a window: it waits for it.
    _, letters = run(ev, deadline(ev), answer)
    assert [x for x in letters if x.template == "decision"] == []
