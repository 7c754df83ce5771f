"""Fixtures of records' unit tests: the service on its in-memory store (`service.Records`)
and its outcomes use cases (`services.records.bootstrap.outcome_work`)."""

from __future__ import annotations

import pytest

from services.records.bootstrap import outcome_work
from services.records.config import RecordsSettings
from tests.records.unit.service import Records


@pytest.fixture
def records() -> Records:
    return Records()


@pytest.fixture
def work(records: Records):  # type: ignore[no-untyped-def]
    return outcome_work(
        store=records.store, clock=records.clock, relay=records.relay, settings=RecordsSettings()
    )
