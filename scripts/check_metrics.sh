#!/usr/bin/env bash
# Lints the Prometheus metrics of all five services with `promtool check metrics` (the
# Prometheus project's own linter: base units, `_total` on counters, help text, ...).
# Each service is built in-process (`python -m common.metrics`, nothing started) and its
# /metrics text checked. Exits 1 naming each service and each problem; 2 when promtool
# is missing (as root with CI set, it installs the Debian package `prometheus`, which
# ships promtool, without its recommends; its server is not started).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-.venv/bin/python}

if ! command -v promtool >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ] && [ -n "${CI:-}" ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing promtool (the Debian package prometheus, no recommends)" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      prometheus >/dev/null
  else
    cat >&2 <<'MSG'
error: promtool is not on PATH. It comes with Prometheus:
  Debian/Ubuntu:  sudo apt-get install --no-install-recommends prometheus
  macOS:          brew install prometheus
then run `make metrics-check` again. Without it, the same rules in Python:
  .venv/bin/python -m pytest -q tests/common/unit/test_metrics_lint.py
MSG
    exit 2
  fi
fi

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
PYTHONPATH=$PWD "$PYTHON" -m common.metrics --out "$out"
failed=0
for file in "$out"/*.prom; do
  service=$(basename "$file" .prom)
  if problems=$(promtool check metrics <"$file" 2>&1); then
    echo "$service: promtool check metrics: clean"
  else
    failed=$((failed + 1))
    echo "$service: promtool check metrics found problems:" >&2
    sed "s/^/  $service: /" <<<"$problems" >&2
  fi
done
if [ "$failed" -gt 0 ]; then
  echo "$failed service(s) with metric problems (see docs/operations.md, Metrics)" >&2
  exit 1
fi
