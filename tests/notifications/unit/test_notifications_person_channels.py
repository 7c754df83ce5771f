"""Issue 18: every person routing names gets their letters through the channel choice
(`domain.channels.choose`), from the details routing's ``Recipient`` carries: a
representative who gave only a postal address, or prefers post or hand, gets a PDF in the
print queue (never "no email address on file"); their large-print need gives a
large-print PDF; a person no channel reaches is listed by `complaints ops health`."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from common.contracts.recipients import Recipient
from common.settings import PlatformSettings
from common.storage.sqlite import SQLiteStore
from ops.referrals import check_referrals
from services.notifications.adapters.documents import DOCUMENTS
from tests.notifications.unit.test_notifications_handlers import Rig
from tests.support.events import lifecycle, routed
from tests.support.pdf import read_pdf

ADDRESS = {"lines": ["4 Mill Lane", "Westshire"], "postcode": "WS2 9ZZ"}
CHILD = {"name": "Jordan Lee", "contact": "jordan.lee@example.org", "is_child": True}


def _advocate(**fields):  # type: ignore[no-untyped-def]
    return {"kind": "advocate", "name": "Sam Advocate", "authorised": True, **fields}


async def _acknowledged(rig: Rig, rep: dict, **fields) -> dict:  # type: ignore[type-arg, no-untyped-def]
    case = routed("children", complainant={**CHILD, "represented_by": rep}, **fields)
    await rig.event(case, "m-routed")
    await rig.event(lifecycle(case, "acknowledged", target_date="2026-11-30"), "m-ack")
    return await rig.letters(case.case_ref)


async def test_a_representative_with_only_a_postal_address_gets_a_pdf_by_post() -> None:
    rig = Rig()
    letters = await _acknowledged(rig, _advocate(address=ADDRESS))
    theirs = letters["acknowledgement:representative"]
    assert theirs["status"] == "sent", theirs.get("last_error")
    assert (theirs["route"], theirs["channel"]) == ("post", "print-queue")
    [job] = await rig.handlers.print_queue.list(status="queued")
    assert job.recipient == "representative" and not job.large_print
    text = read_pdf(job.pdf).text
    assert "Sam Advocate" in text and "4 Mill Lane Westshire WS2 9ZZ" in text
    mine = letters["acknowledgement:complainant"]
    assert (mine["status"], mine["route"]) == ("sent", "email")


async def test_a_representatives_large_print_need_gives_a_large_print_pdf() -> None:
    rig = Rig()
    rep = _advocate(address=ADDRESS, needs={"formats": ["large-print"]})
    theirs = (await _acknowledged(rig, rep))["acknowledgement:representative"]
    assert theirs["provided"].startswith("large-print PDF"), theirs
    [job] = await rig.handlers.print_queue.list()
    assert job.large_print and job.recipient == "representative"


@pytest.mark.parametrize(
    ("fields", "route"),
    [
        ({"contact": "sam@example.org", "address": ADDRESS, "prefers": "post"}, "post"),
        ({"contact": "sam@example.org", "prefers": "hand"}, "hand"),
        ({"contact": "sam@example.org"}, "email"),
    ],
)
async def test_a_representatives_preference_is_honoured(fields, route) -> None:  # type: ignore[no-untyped-def]
    rig = Rig()
    theirs = (await _acknowledged(rig, _advocate(**fields)))["acknowledgement:representative"]
    assert (theirs["status"], theirs["route"]) == ("sent", route), theirs


async def test_a_friend_no_channel_reaches_is_undeliverable_and_listed_by_health(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "notifications.db"
    store = SQLiteStore(path, DOCUMENTS, service="notifications")
    rig = Rig(store=store)
    friend = {"kind": "friend", "name": "Pat Friend", "authorised": True, "contact": "01234"}
    letters = await _acknowledged(rig, friend, location={})
    theirs = letters["acknowledgement:representative"]
    assert (theirs["status"], theirs["route"]) == ("sent", "desk")
    store.close()
    monkeypatch.setenv("NOTIFICATIONS_STORE_URL", f"sqlite:///{path}")
    report = check_referrals(PlatformSettings())
    assert report["referrals"] == [] and report["problems"] == []
    [row] = report["undeliverable"]
    assert (row["recipient"], row["intended"], row["status"]) == (
        "representative",
        "representative",
        "sent",
    )
    assert row["desk"] == "desk:children-england"
    assert "no email address, no postal address and no establishment" in row["reason"]


def test_the_channel_is_chosen_from_routings_recipient_details() -> None:
    """Routing's decision carries the person's details: they are what the channel choice
    reads (a representative's postal address and large-print need), not a guess."""
    from services.notifications.dispatch import person_of
    from services.notifications.domain import channels, formats
    from services.notifications.domain.caseview import CaseView

    case = routed("children", complainant={**CHILD, "represented_by": _advocate(contact="x@y.org")})
    view = CaseView.from_routed(case)
    details = {"address": ADDRESS, "prefers": "post", "needs": {"formats": ["large-print"]}}
    decided = [
        Recipient.model_validate({**r.model_dump(), **details}) if r.kind == "representative"
        else r
        for r in view.recipients
    ]  # fmt: skip
    assert any(r.kind == "representative" for r in decided)
    view = view.model_copy(update={"recipients": tuple(decided)})
    rep = person_of("representative", view)
    assert rep is not None
    route = channels.choose(rep, establishment=view.location.establishment)
    assert route.channel == "post" and route.postal is not None
    assert formats.large_print(rep.needs)
    assert person_of("team:x", view) is None


def test_the_health_table_shows_each_undeliverable_letter(monkeypatch: pytest.MonkeyPatch) -> None:
    import cli.health
    from cli.main import app
    from tests.notifications.unit.test_notifications_ops_referrals import _report

    row = {
        "kind": "undeliverable", "case_ref": "CSC-2026-000002/1", "at": "",
        "recipient": "representative", "intended": "representative",
        "reason": "no email address, no postal address and no establishment on the case",
        "urgency": "", "desk": "desk:children-england", "status": "sent", "key": "ntf-9",
    }  # fmt: skip
    report = _report([], [])
    report["referrals"]["undeliverable"] = [row]
    monkeypatch.setattr(cli.health, "check_all", lambda: report)
    result = CliRunner().invoke(app, ["ops", "health"], terminal_width=200)
    assert result.exit_code == 0, result.output
    assert "Undeliverable letters: 1 went to a fallback desk" in result.output
    assert "CSC-2026-000002/1" in result.output and "ntf-9" in result.output
    report["referrals"]["undeliverable"] = []
    result = CliRunner().invoke(app, ["ops", "health"], terminal_width=200)
    assert "Undeliverable letters: none" in result.output
