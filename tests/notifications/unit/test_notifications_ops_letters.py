"""``complaints ops health`` lists, per case, the letters pending longer than the threshold
and the failed ones, read from the notifications store with one indexed query each; each
case with one is a problem naming the `letters resend` to run."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

import cli.health
from cli.main import app
from common.settings import PlatformSettings
from common.storage.sqlite import SQLiteStore
from ops.letters import (
    FAILED_ORDER,
    FAILED_WHERE,
    STUCK_ORDER,
    check_letters,
    stuck_where,
)
from services.notifications.adapters.channel import PermanentDeliveryError
from services.notifications.adapters.documents import DOCUMENTS, NotificationCase
from services.notifications.domain.directory import Address
from tests.notifications.unit.test_notifications_handlers import NOW, Rig
from tests.notifications.unit.test_notifications_query_plans import unindexed
from tests.support.events import lifecycle, routed

COMPLAINANT = "amal.haddad@example.org"  # tests.support.events.routed


async def _fill(path: Path) -> tuple[str, str, str]:
    """Three cases: one whose acknowledgement failed (a bad address), one whose
    acknowledgement keeps failing transiently (pending), one all sent."""
    store = SQLiteStore(path, DOCUMENTS, service="notifications")
    rig = Rig(store=store, max_attempts=50)
    failed, stuck, fine = routed("dso"), routed("dso"), routed("dso")

    def fail(n: int, address: Address) -> None:
        if address.email != COMPLAINANT:
            return
        if current == failed.case_ref:
            raise PermanentDeliveryError("smtp", "recipient address 'a,b' is not one")
        if current == stuck.case_ref:
            raise ValueError("Header values may not contain linefeed")

    rig.channel.fail = fail
    for case in (failed, stuck, fine):
        current = case.case_ref
        await rig.event(case, f"routed-{case.reference}")
        await rig.event(lifecycle(case, "acknowledged", target_date="2026-11-30"), f"ack-{current}")
    store.close()
    return failed.case_ref, stuck.case_ref, fine.case_ref


@pytest.fixture
def settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> PlatformSettings:
    monkeypatch.setenv("NOTIFICATIONS_STORE_URL", f"sqlite:///{tmp_path}/notifications.db")
    monkeypatch.delenv("COMPLAINTS_LETTERS_PENDING_AFTER_S", raising=False)
    return PlatformSettings()


async def test_failed_letters_and_letters_pending_too_long_are_problems_per_case(
    settings: PlatformSettings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    failed, stuck, fine = await _fill(tmp_path / "notifications.db")
    # 14 minutes on: the pending one is not yet over the 15-minute threshold
    report = check_letters(settings, now=NOW + timedelta(minutes=14))
    assert report["readable"] and report["pending_after_s"] == 900
    assert [(r["case_ref"], r["status"]) for r in report["letters"]] == [(failed, "failed")]
    [problem] = report["problems"]
    assert problem.startswith(f"letters of {failed}: acknowledgement to complainant FAILED")
    assert "is not one" in problem
    key = report["letters"][0]["key"]
    assert f"`complaints letters resend {failed} {key}`" in problem

    report = check_letters(settings, now=NOW + timedelta(minutes=16))
    rows = {r["case_ref"]: r for r in report["letters"]}
    assert set(rows) == {failed, stuck}  # the case whose letters went is not listed
    assert rows[stuck]["status"] == "pending" and rows[stuck]["template"] == "acknowledgement"
    assert rows[stuck]["error"] == ("unexpected ValueError: Header values may not contain linefeed")
    assert len(report["problems"]) == 2
    assert any(p.startswith(f"letters of {stuck}: acknowledgement to complainant pending")
               for p in report["problems"])  # fmt: skip

    monkeypatch.setenv("COMPLAINTS_LETTERS_PENDING_AFTER_S", "3600")
    report = check_letters(settings, now=NOW + timedelta(minutes=16))
    assert [r["case_ref"] for r in report["letters"]] == [failed]


def test_a_threshold_that_is_not_seconds_is_refused_naming_the_variable(
    settings: PlatformSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COMPLAINTS_LETTERS_PENDING_AFTER_S", "15m")
    with pytest.raises(ValueError, match="COMPLAINTS_LETTERS_PENDING_AFTER_S: '15m' is not"):
        check_letters(settings)


def test_without_a_notifications_store_nothing_is_created_or_reported(
    settings: PlatformSettings, tmp_path: Path
) -> None:
    report = check_letters(settings)
    assert (report["readable"], report["letters"], report["problems"]) == (False, [], [])
    assert not (tmp_path / "notifications.db").exists()


def test_both_queries_search_their_index(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "n.db", DOCUMENTS, service="notifications")
    assert unindexed(store, NotificationCase, FAILED_WHERE, FAILED_ORDER) is None
    assert unindexed(store, NotificationCase, stuck_where(NOW), STUCK_ORDER) is None


def test_the_health_table_shows_each_letter_and_exits_1(monkeypatch: pytest.MonkeyPatch) -> None:
    row = {
        "case_ref": "DSO-2026-000001/1",
        "key": "ntf-1",
        "template": "acknowledgement",
        "recipient": "complainant",
        "status": "failed",
        "since": "2026-11-02T10:00:00+00:00",
        "attempts": 1,
        "error": "smtp: recipient address 'a,b' is not one email address",
    }
    report = {
        "healthy": False,
        "services": [],
        "broker": {"reachable": True, "detail": ""},
        "queues": [],
        "referrals": {"readable": True, "detail": "", "referrals": [], "problems": []},
        "letters": {
            "readable": True,
            "detail": "",
            "pending_after_s": 900.0,
            "letters": [row],
            "problems": ["letters of DSO-2026-000001/1: ..."],
        },  # fmt: skip
        "problems": ["letters of DSO-2026-000001/1: ..."],
    }
    monkeypatch.setattr(cli.health, "check_all", lambda: report)
    result = CliRunner().invoke(app, ["ops", "health"], terminal_width=250)
    assert result.exit_code == 1, result.output
    assert "Letters failed or pending over 15 min" in result.output
    assert "DSO-2026-000001/1" in result.output and "FAILED" in result.output
    assert "ntf-1" in result.output
