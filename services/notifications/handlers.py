"""Notifications use cases: plan letters from events once; deliver each once, but for the
one window SMTP leaves open (docs/operations.md, "Delivery semantics"); no letter stays
pending: every error ends, after bounded retries, in ``failed`` with its reason.

Store traffic (the contract in `common.storage`): an event costs one ``get`` and one
``commit`` that records it, plans its letters and leases those due, all at once; each
letter sent then costs one ``commit`` of its outcome on the document in hand (a reload
only when another writer changed the strand meanwhile) and one ``clear_outbox`` once its
``notification.sent``/``failed`` is confirmed. The delivery sweep is one indexed query per
tick (`due_query`); every query the service makes is a function of
`services.notifications.queries`, so a test can check each one's plan.

The parts of `NotificationHandlers`, each in its own module:

- `services.notifications.handler_state`: what every part works with (set up below);
- `services.notifications.leases`: a letter leased before it is sent, one sender each;
- `services.notifications.sending`: each leased letter sent, its outcome recorded;
- `services.notifications.complaint_facts`: the letters of facts about a whole complaint;
- `services.notifications.planning`: an event recorded and its letters planned;
- `services.notifications.reads`: the letters and views the API reads, and resend.
"""

from __future__ import annotations

from common.clock import Clock
from common.outbox import AggregateLocks, OutboxRelay
from common.storage import Store
from services.notifications.adapters.channel import Channel
from services.notifications.adapters.notify_letters import NotifyLetters
from services.notifications.config import NotificationsSettings
from services.notifications.dispatch import Dispatcher
from services.notifications.domain.directory import Directory
from services.notifications.planning import Planning
from services.notifications.printing import PrintQueue
from services.notifications.queries import Query, due_query, reference_query
from services.notifications.reads import CaseReads
from services.notifications.task_records import TaskRecords

__all__ = ["NotificationHandlers", "Query", "due_query", "reference_query"]


class NotificationHandlers(Planning, CaseReads, TaskRecords):
    """The service's use cases, wired to its store, clock, outbox relay, channel, address
    directory and settings; each part in its own module."""

    def __init__(
        self,
        *,
        store: Store,
        clock: Clock,
        relay: OutboxRelay,
        channel: Channel,
        directory: Directory,
        settings: NotificationsSettings,
        post: NotifyLetters | None = None,
    ):
        self._store, self._clock, self._relay, self._channel = store, clock, relay, channel
        self._directory, self._s = directory, settings
        # Paper letters: the establishments' print queue, and Notify's letters if set up.
        self.print_queue = PrintQueue(store=store, clock=clock, relay=relay)
        self._dispatch = Dispatcher(
            directory=directory, clock=clock, printer=self.print_queue,
            post=post,
        )  # fmt: skip
        # A letter's send must end inside its lease, or another sender could take it
        # while the mail server is still answering this one (a copy).
        budget = getattr(channel, "send_within_s", None)
        if budget is not None and budget >= settings.lease_s:
            raise ValueError(
                f"NOTIFICATIONS_LEASE_S ({settings.lease_s:g} s) must be longer than one "
                f"letter's send budget ({budget:g} s, the {channel.name} channel's)"
            )
        # One case's events and deliveries run one after the other in this process.
        self._locks = AggregateLocks()
