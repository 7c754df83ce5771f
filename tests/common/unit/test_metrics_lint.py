"""Every service's /metrics is clean under `promtool check metrics` (Prometheus's own
linter) where promtool is installed, and under its rules in Python (tests/common/promlint.py)
everywhere; where promtool is installed, the two are shown to agree on broken metrics."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from common import metrics
from tests.common import promlint

ROOT = Path(__file__).resolve().parents[3]
PROMTOOL = shutil.which("promtool")
NO_PROMTOOL = (
    "promtool is not installed, so only its Python equivalent ran "
    "(`apt-get install --no-install-recommends prometheus` ships promtool)"
)


@pytest.fixture(scope="module")
def expositions() -> dict[str, str]:
    return metrics.expositions()


def promtool(text: str) -> list[str]:
    assert PROMTOOL is not None
    run = subprocess.run(
        [PROMTOOL, "check", "metrics"], input=text, capture_output=True, text=True, timeout=60
    )
    said = sorted(line for line in (run.stdout + run.stderr).splitlines() if line.strip())
    assert (run.returncode == 0) == (said == []), (run.returncode, said)
    return said


def test_every_service_exposes_its_metrics(expositions: dict[str, str]) -> None:
    assert set(expositions) == {"intake", "routing", "deadlines", "notifications", "records"}
    common = {
        "complaints_messages_handled_total",
        "complaints_handle_seconds",
        "complaints_events_published_total",
        "complaints_store_operations_total",
        "complaints_outbox_backlog",
    }
    for service, text in expositions.items():
        found = promlint.families(text)
        assert common <= set(found), service
        assert {"service", "queue", "outcome"} <= found["complaints_messages_handled_total"].labels
    deadlines = promlint.families(expositions["deadlines"])
    assert {"complaints_timers_due", "complaints_timers_due_oldest_seconds"} <= set(deadlines)


def test_every_service_is_clean_under_the_python_rules(expositions: dict[str, str]) -> None:
    print("ran: the Python equivalent of promtool check metrics (tests/common/promlint.py)")
    assert {s: promlint.lint(text) for s, text in expositions.items()} == {
        s: [] for s in expositions
    }


@pytest.mark.skipif(PROMTOOL is None, reason=NO_PROMTOOL)
def test_every_service_is_clean_under_promtool() -> None:
    print(f"ran: {PROMTOOL} check metrics (scripts/check_metrics.sh)")
    run = subprocess.run(
        [str(ROOT / "scripts" / "check_metrics.sh")],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    clean = sorted(line.split(":")[0] for line in run.stdout.splitlines() if "clean" in line)
    assert clean == sorted(metrics.PLACES)


def exposed(kind: str = "gauge", labels: str = "", help: bool = True) -> str:
    """A family of one sample as a /metrics endpoint writes it (``{name}`` to fill in)."""
    return ("# HELP {name} Something.\n" if help else "") + (
        f"# TYPE {{name}} {kind}\n{{name}}{labels} 1\n"
    )


UNIT = 'use base unit "seconds" instead of "{}"'
CAMEL = "names should be written in 'snake_case' not 'camelCase'"
NOT_HISTOGRAM = "non-histogram and non-summary metrics should not have"
BROKEN = [
    (exposed(), "complaints_timers_due_oldest_days", UNIT.format("days")),
    (exposed(), "x_request_milliseconds", UNIT.format("milliseconds")),
    (exposed("counter"), "x_requests", 'counter metrics should have "_total" suffix'),
    (exposed(), "x_things_total", 'non-counter metrics should not have "_total" suffix'),
    (exposed(help=False), "x_things", "no help text"),
    (exposed(), "x_latency_ms", "metric names should not contain abbreviated units"),
    (exposed(), "x_queue_gauge", "metric name should not include type 'gauge'"),
    (exposed(), "x_queueDepth", f"metric {CAMEL}"),
    (exposed(labels='{{queueName="a"}}'), "x_depth", f"label {CAMEL}"),
    (exposed(labels='{{le="1"}}'), "x_depth", 'non-histogram metrics should not have "le" label'),
    (exposed(), "x_depth_sum", f'{NOT_HISTOGRAM} "_sum" suffix'),
    (exposed(), "x:depth", "metric names should not contain ':'"),
]


@pytest.mark.parametrize(("template", "name", "problem"), BROKEN)
def test_the_python_rules_name_each_broken_metric(template: str, name: str, problem: str) -> None:
    assert promlint.lint(template.format(name=name)) == [f"{name} {problem}"]


@pytest.mark.skipif(PROMTOOL is None, reason=NO_PROMTOOL)
@pytest.mark.parametrize(("template", "name", "problem"), BROKEN)
def test_promtool_says_the_same(template: str, name: str, problem: str) -> None:
    assert promtool(template.format(name=name)) == [f"{name} {problem}"]
