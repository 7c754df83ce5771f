#!/usr/bin/env bash
# Prints the path of a Python 3.13 interpreter, or explains how to get one.
# Order: $PYTHON, python3.13 on PATH, pyenv's 3.13.x, python3 if it is 3.13.
set -euo pipefail
is313() { "$1" -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 13) else 1)' 2>/dev/null; }
for cand in "${PYTHON:-}" python3.13; do
  [ -n "$cand" ] || continue
  if p=$(command -v "$cand" 2>/dev/null) && is313 "$p"; then echo "$p"; exit 0; fi
done
if command -v pyenv >/dev/null 2>&1; then
  root=$(pyenv root)
  for d in $(ls -d "$root"/versions/3.13* 2>/dev/null | sort -rV); do
    if is313 "$d/bin/python3.13"; then echo "$d/bin/python3.13"; exit 0; fi
  done
fi
if p=$(command -v python3 2>/dev/null) && is313 "$p"; then echo "$p"; exit 0; fi
cat >&2 <<'MSG'
error: Python 3.13 is required (the embedded mongoeco store needs it) and none was found.
  Install one, then run this again. Any of these works:
    - pyenv install 3.13        (then nothing else: the scripts find pyenv's versions)
    - apt-get install python3.13 python3.13-venv   (where your distribution ships it)
    - or point PYTHON at an interpreter: PYTHON=/path/to/python3.13 make run
MSG
exit 1
