"""What operators watch, read as ``complaints ops`` reads it (`ops`): these
functions block, so each runs in a worker thread."""

from __future__ import annotations

import asyncio
from typing import Any

from common.settings import PlatformSettings


async def health(settings: PlatformSettings) -> dict[str, Any]:
    from ops.health import check_all

    return await asyncio.to_thread(check_all, settings)


async def dead_letters(amqp_url: str, queue: str, limit: int = 50) -> list[dict[str, Any]]:
    from ops.dead_letters import list_dead_letters

    return await asyncio.to_thread(list_dead_letters, amqp_url, queue, limit=limit)


async def dead_letter(amqp_url: str, queue: str, message_id: str) -> list[dict[str, Any]]:
    from ops.dead_letters import show_dead_letter

    return await asyncio.to_thread(show_dead_letter, amqp_url, queue, message_id)


async def replay(amqp_url: str, queue: str, message_id: str) -> list[dict[str, Any]]:
    from ops.dead_letters import replay as replay_

    return await asyncio.to_thread(replay_, amqp_url, queue, message_id)


def work_queues() -> list[str]:
    from common.bus import QUEUES

    return [spec.name for spec in QUEUES]
