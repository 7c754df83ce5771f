"""``complaints store copy``: a populated platform's stores, SQLite -> MongoDB -> SQLite,
with nothing lost or changed: documents, revisions, pending outboxes, counters."""

from __future__ import annotations

import json
import uuid

import pytest
from typer.testing import CliRunner

from bench import prefill
from cli.main import app
from cli.store import SERVICES, service_documents
from common.bus import Outgoing
from common.storage import open_store

runner = CliRunner()


def snapshot(url: str, prefix: str = "") -> dict[str, object]:
    """Every document (as stored), pending outbox and counter of every service."""
    out: dict[str, object] = {}
    for name in SERVICES:
        docs = service_documents(name)
        store = open_store(url.replace("{service}", name), docs, service=f"snap-{name}",
                           db=f"{prefix}{name}")  # fmt: skip
        for cls in docs:
            for doc in store.find(cls, order_by="id"):
                son = doc.to_mongo().to_dict()
                outbox = [m.message_id for m in store.outbox_of(cls, doc.pk)]
                for engine_only in ("outbox", "outbox_pending", "relay_lease_until"):
                    son.pop(engine_only, None)
                out[f"{name}/{cls.__name__}/{doc.pk}"] = (json.dumps(son, default=str), outbox)
        out[f"{name}/counters"] = store.counters()
        store.close()
    return out


@pytest.fixture
def populated(tmp_path, monkeypatch) -> str:  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path}/a/{{service}}.db"
    monkeypatch.setenv("PLATFORM_STORE_URL", url)
    prefill.load(15, quiet=True)
    # One complaint's messages not yet published (a crash before the relay ran).
    from services.routing.adapters.documents import RoutingRecord

    routing = open_store(url.replace("{service}", "routing"), [RoutingRecord], service="r")
    record = routing.find(RoutingRecord, limit=1)[0]
    routing.commit(
        record,
        message_id="in-flight",
        emit=[Outgoing(exchange="complaints", routing_key="case.routed",
                       message_id="case.routed:pending", body={"reference": record.pk})],
    )  # fmt: skip
    routing.close()
    return url


def test_copy_to_mongodb_and_back_loses_nothing(populated, mongo_url, tmp_path) -> None:  # type: ignore[no-untyped-def]
    prefix = f"c{uuid.uuid4().hex[:8]}_"
    before = snapshot(populated)
    assert len(before) > 15 * 5
    there = runner.invoke(
        app, ["store", "copy", "--from", populated, "--to", mongo_url, "--db-prefix", prefix]
    )
    assert there.exit_code == 0, there.output
    assert snapshot(mongo_url, prefix) == before
    back_url = f"sqlite:///{tmp_path}/b/{{service}}.db"
    back = runner.invoke(
        app,
        ["store", "copy", "--from", mongo_url, "--to", back_url, "--db-prefix", prefix, "--json"],
    )
    assert back.exit_code == 0, back.output
    report = json.loads(back.output)
    assert report["routing"]["outbox_messages"] == 1
    assert snapshot(back_url) == before


def test_an_interrupted_copy_is_finished_by_running_it_again(populated, tmp_path) -> None:  # type: ignore[no-untyped-def]
    to = f"sqlite:///{tmp_path}/c/{{service}}.db"
    first = runner.invoke(app, ["store", "copy", "--from", populated, "--to", to,
                                "--service", "records"])  # fmt: skip
    assert first.exit_code == 0, first.output
    # Lose the second half of what was copied, as if it had stopped there.
    from services.records.adapters.documents import CaseFile

    dst = open_store(to.replace("{service}", "records"), service_documents("records"),
                     service="records")  # fmt: skip
    keys = [c.pk for c in dst.find(CaseFile, order_by="id")]
    dst._db().execute("DELETE FROM cases WHERE id > ?", (keys[len(keys) // 2],))  # type: ignore[attr-defined]
    assert dst.count(CaseFile) < len(keys)
    again = runner.invoke(app, ["store", "copy", "--from", populated, "--to", to])
    assert again.exit_code == 0, again.output
    assert snapshot(to) == snapshot(populated)


def test_copy_refuses_what_it_cannot_do(tmp_path) -> None:  # type: ignore[no-untyped-def]
    missing = runner.invoke(app, ["store", "copy", "--from", f"sqlite:///{tmp_path}/none/{{service}}.db",
                                  "--to", f"sqlite:///{tmp_path}/x/{{service}}.db"])  # fmt: skip
    assert missing.exit_code == 2 and "does not exist" in missing.output
    bad = runner.invoke(app, ["store", "copy", "--from", "postgres://x", "--to", "memory://"])
    assert bad.exit_code == 2 and "--from" in bad.output
    unknown = runner.invoke(app, ["store", "copy", "--from", "sqlite:///a.db", "--to",
                                  "sqlite:///b.db", "--service", "billing"])  # fmt: skip
    assert unknown.exit_code == 2 and "billing" in unknown.output
