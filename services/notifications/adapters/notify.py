"""GOV.UK Notify email through the official client, in a worker thread.

The Notify template is expected to be ``((subject))`` / ``((body))`` / ``((link_to_file))``:
the letter is rendered here and passed as personalisation. A letter with a file (the
large-print PDF of a letter to a person who asked for large print, issue 18) sends it as
Notify sends files, by a link in ``((link_to_file))`` (the client's `prepare_upload`; Notify
keeps it 26 weeks and asks for the person's email address before the download); a letter
without one passes an empty ``link_to_file``. The letter's idempotency key goes in Notify's
``reference``. HTTP 429 and 5xx (and no response at all) are transient; other 4xx replies
(bad request, bad key) are permanent.
"""

from __future__ import annotations

import asyncio
import io
from collections.abc import Callable
from typing import Any

from notifications_python_client import prepare_upload
from notifications_python_client.errors import APIError, InvalidResponse, TokenError
from notifications_python_client.notifications import NotificationsAPIClient
from notifications_python_client.utils import DOCUMENT_UPLOAD_SIZE_LIMIT

from services.notifications.adapters.channel import (
    PermanentDeliveryError,
    TransientDeliveryError,
)
from services.notifications.domain.directory import Address
from services.notifications.domain.letters import RenderedLetter

DEFAULT_BASE_URL = "https://api.notifications.service.gov.uk"
# The Notify template's placeholder for a letter's file (its large-print PDF).
FILE_PLACEHOLDER = "link_to_file"


class NotifyChannel:
    """`Channel` over GOV.UK Notify; the provider id is Notify's notification id."""

    name = "notify"

    def __init__(
        self,
        api_key: str,
        *,
        base_url: str = DEFAULT_BASE_URL,
        default_template_id: str | None = None,
        timeout: float = 10.0,
        client_factory: Callable[..., NotificationsAPIClient] = NotificationsAPIClient,
    ) -> None:
        self._api_key = api_key
        self._base_url = base_url
        self._default_template_id = default_template_id
        self._timeout = timeout
        self._client_factory = client_factory

    async def send(
        self, address: Address, rendered: RenderedLetter, *, reference: str | None = None
    ) -> str:
        """Send one letter; raises `TransientDeliveryError` or `PermanentDeliveryError`."""
        template_id = address.notify_template_id or self._default_template_id
        if not template_id:
            raise PermanentDeliveryError(
                self.name,
                f"no Notify template for {address.name}: set notify_template_id "
                "in the directory or a default template id",
            )
        if len(rendered.attachments) > 1:
            raise PermanentDeliveryError(
                self.name, f"Notify links one file per email; the letter has "
                f"{len(rendered.attachments)}"
            )  # fmt: skip
        for item in rendered.attachments:
            if len(item.data) > DOCUMENT_UPLOAD_SIZE_LIMIT:
                raise PermanentDeliveryError(
                    self.name, f"{item.filename} is {len(item.data)} bytes; Notify links files "
                    f"of up to {DOCUMENT_UPLOAD_SIZE_LIMIT} bytes"
                )  # fmt: skip
        reply = await asyncio.to_thread(
            self._send_sync, address.email, template_id, rendered, reference
        )
        notification_id = reply.get("id") if isinstance(reply, dict) else None
        if not notification_id:
            raise PermanentDeliveryError(
                self.name,
                "Notify accepted the request but returned no id; check Notify before resending",
            )
        return str(notification_id)

    def _send_sync(
        self, email: str, template_id: str, rendered: RenderedLetter, reference: str | None
    ) -> Any:
        # The client is not thread-safe: one per call, created in the worker thread.
        try:
            client = self._client_factory(
                self._api_key, base_url=self._base_url, timeout=self._timeout
            )
            return client.send_email_notification(
                email_address=email,
                template_id=template_id,
                personalisation=personalisation(rendered),
                reference=reference,
            )
        except (InvalidResponse, APIError, TokenError, AssertionError) as exc:
            raise delivery_error(self.name, exc) from exc


def personalisation(rendered: RenderedLetter) -> dict[str, Any]:
    """The Notify template's values: the subject, the body and the letter's file (a
    large-print PDF) as a link, or an empty ``link_to_file``."""
    values: dict[str, Any] = {"subject": rendered.subject, "body": rendered.body}
    values[FILE_PLACEHOLDER] = ""
    for item in rendered.attachments:
        values[FILE_PLACEHOLDER] = prepare_upload(
            io.BytesIO(item.data), filename=item.filename, confirm_email_before_download=True
        )
    return values


def delivery_error(name: str, exc: Exception) -> PermanentDeliveryError | TransientDeliveryError:
    """The `DeliveryError` for a failure the Notify client raised: HTTP 429 and 5xx (and
    no response at all) are transient; other 4xx replies, bad keys and unreadable replies
    are permanent."""
    if isinstance(exc, InvalidResponse):
        return PermanentDeliveryError(
            name, f"unreadable reply ({exc}); check Notify before resending"
        )
    if isinstance(exc, APIError):
        status = exc.status_code
        text = f"HTTP {status}: {exc.message}"
        if status == 429 or status >= 500:
            return TransientDeliveryError(name, text)
        return PermanentDeliveryError(name, text)
    return PermanentDeliveryError(name, f"bad API key: {exc}")
