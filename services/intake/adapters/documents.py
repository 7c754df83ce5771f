"""Intake's own database: submissions by (partner, partner_ref), rejections, counters."""

from __future__ import annotations

import mongoengine as me
from pymongo import ReturnDocument

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
    """A refused message, kept with its reasons; ``_id`` is the message id."""

    meta = {"db_alias": ALIAS, "collection": "rejections", "indexes": ["partner_id"]}

    id = me.StringField(primary_key=True)
    partner_id = me.StringField(required=True)
    partner_ref = me.StringField()
    reasons = me.ListField(me.DictField())
    body_json = me.StringField()  # as received; JSON text so any key is storable
    rejected_at = me.DateTimeField(required=True)


class ReferenceCounter(me.Document):
    meta = {"db_alias": ALIAS, "collection": "reference_counters"}

    id = me.StringField(primary_key=True)  # e.g. "DSO-2026"
    seq = me.IntField(default=0)


def next_number(series: str) -> int:
    """Atomically take the next number of a reference series (gaps possible, never twice)."""
    doc = ReferenceCounter._get_collection().find_one_and_update(
        {"_id": series}, {"$inc": {"seq": 1}}, upsert=True, return_document=ReturnDocument.AFTER
    )
    return int(doc["seq"])
