"""Records settings (prefix ``RECORDS_``)."""

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from services.records.domain.retention import RetentionRule


class RecordsSettings(BaseSettings):
    """The records service's settings, read from ``RECORDS_*`` environment variables."""

    model_config = SettingsConfigDict(env_prefix="RECORDS_", extra="ignore")

    grpc_port: int = 50055
    # Acknowledge a strand as soon as the deadlines service gives its target date.
    auto_acknowledge: bool = True
    # Retention per procedure, e.g. RECORDS_RETENTION='{"children": {"years": 10}}';
    # procedures not named keep files `retention_default` (6 years after closing, then
    # anonymised, statistics kept).
    retention: dict[str, RetentionRule] = Field(default_factory=dict)
    retention_default: RetentionRule = Field(default_factory=RetentionRule)
