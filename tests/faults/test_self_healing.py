"""Services that heal: a service started while the broker is down becomes ready by itself;
a broker outage while it runs turns its health NOT_SERVING and back to SERVING, losing
and doubling nothing; the devstack supervisor restarts a service that dies, gives up
after its limit, and starts it again when asked.

Every broker fault is on a private RabbitMQ node (tests/support/private_broker.py)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import grpc
import pika
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc

from tests.support.infra import free_port
from tests.support.private_broker import PrivateBroker
from tests.support.submissions import dso_service_delivery

pytestmark = [pytest.mark.faults]

ROOT = Path(__file__).resolve().parents[2]
PARTNER = "yarlswood"
READY_BOUND_S = 20.0  # from the broker's return to SERVING (the retry wait is capped at 1 s)


def service_env(amqp_url: str, workdir: Path, grpc_port: int, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "PLATFORM_AMQP_URL": amqp_url,
            "PLATFORM_STORE_URL": f"sqlite:///{workdir}/stores/{{service}}.db",
            "PLATFORM_CLOCK_FILE": str(workdir / "clock.json"),
            "PLATFORM_METRICS_PORT_BASE": "0",
            "PLATFORM_LOG_JSON": "false",
            "PLATFORM_RETRY_INITIAL_S": "0.2",
            "PLATFORM_RETRY_MAX_S": "1",
            "PLATFORM_CONNECT_TIMEOUT_S": "3",
            "INTAKE_GRPC_PORT": str(grpc_port),
            "PYTHONUNBUFFERED": "1",
            **extra,
        }
    )
    return env


def health(port: int, service: str = "") -> str:
    with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
        try:
            reply = health_pb2_grpc.HealthStub(channel).Check(
                health_pb2.HealthCheckRequest(service=service), timeout=1
            )
        except grpc.RpcError:
            return "unreachable"
    return health_pb2.HealthCheckResponse.ServingStatus.Name(reply.status)


def wait_for(what: str, check: Callable[[], bool], timeout: float) -> float:
    """Poll ``check`` until true; the seconds it took."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if check():
            return time.monotonic() - started
        time.sleep(0.1)
    raise AssertionError(f"not {what} after {timeout:.0f} s")


@pytest.fixture
def intake(private_broker: PrivateBroker, tmp_path: Path) -> Iterator[Callable[..., int]]:
    """Starts intake as its own process on the private broker (call it: the gRPC port)."""
    procs: list[subprocess.Popen[bytes]] = []
    port = free_port()
    log = tmp_path / "intake.log"

    def start(**extra: str) -> int:
        with open(log, "ab") as out:
            procs.append(
                subprocess.Popen(
                    [sys.executable, "-m", "services.intake"],
                    cwd=ROOT,
                    env=service_env(private_broker.url, tmp_path, port, **extra),
                    stdout=out,
                    stderr=subprocess.STDOUT,
                )
            )
        return port

    yield start
    for proc in procs:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
    if os.environ.get("E2E_SHOW_LOGS") and log.exists():
        print(log.read_text()[-6000:])


class Partner:
    """Publishes submissions (with the broker's confirm) and hears intake's replies on a
    durable queue of its own, so replies wait there through a broker restart."""

    def __init__(self, url: str):
        self.url = url
        self.queue = f"faults-replies-{uuid.uuid4().hex[:8]}"
        self.sent: dict[str, str] = {}  # partner_ref -> message_id

    def _channel(self) -> tuple[pika.BlockingConnection, object]:
        conn = pika.BlockingConnection(pika.URLParameters(self.url))
        channel = conn.channel()
        channel.queue_declare(self.queue, durable=True)
        channel.queue_bind(self.queue, "partners", routing_key=f"{PARTNER}.*")
        return conn, channel

    def submit(self, n: int) -> None:
        conn, channel = self._channel()
        channel.confirm_delivery()  # type: ignore[attr-defined]
        try:
            for _ in range(n):
                body = dso_service_delivery()
                message_id = str(uuid.uuid4())
                channel.basic_publish(  # type: ignore[attr-defined]
                    "intake",
                    f"submit.{PARTNER}",
                    json.dumps(body).encode(),
                    pika.BasicProperties(
                        message_id=message_id,
                        content_type="application/json",
                        delivery_mode=2,
                    ),
                    mandatory=True,
                )
                self.sent[body["partner_ref"]] = message_id
        finally:
            conn.close()

    def replies(self) -> list[tuple[str | None, dict]]:
        """Every reply heard so far (taken off the queue), as (message_id, body)."""
        conn, channel = self._channel()
        got = []
        try:
            while True:
                method, props, body = channel.basic_get(self.queue, auto_ack=True)  # type: ignore[attr-defined]
                if method is None:
                    return got
                got.append((props.message_id, json.loads(body)))
        finally:
            conn.close()


def assert_each_once(partner: Partner, heard: list[tuple[str | None, dict]]) -> None:
    """Every submission accepted once: one reply message id per partner_ref, none for
    anything not sent, none marked a duplicate, none rejected."""
    ids: dict[str, set[str | None]] = {}
    for message_id, body in heard:
        assert "errors" not in body, f"a submission was rejected: {body}"
        assert not body.get("duplicate"), f"a submission was handled twice: {body}"
        ids.setdefault(body["partner_ref"], set()).add(message_id)
    assert set(ids) == set(partner.sent), (
        f"missing {set(partner.sent) - set(ids)}, unexpected {set(ids) - set(partner.sent)}"
    )
    doubled = {ref: got for ref, got in ids.items() if len(got) != 1}
    assert not doubled, f"replies doubled: {doubled}"


def collect(partner: Partner, n: int, timeout: float = 60) -> list[tuple[str | None, dict]]:
    heard: list[tuple[str | None, dict]] = []

    def enough() -> bool:
        heard.extend(partner.replies())
        return len({b["partner_ref"] for _, b in heard}) >= n

    wait_for(f"{n} replies", enough, timeout)
    time.sleep(0.5)  # anything doubled would follow at once
    heard.extend(partner.replies())
    return heard


def test_started_while_the_broker_is_down_it_becomes_ready_by_itself(
    private_broker: PrivateBroker, intake: Callable[..., int]
) -> None:
    private_broker.stop_app()
    port = intake()
    wait_for("answering health", lambda: health(port) != "unreachable", 60)
    time.sleep(1.5)  # several connection attempts fail meanwhile
    assert health(port) == "NOT_SERVING"
    assert health(port, "complaints.v1.IntakeService") == "NOT_SERVING"
    assert health(port, "liveness") == "SERVING"  # alive: nothing should restart it

    private_broker.start_app()
    took = wait_for("SERVING", lambda: health(port) == "SERVING", READY_BOUND_S)
    print(f"intake SERVING {took:.1f} s after the broker came back")

    partner = Partner(private_broker.url)
    partner.submit(3)
    assert_each_once(partner, collect(partner, 3))


def test_a_broker_outage_is_not_serving_then_serving_and_loses_nothing(
    private_broker: PrivateBroker, intake: Callable[..., int], tmp_path: Path
) -> None:
    port = intake()
    wait_for("SERVING", lambda: health(port) == "SERVING", 60)
    partner = Partner(private_broker.url)
    partner.submit(10)

    # Not kill() here: a quorum queue declared only a second or two before the node is
    # SIGKILLed gets no leader after the restart on RabbitMQ 3.10 ("leader not known";
    # basic.consume ends in INTERNAL_ERROR after 65 s, again and again), so no client could
    # be ready and the service rightly stays NOT_SERVING. Declared 15 s before, it recovers.
    private_broker.stop_app()
    took_down = wait_for("NOT_SERVING", lambda: health(port) == "NOT_SERVING", 10)
    private_broker.start_app()
    took_up = wait_for("SERVING again", lambda: health(port) == "SERVING", READY_BOUND_S)
    print(f"NOT_SERVING {took_down:.1f} s after the broker stopped; SERVING {took_up:.1f} s after")

    partner.submit(10)  # consumers were restored: new work is handled too
    assert_each_once(partner, collect(partner, 20))
    log = (tmp_path / "intake.log").read_text()
    # Our backoff drove aio-pika's reconnection (common.bus.BackoffRobustConnection).
    assert "still unreachable (reconnect attempt 1:" in log
    assert "broker connection restored after" in log


def test_a_store_that_cannot_be_opened_yet_is_retried_until_it_can(
    private_broker: PrivateBroker, intake: Callable[..., int], tmp_path: Path
) -> None:
    # SQLite has no server: "down" is a file that cannot be opened, here because its
    # directory cannot be made (a file stands where it should be).
    blocker = tmp_path / "mounted"
    blocker.write_text("not a directory")
    port = intake(PLATFORM_STORE_URL=f"sqlite:///{blocker}/stores/{{service}}.db")
    wait_for("answering health", lambda: health(port) != "unreachable", 60)
    time.sleep(1.5)
    assert health(port) == "NOT_SERVING"
    with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
        submit = channel.unary_unary("/complaints.v1.IntakeService/Submit")
        with pytest.raises(grpc.RpcError) as refused:
            submit(b"", timeout=5)
    assert refused.value.code() == grpc.StatusCode.UNAVAILABLE  # type: ignore[attr-defined]
    assert "intake is not ready: store:" in refused.value.details()  # type: ignore[attr-defined]

    blocker.unlink()  # the volume is there now
    took = wait_for("SERVING", lambda: health(port) == "SERVING", READY_BOUND_S)
    print(f"intake SERVING {took:.1f} s after its store could be opened")
    partner = Partner(private_broker.url)
    partner.submit(2)
    assert_each_once(partner, collect(partner, 2))
    assert (blocker / "stores" / "intake.db").exists()


class StoreServer:
    """The MongoDB-protocol store server (`common.store_server`) as a process of its own,
    on one port and one file, so it can be stopped and started again like a database."""

    def __init__(self, workdir: Path):
        self.port, self.path, self.log = free_port(), workdir / "store.db", workdir / "store.log"
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"mongodb://127.0.0.1:{self.port}/?directConnection=true"

    def start(self) -> None:
        with open(self.log, "ab") as out:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "common.store_server", "--path", str(self.path),
                 "--port", str(self.port)],
                cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
            )  # fmt: skip
        wait_for("the store listening", lambda: b"listening" in self.log.read_bytes(), 30)

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.send_signal(signal.SIGTERM)
            self.proc.wait(timeout=20)
            self.proc = None
        self.log.write_bytes(b"")


@pytest.fixture
def store_server(tmp_path: Path) -> Iterator[StoreServer]:
    """Set up before `intake` (name it first), so it stops after intake has."""
    store = StoreServer(tmp_path)
    store.start()
    yield store
    store.stop()


def test_a_mongodb_store_outage_while_running_holds_the_work_and_loses_nothing(
    private_broker: PrivateBroker, store_server: StoreServer, intake: Callable[..., int]
) -> None:
    store = store_server
    port = intake(PLATFORM_STORE_URL=store.url, PLATFORM_STORE_PROBE_S="0.5")
    wait_for("SERVING", lambda: health(port) == "SERVING", 60)
    partner = Partner(private_broker.url)
    partner.submit(3)
    collect(partner, 3)

    store.stop()
    took_down = wait_for("NOT_SERVING", lambda: health(port) == "NOT_SERVING", 30)
    partner.submit(5)  # taken, and held until the store answers
    time.sleep(2)
    store.start()
    took_up = wait_for("SERVING again", lambda: health(port) == "SERVING", 60)
    print(f"NOT_SERVING {took_down:.1f} s after the store stopped; SERVING {took_up:.1f} s"
          " after it came back")  # fmt: skip
    heard = collect(partner, 5)
    sent_during = dict(list(partner.sent.items())[3:])
    partner.sent = sent_during
    assert_each_once(partner, heard)


def supervisor_state(data: Path) -> dict[str, dict]:
    try:
        doc = json.loads((data / "supervisor.json").read_text())
    except (OSError, ValueError):
        return {}
    return {p["name"]: p for p in doc["processes"]}


def test_the_supervisor_restarts_a_killed_service_gives_up_at_its_limit_and_retries(
    private_broker: PrivateBroker, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    port = free_port()
    env = service_env(
        private_broker.url,
        tmp_path,
        port,
        PLATFORM_DATA_DIR=str(data),
        PLATFORM_STORE_URL=f"sqlite:///{data}/{{service}}.db",
        DEVSTACK_SERVICES="intake",
        NOTIFICATIONS_SMTP_PORT=str(free_port()),
        DEVSTACK_RESTART_BACKOFF_S="0.2",
        DEVSTACK_RESTART_LIMIT="1",
        DEVSTACK_RESTART_WINDOW_S="120",
    )
    sup = subprocess.Popen(
        [sys.executable, "-m", "devstack", "supervise"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_for("SERVING", lambda: health(port) == "SERVING", 60)
        first = supervisor_state(data)["intake"]
        assert first["state"] == "running" and first["restarts"] == 0

        os.kill(first["pid"], signal.SIGKILL)
        started = time.monotonic()
        wait_for(
            "restarted",
            lambda: supervisor_state(data)["intake"]["pid"] not in (None, first["pid"]),
            10,
        )
        wait_for("SERVING again", lambda: health(port) == "SERVING", 60)
        print(f"killed intake SERVING again {time.monotonic() - started:.1f} s later")
        second = supervisor_state(data)["intake"]
        assert second["restarts"] == 1 and second["last_exit"] == -signal.SIGKILL

        os.kill(second["pid"], signal.SIGKILL)  # a second death within the window: limit
        wait_for("given up", lambda: supervisor_state(data)["intake"]["state"] == "failed", 10)
        assert "restart limit" in supervisor_state(data)["intake"]["reason"]
        time.sleep(1)
        assert health(port) == "unreachable", "a process the supervisor gave up on was started"

        sup.send_signal(signal.SIGHUP)  # what `make up` does when a supervisor runs
        wait_for("SERVING after make up", lambda: health(port) == "SERVING", 60)
        assert supervisor_state(data)["intake"]["state"] == "running"
    finally:
        sup.send_signal(signal.SIGTERM)
        out, _ = sup.communicate(timeout=60)
        print(out.decode(errors="replace")[-4000:])
    assert sup.returncode == 0
    assert all(p["state"] == "stopped" for p in supervisor_state(data).values())
    assert health(port) == "unreachable"
    assert not list((data / "pids").glob("*.pid"))
