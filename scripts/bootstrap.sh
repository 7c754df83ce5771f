#!/usr/bin/env bash
# Creates .venv with Python 3.13 and installs the project with pinned versions.
# Idempotent: re-running only installs what changed.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=$(scripts/python.sh)
# Pango and a font for PDF letters (Debian packages; says what to do when it cannot).
scripts/ensure_pdf.sh || echo "warning: PDF letters will fail until the packages above are installed" >&2
if [ ! -x .venv/bin/python ] || ! .venv/bin/python -c 'import sys; sys.exit(sys.version_info[:2] != (3, 13))'; then
  rm -rf .venv
  "$PY" -m venv .venv
fi
stamp=.venv/.installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ] || [ constraints.txt -nt "$stamp" ]; then
  if [ ! -f "$stamp" ]; then
    echo "installing the platform's Python packages into .venv (the first time takes a few minutes)" >&2
  else
    echo "updating .venv's Python packages (pyproject.toml or constraints.txt changed)" >&2
  fi
  # pip's and the build backend's chatter go to a log, shown only if the install fails.
  log=$(mktemp)
  if ! { .venv/bin/python -m pip install --quiet --upgrade pip \
      && .venv/bin/python -m pip install --quiet -c constraints.txt \
        --config-settings editable_mode=compat -e '.[dev]'; } >"$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    echo "error: installing the Python packages failed (output above)" >&2
    exit 1
  fi
  rm -f "$log"
  touch "$stamp"
fi
