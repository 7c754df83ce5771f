"""``ops health`` looks for each service where it listens."""

from __future__ import annotations

import importlib

import pytest

from ops.services import SERVICES, grpc_address


@pytest.mark.parametrize("service", list(SERVICES))
def test_default_grpc_ports_are_the_services_own(service: str) -> None:
    config = importlib.import_module(f"services.{service}.config")
    settings = next(
        cls
        for name, cls in vars(config).items()
        if name.endswith("Settings") and cls.__module__ == config.__name__
    )
    assert settings.model_fields["grpc_port"].default == SERVICES[service]


def test_the_port_comes_from_the_service_env_then_the_cli_address(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("ROUTING_GRPC_PORT", raising=False)
    monkeypatch.delenv("COMPLAINTS_ROUTING_ADDR", raising=False)
    assert grpc_address("routing") == "127.0.0.1:50052"
    monkeypatch.setenv("COMPLAINTS_ROUTING_ADDR", "10.0.0.5:6000")
    assert grpc_address("routing") == "10.0.0.5:6000"
    monkeypatch.setenv("ROUTING_GRPC_PORT", "6001")
    assert grpc_address("routing") == "127.0.0.1:6001"
