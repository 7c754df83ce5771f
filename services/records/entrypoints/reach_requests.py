"""gRPC requests -> the commands that reach the person (issue 18): release to a provider
after safeguarding is checked with the child, advocacy, feedback on the handling."""

from __future__ import annotations

from collections.abc import Callable

from services.records.domain.advocacy import AdvocacyStep, RecordAdvocacy
from services.records.domain.commands import Command
from services.records.domain.feedback import SATISFACTION, RecordFeedback
from services.records.domain.release import ConfirmRelease
from services.records.entrypoints.requests import Fields


def _release(f: Fields) -> Command:
    if not f.request.safeguarding_checked:
        f._bad(
            "safeguarding_checked",
            "required",
            "the Complaints Manager confirms safeguarding was checked with the child",
        )
    if not f.request.child_agrees:
        f._bad(
            "child_agrees",
            "required",
            "the child or young person must agree before the provider sees the complaint",
        )
    return ConfirmRelease(
        safeguarding_checked=bool(f.request.safeguarding_checked),
        child_agrees=bool(f.request.child_agrees),
        wishes=f.text("wishes"),
        provider=f.text("provider"),
        note=f.text("note"),
    )


def _advocacy(f: Fields) -> Command:
    return RecordAdvocacy(
        step=f.choice("step", AdvocacyStep),  # type: ignore[arg-type]
        advocate=f.text("advocate"),
        note=f.text("note"),
    )


def _feedback(f: Fields) -> Command:
    satisfaction = f.text("satisfaction")
    if satisfaction not in SATISFACTION:
        f._bad(
            "satisfaction",
            "enum",
            f"{satisfaction!r} is not one of satisfied, partly, dissatisfied",
        )
    return RecordFeedback(
        summary=f.text("summary", required=True, what="what the complainant said"),
        satisfaction=satisfaction if satisfaction in SATISFACTION else "",
    )


REACH_BUILDERS: dict[str, Callable[[Fields], Command]] = {
    "ConfirmRelease": _release,
    "RecordAdvocacy": _advocacy,
    "RecordFeedback": _feedback,
}
