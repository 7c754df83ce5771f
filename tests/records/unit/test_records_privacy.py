"""Data protection on a file, retention, and contact restrictions (pure)."""

from __future__ import annotations

from datetime import date

import pytest

from services.records.domain.commands import (
    AddCorrespondence,
    Close,
    EntryKind,
    EraseOrRedact,
    Outcome,
    RecordResponse,
    RedactMode,
    Restrict,
    RestrictionKind,
    RestrictOp,
)
from services.records.domain.errors import InvalidField, Refusal
from services.records.domain.privacy import GONE, scrub_submission
from services.records.domain.retention import RetentionRule, expired
from tests.records.unit.fakes import routed, run

D = date(2026, 11, 10)


def worked_and_closed():  # type: ignore[no-untyped-def]
    case = routed("spso", "frontline_response", officers=("Officer Grey",))
    run(case, AddCorrespondence(kind=EntryKind.LETTER, summary="Dear Jo", party="Jo"), D)
    run(case, RecordResponse(outcome=Outcome.UPHELD, summary="Sorry, Jo"), D)
    run(case, Close(), D)
    return case


def test_redact_named_items_only_and_record_it() -> None:
    case = worked_and_closed()
    run(case, EraseOrRedact(mode=RedactMode.REDACT, reason="wrong person", items=("entry:E1",)), D)
    assert case.entries[0]["summary"] == GONE and case.entries[0]["kind"] == "letter"
    assert case.subject == "Missed visits"
    assert case.history[-1]["summary"] == "Redacted entry:E1: wrong person"
    with pytest.raises(InvalidField, match="'entry:E9' is not in this file"):
        run(case, EraseOrRedact(mode=RedactMode.REDACT, reason="x", items=("entry:E9",)), D)


def test_anonymise_keeps_the_statistics() -> None:
    case = worked_and_closed()
    run(case, Restrict(kind=RestrictionKind.NAMED_CONTACT, reasons=("threats to Ms Pike",),
                       review_on=date(2027, 1, 1)), D)  # fmt: skip
    run(case, EraseOrRedact(mode=RedactMode.ANONYMISE, reason="retention"), D)
    assert "Pike" not in str(case.history) and "Pike" not in str(case.restrictions)
    assert case.subject == GONE and case.complainant == {"is_child": False, "anonymised": True}
    assert case.aspects == [{"kind": "service-delivery"}]
    assert case.stages[0]["outcome"] == "upheld" and "summary" not in case.stages[0]
    assert all("Jo" not in str(h.get("data")) for h in case.history)
    assert case.data_protection == "anonymised" and case.entries[0]["summary"] == GONE


def test_erase_only_a_finished_file() -> None:
    case = routed("spso", "frontline_response")
    with pytest.raises(Refusal, match="only a closed or merged file may be erased"):
        run(case, EraseOrRedact(mode=RedactMode.ERASE, reason="x"), D)
    case = worked_and_closed()
    run(case, EraseOrRedact(mode=RedactMode.ERASE, reason="retention"), D)
    assert case.entries == [] and case.data_protection == "erased"
    assert set(case.history[0]) == {"at", "type", "message_id"}
    assert case.history[-1]["summary"].startswith("Erased, statistics kept")


def test_scrub_submission() -> None:
    sub = {"subject": "s", "complainant": {"name": "Jo", "is_child": True}, "channel": "email"}
    assert scrub_submission(sub, None) == {
        "subject": GONE, "complainant": {"is_child": True, "anonymised": True}, "channel": "email"
    }  # fmt: skip
    assert scrub_submission(sub, ("subject",))["complainant"]["name"] == "Jo"


def test_retention_per_procedure() -> None:
    rules = {"children": RetentionRule(years=10), "dso": RetentionRule(years=2, action="erase")}
    files = [
        ("A/1", "dso", date(2020, 1, 31), None),
        ("B/1", "children", date(2020, 1, 31), None),
        ("C/1", "hmip", date(2020, 1, 31), None),  # the default: 6 years
        ("D/1", "dso", date(2020, 1, 31), "anonymised"),  # still due for erasure
        ("E/1", "hmip", date(2019, 1, 31), "anonymised"),  # done
        ("F/1", "hmip", None, None),  # still being worked
    ]
    out = expired(files, rules, RetentionRule(), as_of=date(2026, 1, 31))
    assert [(e.case_ref, e.expires_on, e.action) for e in out] == [
        ("A/1", date(2022, 1, 31), "erase"),
        ("D/1", date(2022, 1, 31), "erase"),
        ("C/1", date(2026, 1, 31), "anonymise"),
    ]


def impose(**kw) -> Restrict:  # type: ignore[no-untyped-def]
    base = dict(
        kind=RestrictionKind.CONTACT_METHOD, reasons=("abusive calls",), review_on=date(2027, 2, 1)
    )
    return Restrict(**{**base, **kw})  # type: ignore[arg-type]


def test_restrictions_are_evidenced_reviewed_and_appealable() -> None:
    case = routed("spso", "frontline_response")
    with pytest.raises(InvalidField, match="review_on"):
        run(case, impose(review_on=None), D)
    with pytest.raises(InvalidField, match="approved_by"):
        run(case, impose(kind=RestrictionKind.ACCESS_TO_PROCEDURE), D)
    assert run(case, impose(kind=RestrictionKind.ACCESS_TO_PROCEDURE, approved_by="mgr"), D) == [
        "case.restricted"
    ]
    assert case.restrictions[0]["signpost"] == "Scottish Public Services Ombudsman (SPSO)"
    assert case.status == "open"  # a restriction is a fact, not a state
    run(case, Restrict(op=RestrictOp.APPEAL, restriction_id="R1", note="unfair"), D)
    with pytest.raises(Refusal, match="already has an appeal pending"):
        run(case, Restrict(op=RestrictOp.APPEAL, restriction_id="R1"), D)
    run(case, Restrict(op=RestrictOp.DECIDE_APPEAL, restriction_id="R1", outcome="upheld"), D)
    assert case.restrictions[0]["status"] == "lifted"
    with pytest.raises(Refusal, match="R1 is lifted"):
        run(case, Restrict(op=RestrictOp.REVIEW, restriction_id="R1", outcome="continue"), D)
