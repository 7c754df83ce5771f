"""Letters and notices of casework steps (issue 17): the children's provider split letter,
the stage 2 notices to the Head of Service and the team manager, the extension letter during
a suspension, and an extension recorded after the event whose date has passed."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from common.contracts.events import CaseLifecycle, DeadlineResumed, DeadlineStopped
from services.notifications.domain import advance, render
from services.notifications.domain.desks import to_desks
from services.notifications.domain.directory import Directory
from services.notifications.domain.entitlements import build_context
from services.notifications.domain.errors import EntitlementError
from services.notifications.tables import notices_table
from tests.notifications.unit.builders import AT, deadline, lifecycle, routed, run

SPLIT = {
    "authority_parts": ["Contact with my sister was cancelled twice."],
    "provider_parts": ["Staff at the home read my letters.", "Meals were cold."],
    "provider": "Brightwater Children's Homes",
    "note": "",
}
NOTICES = [
    {
        "to": "Head of Service",
        "what": "a request has been made for an independent investigation",
        "source": "seed 004",
        "officer": "Priya Shah",
    },
    {
        "to": "team manager",
        "what": "an investigation has been arranged, and who the investigating officer is",
        "source": "seed 004",
        "officer": "Priya Shah",
    },
]


def step(*events: Any) -> tuple[Any, list[Any]]:
    """The view after ``events`` and the letters of the last one only."""
    view, _ = run(*events[:-1])
    return advance(view, events[-1], message_id="the-last-event")


def of(letters: list[Any], template: str) -> list[Any]:
    return [x for x in letters if x.template == template]


# -- 1. the provider split letter -------------------------------------------------------------


def test_the_split_letter_tells_the_complainant_which_parts_go_where() -> None:
    ev = routed("children")
    _, letters = run(ev, deadline(ev), lifecycle(ev, "provider-split-decided", **SPLIT))
    (letter,) = of(letters, "update")
    assert (letter.recipient_kind, letter.address_key, letter.error) == (
        "complainant",
        "complainant",
        None,
    )
    body = render(letter).body
    consider = body.index("We will consider these parts")
    passed = body.index("we have passed them to Brightwater Children's Homes")
    assert consider < body.index("- Contact with my sister was cancelled twice.") < passed
    assert passed < body.index("- Staff at the home read my letters.")
    assert body.index("- Meals were cold.") > passed
    assert "30 March 2026" in body  # the running response clock's date


def test_the_split_letter_names_the_provider_of_the_location_when_the_fact_does_not() -> None:
    ev = routed(
        "children", location={"local_authority": "Westshire Council", "provider": "Oakfield House"}
    )
    _, letters = run(ev, lifecycle(ev, "provider-split-decided", **{**SPLIT, "provider": ""}))
    (letter,) = of(letters, "update")
    assert letter.context["provider"] == "Oakfield House"
    assert letter.context["provider_parts"] == SPLIT["provider_parts"]


def test_a_split_with_no_parts_is_a_failed_letter_naming_the_fields() -> None:
    ev = routed("children")
    _, letters = run(
        ev, lifecycle(ev, "provider-split-decided", authority_parts=[], provider_parts=[])
    )
    (letter,) = of(letters, "update")
    assert letter.error and "authority_parts" in letter.error and "provider_parts" in letter.error


def test_parts_for_the_provider_without_a_provider_fail_the_letter() -> None:
    ev = routed("children")
    _, letters = run(ev, lifecycle(ev, "provider-split-decided", **{**SPLIT, "provider": ""}))
    (letter,) = of(letters, "update")
    assert letter.error and "names none" in letter.error


def test_the_split_goes_to_the_complainant_of_a_confidential_child_complaint_only() -> None:
    ev = routed("children", confidential=True)
    _, letters = step(ev, lifecycle(ev, "provider-split-decided", **SPLIT))
    assert [(x.recipient_kind, x.template) for x in letters] == [("complainant", "update")]


def test_only_the_complainant_may_see_the_split() -> None:
    ev = routed("children")
    view, _ = run(ev)
    trigger = lifecycle(ev, "provider-split-decided", **SPLIT)
    assert build_context("complainant", "update", view, trigger)["authority_parts"]
    with pytest.raises(EntitlementError, match="authority_parts, provider_parts"):
        build_context("cco", "update", view, trigger)


# -- 2. stage 2: the Head of Service and the team manager told --------------------------------


def stage2(**overrides: Any) -> Any:
    return routed("children", stage="investigation", **overrides)


def test_both_notices_go_on_the_stage2_appointment() -> None:
    ev = stage2()
    _, letters = step(ev, lifecycle(ev, "officer-assigned", officer="Priya Shah", notices=NOTICES))
    got = sorted(
        (x.recipient_kind, x.address_key, x.template, x.error)
        for x in letters
        if x.recipient_kind != "complainant"
    )
    assert got == [
        ("head_of_service", "head-of-service:westshire-council", "investigation_requested", None),
        ("team_manager", "team-manager:westshire-council", "investigation_arranged", None),
    ]


def test_each_notice_shows_the_subject_and_the_appointment_not_more() -> None:
    ev = stage2()
    _, letters = run(ev, lifecycle(ev, "officer-assigned", officer="Priya Shah", notices=NOTICES))
    (head,) = of(letters, "investigation_requested")
    (team,) = of(letters, "investigation_arranged")
    assert set(head.context) == {"reference", "subject", "stage_no"}
    assert set(team.context) == {"reference", "subject", "stage_no", "investigating_officer"}
    head_text, team_text = render(head).body, render(team).body
    assert "independent investigation" in head_text and "Priya Shah" not in head_text
    assert "The Investigating Officer is Priya Shah" in team_text
    for text in (head_text, team_text):
        assert "Contact arrangements with my sister" in text
        assert "Jordan Lee" not in text and "jordan.lee@example.org" not in text
        assert "Dana Price" not in text  # the aspects are not theirs to see


def test_no_notice_without_records_requiring_it_nor_outside_stage2() -> None:
    ev = stage2()
    _, letters = step(ev, lifecycle(ev, "officer-assigned", officer="Priya Shah"))
    assert {x.recipient_kind for x in letters} <= {"complainant"}
    ev1 = routed("children")
    _, letters = step(
        ev1, lifecycle(ev1, "officer-assigned", officer="Priya Shah", notices=NOTICES)
    )
    assert {x.recipient_kind for x in letters} <= {"complainant"}


def test_a_confidential_child_complaint_sends_no_notice() -> None:
    ev = stage2(confidential=True)
    _, letters = step(ev, lifecycle(ev, "officer-assigned", officer="Priya Shah", notices=NOTICES))
    assert {x.recipient_kind for x in letters} <= {"complainant"}


def test_a_notice_to_someone_unknown_is_a_failed_letter_naming_them() -> None:
    ev = stage2()
    _, letters = run(
        ev,
        lifecycle(
            ev, "officer-assigned", officer="Priya Shah", notices=[*NOTICES, {"to": "Director"}]
        ),
    )
    (failed,) = [x for x in letters if x.recipient_kind == "notice"]
    assert failed.error and "Director" in failed.error and "head of service" in failed.error
    assert len(of(letters, "investigation_arranged")) == 1


DESKS = {"desk": {"children-england": {"name": "Duty desk", "email": "duty@example.org"}}}


def test_a_notice_with_no_directory_entry_goes_to_the_fallback_desk() -> None:
    ev = stage2()
    trigger = lifecycle(ev, "officer-assigned", officer="Priya Shah", notices=NOTICES)
    view, letters = run(ev, trigger)
    directory = Directory.from_mapping(
        {
            **DESKS,
            "team-manager": {
                "westshire-council": {"name": "Team manager", "email": "tm@example.org"}
            },
        }
    )
    moved, desks = to_desks(
        of(letters, "investigation_requested") + of(letters, "investigation_arranged"),
        view,
        trigger,
        directory,
    )
    by_kind = {x.recipient_kind: x for x in moved}
    assert by_kind["head_of_service"].address_key == "desk:children-england"
    assert by_kind["team_manager"].address_key == "team-manager:westshire-council"
    (record,) = desks.values()
    assert record.to == "Head of Service" and "head-of-service:westshire-council" in record.reason


def test_a_notice_on_a_case_without_a_local_authority_goes_to_the_desk() -> None:
    ev = stage2(location={})
    trigger = lifecycle(ev, "officer-assigned", officer="Priya Shah", notices=NOTICES)
    view, letters = run(ev, trigger)
    notices = of(letters, "investigation_requested") + of(letters, "investigation_arranged")
    assert {x.address_key for x in notices} == {
        "unaddressed:head_of_service",
        "unaddressed:team_manager",
    }
    moved, desks = to_desks(notices, view, trigger, Directory.from_mapping(DESKS))
    assert {x.address_key for x in moved} == {"desk:children-england"}
    assert all("local authority" in d.reason for d in desks.values())
    assert all(x.error is None for x in moved)


def test_the_readme_lists_both_notices() -> None:
    rows = "\n".join(notices_table())
    assert "`head_of_service` | `investigation_requested` | `head-of-service:<local" in rows
    assert "`team_manager` | `investigation_arranged` | `team-manager:<local" in rows


# -- 3. an extension during a suspension ------------------------------------------------------


def stopped(ev: Any, clock: str = "response") -> DeadlineStopped:
    return DeadlineStopped(
        reference=ev.reference,
        strand=ev.strand,
        procedure=ev.procedure,
        stage=ev.stage,
        occurred_at=AT,
        clock=clock,
        reason="suspended",
    )


@pytest.mark.parametrize("with_stop", [True, False], ids=["clock-stopped", "case-suspended"])
def test_an_extension_while_suspended_gives_no_date(with_stop: bool) -> None:
    ev = routed(
        "children",
        complainant={
            "name": "Jordan Lee",
            "contact": "jordan.lee@example.org",
            "is_child": True,
            "represented_by": {"kind": "mp", "name": "Alex Example MP"},
        },
    )
    events = [
        ev,
        deadline(ev),
        lifecycle(ev, "acknowledged"),
        lifecycle(ev, "suspended", reason="police enquiry"),
    ]
    events += [stopped(ev)] if with_stop else []
    view, letters = step(
        *events, lifecycle(ev, "extended", due="2026-04-14", reason="a witness is on leave")
    )
    assert view.suspended and view.target_date is None
    (ext,) = of(letters, "extension")
    assert ext.context["suspended"] is True and ext.context["target_date"] is None
    body = render(ext).body
    assert "will be set when we resume handling it" in body
    assert "14 April 2026" not in body and "30 March 2026" not in body
    (mp,) = of(letters, "mp_position")
    assert "We will write to your constituent with the date" in render(mp).body


def test_the_extension_states_the_date_again_once_deadlines_resumes_the_clock() -> None:
    ev = routed("children")
    resumed = DeadlineResumed(
        reference=ev.reference,
        strand=ev.strand,
        procedure=ev.procedure,
        stage=ev.stage,
        occurred_at=AT,
        clock="response",
        due=date(2026, 4, 21),
        explanation={},
    )
    view, letters = run(
        ev,
        deadline(ev),
        lifecycle(ev, "suspended", reason="enquiry"),
        stopped(ev),
        lifecycle(ev, "resumed", to_status="open"),
        resumed,
        lifecycle(ev, "extended", due="2026-04-28", reason="more time"),
    )
    assert not view.suspended and view.target_date == date(2026, 4, 28)
    (ext,) = of(letters, "extension")
    assert "by 28 April 2026" in render(ext).body and ext.context["suspended"] is False


def test_another_clock_stopping_does_not_suspend_the_response_date() -> None:
    ev = routed("dso")
    view, _ = run(ev, deadline(ev), stopped(ev, clock="acknowledgement"))
    assert not view.suspended and view.target_date == date(2026, 3, 30)


def test_a_strand_routed_with_its_clocks_suspended_starts_suspended() -> None:
    ev = routed("children", flags=["childrens_complaints_officer", "clock_suspended"])
    view, letters = run(ev, lifecycle(ev, "extended", due="2026-04-14", reason="enquiry"))
    assert view.suspended
    (ext,) = of(letters, "extension")
    assert "will be set when we resume" in render(ext).body


# -- 4. an extension recorded after the event, to a date already passed ----------------------


def later(ev: Any, status: str, at: datetime, **detail: Any) -> CaseLifecycle:
    return CaseLifecycle(
        reference=ev.reference,
        strand=ev.strand,
        procedure=ev.procedure,
        stage=ev.stage,
        occurred_at=at,
        status=status,
        detail=detail,
    )


def test_a_retroactive_extension_to_a_passed_date_plans_no_letter() -> None:
    """Told when it was agreed: nothing to send and nothing for an operator to do."""
    ev = routed("hmip")
    today = datetime(2026, 4, 20, 10, 0, tzinfo=UTC)
    _, letters = run(
        ev,
        deadline(ev),
        lifecycle(ev, "acknowledged"),
        later(
            ev,
            "extended",
            today,
            on="2026-03-25",
            due="2026-04-14",
            to="2026-04-14",
            reason="a witness was on leave",
        ),
    )
    assert of(letters, "extension") == []


def test_a_retroactive_extension_whose_date_is_still_ahead_is_written() -> None:
    ev = routed("hmip")
    today = datetime(2026, 4, 10, 10, 0, tzinfo=UTC)
    _, letters = run(
        ev,
        deadline(ev),
        lifecycle(ev, "acknowledged"),
        later(
            ev,
            "extended",
            today,
            on="2026-03-25",
            due="2026-04-14",
            reason="a witness was on leave",
        ),
    )
    (ext,) = of(letters, "extension")
    assert ext.error is None and "by 14 April 2026" in render(ext).body


def test_deadlines_report_of_the_passed_extension_plans_no_letter_either() -> None:
    ev = routed("hmip")
    today = datetime(2026, 4, 20, 10, 0, tzinfo=UTC)
    ext_set = deadline(ev, due=date(2026, 4, 14), extended=True, reason="leave")
    ext_set = ext_set.model_copy(update={"occurred_at": today})
    _, letters = run(
        ev, deadline(ev), later(ev, "extended", today, on="2026-03-25", due="2026-04-14"), ext_set
    )
    assert of(letters, "extension") == []


def test_each_suspensions_extension_has_its_own_letter() -> None:
    ev = routed("children")
    first = lifecycle(ev, "extended", due="2026-04-14", reason="police enquiry")
    second = lifecycle(ev, "extended", due="2026-05-14", reason="a second enquiry")
    resumed = DeadlineResumed(
        reference=ev.reference,
        strand=ev.strand,
        procedure=ev.procedure,
        stage=ev.stage,
        occurred_at=AT,
        clock="response",
        due=date(2026, 4, 21),
        explanation={},
    )
    _, letters = run(
        ev,
        deadline(ev),
        lifecycle(ev, "suspended", reason="enquiry"),
        stopped(ev),
        first,
        lifecycle(ev, "resumed"),
        resumed,
        lifecycle(ev, "suspended", reason="another enquiry"),
        stopped(ev),
        second,
    )
    extensions = of(letters, "extension")
    assert len(extensions) == 2
    assert [x.context["extension_reason"] for x in extensions] == [
        "police enquiry",
        "a second enquiry",
    ]
    assert all(x.context["target_date"] is None for x in extensions)


def resumed_on(ev: Any, due: date) -> DeadlineResumed:
    return DeadlineResumed(
        reference=ev.reference,
        strand=ev.strand,
        procedure=ev.procedure,
        stage=ev.stage,
        occurred_at=AT,
        clock="response",
        due=due,
        explanation={},
    )


def test_the_date_promised_during_a_suspension_is_given_when_the_clock_resumes() -> None:
    ev = routed("children")
    held = [ev, deadline(ev), lifecycle(ev, "suspended", reason="enquiry"), stopped(ev)]
    held += [lifecycle(ev, "extended", due="2026-04-14", reason="enquiry")]
    _, letters = step(*held, lifecycle(ev, "resumed"), resumed_on(ev, date(2026, 4, 28)))
    (update,) = of(letters, "update")
    assert update.context["update_kind"] == "resumed"
    body = render(update).body
    assert "We have resumed handling your complaint" in body and "by 28 April 2026" in body


def test_a_resumption_with_no_extension_during_it_sends_no_letter() -> None:
    ev = routed("children")
    held = [ev, deadline(ev), lifecycle(ev, "suspended", reason="enquiry"), stopped(ev)]
    _, letters = step(*held, lifecycle(ev, "resumed"), resumed_on(ev, date(2026, 4, 28)))
    assert of(letters, "update") == []
    # nor does a later suspension's resumption repeat the earlier promise's letter
    held += [lifecycle(ev, "extended", due="2026-04-14", reason="enquiry")]
    held += [lifecycle(ev, "resumed"), resumed_on(ev, date(2026, 4, 28))]
    held += [lifecycle(ev, "suspended", reason="again"), stopped(ev), lifecycle(ev, "resumed")]
    _, letters = step(*held, resumed_on(ev, date(2026, 5, 12)))
    assert of(letters, "update") == []
