"""Is every part of the platform up? (``complaints ops health``, the console's health page)

Every check, in parallel with short timeouts so a platform that is down answers fast:

- each of the five services: its gRPC health and its metrics endpoint (`ops.services`);
- the broker (``PLATFORM_AMQP_URL``) and each work queue: present, at least one consumer,
  and an empty dead-letter queue (`ops.queues`);
- unaddressed referrals and undeliverable letters at a fallback desk
  (`ops.referrals`), and letters stuck pending or failed (`ops.letters`),
  from the notifications store.

All is well only when every check passes; otherwise each problem is named, in words.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

from common.settings import PlatformSettings
from ops.letters import check_letters
from ops.queues import check_broker
from ops.referrals import check_referrals
from ops.services import SERVICES, check_service


def check_all(settings: PlatformSettings | None = None) -> dict[str, Any]:
    """Every check: ``healthy``, each part's own report and the ``problems`` in words."""
    settings = settings or PlatformSettings()
    with ThreadPoolExecutor(max_workers=len(SERVICES) + 3) as pool:
        broker_future = pool.submit(check_broker, settings.amqp_url)
        referrals_future = pool.submit(check_referrals, settings)
        letters_future = pool.submit(check_letters, settings)
        services = list(pool.map(lambda s: check_service(s, settings), SERVICES))
        broker, queues = broker_future.result()
        referrals = referrals_future.result()
        letters = letters_future.result()
    problems = [p for s in services for p in s["problems"]]
    if not broker["reachable"]:
        problems.append(f"broker unreachable: {broker['detail']}")
    problems += [p for q in queues for p in q["problems"]]
    problems += referrals["problems"]
    problems += letters["problems"]
    return {
        "healthy": not problems,
        "services": services,
        "broker": broker,
        "queues": queues,
        "referrals": referrals,
        "letters": letters,
        "problems": problems,
    }
