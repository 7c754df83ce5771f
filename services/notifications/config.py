"""Notifications settings (prefix ``NOTIFICATIONS_``)."""

from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

EXAMPLE_DIRECTORY = Path(__file__).parent / "domain" / "directory.example.yaml"


class NotificationsSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="NOTIFICATIONS_", extra="ignore")

    grpc_port: int = 50054
    # The operator's address directory (IMBs, providers, MPs, teams...): YAML or JSON.
    directory_file: Path = EXAMPLE_DIRECTORY
    channel: str = "smtp"  # smtp | notify
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 2525
    smtp_sender: str = "complaints@example.gov.uk"
    smtp_username: str | None = None
    smtp_password: str | None = None
    smtp_starttls: bool = False
    # One letter, end to end, at most this long (the reply to its final "." included);
    # must be shorter than lease_s. No reply in time: the letter is failed "in doubt" for
    # an operator, never sent again by itself (docs/operations.md, Delivery semantics).
    smtp_send_within_s: float = 45.0
    # The children's Complaints Manager as seed 004's stage 2 response names them: "please
    # write within 20 working days of this to <this>" (the prescribed concluding paragraph).
    children_complaints_manager: str = (
        "The Complaints Manager, Children's Services, Westshire Council, County Hall, "
        "Westshire, WS1 1AA"
    )
    notify_api_key: str = ""
    notify_base_url: str = "https://api.notifications.service.gov.uk"
    notify_template_id: str | None = None
    # Paper letters (post, or by hand through an establishment's complaints clerk), issue 18:
    # post goes through GOV.UK Notify's letter API when "notify" (with notify_api_key and
    # notify_base_url above), else into the print queue (`complaints letters print-queue`).
    # Hand-delivered letters always go to the establishment's print queue.
    post_via: str = "print-queue"  # print-queue | notify
    notify_letter_postage: str = "second"
    # A translated letter is due this many working days after the English one.
    translation_working_days: int = 10
    # Retries: base * 2**attempt seconds, at most max_attempts, then notification.failed.
    retry_base_s: float = 5.0
    retry_max_s: float = 600.0
    max_attempts: int = 8
    lease_s: float = 60.0
    sweep_interval_s: float = 1.0
