"""What every part of `services.notifications.handlers.NotificationHandlers` works with,
declared once: its ``__init__`` sets each, and each part (leases, sending, planning, reads)
builds on this."""

from __future__ import annotations

from common.clock import Clock
from common.outbox import AggregateLocks, OutboxRelay
from common.storage import Store
from services.notifications.adapters.channel import Channel
from services.notifications.config import NotificationsSettings
from services.notifications.dispatch import Dispatcher
from services.notifications.domain.directory import Directory
from services.notifications.printing import PrintQueue


class HandlerState:
    """The store, clock, outbox relay, channel, address directory, settings, per-case locks
    and the dispatcher (with its print queue) the handlers run on."""

    _store: Store
    _clock: Clock
    _relay: OutboxRelay
    _channel: Channel
    _directory: Directory
    _s: NotificationsSettings
    _locks: AggregateLocks
    _dispatch: Dispatcher
    print_queue: PrintQueue
