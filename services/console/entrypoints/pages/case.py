"""One case: its file (GetFile), clocks (GetClocks), letters and their fate
(ListNotifications, ListPrintQueue), routing decision (Explain) and outcomes
(GetOutcomes), each part shown or refused on its own; the casework forms; a letter's
preview."""

from __future__ import annotations

import asyncio
import re
import uuid
from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from services.console.adapters.platform import Refused
from services.console.domain import actions as casework
from services.console.domain import alternatives, letters, outcomes
from services.console.domain.identity import Person
from services.console.entrypoints.pages.common import Denied, Site, case_ref, section

TEMPLATE = re.compile(r"^[a-z0-9-]{1,40}$")


def letters_section(
    case: dict[str, Any], sent: dict[str, Any], printing: dict[str, Any]
) -> dict[str, Any]:
    """The letters as notifications knows them; else what the case file holds, saying so."""
    if sent["refused"]:
        return {
            "data": letters.file_letter_rows(case),
            "refused": "",
            "from_file": f"From the case file: the letters service refused ({sent['refused']})",
        }
    return {
        "data": letters.letter_rows(sent["data"], printing["data"], case.get("history", [])),
        "refused": "",
        "from_file": "",
    }


def records_section(case: dict[str, Any]) -> dict[str, Any]:
    """The alternatives and, for a child's complaint, its eligibility records."""
    try:
        return {
            "data": {
                "alternatives": alternatives.alternatives(case.get("alternatives_json", "")),
                "eligibility": alternatives.eligibility(case.get("eligibility_json", "")),
            },
            "refused": "",
        }
    except alternatives.Unreadable as exc:
        return {"data": None, "refused": f"could not read {exc.field}: {exc.why}"}


def routes(site: Site) -> list[Route]:
    async def case_page(request: Request, person: Person) -> Response:
        ref = case_ref(request)
        p = site.platform()
        # The file first: a person who may not read the case sees nothing of it.
        file = await p.case_file(person, ref)
        case = file["case"]
        strand, reference = case["case_ref"], case["reference"]
        asked = [
            section(p.clocks(person, strand)),
            section(p.letters(person, strand)),
            section(p.routing_decision(person, reference)),
            section(p.outcomes(person, strand)),
        ]
        if person.may_read_print_queue():
            asked.append(section(p.print_jobs(person, reference)))
        clocks, sent, routing, got, *printing = await asyncio.gather(*asked)
        printed = printing[0] if printing else {"data": None, "refused": ""}
        if got["data"] is not None:
            got = {"data": outcomes.outcomes_view(got["data"]), "refused": ""}
        return site.page(
            request,
            "case.html",
            case=case,
            complaint=file.get("complaint", {}),
            access_log=file.get("access_log", []),
            clocks=clocks,
            letters=letters_section(case, sent, printed),
            routing=routing,
            outcomes=got,
            records=records_section(case),
            forms=casework.offered(case["allowed_actions"]),
            history=sorted(case["history"], key=lambda h: h["at"]),
        )

    async def case_action(request: Request, person: Person) -> Response:
        ref = case_ref(request)
        form = await site.checked_form(request)
        action = casework.BY_NAME.get(str(form.get("action", "")))
        if action is None:
            raise Denied(422, "No such action", "The form named no action the console knows.")
        try:
            fields = casework.request_fields(action, dict(form))
        except casework.FormError as exc:
            site.flash(request, "error", f"{action.title} not done: {exc.message} ({exc.field}).")
            return RedirectResponse(f"/case/{ref}#act-{action.name}", 303)
        request_id = str(form.get("request_id", "")) or uuid.uuid4().hex
        fields.update(ref=ref, request_id=f"console-{request_id[:64]}")
        try:
            reply = await site.platform().act(person, action.rpc, action.request, fields)
        except Refused as exc:
            if exc.unavailable:
                raise
            site.flash(request, "error", f"{action.title} refused: {exc.reason}")
            return RedirectResponse(f"/case/{ref}#act-{action.name}", 303)
        what = (
            "already done (the same form was sent twice)"
            if reply.get("duplicate")
            else (", ".join(reply.get("events", [])) or "recorded")
        )
        site.flash(request, "ok", f"{action.title}: {what}.")
        return RedirectResponse(f"/case/{ref}", 303)

    async def letter_page(request: Request, person: Person) -> Response:
        ref = case_ref(request)
        template = request.query_params.get("template", "")
        recipient = request.query_params.get("recipient", "complainant")
        if not TEMPLATE.match(template) or not TEMPLATE.match(recipient):
            raise Denied(422, "No such letter", "template and recipient: lower-case words")
        preview = await site.platform().preview(person, ref, template, recipient)
        return site.page(request, "letter.html", ref=ref, preview=preview)

    return [
        Route("/case/{ref:path}", site.signed(case_page), methods=["GET"]),
        Route("/case/{ref:path}", site.signed(case_action), methods=["POST"]),
        Route("/letter/{ref:path}", site.signed(letter_page)),
    ]
