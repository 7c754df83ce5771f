"""Operations, for platform operators: health, queues, dead letters with replay (after a
confirmation), and resending a failed letter."""

from __future__ import annotations

import re
from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from services.console.adapters import operations
from services.console.adapters.platform import Refused
from services.console.domain.identity import Person
from services.console.entrypoints.pages.common import REF, Denied, Site

MESSAGE_ID = re.compile(r"^[A-Za-z0-9:._-]{1,128}$")


def operator(person: Person) -> None:
    if not person.may_operate():
        raise Denied(
            403,
            "Refused",
            "Operations are for platform operators: queues and health, not complaints.",
        )


def dlq_target(params: Any) -> tuple[str, str]:
    queue, message_id = str(params.get("queue", "")), str(params.get("message_id", ""))
    if queue not in operations.work_queues():
        raise Denied(422, "No such queue", f"queue: one of {', '.join(operations.work_queues())}")
    if not MESSAGE_ID.match(message_id):
        raise Denied(422, "No such message", "message_id: the id the listing shows")
    return queue, message_id


def routes(site: Site) -> list[Route]:
    amqp_url = site.psettings.amqp_url

    async def ops_page(request: Request, person: Person) -> Response:
        operator(person)
        health = await operations.health(site.psettings)
        dead: dict[str, Any] = {}
        for q in health["queues"]:
            if q["dlq_messages"]:
                try:
                    dead[q["queue"]] = await operations.dead_letters(amqp_url, q["queue"])
                except Exception as exc:  # noqa: BLE001 - shown, like the CLI does
                    dead[q["queue"]] = f"cannot read: {type(exc).__name__}: {exc}"
        return site.page(request, "ops.html", health=health, dead=dead)

    async def replay_confirm(request: Request, person: Person) -> Response:
        operator(person)
        queue, message_id = dlq_target(request.query_params)
        found = await operations.dead_letter(amqp_url, queue, message_id)
        if not found:
            raise Denied(404, "No such dead letter", f"{message_id} is not in {queue}.dlq")
        return site.page(request, "replay.html", queue=queue, message=found[0])

    async def replay(request: Request, person: Person) -> Response:
        operator(person)
        form = await site.checked_form(request)
        queue, message_id = dlq_target(form)
        outcomes = await operations.replay(amqp_url, queue, message_id)
        if not outcomes:
            site.flash(request, "error", f"{message_id} was no longer in {queue}.dlq.")
        for o in outcomes:
            if o["replayed"]:
                site.flash(
                    request,
                    "ok",
                    f"Replayed {o['message_id']} to {o['exchange']} ({o['routing_key']}).",
                )
            else:
                site.flash(request, "error", f"{o['message_id']} not replayed: {o['why']}.")
        return RedirectResponse("/ops", 303)

    async def resend(request: Request, person: Person) -> Response:
        form = await site.checked_form(request)
        ref, key = str(form.get("case_ref", "")), str(form.get("key", ""))
        if not REF.match(ref) or not key:
            raise Denied(422, "No such letter", "case_ref and key: as the listing shows")
        try:
            await site.platform().resend(person, ref, key)
            site.flash(request, "ok", f"Letter {key} of {ref} sent again.")
        except Refused as exc:
            site.flash(request, "error", f"Not resent: {exc.reason}")
        return RedirectResponse("/ops", 303)

    return [
        Route("/ops", site.signed(ops_page)),
        Route("/ops/replay", site.signed(replay_confirm), methods=["GET"]),
        Route("/ops/replay", site.signed(replay), methods=["POST"]),
        Route("/letters/resend", site.signed(resend), methods=["POST"]),
    ]
