"""The rules of `promtool check metrics`, in Python, for where promtool is not installed.

promtool's linter (Prometheus's ``promlint``) reads the text a /metrics endpoint serves
and names each family that breaks a naming rule, one problem a line, as
``<family> <problem>``. The same rules, the same words:

- every family has help text;
- a unit in the name is a base unit (``seconds``, ``bytes``, ``meters``...): ``days``,
  ``milliseconds``, ``kilobytes``... are not;
- a counter's name ends in ``_total``, and only a counter's (untyped ones are free);
- ``_bucket`` and the ``le`` label are a histogram's, ``_count``/``_sum`` a histogram's
  or a summary's, the ``quantile`` label a summary's;
- no type (``_counter``, ``_gauge``...) in the name, no ``:``, no camelCase (in names and
  label names), no abbreviated unit (``_s``, ``_ms``, ``_sec``, ``_kb``...).

`scripts/check_metrics.sh` runs the real promtool; `tests/common/unit/test_metrics_lint.py`
runs this where promtool is missing, and checks the two agree where it is present.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from prometheus_client.parser import text_string_to_metric_families

BASE_UNITS = {"amperes", "bytes", "celsius", "grams", "joules", "kelvin", "meters",
              "metres", "seconds", "volts"}  # fmt: skip
# A unit that is not a base unit, and the base unit to use instead.
NON_BASE = {
    "minutes": "seconds", "hours": "seconds", "days": "seconds", "weeks": "seconds",
    "kelvins": "kelvin", "fahrenheit": "celsius", "rankine": "celsius",
    "inches": "meters", "yards": "meters", "miles": "meters", "bits": "bytes",
    "calories": "joules", "pounds": "grams", "ounces": "grams",
}  # fmt: skip
PREFIXES = ("pico", "nano", "micro", "milli", "centi", "deci", "deca", "hecto", "kilo",
            "kibi", "mega", "mibi", "giga", "gibi", "tera", "tebi", "peta", "pebi")  # fmt: skip
ABBREVIATIONS = ("s", "ms", "us", "ns", "sec", "b", "kb", "mb", "gb", "tb", "pb", "m", "h", "d")
TYPES_IN_NAMES = ("counter", "gauge", "summary", "histogram", "gauge_histogram")
CAMEL = re.compile(r"[a-z][A-Z]")


@dataclass
class Family:
    name: str
    type: str = "untyped"
    help: str | None = None
    labels: set[str] = field(default_factory=set)


def families(text: str) -> dict[str, Family]:
    """The families of an exposition as promtool sees them: named as in their ``# TYPE``
    line (a counter's with its ``_total``), with the label names of their samples."""
    found: dict[str, Family] = {}
    for line in text.splitlines():
        parts = line.split(None, 3)
        if len(parts) >= 3 and parts[0] == "#" and parts[1] in ("HELP", "TYPE"):
            family = found.setdefault(parts[2], Family(parts[2]))
            if parts[1] == "HELP":
                family.help = parts[3] if len(parts) > 3 else ""
            else:
                family.type = parts[3].strip() if len(parts) > 3 else "untyped"
    for parsed in text_string_to_metric_families(text):
        for sample in parsed.samples:
            family = _family_of(sample.name, found)
            family.labels |= set(sample.labels)
    return found


def _family_of(sample: str, found: dict[str, Family]) -> Family:
    if sample in found:
        return found[sample]
    # Samples of a histogram or summary; a counter's as the parser names them (``_total``
    # added where its TYPE line had none).
    for suffix, kinds in (
        ("_bucket", ("histogram",)),
        ("_count", ("histogram", "summary")),
        ("_sum", ("histogram", "summary")),
        ("_total", ("counter",)),
    ):
        base = sample.removesuffix(suffix)
        if base != sample and base in found and found[base].type in kinds:
            return found[base]
    return found.setdefault(sample, Family(sample))  # a sample with no metadata: untyped


def _unit(name: str) -> tuple[str, str] | None:
    for word in name.split("_"):
        for prefix in ("", *PREFIXES):
            if not word.startswith(prefix):
                continue
            unit = word[len(prefix) :]
            if unit in BASE_UNITS:
                return word, unit
            if unit in NON_BASE:
                return word, NON_BASE[unit]
    return None


def problems_of(family: Family) -> list[str]:
    """What promtool would say about ``family``, without the family's name."""
    name, kind, said = family.name, family.type, []
    if family.help is None:
        said.append("no help text")
    unit = _unit(name)
    if unit and unit[0] != unit[1]:
        said.append(f'use base unit "{unit[1]}" instead of "{unit[0]}"')
    if kind == "counter" and not name.endswith("_total"):
        said.append('counter metrics should have "_total" suffix')
    elif kind not in ("untyped", "counter") and name.endswith("_total"):
        said.append('non-counter metrics should not have "_total" suffix')
    if kind != "untyped":
        histogram, summary = kind == "histogram", kind == "summary"
        if not histogram and name.endswith("_bucket"):
            said.append('non-histogram metrics should not have "_bucket" suffix')
        for suffix in ("_count", "_sum"):
            if not (histogram or summary) and name.endswith(suffix):
                said.append(
                    f'non-histogram and non-summary metrics should not have "{suffix}" suffix'
                )
        if not histogram and "le" in family.labels:
            said.append('non-histogram metrics should not have "le" label')
        if not summary and "quantile" in family.labels:
            said.append('non-summary metrics should not have "quantile" label')
    lower = name.lower()
    for typename in TYPES_IN_NAMES:
        if f"_{typename}_" in lower or lower.endswith(f"_{typename}"):
            said.append(f"metric name should not include type '{typename}'")
    if ":" in name:
        said.append("metric names should not contain ':'")
    if CAMEL.search(name):
        said.append("metric names should be written in 'snake_case' not 'camelCase'")
    if any(CAMEL.search(label) for label in family.labels):
        said.append("label names should be written in 'snake_case' not 'camelCase'")
    if any(f"_{a}_" in lower or lower.endswith(f"_{a}") for a in ABBREVIATIONS):
        said.append("metric names should not contain abbreviated units")
    return said


def lint(text: str) -> list[str]:
    """Every problem in an exposition, one ``<family> <problem>`` each, sorted."""
    return sorted(
        f"{family.name} {problem}"
        for family in families(text).values()
        for problem in problems_of(family)
    )
