"""The platform runs on a vhost of its own by default, and every tool reads the vhost
from ``PLATFORM_AMQP_URL`` the way the AMQP URI spec does."""

from __future__ import annotations

import pytest

from common.settings import PlatformSettings, vhost_of


def test_the_default_broker_url_names_the_platforms_own_vhost(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("PLATFORM_AMQP_URL", raising=False)
    assert PlatformSettings().amqp_vhost == "complaints"


@pytest.mark.parametrize(
    ("url", "vhost"),
    [
        ("amqp://guest:guest@127.0.0.1:5672/complaints", "complaints"),
        ("amqps://u:p@broker:5671/team%2Fcomplaints?heartbeat=30", "team/complaints"),
        ("amqp://guest:guest@127.0.0.1:5672/", "/"),
        ("amqp://guest:guest@127.0.0.1:5672", "/"),
        ("amqp://guest:guest@127.0.0.1:5672/%2F", "/"),
    ],
)
def test_the_vhost_of_a_url(url: str, vhost: str) -> None:
    assert vhost_of(url) == vhost
    assert PlatformSettings(amqp_url=url).amqp_vhost == vhost
