"""``complaints case letters REF`` and ``complaints letters preview|resend|task-done``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from cli.output import console, grpc_fail, print_json, table

if TYPE_CHECKING:
    from cli.settings import CliSettings
    from complaints.v1 import notifications_pb2_grpc


app = typer.Typer(
    help="Letters: preview before sending, resend after a failure, a desk's task recorded "
    "done, the print queue.",
    no_args_is_help=True,
)
JsonFlag = Annotated[bool, typer.Option("--json", help="print JSON for scripts")]


def _stub(s: CliSettings) -> notifications_pb2_grpc.NotificationServiceStub:
    import grpc

    from complaints.v1 import notifications_pb2_grpc

    return notifications_pb2_grpc.NotificationServiceStub(
        grpc.insecure_channel(s.notifications_addr)
    )


def _dict(msg) -> dict:  # type: ignore[no-untyped-def]
    from google.protobuf.json_format import MessageToDict

    return MessageToDict(
        msg, preserving_proto_field_name=True, always_print_fields_with_no_presence=True
    )


def letters(
    ref: Annotated[str, typer.Argument(help="a complaint or one strand")],
    json_: JsonFlag = False,
) -> None:
    """Every letter planned for a case: recipient, template, channel, status."""
    import grpc

    from cli.settings import CliSettings
    from complaints.v1 import notifications_pb2

    s = CliSettings()
    try:
        reply = _stub(s).ListNotifications(
            notifications_pb2.ListNotificationsRequest(reference=ref),
            timeout=s.timeout_s,
            metadata=s.metadata(),
        )
    except grpc.RpcError as exc:
        grpc_fail(exc, f"letters of {ref}")
    if json_:
        print_json([_dict(n) for n in reply.notifications])
        return
    table(
        f"Letters of {ref}",
        [
            "case",
            "recipient",
            "template",
            "status",
            "tries",
            "address",
            "provided",
            "key",
            "error",
        ],  # fmt: skip
        [
            (
                n.case_ref,
                f"{n.recipient} (DESK: meant for {n.intended})" if n.fallback_desk else n.recipient,
                n.template,
                n.status,
                n.attempts,
                n.address,
                "; ".join([n.provided, *n.tasks]).strip("; ") or n.route,
                n.key,
                n.last_error[:60],
            )
            for n in reply.notifications
        ],
    )


@app.command()
def preview(
    ref: Annotated[str, typer.Argument(help="a strand, e.g. DSO-2026-000001/1")],
    template: Annotated[str, typer.Argument(help="acknowledgement, decision, copy, ...")],
    recipient: str = "complainant",
    outcome: Annotated[str, typer.Option(help="for a decision not yet made")] = "",
    draft: Annotated[str, typer.Option(help="the response text as drafted (a decision)")] = "",
    json_: JsonFlag = False,
) -> None:
    """Show a letter as it is (or would be) sent, anonymised, for checking."""
    import grpc

    from cli.settings import CliSettings
    from complaints.v1 import notifications_pb2

    s = CliSettings()
    try:
        reply = _stub(s).Preview(
            notifications_pb2.PreviewRequest(
                reference=ref,
                template=template,
                recipient=recipient,
                outcome=outcome,
                draft=draft,
            ),
            timeout=s.timeout_s,
            metadata=s.metadata(),
        )
    except grpc.RpcError as exc:
        grpc_fail(exc, f"preview of {template} on {ref}")
    if json_:
        print_json(_dict(reply))
        return
    state = "planned" if reply.already_planned else "not yet planned: rendered as it would be"
    for warning in reply.warnings:  # seed 002 ¶16: what must not go out
        console.print(f"[bold red]WARNING[/bold red] {warning}", markup=True, highlight=False)
    console.print(f"[bold]Subject: {reply.subject}[/bold]  ({state}; to {reply.recipient})\n")
    console.print(reply.body, markup=False, highlight=False)


@app.command()
def resend(case_ref: str, key: str, json_: JsonFlag = False) -> None:
    """Send a failed (or sent) letter again, once."""
    import grpc

    from cli.settings import CliSettings
    from complaints.v1 import notifications_pb2

    s = CliSettings()
    try:
        reply = _stub(s).Resend(
            notifications_pb2.ResendRequest(case_ref=case_ref, key=key),
            timeout=s.timeout_s,
            metadata=s.metadata(),
        )
    except grpc.RpcError as exc:
        grpc_fail(exc, f"resend of {key}")
    if json_:
        print_json(_dict(reply))
    else:
        console.print(f"{reply.template} to {reply.recipient}: {reply.status}")


@app.command("task-done")
def task_done(
    case_ref: str,
    key: str,
    note: Annotated[str, typer.Option(help="what was provided: 'Polish translation posted'")] = "",
    json_: JsonFlag = False,
) -> None:
    """Record a desk's translation or format task done (KEY: its format-request letter's, or
    its reminder's): the reminder on its due day is withdrawn if not yet sent."""
    import grpc

    from cli.settings import CliSettings
    from complaints.v1 import notifications_pb2

    s = CliSettings()
    try:
        reply = _stub(s).CompleteTask(
            notifications_pb2.CompleteTaskRequest(case_ref=case_ref, key=key, note=note),
            timeout=s.timeout_s,
            metadata=s.metadata(),
        )
    except grpc.RpcError as exc:
        grpc_fail(exc, f"task {key}")
    if json_:
        print_json(_dict(reply))
    else:
        console.print(f"{reply.template} to {reply.recipient}: " + "; ".join(reply.tasks))


def _add_print_queue() -> None:
    from cli import print_queue

    app.add_typer(print_queue.app, name="print-queue")


_add_print_queue()
