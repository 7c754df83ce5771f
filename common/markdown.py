"""Generated parts of the project's Markdown pages: a table cell, a section between two
markers replaced in place, and the ``--check`` every generator offers (a test or CI runs
it, so a page always says what the code does)."""

from __future__ import annotations

import sys
from pathlib import Path


def cell(text: object) -> str:
    """One line of text for a table cell (``|`` escaped)."""
    return " ".join(str(text).split()).replace("|", "\\|")


def replace_section(text: str, new: str, *, begin: str, end: str, heading: str) -> str:
    """``text`` with the part between ``begin`` and ``end`` (``new`` holds both markers)
    replaced, or appended under ``heading`` if the page has none yet."""
    if begin in text and end in text:
        head, rest = text.split(begin, 1)
        _, tail = rest.split(end, 1)
        return head + new + tail
    return text.rstrip("\n") + f"\n\n## {heading}\n\n" + new + "\n"


def write_or_check(page: Path, wanted: str, argv: list[str], command: str) -> int:
    """Write ``wanted`` to ``page``, or with ``--check`` say whether it is stale (exit 1)."""
    if "--check" in argv:
        if not page.exists() or page.read_text(encoding="utf-8") != wanted:
            print(f"{page} is stale: run {command}", file=sys.stderr)
            return 1
        return 0
    page.write_text(wanted, encoding="utf-8")
    return 0
