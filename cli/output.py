"""Printing for people (rich tables) and scripts (``--json``), and clear failures."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, NoReturn

import typer
from rich.console import Console
from rich.table import Table

if TYPE_CHECKING:
    import grpc

# Piped output (logs, CI, scripts, tests) gets wide tables instead of rich's 80 columns,
# whatever COLUMNS says, and lines of text never broken (a script or test can search them).
_piped = not sys.stdout.isatty()
console = Console(width=160 if _piped else None, soft_wrap=_piped)
# Errors are never wrapped: a message (a long path in it, say) stays on one line, whatever
# the terminal's width; the terminal folds it for the eye.
err = Console(stderr=True, soft_wrap=True)


def print_json(data: Any) -> None:
    typer.echo(json.dumps(data, indent=2, default=str, ensure_ascii=False))


def table(title: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    t = Table(title=title, title_justify="left")
    for col in columns:
        t.add_column(col)
    for row in rows:
        t.add_row(*["" if v is None else str(v) for v in row])
    console.print(t)


def fail(message: str, code: int = 1) -> NoReturn:
    err.print(f"[red]error:[/red] {message}")
    raise typer.Exit(code)


def grpc_fail(exc: grpc.RpcError, what: str) -> NoReturn:
    import grpc

    code = exc.code()  # type: ignore[attr-defined]
    if code == grpc.StatusCode.UNAVAILABLE:
        fail(
            f"{what}: the service is not reachable ({exc.details()}). "  # type: ignore[attr-defined]
            "Is the platform running? Start it with `make up`.",
            3,
        )
    fail(f"{what}: {code.name}: {exc.details()}", 2)  # type: ignore[attr-defined]
