"""Records' own store: one case file per strand, one complaint file per reference, and
the access log (every read and write of a case, allowed or not).

Every query the service makes is on a field declared in ``meta["indexes"]`` (the store
contract refuses any other, `common.storage.UnindexedQuery`);
``tests/records/unit/test_records_query_plans.py`` checks each one is served by an index."""

from __future__ import annotations

from typing import Any

import mongoengine as me

from common.outbox import Aggregate

ALIAS = "records"


class ComplaintFile(Aggregate):
    """The original complaint as received, whatever happens to its strands."""

    meta = {
        "db_alias": ALIAS,
        "collection": "complaints",
        "indexes": [
            "procedure",
            "received_at",
            "representation_type",
            "submission.complainant.contact",
            "submission.complainant.name",
            "submission.complainant.detained_person_ref",
        ],
    }

    id = me.StringField(primary_key=True)  # the complaint reference
    procedure = me.StringField()
    partner_id = me.StringField()
    partner_ref = me.StringField()
    received_at = me.DateTimeField()
    submission = me.DictField()
    history = me.ListField(me.DictField())
    excluded = me.StringField()  # the exclusion rule, when not dealt with under the procedure
    representation_type = me.StringField()  # compliment | representation (seed 004)
    data_protection = me.StringField()
    # A representation answered, moved to a complaint; a compliment passed on (issue 18).
    handling = me.DictField()


class CaseFile(Aggregate):
    """One strand's file. ``_id`` is the case reference, e.g. ``DSO-2026-000001/1``."""

    meta = {
        "db_alias": ALIAS,
        "collection": "cases",
        "indexes": [
            "reference",
            "procedure",
            "owner",
            "status",
            "stage",
            "next_due",
            "breached",
            "officer",
            "received_on",
            "closed_on",
            "merged_into",
            "stages.started_on",
            # ListCases for a partner: their own cases only.
            "partner_id",
            # Subject access requests find a person's files by these.
            "complainant.name",
            "complainant.contact",
            "complainant.detained_person_ref",
            # Outcomes (services.records.handlers.outcomes): the reminder sweep, the reports.
            "commitment_check_on",
            "commitments_open",
            "learning_count",
            # A person's restrictions follow them to their other complaints (issue 18):
            # their files that hold an active one, found without reading the others.
            "person",
            "restricted",
        ],
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
    calendar = me.StringField()
    received_on = me.DateField()
    subject = me.StringField()
    confidential = me.BooleanField(default=False)
    partner_id = me.StringField()
    opened_at = me.DateTimeField()
    complainant = me.DictField()
    aspects = me.ListField(me.DictField())
    clocks = me.DictField()
    letters = me.ListField(me.DictField())
    history = me.ListField(me.DictField())
    breached = me.BooleanField(default=False)
    next_due = me.DateField()
    # The lifecycle (see services.records.domain.lifecycle).
    officer = me.StringField()
    independent_person = me.StringField()
    seq = me.IntField(default=0)
    resume_to = me.StringField()
    stages = me.ListField(me.DictField())
    suspensions = me.ListField(me.DictField())
    entries = me.ListField(me.DictField())
    restrictions = me.ListField(me.DictField())
    # Mediation / ADR, early referral to the Ombudsman, healthcare escalation tasks
    # (`domain.alternatives`); who may complain, lead authority, freezes, concurrent
    # procedures (`domain.eligibility`).
    alternatives = me.ListField(me.DictField())
    eligibility = me.DictField()
    merged_into = me.StringField()
    merged_from = me.ListField(me.StringField())
    closed_on = me.DateField()
    data_protection = me.StringField()
    # Outcome sought, points and findings, remedies, learning (codec:
    # services.records.adapters.outcomes_codec); the first day the commitments sweep has
    # work here, how many commitments are outstanding, how many learning records.
    outcomes = me.DictField()
    commitment_check_on = me.DateField()
    commitments_open = me.IntField(default=0)
    learning_count = me.IntField(default=0)
    # How the person is reached (issue 18): who they are across complaints
    # (`restrictions.person_key`), and consent, release, advocacy, feedback (`release`).
    person = me.StringField()
    # Whether the file holds an active restriction: kept in step with ``restrictions`` on
    # every save, so a new complaint finds the person's restrictions in their restricted
    # files only (a burst of one person's complaints stays linear).
    restricted = me.BooleanField(default=False)
    reach = me.DictField()

    def to_mongo(self, *args: Any, **kwargs: Any) -> Any:
        self.restricted = any(r.get("status") == "active" for r in self.restrictions or [])
        return super().to_mongo(*args, **kwargs)


class AccessRecord(me.Document):
    """One access to one or more cases: who, when, what, and whether it was allowed.

    Append-only and separate from the files, so a read never contends with a write and
    "who saw this case" is one indexed query on ``case_refs``. Written with
    `Store.insert`, never changed.
    """

    meta = {
        "db_alias": ALIAS,
        "collection": "access_log",
        "indexes": ["case_refs", "at", "who"],
        "ordering": ["at"],
    }

    case_refs = me.ListField(me.StringField())
    at = me.DateTimeField(required=True)
    who = me.StringField(required=True)
    role = me.StringField(required=True)
    action = me.StringField(required=True)  # get-case, list-cases, get-file, acknowledge, ...
    outcome = me.StringField(required=True)  # allowed | denied | refused | invalid
    detail = me.StringField(default="")


# Every document class records stores (aggregates and the append-only access log).
DOCUMENTS: list[type] = [CaseFile, ComplaintFile, AccessRecord]
