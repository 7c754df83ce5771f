"""gRPC entrypoint: NotificationService (ListNotifications, Preview, Resend)."""

from __future__ import annotations

from datetime import UTC, datetime

import grpc

from common.access.gate import visible
from common.access.policy import CaseFacts
from common.contracts.events import CaseLifecycle, FieldError
from common.grpc_server import BadRequest, NotFound, current_caller, maps_errors
from complaints.v1 import notifications_pb2, notifications_pb2_grpc
from services.notifications.dispatch import content
from services.notifications.domain import withheld
from services.notifications.domain.delivery import LetterRecord
from services.notifications.domain.errors import NotificationsError
from services.notifications.domain.letters import Letter, render
from services.notifications.domain.recipients import plan_letters
from services.notifications.entrypoints.print_api import PrintQueueApi
from services.notifications.handlers import NotificationHandlers

# Letters a central team can preview before the fact: the lifecycle fact that sends them.
PREVIEW_TRIGGERS = {"acknowledgement": "acknowledged", "decision": "responded"}


def _task_words(record: LetterRecord) -> list[str]:
    return [
        f"{t.kind}{f' ({t.language})' if t.language else ''}"
        f"{f' due {t.due.isoformat()}' if t.due else ''} at {t.desk}"
        f"{f' done {t.done_on.isoformat()} by {t.done_by}' if t.done_on else ''}"
        for t in record.tasks
    ]


def notification_message(case_ref: str, r: LetterRecord) -> notifications_pb2.Notification:
    return notifications_pb2.Notification(
        case_ref=case_ref,
        key=r.key,
        recipient=r.recipient,
        address_key=r.address_key,
        address=r.address or "",
        template=r.template,
        channel=r.channel or "",
        status=r.status,
        attempts=r.attempts,
        last_error=r.last_error or "",
        content_sha256=r.sha256 or "",
        sent_at=r.sent_at.isoformat() if r.sent_at else "",
        trigger=r.trigger,
        fallback_desk=r.fallback.desk if r.fallback else "",
        intended=r.fallback.intended if r.fallback else "",
        route=r.route or "",
        provided=r.provided or "",
        pdf_pages=r.pdf_pages or 0,
        tasks=_task_words(r),
    )


class NotificationServicer(PrintQueueApi, notifications_pb2_grpc.NotificationServiceServicer):
    """Who may call each method, on which cases: common.access.methods (the gate)."""

    def __init__(self, handlers: NotificationHandlers):
        self._handlers = handlers

    async def case_facts(self, ref: str) -> list[CaseFacts]:
        """What the gate decides on: the facts of each strand ``ref`` names."""
        return [view.access() for view in await self._handlers.views_of(ref)]

    @maps_errors
    async def ListNotifications(  # noqa: N802
        self,
        request: notifications_pb2.ListNotificationsRequest,
        context: grpc.aio.ServicerContext,
    ) -> notifications_pb2.ListNotificationsReply:
        letters = await self._handlers.letters_of(request.reference)
        if not letters:
            raise NotFound(f"no letters for {request.reference!r}")
        return notifications_pb2.ListNotificationsReply(
            notifications=[notification_message(ref, r) for ref, r in letters]
        )

    @maps_errors
    async def Preview(  # noqa: N802
        self, request: notifications_pb2.PreviewRequest, context: grpc.aio.ServicerContext
    ) -> notifications_pb2.PreviewReply:
        recipient = request.recipient or "complainant"
        planned = [
            r
            for ref, r in await self._handlers.letters_of(request.reference)
            if r.template == request.template and r.recipient == recipient
        ]
        try:
            if planned:  # as it went (to the duty desk, for a referral sent there)
                letter, already = planned[-1].letter, True
                rendered = content(
                    planned[-1],
                    [r for _, r in await self._handlers.letters_of(request.reference)],
                )
            else:
                letter, already = await self._hypothetical(request, recipient), False
                rendered = render(letter)
        except NotificationsError as exc:
            raise BadRequest(
                [FieldError(field="template", rule="renders", message=str(exc))]
            ) from exc
        view = await self._handlers.view_of(request.reference)
        found = withheld.warnings(view, letter.template, letter.context) if view else []
        return notifications_pb2.PreviewReply(
            warnings=found,
            subject=rendered.subject,
            body=rendered.body,
            content_sha256=rendered.sha256,
            recipient=recipient,
            template=letter.template,
            already_planned=already,
        )

    async def _hypothetical(
        self, request: notifications_pb2.PreviewRequest, recipient: str
    ) -> Letter:
        """The letter the next lifecycle fact would send, e.g. the decision letter."""
        view = await self._handlers.view_of(request.reference)
        if view is None:
            raise NotFound(f"no case {request.reference!r} known to notifications")
        status = PREVIEW_TRIGGERS.get(request.template)
        if status is None:
            raise BadRequest(
                [
                    FieldError(
                        field="template",
                        rule="previewable",
                        message=f"nothing planned for {request.template!r}; before the fact only "
                        f"{', '.join(PREVIEW_TRIGGERS)} can be previewed",
                    )
                ]
            )
        detail = {"outcome": request.outcome or "upheld"} if status == "responded" else {}
        if status == "responded" and request.draft:
            detail["summary"] = request.draft
        trigger = CaseLifecycle(
            reference=view.reference,
            strand=view.strand,
            procedure=view.procedure,
            stage=view.stage,
            occurred_at=datetime.now(UTC),
            status=status,
            detail=detail,
        )
        try:
            letters = plan_letters(view.apply(trigger), trigger, message_id="preview")
        except NotificationsError as exc:
            raise BadRequest(
                [FieldError(field="outcome", rule="plannable", message=str(exc))]
            ) from exc
        chosen = [
            x for x in letters if x.template == request.template and x.recipient_kind == recipient
        ]
        if not chosen:
            raise NotFound(f"{request.template!r} would not go to {recipient!r} on this case")
        return chosen[0]

    @maps_errors
    async def CompleteTask(  # noqa: N802
        self, request: notifications_pb2.CompleteTaskRequest, context: grpc.aio.ServicerContext
    ) -> notifications_pb2.Notification:
        try:
            record = await self._handlers.complete_task(
                request.case_ref, request.key, by=current_caller().sub, note=request.note
            )
        except LookupError as exc:
            raise NotFound(str(exc)) from exc
        return notification_message(request.case_ref, record)

    @maps_errors
    async def Resend(  # noqa: N802
        self, request: notifications_pb2.ResendRequest, context: grpc.aio.ServicerContext
    ) -> notifications_pb2.Notification:
        try:
            await self._handlers.resend(request.case_ref, request.key)
        except LookupError as exc:
            raise NotFound(str(exc)) from exc
        letters = {r.key: r for _, r in await self._handlers.letters_of(request.case_ref)}
        reply = notification_message(request.case_ref, letters[request.key])
        views = await self._handlers.views_of(request.case_ref)
        if not all(visible(view.access()) for view in views):
            reply.ClearField("address")  # an operator puts it back in the queue, unread
        return reply
