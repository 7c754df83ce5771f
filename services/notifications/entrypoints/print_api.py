"""gRPC: the print queue an establishment's complaints clerk works from (issue 18):
ListPrintQueue, GetPrintedLetter, MarkPrinted, MarkHandedOver."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import grpc

from common.access.gate import visible
from common.contracts.events import FieldError
from common.grpc_server import BadRequest, NotFound, Refused, current_caller, maps_errors
from complaints.v1 import notifications_pb2
from services.notifications.adapters.documents import PrintJob
from services.notifications.domain.errors import PrintQueueRefusal

if TYPE_CHECKING:
    from services.notifications.handlers import NotificationHandlers


def _when(value: object) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else str(value or "")


def job_message(job: PrintJob) -> notifications_pb2.PrintJob:
    return notifications_pb2.PrintJob(
        key=job.id,
        case_ref=job.case_ref or "",
        queue=job.queue or "",
        route=job.route or "",
        recipient=job.recipient or "",
        name=job.name or "",
        detained_person_ref=job.detained_person_ref or "",
        template=job.template or "",
        subject=job.subject or "",
        pages=job.pages or 0,
        large_print=bool(job.large_print),
        status=job.status or "",
        queued_at=_when(job.queued_at),
        printed_at=_when(job.printed_at),
        handed_over_on=job.handed_over_on or "",
        handed_over_by=job.handed_over_by or "",
        sha256=job.sha256 or "",
    )


class PrintQueueApi:
    """The print queue's methods of `NotificationServicer` (who may call each:
    common.access.methods)."""

    _handlers: NotificationHandlers

    async def _job(self, case_ref: str, key: str) -> PrintJob:
        job = await self._handlers.print_queue.get(key)
        if job is None or job.pdf is None or job.case_ref != case_ref:
            raise NotFound(f"no letter {key!r} of {case_ref} in the print queue")
        return job

    @maps_errors
    async def ListPrintQueue(  # noqa: N802
        self, request: notifications_pb2.ListPrintQueueRequest, context: grpc.aio.ServicerContext
    ) -> notifications_pb2.ListPrintQueueReply:
        try:
            jobs = await self._handlers.print_queue.list(
                queue=request.queue, status=request.status, reference=request.reference
            )
        except ValueError as exc:
            raise BadRequest([FieldError(field="status", rule="one-of", message=str(exc))]) from exc
        shown = []
        for job in jobs:
            views = await self._handlers.views_of(job.case_ref)
            if views and all(visible(v.access()) for v in views):
                shown.append(job_message(job))
        return notifications_pb2.ListPrintQueueReply(jobs=shown)

    @maps_errors
    async def GetPrintedLetter(  # noqa: N802
        self, request: notifications_pb2.PrintJobRequest, context: grpc.aio.ServicerContext
    ) -> notifications_pb2.PrintedLetter:
        job = await self._job(request.case_ref, request.key)
        return notifications_pb2.PrintedLetter(job=job_message(job), pdf=bytes(job.pdf))

    @maps_errors
    async def MarkPrinted(  # noqa: N802
        self, request: notifications_pb2.PrintJobRequest, context: grpc.aio.ServicerContext
    ) -> notifications_pb2.PrintJob:
        await self._job(request.case_ref, request.key)
        job = await self._handlers.print_queue.mark_printed(request.key, by=current_caller().sub)
        return job_message(job)

    @maps_errors
    async def MarkHandedOver(  # noqa: N802
        self, request: notifications_pb2.HandOverRequest, context: grpc.aio.ServicerContext
    ) -> notifications_pb2.PrintJob:
        await self._job(request.case_ref, request.key)
        on = None
        if request.on:
            try:
                on = date.fromisoformat(request.on)
            except ValueError as exc:
                raise BadRequest(
                    [FieldError(field="on", rule="date", message=f"{request.on!r} is not "
                                "a date YYYY-MM-DD")]
                ) from exc  # fmt: skip
        try:
            job = await self._handlers.print_queue.hand_over(
                request.key, on=on, by=current_caller().sub
            )
        except PrintQueueRefusal as exc:
            if exc.field:
                raise BadRequest(
                    [FieldError(field=exc.field, rule="hand-over-day", message=str(exc))]
                ) from exc
            raise Refused(str(exc)) from exc
        return job_message(job)
