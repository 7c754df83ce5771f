"""``complaints ops health`` lists the referrals that went to a fallback desk, read from the
notifications store with one indexed query; one that failed even there is a problem."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import cli.health
from cli.main import app
from common.settings import PlatformSettings
from common.storage.sqlite import SQLiteStore
from ops.referrals import UNADDRESSED_ORDER, UNADDRESSED_WHERE, check_referrals
from services.notifications.adapters.documents import DOCUMENTS, NotificationCase
from tests.notifications.unit.test_notifications_fallback_desk import (
    DeskRig,
    children_without_la,
    referral,
    without_desks,
)
from tests.notifications.unit.test_notifications_query_plans import unindexed
from tests.support.events import routed


async def _fill(path: Path) -> tuple[str, str]:
    """One referral at the desk, one failed for want of a desk, one addressed normally."""
    store = SQLiteStore(path, DOCUMENTS, service="notifications")
    at_desk, failed, fine = children_without_la(), children_without_la(), routed("children")
    rig = DeskRig(store=store)
    for case in (at_desk, fine):
        await rig.event(case, f"routed-{case.reference}")
        await rig.event(referral(case, "child_protection", "social care"), f"ref-{case.reference}")
    no_desk = DeskRig(without_desks(), store=store)
    await no_desk.event(failed, "routed-failed")
    await no_desk.event(referral(failed, "child_protection", "social care"), "ref-failed")
    store.close()
    return at_desk.case_ref, failed.case_ref


@pytest.fixture
def settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> PlatformSettings:
    monkeypatch.setenv("NOTIFICATIONS_STORE_URL", f"sqlite:///{tmp_path}/notifications.db")
    return PlatformSettings()


async def test_health_lists_referrals_at_the_desk_and_a_failed_one_is_a_problem(
    settings: PlatformSettings, tmp_path: Path
) -> None:
    at_desk, failed = await _fill(tmp_path / "notifications.db")
    report = check_referrals(settings)
    assert report["readable"] is True
    rows = {r["case_ref"]: r for r in report["referrals"]}
    assert set(rows) == {at_desk, failed}
    assert rows[at_desk]["status"] == "sent" and rows[failed]["status"] == "failed"
    assert rows[at_desk]["desk"] == "desk:children-england"
    assert rows[at_desk]["intended"] == "unaddressed:social_care"
    assert "no local authority" in rows[at_desk]["reason"]
    [problem] = report["problems"]
    assert problem.startswith(f"referral {failed} to social_care (immediate) FAILED")
    assert f"complaints letters resend {failed} " in problem


def test_without_a_notifications_store_nothing_is_created_or_reported(
    settings: PlatformSettings, tmp_path: Path
) -> None:
    report = check_referrals(settings)
    assert (report["readable"], report["referrals"], report["problems"]) == (False, [], [])
    assert not (tmp_path / "notifications.db").exists()


def test_the_query_searches_the_unaddressed_index(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "n.db", DOCUMENTS, service="notifications")
    assert unindexed(store, NotificationCase, UNADDRESSED_WHERE, UNADDRESSED_ORDER) is None


def _report(referrals: list[dict[str, Any]], problems: list[str]) -> dict[str, Any]:
    return {
        "healthy": not problems,
        "services": [],
        "broker": {"reachable": True, "detail": ""},
        "queues": [],
        "referrals": {"readable": True, "detail": "", "referrals": referrals, "problems": []},
        "letters": {
            "readable": True,
            "detail": "",
            "pending_after_s": 900.0,
            "letters": [],
            "problems": [],
        },  # fmt: skip
        "problems": problems,
    }


def test_the_health_table_shows_each_unaddressed_referral(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    row = {
        "case_ref": "CSC-2026-000001/1",
        "at": "",
        "recipient": "social_care",
        "intended": "unaddressed:social_care",
        "reason": "no local authority",
        "urgency": "immediate",
        "desk": "desk:children-england",
        "status": "sent",
        "key": "ntf-1",
    }
    monkeypatch.setattr(cli.health, "check_all", lambda: _report([row], []))
    result = CliRunner().invoke(app, ["ops", "health"], terminal_width=200)
    assert result.exit_code == 0, result.output
    assert "Unaddressed referrals: 1 went to a fallback desk" in result.output
    assert "CSC-2026-000001/1" in result.output and "desk:children-england" in result.output

    monkeypatch.setattr(cli.health, "check_all", lambda: _report([], []))
    result = CliRunner().invoke(app, ["ops", "health"])
    assert "Unaddressed referrals: none" in result.output

    failed = {**row, "status": "failed"}
    monkeypatch.setattr(cli.health, "check_all", lambda: _report([failed], ["referral FAILED"]))
    result = CliRunner().invoke(app, ["ops", "health"], terminal_width=200)
    assert result.exit_code == 1 and "FAILED" in result.output
