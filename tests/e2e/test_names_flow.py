"""Names in any script over the running platform (issue 11): letters carry them as given,
anonymisation finds them, and a letter that cannot go (an officer with no address) fails
alone and loudly while the strand's other letters are delivered."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Stack, submit
from tests.support.faults import dead_letters
from tests.support.grpc_client import Cases, wait_until
from tests.support.submissions import dso_service_delivery

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize(
    ("complainant", "officer"),
    [("李娜", "Иван Петров"), ("فاطمة الزهراء", "Νίκος Παπαδόπουλος"),
     ("Máire Ní Dhomhnaill", "Dafydd ap Gwŷn")],
    ids=["chinese-cyrillic", "arabic-greek", "irish-welsh"],
)
async def test_names_in_any_script_reach_their_letters(
    stack: Stack, complainant: str, officer: str
) -> None:
    contact = f"c{abs(hash(complainant)) % 10**6}@example.org"
    body = dso_service_delivery(
        complainant={"name": complainant, "contact": contact, "detained_person_ref": "HO-1"},
        aspects=[{"kind": "minor-misconduct", "text": f"{officer} shouted at me.",
                  "officers_named": [officer]}],
    )
    reference = await submit(stack, "yarlswood", body)
    cases = Cases(stack.addr("records"), stack.platform)
    try:

        async def settled():  # type: ignore[no-untyped-def]
            case = await cases.get(f"{reference}/1")
            done = {(x.template, x.status) for x in case.letters} if case else set()
            wanted = {("acknowledgement", "sent"), ("copy", "sent"), ("comments_request", "failed")}
            return case if wanted <= done else None

        case = await wait_until(settled, timeout=60)
    finally:
        await cases.close()
    # The officer has no address in the directory: that letter failed, loudly, alone.
    assert [x.status for x in case.letters if x.template == "comments_request"] == ["failed"]
    (ack,) = [m for m in stack.mail() if contact in m["To"]]
    assert complainant in ack.get_content()
    (imb,) = [m for m in stack.mail() if "imb.ashgrove" in m["To"] and reference in m["Subject"]]
    text = imb.get_content()
    assert "Officer A shouted at me." in text and officer not in text
    assert not any((await dead_letters(stack.platform.amqp_url)).values())
