"""Deadlines' own store: the clocks of each strand, indexed by when they next fire, and
the operator's imported calendar versions (append-only)."""

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
        # Every query the service makes is served by one of these (or by the id):
        # the timer sweep (next_fire_on), GetClocks of a complaint (reference), ListDue
        # (next_due). tests/deadlines/unit/test_deadlines_query_plans.py checks the plans.
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
    # Who may see it: the strand's `common.access.CaseFacts` (codec: common.access.facts).
    access = me.DictField()


class CalendarOverride(me.Document):
    """One imported bank-holidays file, a numbered version never changed (`Store.insert`).
    The version is the id, an integer, so the newest is the first by ``-id``."""

    meta = {"db_alias": ALIAS, "collection": "calendar_overrides"}

    id = me.IntField(primary_key=True)  # the version
    content = me.StringField(required=True)  # the file as imported (JSON text)
    sha256 = me.StringField(required=True)
    imported_at = me.DateTimeField(required=True)
    imported_by = me.StringField(default="")
    summary = me.DictField()


DOCUMENTS: list[type] = [StrandClocks, CalendarOverride]
