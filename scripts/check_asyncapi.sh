#!/usr/bin/env bash
# Validates every AsyncAPI document in docs/asyncapi/ with the official AsyncAPI parser
# (@asyncapi/parser, the version pinned in scripts/asyncapi-check/package-lock.json).
# The parser is installed with `npm ci` into .cache/asyncapi-parser/ (ignored by git),
# again only when the pinned lock file changes. Exits 1 naming each invalid document and
# each of its errors; 2 when Node.js or npm is missing.
#   scripts/check_asyncapi.sh [document...]     # default: docs/asyncapi/*.yaml *.json
set -euo pipefail
cd "$(dirname "$0")/.."
pinned=scripts/asyncapi-check
cache=${ASYNCAPI_PARSER_CACHE:-.cache/asyncapi-parser}

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ] && [ -n "${CI:-}" ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing the Debian packages nodejs and npm" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
  else
    cat >&2 <<'MSG'
error: the AsyncAPI check needs Node.js (18 or later) and npm, which are not on PATH.
  Debian/Ubuntu:  sudo apt-get install nodejs npm
  macOS:          brew install node
  or any Node.js 18+ from your usual source; then run `make asyncapi-validate` again.
(In CI, running as root with CI set, this script installs the Debian packages itself.)
MSG
    exit 2
  fi
fi

# .installed is the lock file of the last install that finished.
if ! cmp -s "$pinned/package-lock.json" "$cache/.installed"; then
  echo "installing the pinned @asyncapi/parser into $cache (npm ci)" >&2
  mkdir -p "$cache"
  rm -f "$cache/.installed"
  cp "$pinned/package.json" "$pinned/package-lock.json" "$cache/"
  (cd "$cache" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >&2)
  cp "$pinned/package-lock.json" "$cache/.installed"
fi

if [ "$#" -eq 0 ]; then
  shopt -s nullglob
  set -- docs/asyncapi/*.yaml docs/asyncapi/*.json
  if [ "$#" -eq 0 ]; then
    echo "error: no AsyncAPI document in docs/asyncapi/ (run make asyncapi)" >&2
    exit 1
  fi
fi
exec node "$pinned/validate.cjs" "$cache" "$@"
