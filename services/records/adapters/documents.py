"""Records' own database: one case file per strand, one complaint file per reference."""

from __future__ import annotations

import mongoengine as me

from common.outbox import Aggregate

ALIAS = "records"


class ComplaintFile(Aggregate):
    """The original complaint as received, whatever happens to its strands."""

    meta = {"db_alias": ALIAS, "collection": "complaints"}

    id = me.StringField(primary_key=True)  # the complaint reference
    procedure = me.StringField()
    partner_id = me.StringField()
    partner_ref = me.StringField()
    received_at = me.DateTimeField()
    submission = me.DictField()
    history = me.ListField(me.DictField())


class CaseFile(Aggregate):
    """One strand's file. ``_id`` is the case reference, e.g. ``DSO-2026-000001/1``."""

    meta = {
        "db_alias": ALIAS,
        "collection": "cases",
        "indexes": ["reference", "procedure", "owner", "status", "next_due", "breached"],
    }

    id = me.StringField(primary_key=True)
    reference = me.StringField(required=True)
    strand = me.IntField()
    strands_total = me.IntField(default=1)
    procedure = me.StringField(default="")
    stage = me.StringField()
    category = me.StringField()
    owner = me.StringField()
    status = me.StringField(default="pending")
    nation = me.StringField()
    received_on = me.DateField()
    subject = me.StringField()
    confidential = me.BooleanField(default=False)
    partner_id = me.StringField()
    opened_at = me.DateTimeField()
    clocks = me.DictField()
    letters = me.ListField(me.DictField())
    history = me.ListField(me.DictField())
    breached = me.BooleanField(default=False)
    next_due = me.DateField()
