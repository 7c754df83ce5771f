"""Routing settings (prefix ``ROUTING_``)."""

from pydantic_settings import BaseSettings, SettingsConfigDict


class RoutingSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ROUTING_", extra="ignore")

    grpc_port: int = 50052
