"""A referral is never lost: one whose recipient cannot be worked out goes to the fallback
desk of its procedure and nation, marked so, with the operators alerted
(``referral.unaddressed``); an urgent one is never refused to the DLQ, even when the desk
is missing too. Handlers on the in-memory store with fakes, as in
test_notifications_handlers."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest
import yaml

from common.contracts.events import CaseReferred, ReferralUnaddressed
from common.metrics import ServiceMetrics
from common.outbox import OutboxRelay
from services.notifications.adapters.documents import NotificationCase
from services.notifications.bootstrap import desk_pairs, load_checked_directory
from services.notifications.config import EXAMPLE_DIRECTORY, NotificationsSettings
from services.notifications.domain.directory import (
    Address,
    Directory,
    check_desks,
    desk_key,
    load_directory,
    missing_desks,
)
from services.notifications.domain.errors import DirectoryError
from services.notifications.domain.letters import RenderedLetter, content_sha256
from services.notifications.domain.referrals import desk_note, is_referral_letter
from services.notifications.handlers import NotificationHandlers
from tests.notifications.unit.test_notifications_handlers import Rig
from tests.support.events import AT, routed
from tests.support.recipients import referral_decided

CHILDREN_DESK = "safeguarding.duty@westshire.example.gov.uk"
DSO_DESK = "dso.duty.england@example.gov.uk"


class BodyChannel:
    """Keeps each letter's address and full text."""

    name = "fake"

    def __init__(self) -> None:
        self.sent: list[tuple[str, RenderedLetter]] = []

    async def send(
        self, address: Address, rendered: RenderedLetter, *, reference: str | None = None
    ) -> str:
        self.sent.append((address.email, rendered))
        return f"fake-{len(self.sent)}"


class DeskRig(Rig):
    """`Rig` with a channel that keeps the text, on ``directory`` (the example's if None)."""

    def __init__(self, directory: Directory | None = None, **kw: Any) -> None:
        super().__init__(**kw)
        self.mail = BodyChannel()
        self.handlers = NotificationHandlers(
            store=self.store,
            clock=self.clock,
            relay=self.handlers._relay,
            channel=self.mail,
            directory=directory or load_directory(EXAMPLE_DIRECTORY),
            settings=self.settings,
        )

    def published(self, key: str) -> list[dict[str, Any]]:
        return [m.body for m in self.publisher.sent if m.routing_key == key]


def referral(case: Any, rule: str, to: str, urgency: str = "immediate") -> CaseReferred:
    """A referral as routing publishes it: its recipients routing's for ``rule`` (none: an
    event from before routing decided who is told)."""
    aspects = [{"index": 0, "kind": "child-protection", "text": "My foster carer hit me."}]
    people = referral_decided(case, rule, to, "", aspects) if rule else None
    return CaseReferred.model_validate(
        dict(
            reference=case.reference,
            strand=case.strand,
            procedure=case.procedure,
            stage=case.stage,
            occurred_at=AT,
            to=to,
            reason="A concern about a child's welfare is referred immediately",
            urgency=urgency,
            rule=rule,
            aspects=aspects,
            recipients=None if people is None else [r.model_dump() for r in people],
        )
    )


def children_without_la() -> Any:
    return routed(
        "children",
        location={"provider": "Brightwater Children's Homes"},
        complainant={"name": "Sam", "contact": "sam@example.org", "is_child": True},
    )


def without_desks() -> Directory:
    data = yaml.safe_load(EXAMPLE_DIRECTORY.read_text())
    data.pop("desk")
    return Directory.from_mapping(data)


async def letters(rig: Rig, ref: str) -> list[dict[str, Any]]:
    return [r.model_dump() for _, r in await rig.handlers.letters_of(ref)]


# -- the directory and the start-up check --------------------------------------------------


def test_a_desk_is_keyed_by_procedure_and_nation() -> None:
    assert desk_key("children", "england") == "desk:children-england"
    assert desk_key("dso", "northern-ireland") == "desk:dso-northern-ireland"


def test_the_example_directory_has_a_desk_for_every_procedure_and_nation() -> None:
    pairs = desk_pairs()
    assert ("children", "england") in pairs and ("dso", "northern-ireland") in pairs
    assert missing_desks(load_directory(EXAMPLE_DIRECTORY), pairs) == []


def test_a_directory_without_desks_is_refused_naming_each_missing_desk() -> None:
    with pytest.raises(DirectoryError) as err:
        check_desks(without_desks(), desk_pairs(), source="ops.yaml")
    message = str(err.value)
    for procedure, nation in desk_pairs():
        assert desk_key(procedure, nation) in message
    assert message.startswith("ops.yaml: no fallback desk for ")


def test_notifications_refuses_to_start_without_every_desk(tmp_path: Path) -> None:
    data = yaml.safe_load(EXAMPLE_DIRECTORY.read_text())
    del data["desk"]["spso-scotland"]
    path = tmp_path / "directory.yaml"
    path.write_text(yaml.safe_dump(data))
    with pytest.raises(DirectoryError, match="desk:spso-scotland"):
        load_checked_directory(NotificationsSettings(directory_file=path))
    assert len(load_checked_directory(NotificationsSettings())) > 0


# -- to the desk ---------------------------------------------------------------------------


async def test_a_child_protection_referral_without_a_local_authority_goes_to_the_desk() -> None:
    rig = DeskRig()
    case = children_without_la()
    await rig.event(case, "m-routed")
    before = len(rig.mail.sent)
    await rig.event(referral(case, "child_protection", "children's social care"), "m-ref")

    [(email, text)] = rig.mail.sent[before:]
    assert email == CHILDREN_DESK
    assert text.subject.startswith("[Referral for the desk] ")
    note = text.body.split("-----")[0]
    assert "Intended recipient: children's social care (no address)" in note
    assert "no local authority in location" in note
    assert "Urgency: immediate" in note and "right body today" in note
    assert "My foster carer hit me." in text.body  # the referral itself follows
    assert text.sha256 == content_sha256(text.subject, text.body)

    [record] = [r for r in await letters(rig, case.case_ref) if r["template"] == "referral"]
    assert record["status"] == "sent" and record["address"] == CHILDREN_DESK
    assert record["address_key"] == "desk:children-england"  # intended: in ``fallback``
    assert record["fallback"] == {
        "desk": "desk:children-england",
        "recipient": "social_care",
        "intended": "unaddressed:social_care",
        "to": "children's social care",
        "reason": "cannot address the letter: no local authority in location",
        "urgency": "immediate",
        "rule": "child_protection",
        "found": True,
    }
    [alert] = rig.published("referral.unaddressed")
    parsed = ReferralUnaddressed.model_validate(alert)
    assert (parsed.outcome, parsed.fallback, parsed.recipient) == (
        "to-desk",
        "desk:children-england",
        "social_care",
    )
    assert parsed.case_ref == case.case_ref and parsed.letter == record["key"]
    assert rig.published("notification.failed") == []
    [sent] = [b for b in rig.published("notification.sent") if b["template"] == "referral"]
    assert sent["address"] == CHILDREN_DESK
    doc = rig.store.get(NotificationCase, case.case_ref)
    assert doc is not None and doc.unaddressed_at is not None


async def test_a_police_referral_with_no_directory_entry_goes_to_the_desk() -> None:
    rig = DeskRig()
    case = routed("dso", location={"establishment": "Nowhere IRC"})
    await rig.event(case, "m-routed")
    before = len(rig.mail.sent)
    await rig.event(referral(case, "criminal_allegation", "police", "prompt"), "m-ref")

    [(email, text)] = rig.mail.sent[before:]
    assert email == DSO_DESK
    assert "Intended recipient: police (police:nowhere-irc)" in text.body
    assert "no entry for police:nowhere-irc in the address directory" in text.body
    assert "right body and ask" in text.body  # not urgent: no "today"
    [alert] = rig.published("referral.unaddressed")
    assert (alert["intended"], alert["urgency"], alert["outcome"]) == (
        "police:nowhere-irc",
        "prompt",
        "to-desk",
    )


async def test_a_referral_that_can_be_addressed_goes_to_its_body_and_raises_no_alert() -> None:
    rig = DeskRig()
    case = routed("children")
    await rig.event(case, "m-routed")
    await rig.event(referral(case, "child_protection", "children's social care"), "m-ref")
    emails = [e for e, t in rig.mail.sent if "Referral" in t.subject]
    assert emails == ["childrens.frontdoor@westshire.example.gov.uk"]
    assert rig.published("referral.unaddressed") == []
    doc = rig.store.get(NotificationCase, case.case_ref)
    assert doc is not None and doc.unaddressed_at is None


async def test_a_redelivered_referral_sends_and_alerts_once() -> None:
    rig = DeskRig()
    case = children_without_la()
    await rig.event(case, "m-routed")
    event = referral(case, "child_protection", "children's social care")
    await rig.event(event, "m-ref")
    await rig.event(event, "m-ref")
    assert [e for e, _ in rig.mail.sent].count(CHILDREN_DESK) == 1
    assert len(rig.published("referral.unaddressed")) == 1


async def test_other_letters_that_cannot_be_addressed_still_fail_without_the_desk() -> None:
    rig = DeskRig()
    case = routed("dso", location={}, consent={"imb_copy": True, "share_with_provider": False})
    await rig.event(case, "m-routed")
    failed = rig.published("notification.failed")
    assert [b["recipient"] for b in failed] == ["imb"]
    assert rig.published("referral.unaddressed") == []
    assert DSO_DESK not in [e for e, _ in rig.mail.sent]


# -- when even the desk is missing ---------------------------------------------------------


async def test_without_the_desk_an_urgent_referral_fails_loudly_and_is_acknowledged(
    caplog: pytest.LogCaptureFixture,
) -> None:
    rig = DeskRig(without_desks())
    case = children_without_la()
    await rig.event(case, "m-routed")
    with caplog.at_level(logging.WARNING, logger="services.notifications.handlers"):
        await rig.event(referral(case, "child_protection", "children's social care"), "m-ref")

    assert CHILDREN_DESK not in [e for e, _ in rig.mail.sent]
    [record] = [r for r in await letters(rig, case.case_ref) if r["template"] == "referral"]
    assert record["status"] == "failed" and record["fallback"]["found"] is False
    assert "no fallback desk desk:children-england" in record["last_error"]
    [failed] = rig.published("notification.failed")
    assert failed["recipient"] == "social_care"
    [alert] = rig.published("referral.unaddressed")
    assert alert["outcome"] == "failed"
    errors = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
    assert any("no fallback desk desk:children-england" in m for m in errors), errors
    assert any("NOT sent, not even to the fallback desk" in m for m in errors), errors

    # The desk added (and the service restarted with it): the letter can be resent there.
    fixed = DeskRig(store=rig.store)
    await fixed.handlers.resend(case.case_ref, record["key"])
    assert [e for e, _ in fixed.mail.sent] == [CHILDREN_DESK]
    assert "Referral for the desk" in fixed.mail.sent[0][1].subject


async def test_a_referral_routing_named_no_recipient_for_goes_to_the_desk() -> None:
    """An event from before routing decided who is told (no ``recipients``): the body is
    never guessed from the words of ``to``; the letter goes to the desk, never nowhere."""
    rig = DeskRig()
    case = children_without_la()
    await rig.event(case, "m-routed")
    await rig.event(referral(case, "", "the Martian embassy", "normal"), "m-ref")  # no exception
    [record] = [r for r in await letters(rig, case.case_ref) if r["template"] == "referral"]
    assert record["status"] == "sent" and record["address"] == CHILDREN_DESK
    assert "routing named no recipient" in record["fallback"]["reason"]
    [alert] = rig.published("referral.unaddressed")
    assert alert["outcome"] == "to-desk" and alert["recipient"] == "referral"


# -- the pure parts ------------------------------------------------------------------------


def test_only_the_referral_letter_itself_is_a_referral_letter() -> None:
    case = routed("children")
    event = referral(case, "child_protection", "children's social care")
    assert is_referral_letter("social_care", event)
    assert not is_referral_letter("police", event)
    assert not is_referral_letter("complainant", event)
    assert not is_referral_letter("social_care", case)


def test_the_desk_note_says_why_and_for_whom_and_keeps_the_letter() -> None:
    letter = RenderedLetter(subject="Referral", body="Dear colleague,\n", sha256="x")
    record = {
        "to": "police",
        "recipient": "police",
        "intended": "police:glenmoor-irc",
        "reason": "no entry for police:glenmoor-irc in the address directory",
        "urgency": "prompt",
    }
    out = desk_note(letter, record)
    assert out.subject == "[Referral for the desk] Referral"
    assert out.body.startswith("FOR THE DUTY DESK")
    assert "Intended recipient: police (police:glenmoor-irc)" in out.body
    assert out.body.endswith("Dear colleague,\n")
    assert out.sha256 == content_sha256(out.subject, out.body)


async def test_the_alert_is_counted_in_the_published_events_metric() -> None:
    rig = DeskRig()
    metrics = ServiceMetrics("notifications", rig.store)
    relay = OutboxRelay(
        rig.publisher,  # type: ignore[arg-type]
        rig.store,
        [NotificationCase],
        on_published=metrics.count_published,
    )
    rig.handlers._relay = relay
    case = children_without_la()
    await rig.event(case, "m-routed")
    await rig.event(referral(case, "child_protection", "children's social care"), "m-ref")
    value = metrics.registry.get_sample_value(
        "complaints_events_published_total",
        {"service": "notifications", "key": "referral.unaddressed"},
    )
    assert value == 1.0


async def test_a_healthcare_referral_without_a_directory_entry_goes_to_the_desk() -> None:
    """DSO: healthcare only, in England, is "referred to local healthcare provider"; routing
    names the healthcare manager on the referral (no copy on routing)."""
    rig = DeskRig()
    case = routed(
        "dso",
        category="healthcare",
        location={"establishment": "Nowhere IRC"},
        aspects=[{"index": 0, "kind": "healthcare", "text": "No doctor.", "officers_named": []}],
    )
    await rig.event(case, "m-routed")
    assert [r for r in await letters(rig, case.case_ref)
            if r["recipient"] == "healthcare_manager"] == []  # fmt: skip
    sent_before = len(rig.mail.sent)
    await rig.event(referral(case, "nhs_provider", "local healthcare provider", "normal"), "m-ref")
    assert [e for e, _ in rig.mail.sent[sent_before:]] == [DSO_DESK]
    [record] = [
        r for r in await letters(rig, case.case_ref) if r["recipient"] == "healthcare_manager"
    ]
    assert record["status"] == "sent" and record["fallback"]["intended"] == "healthcare:nowhere-irc"
    [alert] = rig.published("referral.unaddressed")
    assert (alert["recipient"], alert["outcome"]) == ("healthcare_manager", "to-desk")
