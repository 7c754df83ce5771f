"""The ``complaints`` command: central teams, partners and operators."""

from __future__ import annotations

import importlib

import typer

from cli import case, deadlines, letters, ops, outcomes, partner, records, report, representations

app = typer.Typer(
    help="The complaints platform: submit, work cases, explain, operate.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
)
app.command()(partner.submit)
case.app.command("clocks")(deadlines.clocks)
case.app.command("letters")(letters.letters)
app.add_typer(case.app, name="case")
app.add_typer(deadlines.app, name="deadlines")
app.add_typer(letters.app, name="letters")
app.add_typer(ops.app, name="ops")
app.add_typer(report.app, name="report")
app.add_typer(records.app, name="records")
app.add_typer(outcomes.app, name="outcomes")
outcomes.register_reports(report.app)
app.add_typer(representations.app, name="representations")

# Sub-apps that need no running platform (offline calculators and dry runs).
for module, name in (
    ("cli.calendar", "calendar"),
    ("cli.route", "route"),
    ("cli.store", "store"),
    ("cli.partners", "partners"),
    ("cli.auth", "auth"),
):
    try:
        app.add_typer(importlib.import_module(module).app, name=name)
    except ModuleNotFoundError as exc:  # pragma: no cover - only while a module is absent
        if exc.name != module:
            raise

if __name__ == "__main__":
    app()
