"""The delivery channel protocol and its two kinds of failure.

A channel sends one rendered letter to one address and returns the provider's id for it
(an SMTP Message-ID, a GOV.UK Notify notification id). A `TransientDeliveryError` may
succeed if retried later (timeouts, 4xx SMTP replies, Notify 429/5xx); a
`PermanentDeliveryError` will not (a refused recipient, a bad request, bad credentials) and
should be recorded as ``notification.failed`` without retrying. An `InDoubtDeliveryError`
is a permanent one of a kind: the provider may have taken the letter but never said so
(no reply to the end of an SMTP DATA); a retry could send it twice, so it is not retried
but failed for an operator to check and resend.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from services.notifications.domain.directory import Address
from services.notifications.domain.letters import RenderedLetter


class DeliveryError(Exception):
    """A letter could not be delivered. ``permanent`` says whether retrying can help."""

    permanent: bool = False

    def __init__(self, channel: str, message: str) -> None:
        super().__init__(f"{channel}: {message}")
        self.channel = channel


class TransientDeliveryError(DeliveryError):
    """Retry later: the provider was unreachable, slow, busy or asked us to try again."""

    permanent = False


class PermanentDeliveryError(DeliveryError):
    """Do not retry: the provider refused this letter, recipient or configuration."""

    permanent = True


class InDoubtDeliveryError(PermanentDeliveryError):
    """Do not retry: the provider may have taken the letter; an operator checks first."""


@runtime_checkable
class Channel(Protocol):
    """Sends rendered letters. ``reference`` is the letter's idempotency key, passed to the
    provider where it can keep one (Notify ``reference``, an SMTP header)."""

    name: str

    async def send(
        self, address: Address, rendered: RenderedLetter, *, reference: str | None = None
    ) -> str:
        """Deliver ``rendered`` to ``address``; return the provider's id for it."""
        ...
