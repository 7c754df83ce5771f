"""Deadlines' own database: the clocks of each strand, indexed by when they next fire."""

from __future__ import annotations

import mongoengine as me

from common.outbox import Aggregate

ALIAS = "deadlines"


class StrandClocks(Aggregate):
    """All clocks of one strand. ``next_fire_on`` is the first day a sweep has work here,
    so a sweep reads only the strands that are due (an index range scan)."""

    meta = {
        "db_alias": ALIAS,
        "collection": "clocks",
        "indexes": ["next_fire_on", "reference", "next_due"],
    }

    id = me.StringField(primary_key=True)  # case ref, e.g. DSO-2026-000001/1
    reference = me.StringField(required=True)
    strand = me.IntField()
    procedure = me.StringField()
    stage = me.StringField()
    calendar = me.StringField()
    clocks = me.DictField()
    archived = me.ListField(me.DictField())  # clocks of earlier stages
    early = me.ListField(me.DictField())  # lifecycle facts that overtook case.routed
    next_fire_on = me.DateField()
    # The earliest due date among running or breached clocks (for ListDue).
    next_due = me.DateField()
