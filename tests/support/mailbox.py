"""The messages an SMTP sink wrote to a folder (``devstack.smtp_sink``), oldest first."""

from __future__ import annotations

from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path


def mail(directory: Path) -> list[EmailMessage]:
    return [
        message_from_bytes(f.read_bytes(), policy=policy.default)  # type: ignore[misc]
        for f in sorted(directory.glob("*.eml"))
    ]
