"""``complaints store copy``: move services' case files between store engines.

    complaints store copy --from 'sqlite:///.data/{service}.db' \\
        --to 'mongodb://db1,db2,db3/?replicaSet=rs0'

Stop the platform first (``make down``). ``{service}`` in a URL becomes each service's
name; a MongoDB URL holds one database per service (``<db-prefix><service>``). Copying
is resumable: run the same command again after an interruption.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Annotated
from urllib.parse import urlparse

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from cli.output import console, fail, print_json, table

app = typer.Typer(help="Move case files between store engines.", no_args_is_help=True)

SERVICES = ("intake", "routing", "deadlines", "notifications", "records")


def service_documents(service: str) -> list[type]:
    """Every document class ``service`` stores (its ``adapters.documents.DOCUMENTS``)."""
    module = importlib.import_module(f"services.{service}.adapters.documents")
    return list(module.DOCUMENTS)


def _source_exists(url: str) -> bool:
    if urlparse(url).scheme != "sqlite":
        return True
    return Path(url.removeprefix("sqlite:///")).exists()


@app.command()
def copy(
    from_url: Annotated[str, typer.Option("--from", help="store URL to copy from")],
    to_url: Annotated[str, typer.Option("--to", help="store URL to copy to")],
    service: Annotated[
        list[str] | None, typer.Option(help="a service to copy (repeat); default all five")
    ] = None,
    db_prefix: Annotated[str, typer.Option(help="MongoDB database name prefix")] = "complaints_",
    json_: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Copy every document (revision, processed ids, pending outbox) and counter."""
    from common.storage import open_store
    from common.storage.copy import copy_store

    names = service or list(SERVICES)
    for name in names:
        if name not in SERVICES:
            fail(f"--service {name!r}: not a service (one of {', '.join(SERVICES)})", 2)
    for url, flag in ((from_url, "--from"), (to_url, "--to")):
        if urlparse(url).scheme not in ("sqlite", "mongodb", "mongodb+srv"):
            fail(f"{flag} {url!r}: must be a sqlite:/// or mongodb:// URL", 2)
    if from_url == to_url:
        fail("--from and --to are the same store", 2)
    results = {}
    tasks: dict[tuple[str, type], int] = {}
    with Progress(
        TextColumn("{task.description:<28}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=console,
        disable=json_,
    ) as bar:
        for name in names:
            src_url = from_url.replace("{service}", name)
            if not _source_exists(src_url):
                fail(f"--from: {src_url.removeprefix('sqlite:///')} does not exist", 2)
            docs = service_documents(name)
            src = open_store(src_url, docs, service=name, db=f"{db_prefix}{name}")
            dst = open_store(
                to_url.replace("{service}", name), docs, service=f"{name}-to",
                db=f"{db_prefix}{name}",
            )  # fmt: skip

            def progress(cls: type, done: int, total: int, name: str = name) -> None:
                if (name, cls) not in tasks:
                    tasks[name, cls] = bar.add_task(f"{name} {cls.__name__}", total=total)
                bar.update(tasks[name, cls], completed=done)

            try:
                report = copy_store(src, dst, docs, progress=progress)
            finally:
                src.close()
                dst.close()
            results[name] = {
                "documents": report.documents,
                "outbox_messages": report.outbox_messages,
                "counters": report.counters,
            }
    if json_:
        print_json(results)
        return
    table(
        "Copied",
        ["service", "documents", "pending outbox messages", "counters"],
        [
            (
                name,
                ", ".join(f"{k} {v}" for k, v in r["documents"].items()),
                r["outbox_messages"],
                ", ".join(f"{k}={v}" for k, v in r["counters"].items()) or "-",
            )
            for name, r in results.items()
        ],
    )
