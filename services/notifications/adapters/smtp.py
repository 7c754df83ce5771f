"""Email over SMTP with the standard library, in a worker thread so the event loop never
blocks. Maps SMTP replies to transient (4xx, connection trouble) or permanent (5xx) errors.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import smtplib
import ssl
import threading
from dataclasses import dataclass
from email.message import EmailMessage
from email.policy import default as DEFAULT_POLICY
from email.utils import formataddr, make_msgid

from services.notifications.adapters.channel import (
    DeliveryError,
    PermanentDeliveryError,
    TransientDeliveryError,
)
from services.notifications.domain.directory import Address
from services.notifications.domain.letters import RenderedLetter

# Headers may be up to 998 characters (RFC 5322); this keeps the 64-digit hash on one line.
POLICY = DEFAULT_POLICY.clone(max_line_length=998)
KEY_HEADER = "X-Notification-Key"
SHA_HEADER = "X-Content-SHA256"


@dataclass(frozen=True)
class SmtpSettings:
    """Where and how to send. ``starttls`` upgrades a plain connection before login."""

    host: str
    port: int
    sender: str
    sender_name: str = "Complaints"
    username: str | None = None
    password: str | None = None
    starttls: bool = False
    timeout: float = 10.0


class SmtpChannel:
    """`Channel` over SMTP; the provider id is the message's ``Message-ID``."""

    name = "smtp"

    def __init__(self, settings: SmtpSettings) -> None:
        self._settings = settings
        # Open connections kept between letters (a new one costs a TCP handshake, EHLO,
        # maybe STARTTLS and login, on both sides); letters sent at once use more.
        self._idle: list[smtplib.SMTP] = []
        self._lock = threading.Lock()

    def build_message(
        self, address: Address, rendered: RenderedLetter, *, reference: str | None = None
    ) -> EmailMessage:
        """The email for one letter: plain text, UTF-8, with its key and content hash."""
        s = self._settings
        msg = EmailMessage(policy=POLICY)
        msg["From"] = formataddr((s.sender_name, s.sender))
        msg["To"] = formataddr((address.name, address.email))
        msg["Subject"] = rendered.subject
        domain = s.sender.rpartition("@")[2] or None
        # From the letter's key: the same letter sent twice (notifications died between the
        # mail server taking it and recording that) carries the same Message-ID, by which
        # mail systems drop the copy. SMTP itself is at-least-once.
        msg["Message-ID"] = (
            f"<{hashlib.sha256(reference.encode()).hexdigest()[:40]}@{domain or 'localhost'}>"
            if reference
            else make_msgid(domain=domain)
        )
        msg[SHA_HEADER] = rendered.sha256
        if reference:
            msg[KEY_HEADER] = reference
        msg.set_content(rendered.body)
        return msg

    async def send(
        self, address: Address, rendered: RenderedLetter, *, reference: str | None = None
    ) -> str:
        """Send one letter; raises `TransientDeliveryError` or `PermanentDeliveryError`."""
        msg = self.build_message(address, rendered, reference=reference)
        await asyncio.to_thread(self._send_sync, msg)
        return str(msg["Message-ID"])

    def _connection(self) -> smtplib.SMTP:
        """A kept connection that answers NOOP, or a new one."""
        while True:
            with self._lock:
                client = self._idle.pop() if self._idle else None
            if client is None:
                break
            try:
                if client.noop()[0] == 250:
                    return client
            except (smtplib.SMTPException, OSError):
                pass
            _close(client)
        s = self._settings
        client = smtplib.SMTP(s.host, s.port, timeout=s.timeout)
        try:
            if s.starttls:
                client.starttls(context=ssl.create_default_context())
            if s.username:
                client.login(s.username, s.password or "")
        except BaseException:
            client.close()
            raise
        return client

    def _send_sync(self, msg: EmailMessage) -> None:
        try:
            client = self._connection()
            try:
                refused = client.send_message(msg)
            except BaseException:
                _close(client)  # in an unknown state: the next letter starts afresh
                raise
            with self._lock:
                self._idle.append(client)
        except smtplib.SMTPRecipientsRefused as exc:
            raise _recipients_error(exc.recipients) from exc
        except smtplib.SMTPResponseException as exc:
            raise _reply_error(exc.smtp_code, exc.smtp_error) from exc
        except smtplib.SMTPNotSupportedError as exc:
            raise PermanentDeliveryError(self.name, f"server does not support: {exc}") from exc
        except (smtplib.SMTPException, OSError) as exc:
            raise TransientDeliveryError(self.name, f"{type(exc).__name__}: {exc}") from exc
        if refused:  # only some recipients refused; we send to one, so this is defensive
            raise _recipients_error(refused)


def _close(client: smtplib.SMTP) -> None:
    with contextlib.suppress(smtplib.SMTPException, OSError):
        client.quit()
    client.close()


def _text(raw: bytes | str) -> str:
    return raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw


def _reply_error(code: int, message: bytes | str) -> DeliveryError:
    text = f"SMTP {code} {_text(message)}"
    return (
        PermanentDeliveryError("smtp", text)
        if code >= 500
        else TransientDeliveryError("smtp", text)
    )


def _recipients_error(refused: dict[str, tuple[int, bytes]]) -> DeliveryError:
    codes = [code for code, _ in refused.values()]
    detail = "; ".join(f"{rcpt}: {code} {_text(msg)}" for rcpt, (code, msg) in refused.items())
    cls = PermanentDeliveryError if codes and min(codes) >= 500 else TransientDeliveryError
    return cls("smtp", f"recipient refused: {detail}")
