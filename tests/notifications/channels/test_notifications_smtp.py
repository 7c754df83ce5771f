"""SmtpChannel against a real local SMTP server (aiosmtpd) on 127.0.0.1."""

from __future__ import annotations

import email
import socket
from collections.abc import Iterator
from email.message import EmailMessage
from email.policy import default
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from services.notifications.adapters.channel import (
    Channel,
    InDoubtDeliveryError,
    PermanentDeliveryError,
    TransientDeliveryError,
)
from services.notifications.adapters.smtp import SmtpChannel, SmtpSettings
from services.notifications.domain import Address, RenderedLetter

LETTER = RenderedLetter(
    subject="Your complaint DSO-2026-000123/1: acknowledgement",
    body="Dear Ade Okafor,\n\nWe received your complaint on 2 March 2026 – £20 refund noted.\n",
    sha256="a" * 64,
)


class Recorder:
    """Accepts mail, except for recipients that ask to be refused or deferred."""

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], EmailMessage]] = []

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: list[str]
    ) -> str:
        if address.startswith("refuse@"):
            return "550 5.1.1 Mailbox does not exist"
        if address.startswith("busy@"):
            return "451 4.3.0 Mailbox temporarily unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = email.message_from_bytes(envelope.content, policy=default)
        self.messages.append((list(envelope.rcpt_tos), message))  # type: ignore[arg-type]
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def smtp_server() -> Iterator[tuple[Recorder, int]]:
    recorder = Recorder()
    port = free_port()
    controller = Controller(recorder, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield recorder, port
    finally:
        controller.stop()


def channel(port: int) -> SmtpChannel:
    return SmtpChannel(
        SmtpSettings(
            host="127.0.0.1",
            port=port,
            sender="complaints@platform.example.gov.uk",
            sender_name="DSO Complaints",
            timeout=5,
        )
    )


def test_smtp_channel_is_a_channel() -> None:
    assert isinstance(channel(25), Channel)


async def test_a_letter_arrives_with_its_subject_body_and_key(smtp_server) -> None:  # type: ignore[no-untyped-def]
    recorder, port = smtp_server
    address = Address(name="Ade Okafor", email="ade.okafor@example.org")
    provider_id = await channel(port).send(address, LETTER, reference="ntf-1234")
    assert len(recorder.messages) == 1
    rcpts, message = recorder.messages[0]
    assert rcpts == ["ade.okafor@example.org"]
    assert message["To"] == "Ade Okafor <ade.okafor@example.org>"
    assert message["From"] == "DSO Complaints <complaints@platform.example.gov.uk>"
    assert message["Subject"] == "Your complaint DSO-2026-000123/1: acknowledgement"
    assert message["X-Notification-Key"] == "ntf-1234"
    assert message["X-Content-SHA256"] == "a" * 64
    # SMTP carries lines ending CRLF (RFC 5321); the text itself is unchanged.
    assert message.get_content().replace("\r\n", "\n") == LETTER.body
    assert provider_id == message["Message-ID"]
    assert provider_id.endswith("@platform.example.gov.uk>")
    # The same letter sent again (a crash before its outcome was recorded) has the same
    # Message-ID, by which mail systems drop the copy; another letter has another.
    again = await channel(port).send(address, LETTER, reference="ntf-1234")
    other = await channel(port).send(address, LETTER, reference="ntf-5678")
    assert again == provider_id != other


async def test_a_refused_recipient_is_a_permanent_error(smtp_server) -> None:  # type: ignore[no-untyped-def]
    recorder, port = smtp_server
    with pytest.raises(PermanentDeliveryError, match="550"):
        await channel(port).send(Address(name="X", email="refuse@example.org"), LETTER)
    assert recorder.messages == []


async def test_a_deferred_recipient_is_a_transient_error(smtp_server) -> None:  # type: ignore[no-untyped-def]
    recorder, port = smtp_server
    with pytest.raises(TransientDeliveryError, match="451"):
        await channel(port).send(Address(name="X", email="busy@example.org"), LETTER)
    assert recorder.messages == []


async def test_no_server_is_a_transient_error() -> None:
    with pytest.raises(TransientDeliveryError, match="smtp"):
        await channel(free_port()).send(Address(name="X", email="x@example.org"), LETTER)


class Sessions(Recorder):
    """Counts the SMTP sessions (EHLO/HELO) letters arrive in."""

    def __init__(self) -> None:
        super().__init__()
        self.sessions = 0

    async def handle_EHLO(
        self, server: Any, session: Any, envelope: Any, hostname: str, responses: list[str]
    ) -> list[str]:
        self.sessions += 1
        session.host_name = hostname
        return responses


async def test_letters_share_one_connection_and_a_dropped_one_is_replaced() -> None:
    recorder, port = Sessions(), free_port()
    controller = Controller(recorder, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        ch = channel(port)
        for n in range(3):
            await ch.send(Address(name="Ade", email=f"ade{n}@example.org"), LETTER)
        assert len(recorder.messages) == 3 and recorder.sessions == 1
        # The server goes away and comes back: the kept connection is dead; the next
        # letter goes once, on a new connection.
        controller.stop()
        controller = Controller(recorder, hostname="127.0.0.1", port=port)
        controller.start()
        await ch.send(Address(name="Ade", email="ade9@example.org"), LETTER)
        assert len(recorder.messages) == 4 and recorder.sessions == 2
    finally:
        controller.stop()


async def test_a_name_with_line_breaks_cannot_add_a_header_or_a_recipient(smtp_server) -> None:  # type: ignore[no-untyped-def]
    recorder, port = smtp_server
    name = "Eve\r\nBcc: mallory@example.org\r\nX-Evil: 1"
    await channel(port).send(Address(name=name, email="eve@example.org"), LETTER)
    [(rcpts, message)] = recorder.messages
    assert rcpts == ["eve@example.org"]
    assert message["Bcc"] is None and message["X-Evil"] is None
    assert str(message["To"]) == '"Eve Bcc: mallory@example.org X-Evil: 1" <eve@example.org>'
    assert [a.addr_spec for a in message["To"].addresses] == ["eve@example.org"]


@pytest.mark.parametrize(
    ("email", "why"),
    [
        ("a@example.org,b@example.org", "is not one email address"),
        ("a@example.org>", "is not one email address"),
        ("eve@example.org\r\nBcc: mallory@example.org", "control characters"),
        ("nobody", "is not one email address"),
        ("a@", "is not one email address"),
    ],
)
async def test_an_address_that_is_not_exactly_one_is_refused_before_any_connection(
    email: str, why: str
) -> None:
    # no server on this port: a refusal that came from SMTP would be transient
    with pytest.raises(PermanentDeliveryError, match=f"recipient address .* {why}"):
        await channel(free_port()).send(Address.model_construct(name="X", email=email), LETTER)


class SlowToAnswer(Recorder):
    """Takes the letter, then answers the final dot ``delay`` seconds later."""

    def __init__(self, delay: float) -> None:
        super().__init__()
        self.delay = delay

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        import asyncio

        reply = await super().handle_DATA(server, session, envelope)
        await asyncio.sleep(self.delay)
        return reply


@pytest.fixture
def slow_server(request: pytest.FixtureRequest) -> Iterator[tuple[SlowToAnswer, int]]:
    recorder, port = SlowToAnswer(request.param), free_port()
    controller = Controller(recorder, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield recorder, port
    finally:
        controller.stop()


def patient(port: int, *, timeout: float, within: float) -> SmtpChannel:
    return SmtpChannel(
        SmtpSettings(
            host="127.0.0.1",
            port=port,
            sender="c@example.gov.uk",
            timeout=timeout,
            send_within_s=within,
        )
    )


@pytest.mark.parametrize("slow_server", [1.5], indirect=True)
async def test_a_slow_reply_to_the_final_dot_is_awaited_past_the_command_timeout(
    slow_server,  # type: ignore[no-untyped-def]
) -> None:
    """A paused mail server: the letter is sent once, not timed out and sent again."""
    recorder, port = slow_server
    await patient(port, timeout=0.5, within=5).send(
        Address(name="A", email="a@example.org"), LETTER
    )
    assert len(recorder.messages) == 1


@pytest.mark.parametrize("slow_server", [3.0], indirect=True)
async def test_no_reply_to_the_final_dot_within_the_budget_is_in_doubt(slow_server) -> None:  # type: ignore[no-untyped-def]
    recorder, port = slow_server
    with pytest.raises(InDoubtDeliveryError, match="may have taken it; look for Message-ID <"):
        await patient(port, timeout=0.5, within=1.5).send(
            Address(name="A", email="a@example.org"), LETTER, reference="ntf-1"
        )
    assert len(recorder.messages) == 1  # it had: a retry would have sent a copy
    assert issubclass(InDoubtDeliveryError, PermanentDeliveryError)  # so it is not retried
