"""Records settings (prefix ``RECORDS_``)."""

from decimal import Decimal

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
    # The financial remedy each role may approve, in pounds (seed 003: handlers should know
    # "the level of financial payments that can be approved"), e.g.
    # RECORDS_REMEDY_LIMITS='{"investigating-officer": 100, "central-team": 2000}'. A role
    # not named approves none; above every limit, the claim goes to Legal Services.
    remedy_limits: dict[str, Decimal] = Field(
        default_factory=lambda: {
            "investigating-officer": Decimal(250),
            "childrens-complaints-officer": Decimal(500),
            "central-team": Decimal(5000),
        }
    )
    # Commitments: owners are reminded this many days before one falls due, and on the day;
    # the sweep looks for reminders to send every `commitment_sweep_s` seconds.
    commitment_remind_days: int = 3
    commitment_sweep_s: float = 30.0
