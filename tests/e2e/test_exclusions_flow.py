"""Exclusions end to end: everyone the procedures name is told, whatever becomes of the
complaint (issue 11). Each scenario runs over the whole platform and asserts the letters
actually delivered (SMTP sink), the excluded case file, and that no DLQ holds anything."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.conftest import Stack, submit
from tests.support.faults import dead_letters
from tests.support.grpc_client import Cases, wait_until
from tests.support.submissions import children_child_protection, dso_service_delivery

pytestmark = pytest.mark.e2e


async def _file_with_letter(stack: Stack, ref: str, template: str) -> Any:
    cases = Cases(stack.addr("records"), stack.platform)
    try:

        async def filed():  # type: ignore[no-untyped-def]
            case = await cases.get(ref)
            ok = case and any(x.template == template and x.status == "sent" for x in case.letters)
            return case if ok else None

        return await wait_until(filed, timeout=60)
    finally:
        await cases.close()


def _mail_to(stack: Stack, who: str) -> list[Any]:
    return [m for m in stack.mail() if who in m["To"]]


def _hmip(**overrides: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "procedure": "hmip",
        "incident_date": "2026-10-30",
        "complainant": {"name": "Siân Ó Briain", "contact": "sian.obriain@example.org"},
        "subject": "Inspection of the Cardiff probation office",
        "aspects": [{"kind": "service-delivery", "text": "The inspectors ignored my evidence."}],
        "location": {},
    }
    return dso_service_delivery(**{**fields, **overrides})


async def test_a_whole_exclusion_is_answered_and_filed_as_excluded(stack: Stack) -> None:
    """Seed 001 §3: "If we cannot deal with your matter, we will write to you to explain
    why" (a third party not directly involved)."""
    reference = await submit(stack, "hmip-partner", _hmip(third_party=True))
    case = await _file_with_letter(stack, f"{reference}/1", "exclusion")
    assert case.status == "excluded"
    assert not case.clocks  # nothing runs on an excluded complaint
    (letter,) = _mail_to(stack, "sian.obriain")
    text = letter.get_content()
    assert "cannot deal with it" in letter["Subject"]
    assert "third party not directly involved" in text
    assert "organisation that was inspected" in text  # where to go instead
    assert not any((await dead_letters(stack.platform.amqp_url)).values())


async def test_a_partly_excluded_complaint_goes_ahead_and_the_rest_is_explained(
    stack: Stack,
) -> None:
    """Seed 001 §3: disagreement with published policy is not dealt with; the rest is."""
    body = _hmip(
        aspects=[
            {"kind": "service-delivery", "text": "The inspector was rude to me."},
            {"kind": "policy", "text": "Your rating methodology is unfair."},
        ]
    )
    reference = await submit(stack, "hmip-partner", body)
    case = await _file_with_letter(stack, f"{reference}/1", "exclusion")
    assert case.status != "excluded"
    letters = _mail_to(stack, "sian.obriain")
    (explained,) = [m for m in letters if "points we cannot deal with" in m["Subject"]]
    text = explained.get_content()
    assert "Your rating methodology is unfair." in text
    assert "The inspector was rude to me." not in text
    assert "public consultation" in text


async def test_restricted_access_is_signposted_to_the_spso(stack: Stack) -> None:
    """Seed 002 ¶11: "Where access to the complaint process is restricted, we must signpost
    the customer/service user to the SPSO"."""
    body = dso_service_delivery(
        procedure="spso",
        nation="scotland",
        access_restricted=True,
        complainant={"name": "Mhairi MacLeod", "contact": "mhairi@example.org"},
        subject="Care package reduced",
        aspects=[{"kind": "service-delivery", "text": "My care hours were cut."}],
        location={},
    )
    reference = await submit(stack, "inverclyde", body)
    case = await _file_with_letter(stack, f"{reference}/1", "exclusion")
    assert case.status == "excluded"
    texts = [m.get_content() for m in _mail_to(stack, "mhairi")]
    assert any("Scottish Public Services Ombudsman" in t and "What you can do" in t for t in texts)
    assert not any((await dead_letters(stack.platform.amqp_url)).values())


async def test_a_child_protection_concern_is_referred_even_when_the_complaint_is_out_of_time(
    stack: Stack,
) -> None:
    """Seed 004: a welfare concern is "referred immediately", whatever becomes of the
    complaint; the complaint, lodged over 12 months late, is answered with the reason."""
    body = children_child_protection(incident_date="2025-06-01")
    reference = await submit(stack, "westshire", body)
    case = await _file_with_letter(stack, f"{reference}/1", "exclusion")
    assert case.status == "excluded"
    await _file_with_letter(stack, f"{reference}/1", "referral")
    social_care = [m for m in stack.mail() if "bruises" in m.get_content()]
    assert social_care, "the child-protection referral was not delivered"
    (answer,) = [m for m in _mail_to(stack, "jordan.b") if "cannot deal" in m["Subject"]]
    assert "12 months" in answer.get_content()
    assert not any((await dead_letters(stack.platform.amqp_url)).values())


async def test_a_school_aspect_goes_to_the_school_and_the_rest_of_the_complaint_ahead(
    stack: Stack,
) -> None:
    """Seed 004: "Complaints against schools are referred to the school in the first
    instance"; an exemption at the level of the aspect leaves the rest in scope."""
    body = children_child_protection(
        complainant={"name": "Jordan", "is_child": True, "contact": "jordan.school@example.org"},
        aspects=[
            {"kind": "service-delivery", "text": "My social worker missed three visits."},
            {"kind": "service-delivery", "text": "My teacher shouted at me in class.",
             "about_school": True},
        ],
    )
    reference = await submit(stack, "westshire", body)
    case = await _file_with_letter(stack, f"{reference}/1", "exclusion")
    assert case.status != "excluded"
    await _file_with_letter(stack, f"{reference}/1", "referral")
    (school,) = [m for m in stack.mail() if "teacher shouted" in m.get_content()
                 and "jordan.school" not in m["To"]]
    assert "missed three visits" not in school.get_content()  # the school hears its part
    (answer,) = [m for m in _mail_to(stack, "jordan.school") if "cannot deal" in m["Subject"]]
    assert "My teacher shouted at me in class." in answer.get_content()
    assert "School Complaints Officer" in answer.get_content()
    assert not any((await dead_letters(stack.platform.amqp_url)).values())
