"""Deadlines settings (prefix ``DEADLINES_``)."""

from datetime import time
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict


class DeadlinesSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="DEADLINES_", extra="ignore")

    grpc_port: int = 50053
    # How often timers are swept, and how many working days ahead "approaching" fires.
    sweep_interval_s: float = 5.0
    approaching_lead_working_days: int = 2
    # The time of day (UK) from which a day's reminders go: the end of the working day, so
    # that a clock finished that day (the response sent, the comments in) sends none.
    reminder_at: time = time(17, 0)
    # How often a replica looks for a calendar version another replica imported (the one
    # that imports uses it at once). Apart from the sweep, so an idle sweep is one read.
    calendar_refresh_s: float = 30.0
    # An operator's gov.uk-format bank-holidays.json (one-off and future holidays).
    bank_holidays_file: Path | None = None
