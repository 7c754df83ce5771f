"""The case page's outcome sections, shaped from what the services answer (the replies are
real protobuf messages, turned into dicts by the console's own adapter function): what
the complainant wants and the findings, remedies and commitments, learning, the
alternatives and eligibility records, and each letter's channel and status."""

from __future__ import annotations

import json

import pytest

from complaints.v1 import cases_pb2, notifications_pb2, outcomes_pb2, reports_pb2
from services.console.adapters.platform import as_dict
from services.console.domain import alternatives, caseload, letters
from services.console.domain.outcomes import outcomes_view, pounds


def reply(**fields: object) -> dict:
    return as_dict(outcomes_pb2.OutcomesReply(case_ref="HMIP-2026-000001/1", **fields))


def test_the_outcome_sought_and_each_point_with_its_finding() -> None:
    view = outcomes_view(
        reply(
            outcome_sought="An apology and the report corrected",
            outcome_agreed=True,
            agreed_on="2026-11-04",
            points=[
                outcomes_pb2.Point(
                    id="P1",
                    text="The report quoted my records wrongly",
                    outcome_sought="Correct the report",
                    finding="partly-upheld",
                    finding_reason="One quotation was wrong",
                    found_by="Ian Officer",
                    found_on="2026-11-20",
                ),
                outcomes_pb2.Point(id="P2", text="Nobody answered my letters"),
            ],
        )
    )
    assert view.outcome_sought == "An apology and the report corrected"
    assert view.agreed == "Agreed with the complainant on 4 November 2026."
    p1, p2 = view.points
    assert (p1.finding, p1.found, p1.found_on) == ("Partly upheld", True, "20 November 2026")
    assert (p2.finding, p2.found) == ("No finding yet", False)
    assert outcomes_view(reply(outcome_sought="x")).agreed == "Not yet agreed with the complainant."
    assert outcomes_view(reply()).agreed == ""


def test_remedies_say_their_approval_and_which_commitments_are_overdue_or_outstanding() -> None:
    view = outcomes_view(
        reply(
            remedies=[
                outcomes_pb2.Remedy(
                    id="R1", type="apology", description="Written apology", owner="Inspector",
                    status="done", done_on="2026-11-10", done_note="Letter sent",
                ),
                outcomes_pb2.Remedy(
                    id="R2", type="financial", description="Cost of reprinting", owner="Finance",
                    amount="1250.00", reason="Reprinting", status="open", due="2026-12-20",
                    approved_by="Ruth Central", approved_role="central-team",
                    approved_on="2026-11-21",
                ),
                outcomes_pb2.Remedy(
                    id="R3", type="practical-action", description="Brief inspectors",
                    owner="Training lead", status="open", due="2026-11-16", overdue=True,
                    reminders=["before 2026-11-13", "due 2026-11-16"],
                ),
                outcomes_pb2.Remedy(
                    id="R4", type="financial", description="Loss of earnings", owner="Legal",
                    amount="300.00", status="referred", claim=True, referral="legal-services",
                ),
                outcomes_pb2.Remedy(
                    id="R5", type="financial", description="Travel costs", owner="Finance",
                    amount="40.00", status="awaiting-approval",
                ),
            ]
        )
    )  # fmt: skip
    r1, r2, r3, r4, r5 = view.remedies
    assert (r1.state, r1.state_words) == ("done", "Done on 10 November 2026: Letter sent")
    assert r1.approval == "Not needed" and not r1.commitment_open
    assert (r2.type, r2.amount, r2.state) == ("Financial", "£1,250.00", "outstanding")
    assert r2.approval == "Approved by Ruth Central (Central team) on 21 November 2026"
    assert (r3.type, r3.state, r3.state_words) == (
        "Practical action",
        "overdue",
        "was due 16 November 2026",
    )
    assert r3.reminders == ["before 13 November 2026", "due 16 November 2026"]
    assert (r2.state_words, r2.commitment_open) == ("due 20 December 2026", True)
    assert r4.approval == "A claim: referred to Legal Services, not approved here"
    assert r4.state == "referred"
    assert (r5.approval, r5.state) == ("Awaiting approval", "awaiting approval")
    assert (view.outstanding, view.overdue) == (["R2", "R3"], ["R3"])
    assert view.commitments_summary == "2 commitments outstanding, 1 overdue: R3."
    assert outcomes_view(reply()).commitments_summary == "No commitments outstanding."


def test_learning_records_read_in_words() -> None:
    view = outcomes_view(
        reply(
            learning=[
                outcomes_pb2.Learning(
                    id="L1", root_cause="policy-or-procedure", lesson="Check quotations",
                    service_change="Two-person check", owner="Head of inspections",
                    status="in-progress", recorded_on="2026-11-20", recorded_by="Ian Officer",
                )
            ]
        )
    )  # fmt: skip
    (x,) = view.learning
    assert (x.root_cause, x.status) == ("Policy or procedure", "In progress")
    assert x.recorded == "20 November 2026 by Ian Officer"


@pytest.mark.parametrize(("amount", "shown"), [("", ""), ("40", "£40.00"), ("x", "x")])
def test_amounts_are_pounds(amount: str, shown: str) -> None:
    assert pounds(amount) == shown


def test_alternatives_and_eligibility_records_as_rows() -> None:
    records = [
        {"type": "mediation", "id": "M1", "stage": "investigation", "method": "mediation",
         "mediator": "Sam Mediator", "status": "accepted", "offered_on": "2026-11-03",
         "offered_by": "Ruth Central", "answered_on": "2026-11-04", "clock_paused": True},
        {"type": "healthcare-escalation", "id": "H1", "ombudsman": "SPSO", "owner": "DS team",
         "status": "open", "opened_on": "2026-11-05", "opened_by": "Ruth Central"},
    ]  # fmt: skip
    m1, h1 = alternatives.alternatives(json.dumps(records))
    assert (m1.what, m1.state, m1.who) == (
        "Mediation (mediation)",
        "Accepted (clocks paused)",
        "Sam Mediator",
    )
    assert m1.when == "offered 3 November 2026 by Ruth Central; answered 4 November 2026"
    assert (h1.what, h1.state, h1.when) == (
        "Healthcare escalation to the SPSO",
        "Open",
        "opened 5 November 2026 by Ruth Central; no due date",
    )
    eligibility = {
        "qualifying": {"basis": "looked-after-child", "qualifying": True, "on_behalf_of": "Sam",
                       "recorded_on": "2026-11-03", "recorded_by": "Cara CCO"},
        "lead_authority": {"authorities": ["Westshire", "Eastshire"], "lead": "Westshire",
                           "rule": "looking-after", "decided_on": "2026-11-04",
                           "decided_by": "Ruth Central"},
        "freezes": [{"id": "F1", "decision": "Move to new placement", "status": "granted",
                     "requested_on": "2026-11-04", "requested_by": "Cara CCO",
                     "decided_on": "2026-11-05", "decided_by": "Ruth Central",
                     "consulted": "Head of Service"}],
        "concurrent": [{"id": "P1", "kind": "court", "started_on": "2026-11-02",
                        "recorded_by": "Cara CCO", "complainant_informed": True}],
    }  # fmt: skip
    who, lead, freeze, court = alternatives.eligibility(json.dumps(eligibility))
    assert who.state == "Looked after child: a qualifying individual"
    assert who.detail == "on behalf of Sam"
    assert lead.state == "Westshire"
    assert "the authority looking after the child" in lead.detail
    assert (freeze.state, freeze.detail) == ("Granted", "senior manager consulted: Head of Service")
    assert (court.what, court.state) == ("Other procedure: court", "Running")
    assert alternatives.alternatives("") == [] and alternatives.eligibility("") == []


@pytest.mark.parametrize(
    ("field", "text", "why"),
    [
        ("alternatives_json", "[{", "not JSON"),
        ("alternatives_json", "{}", "expected a JSON list"),
        ("alternatives_json[0].type", '[{"type": "séance", "id": "X1"}]', "not a record kind"),
        ("eligibility_json", "[]", "expected a JSON dict"),
    ],
)
def test_a_record_the_console_cannot_read_names_the_field(field: str, text: str, why: str) -> None:
    read = alternatives.eligibility if field == "eligibility_json" else alternatives.alternatives
    with pytest.raises(alternatives.Unreadable) as err:
        read(text)
    assert err.value.field == field and why in err.value.why


def notification(**fields: object) -> dict:
    base = {"case_ref": "DSO-2026-000001/1", "recipient": "complainant", "status": "sent"}
    return as_dict(notifications_pb2.Notification(**{**base, **fields}))  # type: ignore[arg-type]


def test_each_letter_has_its_channel_and_where_it_stands() -> None:
    sent = [
        notification(key="k1", template="acknowledgement", channel="smtp", route="email",
                     sent_at="2026-11-02T10:00:00+00:00"),
        notification(key="k2", template="decision", channel="print-queue", route="hand",
                     provided="large-print PDF, 2 pages, by hand"),
        notification(key="k3", template="extension", channel="print-queue", route="post"),
        notification(key="k4", template="update", channel="smtp", route="desk",
                     fallback_desk="dso-duty-desk", intended="complainant"),
        notification(key="k5", template="update", recipient="imb", channel="smtp",
                     status="failed", last_error="550 mailbox unavailable", attempts=3),
        notification(key="k6", template="update", channel="print-queue", route="hand"),
        notification(key="k7", template="referral", recipient="provider", status="pending"),
    ]  # fmt: skip
    jobs = [
        as_dict(notifications_pb2.PrintJob(key="k2", status="handed-over", queue="Ashgrove IRC",
                                           handed_over_on="2026-11-27", handed_over_by="clerk")),
        as_dict(notifications_pb2.PrintJob(key="k3", status="queued", queue="dso-central",
                                           queued_at="2026-11-03T09:00:00+00:00")),
        as_dict(notifications_pb2.PrintJob(key="k6", status="printed", queue="Ashgrove IRC",
                                           printed_at="2026-11-04T11:00:00+00:00")),
    ]  # fmt: skip
    rows = letters.letter_rows(sent, jobs, [])
    got = [(r.template, r.channel, r.status) for r in rows]
    assert got == [
        ("acknowledgement", "email", "sent"),
        ("decision", "by hand", "handed over"),
        ("extension", "post", "queued for print"),
        ("update", "fallback desk", "undeliverable"),
        ("update", "email", "failed"),
        ("update", "by hand", "printed"),
        ("referral", "not chosen yet", "waiting to be sent"),
    ]
    assert rows[0].detail == "on 2 November 2026 10:00"
    assert rows[1].detail == "on 27 November 2026 by clerk; large-print PDF, 2 pages, by hand"
    assert rows[3].to_detail == "fallback desk dso-duty-desk, intended complainant"
    assert rows[4].detail == "550 mailbox unavailable (3 attempts)"


def test_without_the_print_queue_a_hand_over_comes_from_the_case_file() -> None:
    sent = [
        notification(key="k2", template="decision", channel="print-queue", route="hand"),
        notification(key="k3", template="update", channel="print-queue", route="post"),
    ]
    handed = cases_pb2.HistoryEntry(
        type="notification.handed-over",
        data_json=json.dumps({"letter": "k2", "template": "decision", "recipient": "complainant",
                              "establishment": "Ashgrove IRC", "handed_over_on": "2026-11-27"}),
    )  # fmt: skip
    history = [as_dict(handed)]
    k2, k3 = letters.letter_rows(sent, None, history)
    assert (k2.status, k2.detail) == (
        "handed over",
        "on 27 November 2026 by the complaints clerk of Ashgrove IRC",
    )
    assert k3.status == "in the print queue"
    # The print queue readable and the letter not in it: sent, nothing more to say.
    assert letters.letter_rows(sent, [], [])[1].status == "sent"


def test_the_case_files_own_letters_when_notifications_cannot_say() -> None:
    case = as_dict(
        cases_pb2.Case(
            case_ref="DSO-2026-000001/1",
            letters=[
                cases_pb2.Letter(recipient="complainant", channel="smtp",
                                 template="acknowledgement", status="sent",
                                 at="2026-11-02T10:00:00+00:00"),
                cases_pb2.Letter(recipient="complainant", channel="print-queue",
                                 template="decision", status="sent",
                                 at="2026-11-20T10:00:00+00:00"),
            ],
            history=[cases_pb2.HistoryEntry(
                type="notification.handed-over",
                data_json=json.dumps({"letter": "k2", "template": "decision",
                                      "recipient": "complainant",
                                      "handed_over_on": "2026-11-27"}),
            )],
        )
    )  # fmt: skip
    ack, decision = letters.file_letter_rows(case)
    assert (ack.channel, ack.status, ack.preview) == ("email", "sent", False)
    assert (decision.channel, decision.status) == ("print queue", "handed over")


def test_the_caseload_marks_cases_with_an_overdue_commitment() -> None:
    columns = ["case", "procedure", "remedy", "type", "owner", "due", "state",
               "days overdue", "amount", "status", "reminders", "description"]  # fmt: skip
    report = as_dict(
        reports_pb2.Report(
            tables=[
                reports_pb2.Table(
                    title="Commitments",
                    columns=columns,
                    rows=[
                        reports_pb2.Row(cells=["HMIP-2026-000001/1", "hmip", "R3",
                                               "practical-action", "Training lead",
                                               "2026-11-16", "overdue", "5", "", "open", "",
                                               "Brief inspectors"]),
                        reports_pb2.Row(cells=["HMIP-2026-000002/1", "hmip", "R1", "apology",
                                               "Inspector", "2026-12-20", "outstanding", "0",
                                               "", "open", "", "Apologise"]),
                    ],
                )
            ]
        )
    )  # fmt: skip
    (late,) = caseload.overdue_commitments(report)
    assert (late.case_ref, late.remedy, late.days_overdue) == ("HMIP-2026-000001/1", "R3", "5")
    rows = [{"case_ref": "HMIP-2026-000001/1"}, {"case_ref": "HMIP-2026-000002/1"}]
    marked = caseload.mark_overdue_commitments(rows, [late])
    assert [r["commitments_overdue"] for r in marked] == [["R3"], []]
    assert caseload.overdue_commitments(as_dict(reports_pb2.Report())) == []
    report["tables"][0]["columns"][6] = "fate"
    with pytest.raises(caseload.FilterError, match="no 'state' column"):
        caseload.overdue_commitments(report)
