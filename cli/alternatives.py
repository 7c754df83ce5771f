"""``complaints case mediation|refer-ombudsman-early|healthcare-escalation`` and the
children's ``eligibility|lead-authority|freeze|concurrent``: one CaseService command each,
recorded in the file's history (docs/records.md "Alternatives to the formal route",
"Who may complain, lead authority, freeze, concurrent procedures")."""

from __future__ import annotations

import json
from typing import Any

import typer

from cli.output import table
from cli.records import Param, command

NOTE = Param("note", "a note for the file")


def register(app: typer.Typer) -> None:
    """Add the commands to ``complaints case``."""
    command(
        app, "mediation", "Mediation", "MediationRequest",
        "Mediation / ADR: offer, accept (--pause-clock only if the complainant agrees the "
        "clock stops: the case is suspended with reason 'mediation'), decline, outcome "
        "(resumes a clock mediation stopped). Escalation is never blocked.",
        Param("op", "offer | accept | decline | outcome", argument=True, required=True),
        Param("method", "mediation | restorative-conversation | conciliation"),
        Param("mediator", "the third party"),
        Param("pause_clock", "the complainant agrees the clock stops meanwhile", flag=True),
        Param("outcome", "resolved | partly-resolved | broken-down | withdrawn"),
        NOTE,
    )  # fmt: skip
    command(
        app, "refer-ombudsman-early", "ReferToOmbudsmanEarly", "EarlyReferralRequest",
        "Children, after stage 2: early referral to the Local Government and Social Care "
        "Ombudsman with the complainant's agreement and the agreed written statement.",
        Param("statement", "the agreed written statement of the complaint", required=True),
        Param("complainant_agreed", "the complainant agrees", flag=True),
        Param("statement_agreed_on", "YYYY-MM-DD (default: the referral day)"),
        Param("safeguard", "robust-report | complete-adjudication | all-upheld | action-plan "
              "| desired-outcomes-met (repeat)", "safeguards", many=True),
        NOTE,
    )  # fmt: skip
    command(
        app, "healthcare-escalation", "EscalateHealthcare", "HealthcareEscalationRequest",
        "DSO healthcare (Scotland / Northern Ireland): DS Complaints' task to facilitate the "
        "escalation to the appropriate Ombudsman (open with an owner; done).",
        Param("op", "open | done", argument=True, required=True),
        Param("owner", "who in DS Complaints facilitates it"),
        Param("due", "YYYY-MM-DD (optional)"),
        Param("ombudsman", "default: SPSO (Scotland) or NIPSO (Northern Ireland)"),
        NOTE,
    )  # fmt: skip
    command(
        app, "eligibility", "RecordEligibility", "EligibilityRequest",
        "Children: who may complain (a qualifying individual, or someone acting for one).",
        Param("basis", "looked-after-child | child-in-need | parent-or-parental-responsibility "
              "| foster-carer | care-leaver | special-guardian | "
              "special-guardianship-child-or-parent | assessment-14f-applicant | adoption | "
              "sufficient-interest | not-qualifying", argument=True, required=True),
        Param("on_behalf_of", "the qualifying individual the complainant acts for"),
        Param("decided_by", "sufficient-interest: who decided for the authority"),
        NOTE,
    )  # fmt: skip
    command(
        app, "lead-authority", "DecideLeadAuthority", "LeadAuthorityRequest",
        "Children: a complaint relating to two or more authorities is considered by the one "
        "looking after the child, else where the child ordinarily lives.",
        Param("authority", "an authority involved (repeat)", "authorities", many=True),
        Param("looking_after", "the authority looking after the child"),
        Param("ordinarily_resident", "where the child ordinarily lives"),
        NOTE,
    )  # fmt: skip
    command(
        app, "freeze", "FreezeDecision", "FreezeDecisionRequest",
        "Children: a request to freeze an operational decision while the complaint is "
        "considered; decided only by the Complaints Manager after consulting the senior "
        "manager; lifted.",
        Param("op", "request | decide | lift", argument=True, required=True),
        Param("freeze_id", "F1, ... (decide, lift)"),
        Param("decision", "the operational decision (request)"),
        Param("requested_by", "who asked"),
        Param("granted", "decide: granted (without: refused)", flag=True),
        Param("consulted", "decide: the senior manager consulted"),
        NOTE,
    )  # fmt: skip
    command(
        app, "concurrent", "RecordConcurrentProcedure", "ConcurrentProcedureRequest",
        "Children: a procedure running alongside (safeguarding, court, grievance, "
        "disciplinary, police); --ended with --procedure-id when it ends.",
        Param("kind", "safeguarding | court | grievance | disciplinary | police | other"),
        Param("ended", "the procedure named by --procedure-id ended", flag=True),
        Param("procedure_id", "P1, ... (ended)"),
        Param("reference", "its own reference"),
        Param("liaison", "who liaises so neither is prejudiced"),
        Param("complainant_informed", "court: told the complaint cannot overturn it",
              flag=True),
        NOTE,
    )  # fmt: skip


def show(case: Any) -> None:
    """The file's alternatives and children's eligibility records, as tables."""
    if case.alternatives_json:
        rows = []
        for r in json.loads(case.alternatives_json):
            state = r.get("outcome") or r.get("status") or "referred"
            who = r.get("owner") or r.get("mediator") or r.get("ombudsman") or ""
            when = r.get("due") or r.get("referred_on") or r.get("offered_on") or ""
            rows.append((r["id"], r["type"], state, who, when))
        table("Alternatives", ["id", "kind", "state", "who", "date / due"], rows)
    if case.eligibility_json:
        data = json.loads(case.eligibility_json)
        facts: list[tuple[str, str, str]] = []
        if q := data.get("qualifying"):
            facts.append(("who may complain", q["basis"], q.get("on_behalf_of") or ""))
        if lead := data.get("lead_authority"):
            facts.append(("lead authority", lead["lead"], lead["rule"]))
        for f in data.get("freezes") or []:
            facts.append((f"freeze {f['id']}", f["status"], f["decision"]))
        for p in data.get("concurrent") or []:
            facts.append((f"procedure {p['id']}", p["kind"], p.get("ended_on") or "running"))
        table("Eligibility and other procedures", ["", "", ""], facts)
