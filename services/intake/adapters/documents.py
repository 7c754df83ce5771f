"""Intake's own store: submissions by (partner, partner_ref), rejections. Reference
numbers come from the store's counters (`Store.next_number`)."""

from __future__ import annotations

import mongoengine as me

from common.outbox import Aggregate

ALIAS = "intake"


class SubmissionRecord(Aggregate):
    """One accepted submission; ``_id`` is ``<partner>:<partner_ref>`` (the idempotency key)."""

    meta = {"db_alias": ALIAS, "collection": "submissions", "indexes": ["reference"]}

    id = me.StringField(primary_key=True)
    partner_id = me.StringField(required=True)
    partner_ref = me.StringField(required=True)
    reference = me.StringField(required=True)
    procedure = me.StringField(required=True)
    fingerprint = me.StringField(required=True)
    accepted_at = me.DateTimeField(required=True)
    resends = me.IntField(default=0)
    conflicts = me.IntField(default=0)


class RejectionRecord(Aggregate):
    """A refused message, kept with its reasons; ``_id`` is `rejection_key` (partner and
    message id: two partners' messages are two records even when their ids are equal).
    Records refused before issue 21 have the bare message id as ``_id``; `legacy_key`."""

    meta = {"db_alias": ALIAS, "collection": "rejections", "indexes": ["partner_id"]}

    id = me.StringField(primary_key=True)
    partner_id = me.StringField(required=True)
    partner_ref = me.StringField()
    reasons = me.ListField(me.DictField())
    body_json = me.StringField()  # as received; JSON text so any key is storable
    rejected_at = me.DateTimeField(required=True)


def rejection_key(partner_id: str, message_id: str) -> str:
    """``<partner>:<message id>``: unambiguous, since a partner name has no ``:``."""
    return f"{partner_id}:{message_id}"


def legacy_key(message_id: str) -> str:
    """Where a rejection was filed before it was keyed by partner: its message id."""
    return message_id


DOCUMENTS: list[type] = [SubmissionRecord, RejectionRecord]
