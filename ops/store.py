"""The notifications store, read by the health checks (never created by looking at it):
``NOTIFICATIONS_STORE_URL``, else ``PLATFORM_STORE_URL``, through the store contract."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from common.settings import PlatformSettings


def open_notifications(settings: PlatformSettings) -> tuple[Any, str]:
    """The notifications store, or None and why not (never created by looking at it)."""
    from common.storage import open_store
    from services.notifications.adapters.documents import DOCUMENTS

    url = settings.store_url_for("notifications")
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///").format(service="notifications"))
        if not path.exists():
            return None, f"no notifications store at {path}"
    db = f"{settings.db_prefix}notifications"  # the database the service itself uses
    return open_store(url, DOCUMENTS, service="notifications", db=db), ""
