"""Routing's own database: one decision per complaint, kept for `Explain`."""

from __future__ import annotations

import mongoengine as me

from common.outbox import Aggregate

ALIAS = "routing"


class RoutingRecord(Aggregate):
    meta = {"db_alias": ALIAS, "collection": "decisions"}

    id = me.StringField(primary_key=True)  # the complaint reference
    procedure = me.StringField()
    status = me.StringField()  # routed | excluded | representation | rejected
    decision = me.DictField()
    errors = me.ListField(me.DictField())
    decided_at = me.DateTimeField()
    # Who may see it: each strand's `common.access.CaseFacts` (codec: common.access.facts).
    access = me.ListField(me.DictField())


DOCUMENTS: list[type] = [RoutingRecord]
