"""The print queue an establishment's complaints clerk works from (issue 18).

A letter to go by hand (or by post where GOV.UK Notify's letter service is not set up) is
rendered to an accessible PDF and queued here under its letter key (`enqueue`: a letter
queued again after a crash is queued once). The clerk lists the queue, downloads each PDF,
marks it printed, and marks it handed over with the day it was given (`hand_over`); the
hand-over is a ``notification.handed-over`` event, which records files in the case file.
Each step is one atomic write of the job with its event (the outbox).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from common.bus import Outgoing
from common.clock import Clock, today
from common.contracts.events import NotificationHandedOver
from common.outbox import Applied, OutboxRelay, apply_once
from common.storage import Store, run_sync
from services.notifications.adapters.documents import PrintJob
from services.notifications.domain.errors import PrintQueueRefusal
from services.notifications.queries import print_queue_query

QUEUED, PRINTED, HANDED_OVER = "queued", "printed", "handed-over"
STATUSES = (QUEUED, PRINTED, HANDED_OVER)


class PrintQueue:
    def __init__(self, *, store: Store, clock: Clock, relay: OutboxRelay) -> None:
        self._store, self._clock, self._relay = store, clock, relay

    def enqueue(self, key: str, **fields: Any) -> str:
        """Queue one letter's PDF (blocking; once per key); returns its print-queue id."""
        now = self._clock.now()

        def decide(job: PrintJob) -> list[Outgoing]:
            if job.pdf is None:
                for name, value in fields.items():
                    setattr(job, name, value)
                job.status, job.queued_at = QUEUED, now
            return []

        apply_once(self._store, PrintJob, key, None, decide, create=lambda: PrintJob(id=key))
        return f"print-queue:{key}"

    async def list(
        self, *, queue: str = "", status: str = "", reference: str = ""
    ) -> list[PrintJob]:
        """Jobs, oldest first, filtered by queue (establishment), status and reference."""
        if status and status not in STATUSES:
            raise ValueError(f"status must be one of {', '.join(STATUSES)}, not {status!r}")
        query = print_queue_query(queue=queue, status=status, reference=reference)
        jobs = await run_sync(query.run, self._store)
        jobs = [
            j for j in jobs
            if (not queue or j.queue == queue) and (not status or j.status == status)
            and (not reference or j.reference == reference.split("/")[0])
        ]  # fmt: skip
        return sorted(jobs, key=lambda j: (j.queued_at, j.id))

    async def get(self, key: str) -> PrintJob | None:
        return await run_sync(self._store.get, PrintJob, key)

    async def mark_printed(self, key: str, *, by: str) -> PrintJob:
        now = self._clock.now()

        def decide(job: PrintJob) -> list[Outgoing]:
            _exists(job, key)
            if job.status == QUEUED:
                job.status, job.printed_at, job.printed_by = PRINTED, now, by
            return []

        applied = await run_sync(apply_once, self._store, PrintJob, key, None, decide)
        return applied.doc

    async def hand_over(self, key: str, *, on: date | None, by: str) -> PrintJob:
        """Record that the clerk handed the letter to its recipient on ``on`` (today when
        not given); the day may not be in the future nor before the letter was queued.
        Idempotent for the same day; a second hand-over on another day is refused."""
        now: datetime = self._clock.now()
        day = on or today(self._clock)

        def decide(job: PrintJob) -> list[Outgoing]:
            _exists(job, key)
            if job.status == HANDED_OVER:
                if job.handed_over_on == day.isoformat():
                    return []
                raise PrintQueueRefusal(
                    f"letter {key} was handed over on {job.handed_over_on} already"
                )
            if day > today(self._clock):
                raise PrintQueueRefusal(
                    f"on: {day.isoformat()} is in the future; a hand-over is recorded on "
                    "the day it happened or later",
                    field="on",
                )
            queued = job.queued_at.date() if job.queued_at else day
            if day < queued:
                raise PrintQueueRefusal(
                    f"on: {day.isoformat()} is before the letter was queued ({queued.isoformat()})",
                    field="on",
                )
            if job.printed_at is None:
                job.printed_at, job.printed_by = now, by
            job.status, job.handed_over_on, job.handed_over_by = HANDED_OVER, day.isoformat(), by
            event = NotificationHandedOver(
                reference=job.reference,
                strand=job.strand,
                procedure=job.procedure,
                stage=job.stage,
                occurred_at=now,
                recipient=job.recipient,
                template=job.template,
                letter=key,
                establishment=job.queue,
                handed_over_on=day,
                by=by,
            )
            return [Outgoing.event(event, message_id=f"notification.handed-over:{key}")]

        applied: Applied[PrintJob] = await run_sync(
            apply_once, self._store, PrintJob, key, None, decide
        )
        await self._relay.publish(PrintJob, key, applied)
        return applied.doc


def _exists(job: PrintJob, key: str) -> None:
    if job is None or job.pdf is None:
        raise LookupError(f"no letter {key!r} in the print queue")
