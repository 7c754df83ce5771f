#!/usr/bin/env bash
# The console's browser tests (tests/console) need Chromium and its driver from Debian's
# packages, and axe-core (the accessibility checker) from npm at the version pinned in
# scripts/axe/package-lock.json. Installs what is missing; says clearly what it cannot.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        echo "installing chromium and chromium-driver (Debian packages)"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
    elif command -v sudo >/dev/null && command -v apt-get >/dev/null; then
        echo "installing chromium and chromium-driver (Debian packages, with sudo)"
        sudo apt-get update -qq
        sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
    else
        echo "ensure_browser: cannot install Chromium here (not root, no sudo or no apt-get)." >&2
        echo "  Install the Debian packages 'chromium' and 'chromium-driver' (or set" >&2
        echo "  CONSOLE_CHROMIUM and CONSOLE_CHROMEDRIVER to a Chromium and its driver)." >&2
        exit 1
    fi
fi

AXE=.cache/axe/node_modules/axe-core/axe.min.js
if [ ! -f "$AXE" ]; then
    if ! command -v npm >/dev/null; then
        echo "ensure_browser: cannot install axe-core: npm is missing (install Node.js)." >&2
        exit 1
    fi
    echo "installing axe-core (scripts/axe/package-lock.json) into .cache/axe"
    mkdir -p .cache/axe
    cp scripts/axe/package.json scripts/axe/package-lock.json .cache/axe/
    (cd .cache/axe && npm ci --no-audit --no-fund --silent)
fi
echo "browser: $(chromium --version 2>/dev/null | head -1); $(chromedriver --version | cut -d' ' -f1-2); axe-core $(node -p "require('./.cache/axe/node_modules/axe-core/package.json').version")"
