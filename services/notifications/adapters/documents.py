"""Notifications' own store: per strand, its view and every planned letter's fate."""

from __future__ import annotations

import mongoengine as me

from common.outbox import Aggregate

ALIAS = "notifications"


class NotificationCase(Aggregate):
    """One strand. ``letters`` holds each planned letter by its idempotency key, with its
    status (pending, sent, failed), attempts and lease; ``next_attempt_at`` is when the
    sender next has work here, so the delivery sweep reads only strands with work.
    ``unaddressed_at`` is when a referral of the strand first went to a fallback desk (or
    failed even that): the index `complaints ops health` lists them from."""

    meta = {
        "db_alias": ALIAS,
        "collection": "cases",
        "indexes": ["next_attempt_at", "reference", "unaddressed_at", "pending_since", "failed_at"],
    }

    id = me.StringField(primary_key=True)  # case ref
    reference = me.StringField()
    view = me.DictField()
    early = me.ListField(me.DictField())  # events that arrived before case.routed
    letters = me.ListField(me.DictField())
    next_attempt_at = me.DateTimeField()
    unaddressed_at = me.DateTimeField()
    pending_since = me.DateTimeField()
    failed_at = me.DateTimeField()


# Every document class the notifications store keeps.
DOCUMENTS: list[type] = [NotificationCase]
