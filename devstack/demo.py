"""Submits the example complaints as partners would and prints what became of each.

For every complaint: its reference, each strand's owner, the acknowledgement and
response due dates, and the letters sent. Uses only the platform's public doors:
AMQP for submitting, gRPC for reading. A letter that failed (a recipient missing from the
address directory, say) is listed at the end and the demo exits 1: every letter of the
demo must go.
"""

from __future__ import annotations

import json
import time
import uuid
from pathlib import Path

import grpc

import procedures
from cli.output import console, table
from cli.partner import as_of_now, publish_submission
from cli.settings import CliSettings
from common.settings import PlatformSettings
from complaints.v1 import cases_pb2, cases_pb2_grpc
from devstack.stack import DATA, shown

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "submissions"
PARTNERS = {
    "dso": "yarlswood",
    "hmip": "probation-north",
    "spso": "inverclyde-ijb",
    "children": "leeds-csc",
}


def _strands(
    stub: cases_pb2_grpc.CaseServiceStub, cli: CliSettings, reference: str, timeout_s: float = 60.0
) -> list[cases_pb2.Case]:
    """Every strand of ``reference`` once each has letters and nothing changed for a while."""
    deadline, last, stable_since = time.monotonic() + timeout_s, None, time.monotonic()
    cases: list[cases_pb2.Case] = []
    while time.monotonic() < deadline:
        # The page that starts right after ``reference`` (keyset paging): its strands
        # ``<reference>/1``, ``/2``... come first, however many cases are on file.
        reply = stub.ListCases(
            cases_pb2.ListCasesRequest(page_size=20, page_token=reference),
            timeout=cli.timeout_s,
            metadata=cli.metadata(),
        )
        cases = [c for c in reply.cases if c.reference == reference]
        shape = [(c.case_ref, len(c.clocks), len(c.letters)) for c in cases]
        if shape != last:
            last, stable_since = shape, time.monotonic()
        complete = cases and len(cases) == cases[0].strands_total
        if complete and all(c.letters for c in cases) and time.monotonic() - stable_since > 1.5:
            break
        time.sleep(0.3)
    return [
        stub.GetCase(
            cases_pb2.GetCaseRequest(ref=c.case_ref), timeout=cli.timeout_s, metadata=cli.metadata()
        )
        for c in cases
    ]


def run_demo() -> int:
    amqp = PlatformSettings().amqp_url
    cli = CliSettings()
    stub = cases_pb2_grpc.CaseServiceStub(grpc.insecure_channel(cli.records_addr))
    files = sorted(EXAMPLES.glob("*.json"))
    if not files:
        console.print(f"[red]no example submissions in {EXAMPLES}[/red]")
        return 1
    started = time.monotonic()
    submitted: list[tuple[str, str, str]] = []
    run = uuid.uuid4().hex[:6]
    for path in files:
        body = as_of_now(json.loads(path.read_text()))
        body["partner_ref"] = f"{body['partner_ref']}-{run}"  # a new complaint every run
        partner = PARTNERS.get(body["procedure"], "demo")
        reply = publish_submission(amqp, partner, body)
        if reply is None:
            console.print(f"[red]{path.name}: no reply from intake[/red]")
            return 1
        status = reply.get("reference") or json.dumps(reply.get("errors"))
        console.print(f"submitted {path.name} as {partner}: {reply['status']} {status}")
        if reply["status"] == "accepted":
            submitted.append((path.name, reply["reference"], body["subject"]))
    rows = []
    failed: list[str] = []
    for _name, reference, subject in submitted:
        for case in _strands(stub, cli, reference) or []:
            failed += [
                f"{case.case_ref}: {x.template} -> {x.recipient}"
                for x in case.letters
                if x.status == "failed"
            ]
            clocks = {c.name: c.due for c in case.clocks}
            ack = procedures.acknowledgement_clock(case.procedure, case.stage)
            response = procedures.response_clock(case.procedure, case.stage)
            letters = (
                "\n".join(f"{x.template} -> {x.recipient} ({x.status})" for x in case.letters)
                or "-"
            )
            rows.append(
                (
                    case.case_ref,
                    case.procedure,
                    case.owner,
                    f"{case.stage} (excluded)" if case.status == "excluded" else case.stage,
                    clocks.get(ack or "", "-"),
                    clocks.get(response or "", "-"),
                    letters,
                )
            )
        if not rows or rows[-1][0].split("/")[0] != reference:
            rows.append(
                (
                    reference,
                    "",
                    "(no case yet: still routing)",
                    "",
                    "",
                    "",
                    subject[:40],
                )
            )
    table(
        "What happened",
        ["case", "procedure", "owner", "stage", "ack due", "response due", "letters sent"],
        rows,
    )
    console.print(
        f"demo finished in {time.monotonic() - started:.1f} s; "
        f"emails are in {shown(DATA / 'mail')}/, `complaints case show REF` shows a file"
    )
    if failed:
        console.print(f"[red]{len(failed)} letter(s) failed[/red] (`complaints case letters REF`):")
        for line in failed:
            console.print(f"[red]  {line}[/red]")
        return 1
    return 0
