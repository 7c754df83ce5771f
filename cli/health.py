"""How ``complaints ops health`` prints its report for people: the letters, and the
undeliverable letters. The checks themselves are `ops.health` (``check_all``, read
here by the command, so a test can put a report in its place)."""

from __future__ import annotations

from typing import Any

from ops.health import check_all as check_all


def print_letters(letters: dict[str, Any]) -> None:
    """The letters part of `complaints ops health`, for people."""
    import typer

    from cli.output import table

    after = f"{letters['pending_after_s'] / 60:g} min"
    if not letters["readable"]:
        typer.echo(f"Letters: not checked ({letters['detail']})")
    elif not letters["letters"]:
        typer.echo(f"Letters: none failed, none pending over {after}")
    else:
        table(
            f"Letters failed or pending over {after} (resend with `complaints letters resend "
            "CASE KEY` once the cause is fixed)",
            ["case", "template", "to", "status", "since", "tries", "key", "error"],
            [
                (
                    r["case_ref"],
                    r["template"],
                    r["recipient"],
                    "FAILED" if r["status"] == "failed" else "PENDING",
                    r["since"],
                    r["attempts"],
                    r["key"],
                    r["error"][:80],
                )
                for r in letters["letters"]
            ],
        )


def print_undeliverable(referrals: dict[str, Any]) -> None:
    """The undeliverable letters part of `complaints ops health`, for people."""
    import typer

    from cli.output import table

    rows = referrals.get("undeliverable") or []
    if not referrals["readable"]:
        return  # said with the referrals
    if not rows:
        typer.echo("Undeliverable letters: none")
        return
    typer.echo(
        f"Undeliverable letters: {len(rows)} went to a fallback desk because no channel "
        "could reach the person: record an email, a postal address or the establishment"
    )
    table(
        "Undeliverable letters (most recent first)",
        ["case", "to", "why", "desk", "status", "key"],
        [
            (
                r["case_ref"],
                r["recipient"],
                r["reason"],
                r["desk"],
                r["status"] if r["status"] != "failed" else "FAILED",
                r["key"],
            )
            for r in rows
        ],
    )
