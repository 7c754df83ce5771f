"""Records settings (prefix ``RECORDS_``)."""

from pydantic_settings import BaseSettings, SettingsConfigDict


class RecordsSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="RECORDS_", extra="ignore")

    grpc_port: int = 50055
