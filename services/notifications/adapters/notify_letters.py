"""Paper letters through GOV.UK Notify's letter API (a precompiled PDF), with the official
client, in a worker thread.

Notify prints and posts a PDF sent to ``POST /v2/notifications/letter`` as
``{"reference", "content": base64 PDF, "postage"}``; the address is read from the PDF's
address block. Errors map as for email (`notify.delivery_error`). The base URL comes from
configuration (``NOTIFICATIONS_NOTIFY_BASE_URL``), which is how the tests point it at a
local server speaking that endpoint.
"""

from __future__ import annotations

import asyncio
import io
from collections.abc import Callable
from typing import Any

from notifications_python_client.errors import APIError, InvalidResponse, TokenError
from notifications_python_client.notifications import NotificationsAPIClient

from services.notifications.adapters.channel import PermanentDeliveryError
from services.notifications.adapters.notify import DEFAULT_BASE_URL, delivery_error
from services.notifications.adapters.pdf import PdfLetter


class NotifyLetters:
    """Sends a letter's PDF to Notify to print and post; returns Notify's id for it."""

    name = "notify-letter"

    def __init__(
        self,
        api_key: str,
        *,
        base_url: str = DEFAULT_BASE_URL,
        postage: str = "second",
        timeout: float = 20.0,
        client_factory: Callable[..., NotificationsAPIClient] = NotificationsAPIClient,
    ) -> None:
        if postage not in ("first", "second", "economy", "europe", "rest-of-world"):
            raise ValueError(f"NOTIFICATIONS_NOTIFY_LETTER_POSTAGE {postage!r} is not a postage")
        self._api_key, self._base_url, self._postage = api_key, base_url, postage
        self._timeout, self._client_factory = timeout, client_factory

    async def send(self, pdf: PdfLetter, *, reference: str) -> str:
        reply = await asyncio.to_thread(self._send_sync, pdf, reference)
        notification_id = reply.get("id") if isinstance(reply, dict) else None
        if not notification_id:
            raise PermanentDeliveryError(
                self.name,
                "Notify accepted the letter but returned no id; check Notify before resending",
            )
        return str(notification_id)

    def _send_sync(self, pdf: PdfLetter, reference: str) -> Any:
        try:
            client = self._client_factory(
                self._api_key, base_url=self._base_url, timeout=self._timeout
            )
            return client.send_precompiled_letter_notification(
                reference=reference, pdf_file=io.BytesIO(pdf.data), postage=self._postage
            )
        except (InvalidResponse, APIError, TokenError, AssertionError) as exc:
            raise delivery_error(self.name, exc) from exc
