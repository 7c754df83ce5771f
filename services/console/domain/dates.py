"""Dates as people in the UK write them (7 December 2026), and the nations by name."""

from __future__ import annotations

from datetime import date, datetime

NATIONS = {
    "england-and-wales": "England and Wales",
    "scotland": "Scotland",
    "northern-ireland": "Northern Ireland",
}


def parse_day(text: str) -> date | None:
    try:
        return date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None


def uk_date(text: str) -> str:
    """``2026-12-07`` -> ``7 December 2026``; empty stays empty; anything else as given."""
    day = parse_day(text)
    return f"{day.day} {day:%B %Y}" if day else (text or "")


def uk_datetime(text: str) -> str:
    """``2026-12-07T09:05:00+00:00`` -> ``7 December 2026 09:05``."""
    try:
        at = datetime.fromisoformat(text)
    except (TypeError, ValueError):
        return text or ""
    return f"{at.day} {at:%B %Y %H:%M}"


def nation_name(key: str) -> str:
    return NATIONS.get(key, key.replace("-", " ").title() if key else "")
