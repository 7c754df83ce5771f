"""Issue 21: nothing walks a body that is over the limits. Listing unknown fields (a
near-miss search per field) and validation come after the bounded check of the body, so a
body of many fields is refused for its shape, cheaply, whatever path it came by (AMQP or
gRPC hand the handler a decoded body)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from common.clock import FixedClock
from common.contracts.body_limits import MAX_ITEMS, MAX_VALUES
from common.outbox import OutboxRelay
from common.storage import open_store
from services.intake import handlers as intake_handlers
from services.intake.adapters.documents import DOCUMENTS
from services.intake.domain.submissions import InvalidSubmission
from services.intake.handlers import IntakeHandlers
from tests.support.fakes import FakePublisher
from tests.support.submissions import dso_service_delivery


@pytest.fixture
def handlers(monkeypatch: pytest.MonkeyPatch) -> tuple[IntakeHandlers, list[int]]:
    """Intake's handlers, with every listing of unknown fields counted."""
    store = open_store("memory://", DOCUMENTS, service="intake")
    publisher = FakePublisher()
    listed: list[int] = []
    real = intake_handlers.ignored_fields

    def counting(body, **kw):  # type: ignore[no-untyped-def]
        listed.append(len(body))
        return real(body, **kw)

    monkeypatch.setattr(intake_handlers, "ignored_fields", counting)
    return (
        IntakeHandlers(
            store=store,
            clock=FixedClock(datetime(2026, 11, 2, 10, 30, tzinfo=UTC)),
            relay=OutboxRelay(publisher, store, DOCUMENTS),  # type: ignore[arg-type]
            known_procedures={"dso"},
            flags={},
            refuse_near_misses=True,
        ),
        listed,
    )


@pytest.mark.parametrize(
    ("extra", "field", "rule"),
    [
        ({f"k{i}": 1 for i in range(MAX_ITEMS + 1)}, "(body)", "max-items"),
        (
            {"notes": [{f"k{i}": 1 for i in range(900)} for _ in range(MAX_VALUES // 900 + 1)]},
            "(body)",
            "max-values",
        ),
        ({"confidental": True, "$where": 1}, "$where", "key-dollar"),
    ],
    ids=["wide", "many-values", "bad-key"],
)
async def test_a_body_over_the_limits_is_refused_before_any_field_is_listed(
    handlers, extra: dict[str, object], field: str, rule: str
) -> None:  # type: ignore[no-untyped-def]
    intake, listed = handlers
    with pytest.raises(InvalidSubmission) as refused:
        await intake.submit(
            partner_id="yarlswood",
            body={**dso_service_delivery(), **extra},
            message_id="m1",
            user_id=None,
        )
    assert [(e.field, e.rule) for e in refused.value.errors] == [(field, rule)]
    assert listed == []


async def test_a_body_within_the_limits_has_its_fields_listed_once(handlers) -> None:  # type: ignore[no-untyped-def]
    intake, listed = handlers
    with pytest.raises(InvalidSubmission) as refused:
        await intake.submit(
            partner_id="yarlswood",
            body=dso_service_delivery(confidental=True),
            message_id="m1",
            user_id=None,
        )
    assert [(e.field, e.rule) for e in refused.value.errors] == [("confidental", "near-miss")]
    assert len(listed) == 1
