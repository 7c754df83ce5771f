"""One message of a dead-letter queue, and why it is there.

Every work queue ``<queue>`` has its dead-letter queue ``<queue>.dlq`` (common.bus). A
message gets there in one of two ways, and the real error is read from either:

- refused by its consumer (a broken contract, common.consumer.dead_letter): the
  ``x-rejection`` header (a JSON list of ``{field, rule, message}``), with
  ``x-original-exchange`` and ``x-original-routing-key``;
- dead-lettered by RabbitMQ itself once it exceeded the queue's delivery limit: the
  broker's ``x-death`` header (``reason``, ``count``, ``queue``, ``exchange``,
  ``routing-keys``, ``time``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pika


REJECTION_HEADER = "x-rejection"  # common.bus.REJECTION_HEADER (not imported: slow stack)
DEAD_LETTER_HEADERS = (
    REJECTION_HEADER,
    "x-original-routing-key",
    "x-original-exchange",
    "x-death",
    "x-first-death-reason",
    "x-first-death-queue",
    "x-first-death-exchange",
    "x-last-death-reason",
    "x-last-death-queue",
    "x-last-death-exchange",
    "x-delivery-count",
)


def _text(value: Any) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return "" if value is None else str(value)


def _when(value: Any) -> str | None:
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).isoformat()
    if isinstance(value, int | float) and value > 0:
        return datetime.fromtimestamp(value, UTC).isoformat()
    return None


@dataclass
class DeadLetter:
    """One message of a DLQ, held (unacknowledged) by the reading channel."""

    delivery_tag: int
    properties: pika.BasicProperties
    body: bytes
    dlq: str

    @property
    def headers(self) -> dict[str, Any]:
        return dict(self.properties.headers or {})

    @property
    def message_id(self) -> str:
        return _text(self.properties.message_id)

    def _death(self) -> dict[str, Any] | None:
        deaths = self.headers.get("x-death") or []
        if not isinstance(deaths, list) or not deaths:
            return None
        work_queue = self.dlq.removesuffix(".dlq")
        for death in deaths:
            if isinstance(death, dict) and _text(death.get("queue")) == work_queue:
                return death
        return deaths[0] if isinstance(deaths[0], dict) else None

    def rejection(self) -> list[dict[str, Any]] | None:
        raw = self.headers.get(REJECTION_HEADER)
        if raw is None:
            return None
        try:
            errors = json.loads(_text(raw))
        except ValueError:
            return [{"field": "", "rule": "", "message": _text(raw)}]
        if isinstance(errors, list):
            return errors
        return [{"field": "", "rule": "", "message": _text(errors)}]

    def origin(self) -> tuple[str, str] | None:
        """The exchange and routing key to replay to, or None when nothing says."""
        headers = self.headers
        if "x-original-routing-key" in headers or "x-original-exchange" in headers:
            return _text(headers.get("x-original-exchange")), _text(
                headers.get("x-original-routing-key")
            )
        death = self._death()
        if death is not None:
            keys = death.get("routing-keys") or []
            if keys:
                return _text(death.get("exchange")), _text(keys[0])
        return None

    def error(self) -> dict[str, Any]:
        """Why it is here: ``source`` (rejected / broker / unknown) and the details."""
        rejection = self.rejection()
        if rejection is not None:
            text = "; ".join(
                f"{_text(e.get('field'))}: {_text(e.get('message'))} ({_text(e.get('rule'))})"
                if isinstance(e, dict)
                else _text(e)
                for e in rejection
            )
            return {"source": "rejected", "errors": rejection, "reason": f"rejected: {text}"}
        death = self._death()
        if death is not None:
            info = {
                "reason": _text(death.get("reason")),
                "count": death.get("count"),
                "queue": _text(death.get("queue")),
            }
            return {
                "source": "broker",
                "death": info,
                "reason": f"{info['reason']} (count {info['count']}) from {info['queue']}",
            }
        return {"source": "unknown", "reason": "no x-rejection or x-death header"}

    def when(self) -> str | None:
        death = self._death()
        if self.rejection() is None and death is not None and _when(death.get("time")):
            return _when(death.get("time"))
        return _when(self.properties.timestamp) or (
            _when(death.get("time")) if death is not None else None
        )

    def summary(self) -> dict[str, Any]:
        origin = self.origin()
        return {
            "message_id": self.message_id,
            "type": _text(self.properties.type) or None,
            "exchange": origin[0] if origin else None,
            "routing_key": origin[1] if origin else None,
            "when": self.when(),
            **self.error(),
        }

    def detail(self) -> dict[str, Any]:
        p = self.properties
        try:
            body: Any = json.loads(self.body)
        except ValueError:
            body = self.body.decode("utf-8", "replace")
        return {
            **self.summary(),
            "properties": {
                "content_type": p.content_type,
                "correlation_id": p.correlation_id,
                "timestamp": _when(p.timestamp),
                "delivery_mode": p.delivery_mode,
            },
            "headers": self.headers,
            "body": body,
        }
