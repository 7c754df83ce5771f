"""The bulk loader: copies of real complaints, under new references, in every store."""

from __future__ import annotations

import re

import pytest

from bench import prefill
from cli.store import service_documents
from common.storage import open_store
from devstack.inprocess import topic_matches

SERVICES = ("intake", "routing", "deadlines", "notifications", "records")


@pytest.mark.parametrize(
    ("pattern", "key", "match"),
    [
        ("case.#", "case.routed", True),
        ("case.#", "case", True),
        ("case.#", "case.a.b", True),
        ("submit.*", "submit.partner", True),
        ("submit.*", "submit.a.b", False),
        ("deadline.#", "case.routed", False),
        ("complaint.received", "complaint.rejected", False),
    ],
)
def test_topic_matching_follows_amqp(pattern: str, key: str, match: bool) -> None:
    assert topic_matches(pattern, key) is match


def test_prefill_writes_consistent_copies_into_every_store(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path}/{{service}}.db"
    monkeypatch.setenv("PLATFORM_STORE_URL", url)
    assert prefill.load(12, quiet=True) == 12
    stores = {
        s: open_store(url.replace("{service}", s), service_documents(s), service=s)
        for s in SERVICES
    }
    from services.intake.adapters.documents import SubmissionRecord
    from services.records.adapters.documents import CaseFile, ComplaintFile
    from services.routing.adapters.documents import RoutingRecord

    submissions = stores["intake"].find(SubmissionRecord)
    refs = {s.reference for s in submissions}
    assert len(submissions) == len(refs) == 12
    assert all(re.fullmatch(r"[A-Z]+-\d{4}-\d{6}", r) for r in refs)
    # Every service holds the same complaints, under the copies' references.
    assert {r.pk for r in stores["routing"].find(RoutingRecord)} == refs
    assert {c.pk for c in stores["records"].find(ComplaintFile)} == refs
    assert {c.reference for c in stores["records"].find(CaseFile)} == refs
    # Counters moved past the numbers used: the next live complaint gets a new number.
    counters = stores["intake"].counters()
    for ref in refs:
        prefix, year, number = ref.split("-")
        assert counters[f"{prefix}-{year}"] >= int(number)
    # Past complaints: no timer of theirs will fire.
    from services.deadlines.adapters.documents import StrandClocks

    clocks = stores["deadlines"].find(StrandClocks)
    assert clocks and all(c.next_fire_on is None for c in clocks)
    # Nothing of the templates' own references is left.
    for case in stores["records"].find(CaseFile):
        assert "TPL-" not in str(case.to_mongo().to_dict())
