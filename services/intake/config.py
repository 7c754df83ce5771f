"""Intake settings (prefix ``INTAKE_``)."""

from pydantic_settings import BaseSettings, SettingsConfigDict


class IntakeSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="INTAKE_", extra="ignore")

    grpc_port: int = 50051
