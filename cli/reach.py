"""``complaints case release|advocacy|feedback``: reaching the person (issue 18).

- ``release REF --safeguarding-checked --child-agrees``: children (seed 004), the Complaints
  Manager confirms safeguarding with the child before the provider sees the complaint;
- ``advocacy REF --step explained|offered|declined|provided``: seed 004 "advocacy services
  are explained, offered and provided when required";
- ``feedback REF --summary ...``: HMIP seed 001 §5, feedback on how the complaint was
  handled, kept for the reports.
"""

from __future__ import annotations

import typer

from cli.records import Param, command


def register(app: typer.Typer) -> None:
    """Add the commands to ``complaints case``."""
    command(
        app,
        "release",
        "ConfirmRelease",
        "ConfirmReleaseRequest",
        "Children: safeguarding checked with the child and their agreement confirmed, so the "
        "relevant parts go to the care provider (seed 004; within 5 working days).",
        Param("safeguarding_checked", "safeguarding was checked with the child", flag=True),
        Param("child_agrees", "the child agrees to the provider seeing it", flag=True),
        Param("wishes", "what the child or young person said"),
        Param("provider", "the care service provider (default: the one routing named)"),
        Param("note", "a note for the file"),
    )
    command(
        app,
        "advocacy",
        "RecordAdvocacy",
        "AdvocacyRequest",
        "Children: advocacy explained, offered, declined or provided (seed 004).",
        Param("step", "explained | offered | declined | provided", required=True),
        Param("advocate", "who (when provided)"),
        Param("note", "a note for the file"),
    )
    command(
        app,
        "feedback",
        "RecordFeedback",
        "FeedbackRequest",
        "Feedback on how the complaint was handled (HMIP seed 001 §5), kept for the reports.",
        Param("summary", "what the complainant said", required=True),
        Param("satisfaction", "satisfied | partly | dissatisfied"),
    )
