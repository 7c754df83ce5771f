"""Paper letters by post through GOV.UK Notify's letter API (a precompiled PDF), with the
official client, against a local HTTP server that speaks Notify's letter endpoint.

That server is a test double of a remote service the tests cannot reach: it checks what
Notify documents for ``POST /v2/notifications/letter`` with a precompiled letter (a JWT
signed with the key's secret, ``reference``, base64 ``content`` that is a PDF, a known
``postage``) and answers as Notify documents (201 with ``id``, ``reference`` and
``postage``; 400, 429 and 500 errors). It is not Notify: a real service key, Notify's own
validation of the PDF's address block and printing are not exercised here."""

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
    PermanentDeliveryError,
    TransientDeliveryError,
)
from services.notifications.adapters.notify_letters import NotifyLetters
from services.notifications.adapters.pdf import render_pdf
from services.notifications.domain.letters import RenderedLetter
from tests.notifications.unit.test_notifications_handlers import Rig
from tests.support.events import lifecycle, routed
from tests.support.pdf import read_pdf

SERVICE_ID = "26785a09-ab16-4eb0-8407-a37497a57506"
SECRET = "3d844edf-8d35-48ac-975b-e847b4f122b0"
API_KEY = f"complaints_test-{SERVICE_ID}-{SECRET}"
NOTIFICATION_ID = "5a1d3b43-8f6e-4c1a-9d7b-2f0c1e9a7b61"
ERRORS = {  # reference -> (status, Notify's documented error body)
    "fail500": (500, {"errors": [{"error": "Exception", "message": "Internal server error"}],
                      "status_code": 500}),
    "slow": (429, {"errors": [{"error": "RateLimitError", "message": "Exceeded rate limit"}],
                   "status_code": 429}),
    "bad": (400, {"errors": [{"error": "BadRequestError", "message":
                              "Cannot send letters when service is in trial mode"}],
                  "status_code": 400}),
}  # fmt: skip


class FakeNotifyLetters(BaseHTTPRequestHandler):
    """POST /v2/notifications/letter, precompiled, as Notify documents it."""

    requests: list[dict[str, Any]] = []

    def log_message(self, *args: Any) -> None:
        pass

    def _reply(self, status: int, body: dict[str, Any]) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self) -> None:  # noqa: N802
        payload = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        auth = self.headers.get("Authorization", "")
        self.requests.append({"path": self.path, "json": payload})
        if self.path != "/v2/notifications/letter":
            return self._reply(404, {"errors": [{"error": "NotFound"}], "status_code": 404})
        try:
            claims = jwt.decode(auth.removeprefix("Bearer "), SECRET, algorithms=["HS256"])
            assert claims["iss"] == SERVICE_ID
        except (jwt.PyJWTError, AssertionError, KeyError):
            return self._reply(403, {"errors": [{"error": "AuthError"}], "status_code": 403})
        reference = payload.get("reference")
        pdf = base64.b64decode(payload.get("content") or "")
        if not reference or not pdf.startswith(b"%PDF-"):
            return self._reply(400, {"errors": [{"error": "ValidationError", "message":
                                                 "reference and a PDF are required"}],
                                     "status_code": 400})  # fmt: skip
        if payload.get("postage", "second") not in ("first", "second", "economy"):
            return self._reply(400, {"errors": [{"error": "ValidationError"}],
                                     "status_code": 400})  # fmt: skip
        if reference in ERRORS:
            return self._reply(*ERRORS[reference])
        self._reply(201, {"id": NOTIFICATION_ID, "reference": reference,
                          "postage": payload.get("postage", "second")})  # fmt: skip


@pytest.fixture
def notify_url() -> Iterator[str]:
    FakeNotifyLetters.requests = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeNotifyLetters)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


PDF = render_pdf(
    RenderedLetter(subject="Your complaint", body="Dear Amal,\n\nThank you.\n", sha256="a"),
    reference="DSO-2026-000001", dated=date(2026, 12, 7),
    recipient=["Amal Haddad", "12 High Street", "WS1 2AB"],
)  # fmt: skip


async def test_a_pdf_goes_to_notify_as_a_precompiled_letter(notify_url: str) -> None:
    post = NotifyLetters(API_KEY, base_url=notify_url, postage="first", timeout=5)
    assert await post.send(PDF, reference="ntf-1") == NOTIFICATION_ID
    [request] = FakeNotifyLetters.requests
    assert request["json"]["reference"] == "ntf-1" and request["json"]["postage"] == "first"
    assert base64.b64decode(request["json"]["content"]) == PDF.data


@pytest.mark.parametrize(
    ("reference", "error"),
    [("fail500", TransientDeliveryError), ("slow", TransientDeliveryError),
     ("bad", PermanentDeliveryError)],
)  # fmt: skip
async def test_notifys_errors_are_transient_or_permanent(notify_url, reference, error) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(error, match="notify-letter: HTTP"):
        await NotifyLetters(API_KEY, base_url=notify_url, timeout=5).send(PDF, reference=reference)


def test_an_unknown_postage_is_refused_at_start() -> None:
    with pytest.raises(ValueError, match="is not a postage"):
        NotifyLetters(API_KEY, postage="carrier-pigeon")


async def test_a_complainant_who_wants_post_gets_the_letter_through_notify(notify_url) -> None:  # type: ignore[no-untyped-def]
    rig = Rig()
    rig.handlers._dispatch._post = NotifyLetters(API_KEY, base_url=notify_url, timeout=5)
    person = {"name": "Amal Haddad", "contact": "amal@example.org", "prefers": "post",
              "address": {"lines": ["12 High Street", "Westshire"], "postcode": "WS1 2AB"},
              "needs": {"formats": ["large-print"]}}  # fmt: skip
    case = routed("dso", complainant=person)
    await rig.event(case, "m-routed")
    await rig.event(lifecycle(case, "acknowledged", target_date="2026-11-30"), "m-ack")
    ack = (await rig.letters(case.case_ref))["acknowledgement:complainant"]
    assert (ack["status"], ack["route"], ack["channel"]) == ("sent", "post", "notify-letter")
    assert ack["provider_id"] == NOTIFICATION_ID
    assert ack["provided"].startswith("large-print PDF") and "GOV.UK Notify" in ack["provided"]
    [request] = FakeNotifyLetters.requests
    back = read_pdf(base64.b64decode(request["json"]["content"]))
    assert back.tagged and "12 High Street" in back.text and "WS1 2AB" in back.text
    assert await rig.handlers.print_queue.list() == []  # nothing for a clerk to print
