"""Platform modes: production refuses development defaults, development warns about them."""

from __future__ import annotations

import logging

import pytest
from pydantic import ValidationError

from common.settings import DEV_AUTH_SECRET, PlatformSettings, UnsafeConfiguration

GOOD_SECRET = "x" * 32
GOOD_URL = "amqps://complaints:s3cret@broker.internal:5671/complaints"


def settings(**overrides: object) -> PlatformSettings:
    values: dict[str, object] = {"auth_secret": GOOD_SECRET, "amqp_url": GOOD_URL}
    values.update(overrides)
    return PlatformSettings(**values)  # type: ignore[arg-type]


def test_mode_defaults_to_development(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PLATFORM_MODE", raising=False)
    assert PlatformSettings().mode == "development"


def test_mode_is_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLATFORM_MODE", "Production")
    assert PlatformSettings().mode == "production"
    monkeypatch.setenv("PLATFORM_MODE", "staging")
    with pytest.raises(ValidationError):
        PlatformSettings()


def test_a_safe_configuration_has_no_refusals() -> None:
    assert settings().refusals() == []
    assert settings(mode="production").check_production() == []


@pytest.mark.parametrize(
    ("overrides", "reason"),
    [
        ({"auth_secret": DEV_AUTH_SECRET}, "development default"),
        ({"auth_secret": "y" * 31}, "shorter than 32 bytes"),
        ({"amqp_url": "amqp://complaints:s3cret@broker:5672/"}, "does not use TLS"),
        ({"amqp_url": "amqps://guest:guest@broker:5671/"}, "'guest' user"),
    ],
)
def test_production_refuses_each_reason(overrides: dict[str, object], reason: str) -> None:
    platform = settings(mode="production", **overrides)
    assert len(platform.refusals()) == 1 and reason in platform.refusals()[0]
    with pytest.raises(UnsafeConfiguration, match=reason):
        platform.check_production()


def test_the_default_configuration_is_refused_with_every_reason() -> None:
    platform = PlatformSettings(
        mode="production", auth_secret=DEV_AUTH_SECRET, amqp_url="amqp://guest:guest@h:5672/"
    )
    with pytest.raises(UnsafeConfiguration) as info:
        platform.check_production()
    assert len(info.value.reasons) == 3
    for reason in info.value.reasons:
        assert reason in str(info.value)


def test_a_32_byte_secret_counts_bytes_not_characters() -> None:
    assert settings(auth_secret="é" * 16).refusals() == []  # 16 characters, 32 bytes


def test_development_warns_instead(caplog: pytest.LogCaptureFixture) -> None:
    platform = PlatformSettings(
        mode="development", auth_secret=DEV_AUTH_SECRET, amqp_url="amqp://guest:guest@h:5672/"
    )
    with caplog.at_level(logging.WARNING, logger="common.settings"):
        reasons = platform.check_production()
    assert len(reasons) == 3
    warned = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warned) == 3
    assert all(any(reason in w for w in warned) for reason in reasons)


def test_the_cli_will_not_sign_with_a_refused_secret_in_production(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from cli.settings import CliSettings

    monkeypatch.setenv("PLATFORM_MODE", "production")
    monkeypatch.setenv("PLATFORM_AUTH_SECRET", DEV_AUTH_SECRET)
    with pytest.raises(UnsafeConfiguration, match="AUTH_SECRET"):
        CliSettings(token="").bearer()
    assert CliSettings(token="given").bearer() == "given"
    monkeypatch.setenv("PLATFORM_AUTH_SECRET", GOOD_SECRET)
    assert CliSettings(token="").bearer().count(".") == 2
    monkeypatch.setenv("PLATFORM_MODE", "development")
    monkeypatch.setenv("PLATFORM_AUTH_SECRET", DEV_AUTH_SECRET)
    assert CliSettings(token="").bearer().count(".") == 2
