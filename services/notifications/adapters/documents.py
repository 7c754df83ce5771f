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


class PrintJob(Aggregate):
    """One paper letter waiting in a print queue (issue 18): a letter to go by hand
    through an establishment's complaints clerk, or by post where GOV.UK Notify's letter
    service is not configured. Keyed by the letter's idempotency key, so a letter sent
    again after a crash is queued once. ``queue`` is the establishment (or, for post
    without one, the owning team); ``status`` queued -> printed -> handed-over."""

    meta = {
        "db_alias": ALIAS,
        "collection": "print_queue",
        "indexes": ["queue", "status", "case_ref", "reference", "queued_at"],
    }

    id = me.StringField(primary_key=True)  # the letter's key
    case_ref = me.StringField()
    reference = me.StringField()
    queue = me.StringField()
    route = me.StringField()  # hand | post
    recipient = me.StringField()  # the recipient kind: complainant, representative
    name = me.StringField()  # whom to hand it to
    detained_person_ref = me.StringField()
    template = me.StringField()
    subject = me.StringField()
    pdf = me.BinaryField()
    pages = me.IntField()
    large_print = me.BooleanField(default=False)
    sha256 = me.StringField()
    status = me.StringField(default="queued")
    queued_at = me.DateTimeField()
    printed_at = me.DateTimeField()
    printed_by = me.StringField()
    handed_over_on = me.StringField()  # YYYY-MM-DD, the day the clerk gave it
    handed_over_by = me.StringField()
    # what the case file needs for notification.handed-over
    strand = me.IntField()
    procedure = me.StringField()
    stage = me.StringField()


# Every document class the notifications store keeps.
DOCUMENTS: list[type] = [NotificationCase, PrintJob]
