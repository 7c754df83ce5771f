"""The caseload page: the filters of ``complaints case list``, the breached and due this
week above the list, the cases with an overdue commitment, a page of 50 at a time."""

from __future__ import annotations

import asyncio
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from common.auth import Role
from services.console.domain import caseload
from services.console.domain.identity import Person
from services.console.entrypoints.pages.common import Site, nothing, section


def commitments_of(person: Person, procedure: str) -> str:
    """The procedure to ask the commitments report for: the filter's; a Children's
    Complaints Officer's reports are the children's procedure's."""
    if not procedure and person.role is Role.CHILDRENS_COMPLAINTS_OFFICER:
        return "children"
    return procedure


def routes(site: Site) -> list[Route]:
    async def cases_page(request: Request, person: Person) -> Response:
        params = dict(request.query_params)
        filters, errors = caseload.filters_from(params)
        try:
            token = caseload.page_token(params.get("page", ""))
        except caseload.FilterError as exc:
            errors.append(exc)
            token = ""
        day = site.today()
        p = site.platform()
        week = (caseload.week_end(day)).isoformat()
        first = not token
        asked = filters.as_request()
        main, breached, due, commitments = await asyncio.gather(
            p.list_cases(person, token, site.settings.page_size, **asked),
            p.list_cases(person, "", 10, **{**asked, "breached_only": True})
            if first
            else nothing(),
            p.list_cases(person, "", 10, **{**asked, "due_before": week})
            if first and not filters.breached
            else nothing(),
            # A report: the central team's, auditors' and (children's) the CCO's; others
            # are not asked, so their caseload files no refusal.
            section(p.overdue_commitments(person, commitments_of(person, filters.procedure)))
            if person.may_see_reports()
            else nothing(),
        )
        rows, next_token = main
        breached_rows = list(breached[0] if breached else [])
        due_rows = [r for r in (due[0] if due else []) if not r["breached"]]
        overdue: list[caseload.OverdueCommitment] = []
        commitments = commitments or {"data": None, "refused": ""}
        if commitments["data"] is not None:
            try:
                overdue = caseload.overdue_commitments(commitments["data"])
            except caseload.FilterError as exc:
                commitments = {"data": None, "refused": exc.message}
        query = filters.query()

        def shown(some: list[dict]) -> list[dict]:
            return caseload.mark_overdue_commitments(caseload.ordered(some, day), overdue)

        return site.page(
            request,
            "cases.html",
            422 if errors else 200,
            filters=filters,
            errors=errors,
            statuses=caseload.STATUSES,
            rows=shown(rows),
            breached=shown(breached_rows),
            due=shown(due_rows),
            commitments_shown=commitments["data"] is not None,
            commitments_refused=commitments["refused"],
            overdue=overdue[:10] if first else [],
            overdue_total=len(overdue),
            today=day.isoformat(),
            week_end=week,
            next_url=f"/cases?{urlencode({**query, 'page': next_token})}" if next_token else "",
            first_url=f"/cases?{urlencode(query)}" if token else "",
        )

    return [Route("/cases", site.signed(cases_page))]
