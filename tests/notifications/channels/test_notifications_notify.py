"""NotifyChannel through the official client against a local stand-in for the Notify API."""

from __future__ import annotations

import base64
import json
import threading
from collections.abc import Iterator
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import jwt
import pytest

from services.notifications.adapters.channel import (
    Channel,
    PermanentDeliveryError,
    TransientDeliveryError,
)
from services.notifications.adapters.notify import NotifyChannel
from services.notifications.adapters.pdf import render_pdf
from services.notifications.domain import Address, RenderedLetter
from services.notifications.domain.letters import Attachment
from tests.support.pdf import read_pdf

SERVICE_ID = "26785a09-ab16-4eb0-8407-a37497a57506"
SECRET = "3d844edf-8d35-48ac-975b-e847b4f122b0"
API_KEY = f"complaints_test-{SERVICE_ID}-{SECRET}"
TEMPLATE_ID = "f33517ff-2a88-4f6e-b855-c550268ce08a"
NOTIFICATION_ID = "740e5834-3a29-46b4-9a6f-16142fde533a"

LETTER = RenderedLetter(subject="Copy of complaint DSO-2026-000123/1",
                        body="Dear colleague,\n\nA copy follows.\n", sha256="b" * 64)

ERRORS = {  # recipient -> (status, Notify's documented error body)
    "fail500@example.org": (500, {"errors": [{"error": "Exception",
                                              "message": "Internal server error"}],
                                  "status_code": 500}),
    "bad@example.org": (400, {"errors": [{"error": "BadRequestError", "message":
                                          "Can't send to this recipient using a team-only "
                                          "API key"}], "status_code": 400}),
    "slow@example.org": (429, {"errors": [{"error": "RateLimitError", "message":
                                           "Exceeded rate limit for key type LIVE of 3000 "
                                           "requests per 60 seconds"}], "status_code": 429}),
}


class FakeNotify(BaseHTTPRequestHandler):
    """The part of the Notify API we use: POST /v2/notifications/email."""

    requests: list[dict[str, Any]] = []

    def log_message(self, *args: Any) -> None:  # keep test output quiet
        pass

    def _reply(self, status: int, body: dict[str, Any]) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
        payload = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        auth = self.headers.get("Authorization", "")
        self.requests.append({"path": self.path, "auth": auth, "json": payload})
        if self.path != "/v2/notifications/email":
            return self._reply(404, {"errors": [{"error": "NotFound", "message": "Not found"}],
                                     "status_code": 404})
        try:
            claims = jwt.decode(auth.removeprefix("Bearer "), SECRET, algorithms=["HS256"])
            assert auth.startswith("Bearer ") and claims["iss"] == SERVICE_ID
        except (jwt.PyJWTError, AssertionError, KeyError):
            return self._reply(403, {"errors": [{"error": "AuthError", "message":
                                                 "Invalid token: signature, api token not "
                                                 "found"}], "status_code": 403})
        if payload["email_address"] in ERRORS:
            status, body = ERRORS[payload["email_address"]]
            return self._reply(status, body)
        personalisation = payload.get("personalisation", {})
        self._reply(201, {
            "id": NOTIFICATION_ID,
            "reference": payload.get("reference"),
            "content": {"subject": personalisation.get("subject"),
                        "body": personalisation.get("body"),
                        "from_email": "complaints@notifications.service.gov.uk"},
            "uri": f"http://localhost/v2/notifications/{NOTIFICATION_ID}",
            "template": {"id": payload["template_id"], "version": 1,
                         "uri": f"http://localhost/services/{SERVICE_ID}/templates/"
                                f"{payload['template_id']}"},
        })


@pytest.fixture
def notify_url() -> Iterator[str]:
    FakeNotify.requests = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeNotify)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def channel(url: str, api_key: str = API_KEY) -> NotifyChannel:
    return NotifyChannel(api_key, base_url=url, default_template_id=TEMPLATE_ID, timeout=5)


def test_notify_channel_is_a_channel() -> None:
    assert isinstance(channel("http://127.0.0.1:1"), Channel)


async def test_a_letter_is_sent_with_a_signed_token_and_personalisation(notify_url: str
                                                                        ) -> None:
    address = Address(name="IMB Ashgrove", email="imb.ashgrove@example.gov.uk")
    provider_id = await channel(notify_url).send(address, LETTER, reference="ntf-42")
    assert provider_id == NOTIFICATION_ID
    (request,) = FakeNotify.requests
    assert request["auth"].startswith("Bearer ")
    assert request["json"] == {
        "email_address": "imb.ashgrove@example.gov.uk",
        "template_id": TEMPLATE_ID,
        "personalisation": {"subject": "Copy of complaint DSO-2026-000123/1",
                            "body": "Dear colleague,\n\nA copy follows.\n",
                            "link_to_file": ""},
        "reference": "ntf-42",
    }


async def test_a_large_print_pdf_goes_as_notifys_file_link_and_reads_back(notify_url: str
                                                                         ) -> None:
    """Issue 18: a person who asked for large print gets the large-print PDF with the email;
    Notify sends a file as a link, from the upload in ``((link_to_file))``."""
    pdf = render_pdf(LETTER, reference="DSO-2026-000123", dated=date(2026, 12, 7),
                     recipient=["Amal Haddad"], large_print=True)  # fmt: skip
    attached = LETTER.model_copy(update={"attachments": (Attachment(
        filename=pdf.filename, media_type="application/pdf", data=pdf.data),)})  # fmt: skip
    address = Address(name="Amal Haddad", email="amal.haddad@example.org")
    await channel(notify_url).send(address, attached, reference="ntf-43")
    (request,) = FakeNotify.requests
    upload = request["json"]["personalisation"]["link_to_file"]
    assert (upload["filename"], upload["confirm_email_before_download"]) == (pdf.filename, True)
    back = read_pdf(base64.b64decode(upload["file"]))
    assert back.tagged and back.body_size >= 16, back  # large print: 18 point
    assert "A copy follows." in back.text and "DSO-2026-000123" in back.text
    assert request["json"]["personalisation"]["body"] == LETTER.body


async def test_a_file_notify_cannot_link_fails_before_any_request(notify_url: str) -> None:
    big = LETTER.model_copy(update={"attachments": (Attachment(
        filename="letter.pdf", media_type="application/pdf", data=b"%" * 2_097_153),)})  # fmt: skip
    with pytest.raises(PermanentDeliveryError, match="letter.pdf is 2097153 bytes"):
        await channel(notify_url).send(Address(name="X", email="x@example.org"), big)
    assert FakeNotify.requests == []


async def test_the_addresses_own_template_wins(notify_url: str) -> None:
    own = "0b7a2a7c-6a7e-4c5d-9d2f-1f2e3d4c5b6a"
    address = Address(name="DS Complaints", email="ds@example.gov.uk", notify_template_id=own)
    await channel(notify_url).send(address, LETTER)
    assert FakeNotify.requests[0]["json"]["template_id"] == own


async def test_a_500_is_a_transient_error(notify_url: str) -> None:
    with pytest.raises(TransientDeliveryError, match="500"):
        await channel(notify_url).send(Address(name="X", email="fail500@example.org"), LETTER)


async def test_a_429_is_a_transient_error(notify_url: str) -> None:
    with pytest.raises(TransientDeliveryError, match="429"):
        await channel(notify_url).send(Address(name="X", email="slow@example.org"), LETTER)


async def test_a_400_is_a_permanent_error(notify_url: str) -> None:
    with pytest.raises(PermanentDeliveryError, match="400.*team-only API key"):
        await channel(notify_url).send(Address(name="X", email="bad@example.org"), LETTER)


async def test_a_wrongly_signed_token_is_refused_permanently(notify_url: str) -> None:
    wrong = f"complaints_test-{SERVICE_ID}-00000000-0000-4000-8000-000000000000"
    with pytest.raises(PermanentDeliveryError, match="403"):
        await channel(notify_url, wrong).send(Address(name="X", email="x@example.org"), LETTER)


async def test_no_template_is_a_permanent_error_before_any_request(notify_url: str) -> None:
    bare = NotifyChannel(API_KEY, base_url=notify_url, timeout=5)
    with pytest.raises(PermanentDeliveryError, match="no Notify template"):
        await bare.send(Address(name="X", email="x@example.org"), LETTER)
    assert FakeNotify.requests == []


async def test_an_unreachable_notify_is_a_transient_error() -> None:
    with pytest.raises(TransientDeliveryError, match="503|notify"):
        await channel("http://127.0.0.1:9").send(Address(name="X", email="x@example.org"),
                                                  LETTER)
