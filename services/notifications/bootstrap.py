"""Wires the notifications service: the channel, the address directory, the sender.

The service refuses to start when the address directory lacks a fallback desk for any
procedure and nation it writes for (`desk_pairs`): a referral whose recipient cannot be
worked out must still reach a person, so that is checked before any message is taken.
"""

from __future__ import annotations

from common.bus import queue_spec
from common.runtime import ServiceRuntime
from common.settings import PlatformSettings
from complaints.v1 import notifications_pb2, notifications_pb2_grpc
from services.notifications.adapters.channel import Channel
from services.notifications.adapters.documents import DOCUMENTS
from services.notifications.adapters.notify import NotifyChannel
from services.notifications.adapters.notify_letters import NotifyLetters
from services.notifications.adapters.smtp import SmtpChannel, SmtpSettings
from services.notifications.config import NotificationsSettings
from services.notifications.domain.directory import Directory, check_desks, load_directory
from services.notifications.domain.letters import configure_letterhead
from services.notifications.domain.rules import PROCEDURES
from services.notifications.entrypoints.amqp import event_consumer
from services.notifications.entrypoints.grpc_api import NotificationServicer
from services.notifications.handlers import NotificationHandlers


def make_channel(s: NotificationsSettings) -> Channel:
    if s.channel == "notify":
        return NotifyChannel(
            s.notify_api_key, base_url=s.notify_base_url, default_template_id=s.notify_template_id
        )
    if s.channel != "smtp":
        raise ValueError(f"NOTIFICATIONS_CHANNEL must be smtp or notify, not {s.channel!r}")
    return SmtpChannel(
        SmtpSettings(
            host=s.smtp_host,
            port=s.smtp_port,
            sender=s.smtp_sender,
            username=s.smtp_username,
            password=s.smtp_password,
            starttls=s.smtp_starttls,
            send_within_s=s.smtp_send_within_s,
        )
    )


def make_post(s: NotificationsSettings) -> NotifyLetters | None:
    """GOV.UK Notify's letter service for post, when configured (else the print queue)."""
    if s.post_via == "print-queue":
        return None
    if s.post_via != "notify":
        raise ValueError(
            f"NOTIFICATIONS_POST_VIA must be print-queue or notify, not {s.post_via!r}"
        )
    if not s.notify_api_key:
        raise ValueError("NOTIFICATIONS_POST_VIA=notify needs NOTIFICATIONS_NOTIFY_API_KEY")
    return NotifyLetters(
        s.notify_api_key, base_url=s.notify_base_url, postage=s.notify_letter_postage
    )


def desk_pairs() -> list[tuple[str, str]]:
    """Every (procedure, nation) the service writes letters for: the procedures it has
    rules for, each in the nations its procedure file serves."""
    import procedures

    return [
        (name, str(getattr(nation, "value", nation)))
        for name in sorted(PROCEDURES)
        for nation in procedures.get(name).nations
    ]


def load_checked_directory(settings: NotificationsSettings) -> Directory:
    """The address directory, refused (`DirectoryError`) without every fallback desk."""
    directory = load_directory(settings.directory_file)
    check_desks(directory, desk_pairs(), source=str(settings.directory_file))
    return directory


def build(
    platform: PlatformSettings | None = None,
    settings: NotificationsSettings | None = None,
    channel: Channel | None = None,
) -> ServiceRuntime:
    platform = platform or PlatformSettings()
    settings = settings or NotificationsSettings()
    configure_letterhead(children_complaints_manager=settings.children_complaints_manager)
    rt = ServiceRuntime("notifications", platform, documents=DOCUMENTS)
    handlers = NotificationHandlers(
        store=rt.store,
        clock=rt.clock,
        relay=rt.relay,
        channel=channel or make_channel(settings),
        directory=load_checked_directory(settings),
        settings=settings,
        post=make_post(settings),
    )
    rt.queues.append((queue_spec("notifications.events"), event_consumer(handlers)))

    rt.every(settings.sweep_interval_s, handlers.sweep, "delivery sweep")
    rt.handlers = handlers  # type: ignore[attr-defined]

    servicer = NotificationServicer(handlers)
    rt.case_facts = servicer.case_facts

    def register(server):  # type: ignore[no-untyped-def]
        notifications_pb2_grpc.add_NotificationServiceServicer_to_server(servicer, server)
        return [notifications_pb2.DESCRIPTOR.services_by_name["NotificationService"].full_name]

    rt.grpc_register, rt.grpc_port = register, settings.grpc_port
    return rt
