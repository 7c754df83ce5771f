"""docs/grpc.md, run: its tokens from `complaints auth token` and every grpcurl command of
the page against a running platform (its own vhost, stores and free ports). With grpcurl
installed, the commands run as written (addresses changed to the platform's); without it,
the same calls are made through server reflection in Python, as grpcurl makes them: the
services, methods, message fields and metadata the page names are all checked either way.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import grpc
import pytest
from google.protobuf import json_format, message_factory
from google.protobuf.descriptor_pool import DescriptorPool
from grpc_reflection.v1alpha.proto_reflection_descriptor_database import (
    ProtoReflectionDescriptorDatabase,
)

from common.settings import PlatformSettings
from tests.e2e.conftest import RECEIVED_DAY, SERVICES, Stack, running
from tests.support.infra import set_day

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parents[3]
DOC = ROOT / "docs" / "grpc.md"
GRPCURL = shutil.which("grpcurl")
PORTS = {f"127.0.0.1:{50051 + i}": name for i, name in enumerate(SERVICES)}


def commands(doc: str) -> list[str]:
    """The shell commands of the page's ``sh`` blocks, in order: continuation lines
    joined, a multi-line quoted argument kept in its command."""
    found: list[str] = []
    for block in re.findall(r"```sh\n(.*?)```", doc, flags=re.S):
        for line in block.replace("\\\n", " ").splitlines():
            if line.startswith(("grpcurl ", "export ")):
                found.append(line)
            elif found and line.strip():
                found[-1] += "\n" + line
    return found


def test_the_page_has_a_call_to_every_service() -> None:
    page = commands(DOC.read_text())
    calls = [c for c in page if c.startswith("grpcurl") and " list" not in c]
    for address in PORTS:
        assert any(address in c for c in calls), address
    assert any(c.startswith("export TOKEN=$(complaints auth token") for c in page)


@pytest.fixture
def stack(platform: PlatformSettings, tmp_path: Path) -> Iterator[Stack]:
    # The day the page's submission is received: no letter may promise a date already past.
    set_day(platform.clock_file, RECEIVED_DAY)
    with running(platform, tmp_path) as s:
        yield s


def tokens(stack: Stack, exports: list[str]) -> dict[str, str]:
    """Run the page's ``export NAME=$(complaints auth token ...)`` lines as a shell would,
    with the platform's settings; the variables they set."""
    names = [line.split("=", 1)[0].removeprefix("export ") for line in exports]
    script = "set -euo pipefail\n" + "\n".join(exports)
    script += "\nprintf '%s\\n' " + " ".join(f'"${n}"' for n in names)
    env = stack.env("intake") | {
        "PATH": f"{ROOT / '.venv' / 'bin'}:{os.environ['PATH']}",
        "PYTHONPATH": str(ROOT),
    }
    out = subprocess.run(
        ["bash", "-c", script], env=env, capture_output=True, text=True, timeout=60, cwd=ROOT
    )
    assert out.returncode == 0, out.stderr
    values = out.stdout.splitlines()
    assert len(values) == len(names) and all(v.count(".") == 2 for v in values), out.stdout
    return dict(zip(names, values, strict=True))


def grpcurl_as_written(command: str, env: dict[str, str]) -> tuple[int, str]:
    out = subprocess.run(
        ["bash", "-c", command], env=env, capture_output=True, text=True, timeout=60
    )
    return out.returncode, out.stdout + out.stderr


def grpcurl_in_python(command: str, env: dict[str, str]) -> tuple[int, str]:
    """What grpcurl does with ``command`` (-plaintext, -H, -d; list, describe or a
    call), through the server's reflection; (0, output) or (1, the error)."""
    args = shlex.split(re.sub(r"\$(\w+)", lambda m: env[m.group(1)], command))
    assert args.pop(0) == "grpcurl"
    headers, data = [], "{}"
    while args[0].startswith("-"):
        flag = args.pop(0)
        if flag == "-H":
            key, _, value = args.pop(0).partition(":")
            headers.append((key.strip().lower(), value.strip()))
        elif flag == "-d":
            data = args.pop(0)
        else:
            assert flag == "-plaintext", f"a flag this test does not know: {flag}"
    address, verb, *rest = args
    with grpc.insecure_channel(address) as channel:
        pool = DescriptorPool(ProtoReflectionDescriptorDatabase(channel))
        try:
            if verb == "list":
                if rest:
                    service = pool.FindServiceByName(rest[0])
                    return 0, "\n".join(m.full_name for m in service.methods)
                names = ProtoReflectionDescriptorDatabase(channel).get_services()
                return 0, "\n".join(sorted(names))
            if verb == "describe":
                symbol = rest[0]
                parent, _, last = symbol.rpartition(".")
                for find in (
                    pool.FindServiceByName,
                    lambda _: pool.FindServiceByName(parent).methods_by_name[last],
                ):
                    try:
                        found = find(symbol)
                    except KeyError:
                        continue
                    return 0, f"{symbol} is a {type(found).__name__}: {found.full_name}"
                message = pool.FindMessageTypeByName(symbol)
                return 0, f"{symbol} is a message: " + ", ".join(f.name for f in message.fields)
            service, _, name = verb.rpartition("/")
            method = pool.FindServiceByName(service).methods_by_name[name]
            request = json_format.Parse(data, message_factory.GetMessageClass(method.input_type)())
            reply_class = message_factory.GetMessageClass(method.output_type)
            call = channel.unary_unary(
                f"/{service}/{name}",
                request_serializer=lambda m: m.SerializeToString(),
                response_deserializer=reply_class.FromString,
            )
            reply = call(request, metadata=headers, timeout=10)
            return 0, json_format.MessageToJson(reply, preserving_proto_field_name=False)
        except grpc.RpcError as exc:
            return 1, f"ERROR: Code: {exc.code().name} Message: {exc.details()}"  # type: ignore[attr-defined]


# What each command's answer must show, beyond succeeding (by the text of its call).
EXPECTED = {
    "127.0.0.1:50055 list\n": "complaints.v1.CaseService",
    "list complaints.v1.CaseService": "GetCase",
    "describe complaints.v1.CaseService.GetCase": "GetCase",
    "describe complaints.v1.GetCaseRequest": "ref",
    "Health/Check": "SERVING",
    "IntakeService/Submit": '"reference": "DSO-',
    "RoutingService/Explain": '"status": "routed"',
    "GetClocks": '"clocks"',
    "ListDue": '"caseRef"',
    "AddWorkingDays": '"due": "2026-11-30"',
    "ListNotifications": "acknowledgement",
    "Preview": '"subject"',
    "CaseService/GetCase": '"owner"',
    "ListCases": '"cases"',
}


def test_every_command_of_the_page_works_against_a_running_platform(stack: Stack) -> None:
    page = commands(DOC.read_text())
    env = tokens(stack, [c for c in page if c.startswith("export ")])
    run = grpcurl_as_written if GRPCURL else grpcurl_in_python
    print(f"ran with: {GRPCURL or 'the Python equivalent (grpcurl is not installed)'}")
    env = dict(os.environ) | env
    answered: list[str] = []
    for written in (c for c in page if c.startswith("grpcurl")):
        command = written
        for address, service in PORTS.items():
            command = command.replace(address, stack.addr(service))
        # Cases are filed, clocked and written to asynchronously after the submission.
        deadline = time.monotonic() + 60
        while True:
            code, output = run(command, env)
            if code == 0 or time.monotonic() > deadline:
                break
            time.sleep(0.5)
        assert code == 0, f"{command}\n{output}"
        if "IntakeService/Submit" in command:
            env["REF"] = json.loads(output)["reference"]
        wants = [v for k, v in EXPECTED.items() if k in written + "\n"]
        assert wants and all(w in output for w in wants), f"{command}\n{output}"
        answered.append(command)
        print(f"$ {command}\n{output[:400]}\n")
    assert len(answered) == len([c for c in page if c.startswith("grpcurl")]) >= 12


def test_a_call_without_a_token_is_refused_as_the_page_says(stack: Stack) -> None:
    command = (
        f"grpcurl -plaintext -d '{{}}' {stack.addr('records')} complaints.v1.CaseService/ListCases"
    )
    code, output = (grpcurl_as_written if GRPCURL else grpcurl_in_python)(command, dict(os.environ))
    assert code != 0
    assert "UNAUTHENTICATED" in output or "Unauthenticated" in output
    assert "no bearer token in the 'authorization' metadata" in output
