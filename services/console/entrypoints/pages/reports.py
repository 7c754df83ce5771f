"""The reports page: the KPI report and the records service's reports as tables, bar
charts and CSV."""

from __future__ import annotations

from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from services.console.domain import caseload, reports
from services.console.domain.identity import Person
from services.console.entrypoints.pages.common import Denied, Site


def routes(site: Site) -> list[Route]:
    async def report_tables(request: Request, person: Person) -> tuple[str, list, dict]:
        q = request.query_params
        kind = q.get("kind", "kpi")
        if kind not in reports.KINDS:
            raise Denied(422, "No such report", f"kind: one of {', '.join(reports.KINDS)}")
        year_text = q.get("year", "") or str(site.today().year)
        if not year_text.isdigit() or not 2000 <= int(year_text) <= 2100:
            raise Denied(422, "Bad year", "year: a year such as 2026")
        quarter_text = q.get("quarter", "0") or "0"
        if quarter_text not in ("0", "1", "2", "3", "4"):
            raise Denied(422, "Bad quarter", "quarter: 1 to 4, or 0 for all four")
        year = int(year_text)
        chosen = {
            "kind": kind,
            "year": year_text,
            "quarter": quarter_text,
            "procedure": q.get("procedure", ""),
        }
        if kind == "kpi":
            if chosen["procedure"] and not caseload.WORD.match(chosen["procedure"]):
                raise Denied(422, "Bad procedure", "procedure: letters, digits and - only")
            reply = await site.platform().kpi(
                person,
                procedure=chosen["procedure"],
                group_by=["procedure", "stage"],
                period="year",
                **{"from": f"{year}-01-01", "to": f"{year}-12-31"},
            )
            table = reports.kpi_table(reply.get("rows", []), reply.get("group_by", []))
            return "Key performance indicators", [table], chosen
        reply = await site.platform().report(person, kind, year, int(quarter_text))
        tables = [
            reports.Table(t["title"], t["columns"], [r["cells"] for r in t["rows"]])
            for t in reply.get("tables", [])
        ]
        return reply.get("title", kind), tables, chosen

    async def reports_page(request: Request, person: Person) -> Response:
        title, tables, chosen = await report_tables(request, person)
        charts = [reports.chart_of(t) for t in tables]
        if chosen["kind"] == "kpi" and tables and tables[0].rows:
            charts = list(reports.kpi_charts(tables[0]))
        return site.page(
            request,
            "reports.html",
            title=title,
            tables=tables,
            charts=charts,
            chosen=chosen,
            kinds=reports.KINDS,
            csv_url="/reports.csv?" + urlencode(chosen),
        )

    async def reports_csv(request: Request, person: Person) -> Response:
        title, tables, chosen = await report_tables(request, person)
        name = f"{chosen['kind']}-{chosen['year']}.csv"
        return Response(
            reports.to_csv(tables),
            media_type="text/csv; charset=utf-8",
            headers={"content-disposition": f'attachment; filename="{name}"'},
        )

    return [
        Route("/reports", site.signed(reports_page)),
        Route("/reports.csv", site.signed(reports_csv)),
    ]
