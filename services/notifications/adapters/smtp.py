"""Email over SMTP with the standard library, in a worker thread so the event loop never
blocks. Maps SMTP replies to transient (4xx, connection trouble) or permanent (5xx) errors.

Headers are built from `email.headerregistry.Address`, never from text: a display name
loses its control characters (a name is shown, never parsed) and an address that is not
exactly one ``local@domain`` is refused as a permanent error, so nothing a complainant
typed can add a header or a recipient.

Delivery semantics (docs/operations.md, "Delivery semantics"): the SMTP transaction is
driven step by step so that the one moment a letter can be taken without our knowing it
is known. Anything that fails before the final ``.`` of DATA is on its way left the
server with nothing (transient or permanent, by its reply). Once the final ``.`` is sent,
only the server's reply says whether it took the letter: 250 is sent, 4xx/5xx is not;
no reply within the letter's time budget (``send_within_s``, shorter than the lease) is
`InDoubtDeliveryError`: not retried, for an operator to check and resend, because a retry
could deliver a second copy.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import re
import smtplib
import ssl
import threading
import time
import unicodedata
from dataclasses import dataclass
from email.errors import HeaderParseError
from email.generator import BytesGenerator
from email.headerregistry import Address as MailAddress
from email.message import EmailMessage
from email.policy import default as DEFAULT_POLICY
from email.utils import make_msgid
from io import BytesIO

from services.notifications.adapters.channel import (
    DeliveryError,
    InDoubtDeliveryError,
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
    # Each command's reply (connect, EHLO, MAIL, RCPT, DATA) within ``timeout``.
    timeout: float = 10.0
    # One letter, end to end, within ``send_within_s``: the reply to its final ``.`` is
    # awaited for whatever is left of it (RFC 5321 asks senders to be patient there),
    # and it must stay shorter than the lease the letter is sent under.
    send_within_s: float = 45.0


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
        msg["From"] = mailbox(s.sender_name, s.sender, field="sender")
        msg["To"] = mailbox(address.name, address.email, field="recipient")
        msg["Subject"] = one_line(rendered.subject)
        domain = s.sender.rpartition("@")[2] or None
        # From the letter's key: the same letter sent twice (notifications died between the
        # mail server taking it and recording that) carries the same Message-ID, by which
        # mail systems drop the copy (docs/operations.md, "Delivery semantics").
        msg["Message-ID"] = (
            f"<{hashlib.sha256(reference.encode()).hexdigest()[:40]}@{domain or 'localhost'}>"
            if reference
            else make_msgid(domain=domain)
        )
        msg[SHA_HEADER] = rendered.sha256
        if reference:
            msg[KEY_HEADER] = reference
        msg.set_content(rendered.body)
        for item in rendered.attachments:
            main, _, sub = item.media_type.partition("/")
            msg.add_attachment(item.data, maintype=main, subtype=sub, filename=item.filename)
        return msg

    @property
    def send_within_s(self) -> float:
        """The longest one letter's send can take (the handler's lease must be longer)."""
        return self._settings.send_within_s

    async def send(
        self, address: Address, rendered: RenderedLetter, *, reference: str | None = None
    ) -> str:
        """Send one letter; raises `TransientDeliveryError`, `PermanentDeliveryError` (an
        address or name that cannot be put in a header, among others) or
        `InDoubtDeliveryError`."""
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
        deadline = time.monotonic() + self._settings.send_within_s
        try:
            client = self._connection()
            try:
                self._transaction(client, msg, deadline)
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

    def _transaction(self, client: smtplib.SMTP, msg: EmailMessage, deadline: float) -> None:
        """MAIL, RCPT, DATA for one letter; the final reply awaited until ``deadline``."""
        recipient = msg["To"].addresses[0].addr_spec
        data = _flatten(msg)
        client.ehlo_or_helo_if_needed()
        code, reply = client.mail(msg["From"].addresses[0].addr_spec)
        if code != 250:
            raise smtplib.SMTPSenderRefused(code, reply, msg["From"])
        code, reply = client.rcpt(recipient)
        if code not in (250, 251):
            raise smtplib.SMTPRecipientsRefused({recipient: (code, reply)})
        client.putcmd("data")
        code, reply = client.getreply()
        if code != 354:
            raise smtplib.SMTPDataError(code, reply)
        left = deadline - time.monotonic()
        if left < 1.0:  # no time to hear the answer: stop before the server has a letter
            raise smtplib.SMTPServerDisconnected(
                f"no time left of {self._settings.send_within_s} s for the letter; not sent"
            )
        client.send(data)  # a failure here leaves the final "." unsent: nothing delivered
        # From here only the reply says whether the server took the letter.
        sock = client.sock
        try:
            if sock is not None:
                sock.settimeout(max(deadline - time.monotonic(), 1.0))
            code, reply = client.getreply()
        except (smtplib.SMTPServerDisconnected, OSError) as exc:
            raise InDoubtDeliveryError(
                self.name,
                f"no reply to the end of the letter within {self._settings.send_within_s} s "
                f"({exc}): the mail server may have taken it; look for Message-ID "
                f"{msg['Message-ID']} in its log before resending",
            ) from exc
        finally:
            if sock is not None and client.sock is sock:
                sock.settimeout(self._settings.timeout)
        if code != 250:
            raise smtplib.SMTPDataError(code, reply)


def one_line(text: str) -> str:
    """``text`` with every control character (CR, LF, TAB, NUL...) and line or paragraph
    separator made a space: what a header may carry of a name or a subject."""
    return " ".join(
        "".join(" " if unicodedata.category(c) in ("Cc", "Zl", "Zp") else c for c in text).split()
    )


def mailbox(name: str, email: str, *, field: str) -> MailAddress:
    """The header value for ``name <email>``: the name made one line, the address parsed
    by the standard library and refused (`PermanentDeliveryError`) unless it is exactly
    one ``local@domain``."""
    if any(unicodedata.category(c) in ("Cc", "Zl", "Zp") for c in email):
        raise PermanentDeliveryError(
            "smtp", f"{field} address {email!r}: control characters are not allowed"
        )
    try:
        parsed = MailAddress(display_name=one_line(name), addr_spec=email.strip())
    except (ValueError, HeaderParseError) as exc:
        raise PermanentDeliveryError(
            "smtp", f"{field} address {email!r} is not one email address ({exc})"
        ) from exc
    if not parsed.addr_spec.isascii():
        raise PermanentDeliveryError(
            "smtp", f"{field} address {email!r}: only ASCII addresses can be sent to"
        )
    if not parsed.username or not parsed.domain:
        raise PermanentDeliveryError(
            "smtp", f"{field} address {email!r} is not one email address (local@domain)"
        )
    return parsed


_LEADING_DOT = re.compile(rb"(?m)^\.")


def _flatten(msg: EmailMessage) -> bytes:
    """The DATA payload: CRLF lines, leading dots doubled, ending with CRLF.CRLF."""
    out = BytesIO()
    BytesGenerator(out).flatten(msg, linesep="\r\n")
    data = _LEADING_DOT.sub(b"..", out.getvalue())
    if not data.endswith(b"\r\n"):
        data += b"\r\n"
    return data + b".\r\n"


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
