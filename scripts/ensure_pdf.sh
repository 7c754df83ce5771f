#!/usr/bin/env bash
# Paper letters are rendered to PDF with WeasyPrint, which needs Pango from Debian's
# packages (libpango-1.0-0, libpangoft2-1.0-0; libharfbuzz-subset0 to embed only the
# glyphs used) and a font (fonts-dejavu-core);
# poppler-utils' pdftoppm draws the README's pictures of the letters. Installs what is
# missing; says clearly what it cannot (docs/letters.md, "Paper letters").
set -euo pipefail
PACKAGES=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core poppler-utils)
missing=()
if command -v dpkg-query >/dev/null; then
    for p in "${PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" \
            || missing+=("$p")
    done
fi
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "installing ${missing[*]} (Debian packages, for PDF letters)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
elif command -v sudo >/dev/null && command -v apt-get >/dev/null; then
    echo "installing ${missing[*]} (Debian packages, for PDF letters, with sudo)"
    sudo apt-get update -qq
    sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
else
    echo "ensure_pdf: cannot install ${missing[*]} here (not root, no sudo or no apt-get)." >&2
    echo "  Paper letters need Pango (Debian libpango-1.0-0 and libpangoft2-1.0-0) and a" >&2
    echo "  font; install them, or letters by post and by hand fail with the reason." >&2
    exit 1
fi
