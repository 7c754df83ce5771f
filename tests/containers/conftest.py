"""The platform's own image (deploy/Dockerfile, built FROM the debootstrap base by
scripts/images.sh) run as containers: the five services as in production, one container
each, on the host's network, against the session's RabbitMQ container."""

from __future__ import annotations

import functools
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from common.settings import PlatformSettings
from tests.e2e.conftest import SERVICES, Stack, running
from tests.support import infra


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "containers: needs a Docker engine and TEST_BROKER=container (make test-containers)",
    )


@functools.cache
def platform_image() -> str:
    return infra.image("platform")


def _service_env(env: dict[str, str]) -> dict[str, str]:
    """Only the platform's own settings go into a container, not this process's whole
    environment; gRPC and metrics on loopback (the image's default is every interface)."""
    prefixes = ("PLATFORM_", *(f"{s.upper()}_" for s in SERVICES))
    picked = {k: v for k, v in env.items() if k.startswith(prefixes)}
    picked.update(PLATFORM_GRPC_HOST="127.0.0.1", PLATFORM_METRICS_HOST="127.0.0.1")
    return picked


@dataclass
class ImageStack(Stack):
    """A :class:`Stack` whose services are containers of the platform's image. The work
    directory (SQLite stores, clock file) is mounted at the same path inside them."""

    containers: dict[str, Any] = field(default_factory=dict)

    def launch(self, name: str) -> int:
        from testcontainers.core.container import DockerContainer

        self.workdir.chmod(0o777)  # the image runs as uid 10001, not as this process's user
        container = (
            DockerContainer(platform_image())
            .with_name(f"complaints-test-{name}-{self.platform.db_prefix.rstrip('_')}")
            .with_command(["python", "-m", f"services.{name}"])
            .with_kwargs(network_mode="host")
            .with_volume_mapping(str(self.workdir), str(self.workdir), "rw")
            .with_envs(**_service_env(self.env(name)))
        )
        self.containers[name] = container.start()
        return 0

    def logs(self, name: str) -> str:
        raw = self.containers[name].get_wrapped_container().logs()
        return raw.decode(errors="replace")

    def wait_started(self, name: str, offset: int, timeout: float) -> None:
        wrapped = self.containers[name].get_wrapped_container()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if f"{name} started" in self.logs(name):
                return
            wrapped.reload()
            if wrapped.status == "exited":
                raise RuntimeError(f"{name} container exited:\n{self.logs(name)[-3000:]}")
            time.sleep(0.3)
        raise TimeoutError(f"{name} container did not start:\n{self.logs(name)[-3000:]}")

    def stop_all(self) -> None:
        """Stop each container (SIGTERM, as an orchestrator would), keep its log in the work
        directory, and remove it."""
        for name, container in self.containers.items():
            try:
                container.get_wrapped_container().stop(timeout=20)
                self.log(name).write_text(self.logs(name))
            finally:
                container.stop()
        self.containers.clear()


@pytest.fixture
def image_stack(
    broker: infra.Broker, request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[ImageStack]:
    if broker.container is None:
        pytest.skip(
            "the platform image runs against a RabbitMQ container only: "
            "TEST_BROKER=container and a Docker engine (make test-containers)"
        )
    platform_image()  # built before the services' start-up timeout runs
    platform: PlatformSettings = request.getfixturevalue("platform")
    with running(platform, tmp_path, kind=ImageStack) as stack:
        yield stack
