"""The pipeline benchmark's pure parts: percentiles, milestone correlation from fake bus
messages, rates and the ratio, the Prometheus counters, the results file's shape.
No broker and no platform needed."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from bench.pipeline import metrics, report
from bench.pipeline.drive import DEFAULT_SUBMISSION, load_template, submission
from bench.pipeline.milestones import (
    MILESTONES,
    BusMessage,
    Tracker,
    percentile,
    rate,
    ratio,
    summarise,
)

# -- percentiles ---------------------------------------------------------------------------


def test_percentiles_interpolate_between_closest_ranks() -> None:
    values = [4.0, 1.0, 3.0, 2.0]  # unsorted on purpose
    assert percentile(values, 0) == 1.0
    assert percentile(values, 50) == 2.5
    assert percentile(values, 95) == pytest.approx(3.85)
    assert percentile(values, 100) == 4.0
    assert percentile(list(range(1, 101)), 99) == pytest.approx(99.01)
    assert percentile([7.0], 99) == 7.0


def test_percentile_of_nothing_is_none_and_bad_q_is_refused() -> None:
    assert percentile([], 50) is None
    with pytest.raises(ValueError):
        percentile([1.0], 101)


def test_summary_names_every_figure() -> None:
    assert summarise([1.0, 2.0, 3.0]) == {
        "count": 3,
        "p50": 2.0,
        "p95": pytest.approx(2.9),
        "p99": pytest.approx(2.98),
        "max": 3.0,
        "mean": 2.0,
    }
    assert summarise([]) == {
        "count": 0,
        "p50": None,
        "p95": None,
        "p99": None,
        "max": None,
        "mean": None,
    }


# -- correlation ---------------------------------------------------------------------------


def ev(t: float, key: str, ref: str, strand: int | None = 1, **body: object) -> BusMessage:
    return BusMessage(t, "complaints", key, {"reference": ref, "strand": strand, **body}, 100)


def reply(t: float, partner_ref: str, kind: str = "accepted", **body: object) -> BusMessage:
    return BusMessage(
        t, "partners", f"probation-north.{kind}", {"partner_ref": partner_ref, **body}, 50
    )


def one_complaint(ref: str = "HMIP-1", p: str = "B-1", t0: float = 100.0) -> list[BusMessage]:
    return [
        ev(t0 + 0.1, "complaint.received", ref, None, partner_ref=p),
        reply(t0 + 0.2, p, reference=ref),
        ev(t0 + 0.5, "case.routed", ref, 1, strands_total=1),
        ev(t0 + 0.8, "notification.sent", ref, template="comments_request", recipient="officer"),
        ev(t0 + 1.0, "deadline.set", ref, clock="acknowledgement"),
        ev(t0 + 1.1, "deadline.set", ref, clock="investigation"),
        ev(t0 + 1.5, "case.opened", ref, status="open"),
        ev(t0 + 2.0, "case.acknowledged", ref, status="acknowledged"),
        ev(t0 + 3.0, "notification.sent", ref, template="acknowledgement", recipient="complainant"),
    ]


def test_milestones_of_one_complaint_are_times_after_its_publish() -> None:
    tracker = Tracker()
    tracker.published("B-1", 100.0)
    for msg in one_complaint():
        tracker.add(msg)
    c = tracker.complaints["B-1"]
    assert c.reference == "HMIP-1"
    got = {m: c.latency(m) for m in MILESTONES}
    assert got == pytest.approx(
        {
            "accepted": 0.2,
            "routed": 0.5,
            "clocks_set": 1.0,
            "first_letter": 0.8,
            "case_acknowledged": 2.0,
            "acknowledged": 3.0,
        }
    )
    assert c.completed and tracker.all_settled()
    assert tracker.seen == 9 and len(tracker.ours) == 9


def test_events_heard_before_the_reply_are_kept_and_matched_later() -> None:
    tracker = Tracker()
    tracker.published("B-1", 10.0)
    msgs = one_complaint(t0=10.0)
    # the reply and complaint.received arrive last: nothing links HMIP-1 to B-1 before
    for msg in [*msgs[2:], msgs[1], msgs[0]]:
        tracker.add(msg)
    c = tracker.complaints["B-1"]
    assert c.latency("routed") == pytest.approx(0.5)
    assert c.latency("acknowledged") == pytest.approx(3.0)


def test_only_the_acknowledgement_letter_to_the_complainant_completes_a_complaint() -> None:
    tracker = Tracker()
    tracker.published("B-1", 0.0)
    for msg in one_complaint(t0=0.0)[:-1]:
        tracker.add(msg)
    tracker.add(ev(5.0, "notification.sent", "HMIP-1", template="acknowledgement", recipient="mp"))
    c = tracker.complaints["B-1"]
    assert c.latency("first_letter") == pytest.approx(0.8)
    assert not c.completed and not tracker.all_settled()
    assert c.status() == "reached case_acknowledged"


def test_a_complaint_with_two_strands_reaches_a_milestone_with_its_last_strand() -> None:
    tracker = Tracker()
    tracker.published("B-2", 0.0)
    for msg in [
        reply(0.1, "B-2", reference="DSO-1"),
        ev(0.3, "case.routed", "DSO-1", 1, strands_total=2),
        ev(0.4, "deadline.set", "DSO-1", 1, clock="response"),
        ev(
            1.0,
            "notification.sent",
            "DSO-1",
            1,
            template="acknowledgement",
            recipient="complainant",
        ),
    ]:
        tracker.add(msg)
    c = tracker.complaints["B-2"]
    assert c.at("routed") is None and not c.completed  # strand 2 not heard yet
    tracker.add(ev(0.6, "case.routed", "DSO-1", 2, strands_total=2))
    tracker.add(ev(0.9, "deadline.set", "DSO-1", 2, clock="response"))
    tracker.add(
        ev(
            2.5,
            "notification.sent",
            "DSO-1",
            2,
            template="acknowledgement",
            recipient="complainant",
        )
    )
    assert c.latency("routed") == pytest.approx(0.6)
    assert c.latency("clocks_set") == pytest.approx(0.9)
    assert c.latency("acknowledged") == pytest.approx(2.5)
    assert c.latency("first_letter") == pytest.approx(1.0)


def test_noise_rejections_exclusions_and_extensions_are_told_apart() -> None:
    tracker = Tracker()
    tracker.published("B-ok", 0.0)
    tracker.published("B-bad", 0.0)
    tracker.published("B-out", 0.0)
    for msg in [
        ev(0.1, "deadline.set", "OLD-9", clock="response"),  # someone else's case
        reply(0.2, "SOMEONE-ELSES", reference="OLD-8"),
        reply(0.3, "B-bad", kind="rejected", errors=[]),
        reply(0.4, "B-out", reference="HMIP-7"),
        ev(0.5, "case.excluded", "HMIP-7", None, rule="out-of-time"),
        reply(0.6, "B-ok", reference="HMIP-1"),
        ev(0.7, "case.routed", "HMIP-1", 1, strands_total=1),
        ev(0.8, "deadline.set", "HMIP-1", clock="response", extended=True),
    ]:
        tracker.add(msg)
    assert tracker.seen == 8 and len(tracker.ours) == 6
    assert tracker.complaints["B-bad"].status() == "rejected by the platform"
    assert tracker.complaints["B-out"].status() == "excluded by routing"
    ok = tracker.complaints["B-ok"]
    assert ok.at("clocks_set") is None  # an extension is not a clock being started
    assert not tracker.all_settled()
    assert tracker.count("accepted") == 2


# -- rates and the ratio -------------------------------------------------------------------


def test_rate_and_ratio() -> None:
    assert rate(10, (100.0, 105.0)) == 2.0
    assert rate(10, None) is None and rate(0, (0.0, 1.0)) is None and rate(3, (1.0, 1.0)) is None
    assert ratio(20.0, 2000.0) == 0.01
    assert ratio(None, 2000.0) is None and ratio(20.0, None) is None and ratio(20.0, 0.0) is None


def test_complaints_per_second_run_from_first_publish_to_last_acknowledged() -> None:
    tracker = Tracker()
    for i, t0 in enumerate((0.0, 1.0)):
        tracker.published(f"B-{i}", t0)
        for msg in one_complaint(ref=f"R-{i}", p=f"B-{i}", t0=t0):
            tracker.add(msg)
    assert tracker.window() == (0.0, 4.0)
    assert rate(2, tracker.window()) == 0.5


# -- Prometheus counters -------------------------------------------------------------------

EXPOSITION = """\
# HELP complaints_store_operations_total Store operations
# TYPE complaints_store_operations_total counter
complaints_store_operations_total{service="records",op="find"} %s
complaints_store_operations_total{service="records",op="update"} %s
# HELP complaints_messages_handled_total Messages handled
# TYPE complaints_messages_handled_total counter
complaints_messages_handled_total{service="records",queue="records.events",outcome="ok"} %s
"""


def test_store_operations_per_complaint_and_per_message_from_two_scrapes() -> None:
    before = {"records": metrics.parse("records", EXPOSITION % (10, 5, 3))}
    after = {"records": metrics.parse("records", EXPOSITION % (70, 25, 23))}
    figures = metrics.store_figures(before, after, complaints=10)
    assert figures["operations"] == 80.0
    assert figures["handled_messages"] == 20.0
    assert figures["operations_per_complaint"] == 8.0
    assert figures["operations_per_handled_message"] == 4.0
    assert figures["by_service"]["records"]["by_op"] == {"find": 60.0, "update": 20.0}
    assert figures["notes"] == []


def test_a_service_that_does_not_answer_gives_null_and_a_note() -> None:
    ok = metrics.parse("records", EXPOSITION % (1, 1, 1))
    gone = metrics.Scrape("intake", error="http://127.0.0.1:9101/metrics did not answer")
    figures = metrics.store_figures(
        {"records": ok, "intake": gone}, {"records": ok, "intake": gone}, complaints=5
    )
    assert figures["operations"] is None and figures["operations_per_complaint"] is None
    assert figures["by_service"]["records"]["operations"] == 0.0
    assert figures["by_service"]["intake"]["operations"] is None
    assert any("intake" in note for note in figures["notes"])
    bare = metrics.parse("routing", "# TYPE up gauge\nup 1\n")
    figures = metrics.store_figures({"routing": bare}, {"routing": bare}, complaints=5)
    assert figures["operations"] is None
    assert "no complaints_store_operations_total" in figures["notes"][0]


def test_scraping_a_closed_port_does_not_raise() -> None:
    scrape = metrics.scrape("intake", 1, timeout_s=0.5)
    assert scrape.error and not scrape.values


# -- the submissions and the results file --------------------------------------------------


def test_each_copy_of_the_example_has_its_own_partner_ref_and_is_dated_today() -> None:
    now = datetime(2026, 12, 2, 9, 30, tzinfo=UTC)
    template = load_template(DEFAULT_SUBMISSION, now)
    assert template["received_at"].startswith("2026-12-02")
    assert template["incident_date"] == "2026-11-26"  # the example's 6-day gap kept
    a, b = submission(template, "run1", 1), submission(template, "run1", 2)
    assert a["partner_ref"] != b["partner_ref"] and a["subject"] == b["subject"]
    assert template["partner_ref"] == "HMIP-C-2026-031"  # the template is not changed


def test_results_file_has_every_documented_figure(tmp_path) -> None:  # type: ignore[no-untyped-def]
    tracker = Tracker()
    tracker.published("B-0", 0.0)
    for msg in one_complaint(p="B-0", t0=0.0):
        tracker.add(msg)
    tracker.published("B-1", 0.5)  # never heard of again
    data = report.result(
        tracker=tracker,
        options={"mode": "burst", "burst": 2},
        published={
            "count": 2,
            "failed": 0,
            "body_bytes": 1600,
            "first_at": 0.0,
            "last_at": 0.5,
            "max_lag_s": 0.0,
        },
        store=metrics.store_figures({}, {}, complaints=2),
        ceiling={"msgs_per_s": 1000.0, "messages": 5000},
        machine_info={"cpu": "test"},
        prefilled=0,
        started_at="2026-12-02T09:30:00+00:00",
        waited_s=1.0,
        timed_out=True,
    )
    assert set(data) >= {
        "benchmark",
        "options",
        "prefilled",
        "complaints",
        "elapsed_s",
        "complaints_per_s",
        "latency_s",
        "messages",
        "store",
        "broker_ceiling",
        "ratio",
        "machine",
    }
    assert set(data["latency_s"]) == set(MILESTONES)
    assert data["complaints"]["completed"] == 1 and data["complaints"]["incomplete"] == 1
    assert data["complaints"]["incomplete_examples"][0]["status"] == "no reply from intake"
    assert data["complaints_per_s"] == pytest.approx(1 / 3.0)
    # 2 submissions + 9 events of ours, first publish (0 s) to last acknowledgement (3 s)
    assert data["messages"]["pipeline_msgs_per_s"] == pytest.approx(11 / 3.0)
    assert data["ratio"] == pytest.approx(11 / 3.0 / 1000.0)
    assert data["messages"]["per_complaint"] == 4.5
    out = tmp_path / "r.json"
    report.write(data, out)
    back = json.loads(out.read_text())
    assert back["latency_s"]["acknowledged"]["p50"] == 3.0
    assert back["ratio"] == round(11 / 3.0 / 1000.0, 4)


def test_a_service_restarted_during_the_run_gives_null_not_a_negative_count() -> None:
    before = {"records": metrics.parse("records", EXPOSITION % (70, 25, 23))}
    after = {"records": metrics.parse("records", EXPOSITION % (5, 1, 2))}
    figures = metrics.store_figures(before, after, complaints=10)
    assert figures["operations"] is None and figures["operations_per_handled_message"] is None
    assert "went backwards" in figures["notes"][0]


def test_the_broker_password_never_reaches_the_results() -> None:
    from bench.pipeline.drive import masked

    assert masked("amqp://guest:secret@10.0.0.5:5672/vh") == "amqp://guest:***@10.0.0.5:5672/vh"
    assert masked("amqp://localhost/") == "amqp://localhost/"
