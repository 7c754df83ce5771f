"""The console's pure parts: who signs in, the caseload's filters and order, the casework
forms, the reports' tables, charts and CSV, UK dates."""

from __future__ import annotations

from datetime import date

import pytest

from common.auth import Role
from services.console.domain import actions, caseload, reports
from services.console.domain.dates import nation_name, uk_date, uk_datetime
from services.console.domain.identity import IdentityError, Person, from_proxy, signed_in


def test_a_development_sign_in_names_a_person_in_a_role() -> None:
    assert signed_in("central-team", " Ruth ") == Person("Ruth", Role.CENTRAL_TEAM)
    assert signed_in("partner", "Pat", "yarlswood") == Person("Pat", Role.PARTNER, "yarlswood")
    assert signed_in("auditor", "Al", "ignored").partner is None


@pytest.mark.parametrize(
    ("role", "name", "partner", "field"),
    [
        ("boss", "Ruth", "", "role"),
        ("central-team", "", "", "name"),
        ("central-team", "<script>", "", "name"),
        ("partner", "Pat", "", "partner"),
        ("partner", "Pat", "Yarls Wood", "partner"),
    ],
)
def test_a_bad_sign_in_names_the_field(role: str, name: str, partner: str, field: str) -> None:
    with pytest.raises(IdentityError) as err:
        signed_in(role, name, partner)
    assert err.value.field == field


def test_a_session_that_does_not_name_a_valid_person_signs_no_one_in() -> None:
    assert Person.from_session({"role": "central-team", "name": "R"}) == Person(
        "R", Role.CENTRAL_TEAM
    )
    assert Person.from_session({"role": "root", "name": "R"}) is None
    assert Person.from_session("junk") is None


def test_the_proxy_s_groups_map_to_a_role_the_first_mapped_group_wins() -> None:
    mapping = {"complaints-central": "central-team", "probation": "partner:probation-north"}
    assert from_proxy("ruth", "staff, complaints-central", mapping).role is Role.CENTRAL_TEAM
    p = from_proxy("pat", "probation", mapping)
    assert (p.role, p.partner) == (Role.PARTNER, "probation-north")
    with pytest.raises(IdentityError, match="groups"):
        from_proxy("eve", "staff", mapping)
    with pytest.raises(IdentityError, match="user"):
        from_proxy("", "complaints-central", mapping)


def test_each_role_is_offered_its_pages() -> None:
    operator = Person("O", Role.OPERATOR)
    assert (operator.may_see_cases(), operator.may_operate(), operator.home()) == (
        False,
        True,
        "/ops",
    )
    partner = Person("P", Role.PARTNER, "x")
    assert (partner.may_see_cases(), partner.may_see_reports(), partner.home()) == (
        True,
        False,
        "/cases",
    )


def test_caseload_filters_are_kept_and_a_broken_one_is_named_and_left_out() -> None:
    f, errors = caseload.filters_from(
        {"procedure": "dso", "status": "open", "due_before": "2026-12-31", "breached": "1"}
    )
    assert f.as_request() == {
        "procedure": "dso",
        "stage": "",
        "owner": "",
        "officer": "",
        "status": "open",
        "due_before": "2026-12-31",
        "breached_only": True,
    }
    assert errors == []
    f, errors = caseload.filters_from({"status": "lost", "due_before": "31/12/2026"})
    assert {e.field for e in errors} == {"status", "due_before"}
    assert (f.status, f.due_before) == ("", "")
    with pytest.raises(caseload.FilterError):
        caseload.page_token("x' OR 1=1")


def test_a_page_shows_breached_first_then_due_this_week_then_by_date() -> None:
    today = date(2026, 11, 2)
    rows = [
        {"case_ref": "A/1", "breached": False, "next_due": "2026-12-01"},
        {"case_ref": "B/1", "breached": False, "next_due": ""},
        {"case_ref": "C/1", "breached": False, "next_due": "2026-11-09"},
        {"case_ref": "D/1", "breached": True, "next_due": "2026-12-20"},
        {"case_ref": "E/1", "breached": False, "next_due": "2026-11-10"},
    ]
    out = caseload.ordered(rows, today)
    assert [(r["case_ref"], r["urgency"]) for r in out] == [
        ("D/1", "breached"),
        ("C/1", "due"),
        ("E/1", "later"),
        ("A/1", "later"),
        ("B/1", "none"),
    ]


def test_a_form_becomes_the_request_s_fields_or_names_the_rule_broken() -> None:
    extend = actions.BY_NAME["extend"]
    assert actions.request_fields(extend, {"to": "2026-12-21", "reason": " agreed "}) == {
        "to": "2026-12-21",
        "reason": "agreed",
    }
    with pytest.raises(actions.FormError) as err:
        actions.request_fields(extend, {"to": "21/12/2026", "reason": "agreed"})
    assert err.value.field == "to"
    with pytest.raises(actions.FormError, match="reason: Reason .* is required"):
        actions.request_fields(extend, {"to": "2026-12-21"})
    respond = actions.BY_NAME["respond"]
    with pytest.raises(actions.FormError, match="outcome"):
        actions.request_fields(respond, {"outcome": "maybe", "summary": "s"})
    fields = actions.request_fields(
        respond, {"outcome": "upheld", "summary": "s", "agreed_actions": "one\n\n two \n"}
    )
    assert fields["agreed_actions"] == ["one", "two"]


def test_only_the_actions_the_case_allows_are_offered() -> None:
    offered = actions.offered(["extend", "close", "merge"])
    assert [a.name for a in offered] == ["extend", "close"]


def test_kpi_rows_become_a_table_with_shares_as_percentages() -> None:
    table = reports.kpi_table(
        [{"procedure": "dso", "stage": "s1", "stages": 4, "ack_within_share": 0.5,
          "ack_targets": 2, "answered_within_share": 0.0, "answer_targets": 0,
          "avg_working_days": 7.25, "breaches": 1, "extensions": 0, "open": 2}],
        ["procedure", "stage"],
    )  # fmt: skip
    assert table.columns[:3] == ["Procedure", "Stage", "Stages"]
    assert table.rows == [["dso", "s1", "4", "50%", "no target", "7.2", "1", "0", "2"]]


def test_bars_are_scaled_to_the_largest_or_to_a_whole() -> None:
    bars = reports.bars(["a", "b"], [2, 8])
    assert [b.width for b in bars] == [0.25, 1.0]
    assert [b.width for b in reports.bars(["a"], [0.4], share=True)] == [0.4]
    assert reports.bars(["a"], [0])[0].width == 0.0


def test_a_report_table_charts_its_first_numeric_column_and_downloads_as_csv() -> None:
    t = reports.Table("Outcomes", ["outcome", "note", "count"], [["upheld", "x", "3"]])
    label, bars = reports.chart_of(t)  # type: ignore[misc]
    assert (label, bars[0].value) == ("count", 3.0)
    assert reports.chart_of(reports.Table("t", ["a", "b"], [["x", "y"]])) is None
    assert reports.to_csv([t, t]).splitlines() == [
        "Outcomes", "outcome,note,count", "upheld,x,3", "",
        "Outcomes", "outcome,note,count", "upheld,x,3",
    ]  # fmt: skip


def test_dates_are_written_the_uk_way_and_nations_by_name() -> None:
    assert uk_date("2026-12-07") == "7 December 2026"
    assert uk_date("") == ""
    assert uk_datetime("2026-12-07T09:05:00+00:00") == "7 December 2026 09:05"
    assert nation_name("northern-ireland") == "Northern Ireland"


def test_the_kpi_charts_show_shares_in_time_and_open_and_breached_counts_per_group() -> None:
    table = reports.kpi_table(
        [
            {
                "procedure": "dso",
                "stage": "s1",
                "ack_within_share": 0.5,
                "ack_targets": 2,
                "open": 2,
                "breaches": 1,
            },
            {"procedure": "hmip", "stage": "s2", "answered_within_share": 1.0, "open": 4},
        ],
        ["procedure", "stage"],
    )
    charts = dict(reports.kpi_charts(table))
    assert list(charts) == ["Acknowledged in time", "Answered in time", "Open", "Breaches"]
    assert [(b.label, b.shown, b.width) for b in charts["Acknowledged in time"]] == [
        ("dso / s1", "50%", 0.5),
        ("hmip / s2", "no target", 0.0),
    ]
    assert [(b.shown, b.width) for b in charts["Open"]] == [("2", 0.5), ("4", 1.0)]
