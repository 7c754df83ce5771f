"""The case file's alternatives to the formal route (mediation, an early referral to the
Ombudsman, a healthcare escalation) and, for a child's complaint, its eligibility records
(who may complain, the lead authority, frozen decisions, other procedures), as rows of
words for the case page. Read from GetCase's ``alternatives_json`` and
``eligibility_json``. Pure."""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel, ConfigDict

from services.console.domain.dates import uk_date
from services.console.domain.outcomes import words

LEAD_RULES = {
    "looking-after": "the authority looking after the child",
    "ordinarily-resident": "the authority where the child is ordinarily resident",
}


class Row(BaseModel):
    """One record in words: what it is, its state, who, when, and the rest."""

    model_config = ConfigDict(frozen=True)
    id: str
    what: str
    state: str
    who: str
    when: str
    detail: str


class Unreadable(ValueError):
    """The service sent a record the console cannot read: says which field and why."""

    def __init__(self, field: str, why: str):
        super().__init__(f"{field}: {why}")
        self.field, self.why = field, why


def _json(text: str, field: str, kind: type) -> Any:
    if not text:
        return kind()
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise Unreadable(field, f"not JSON ({exc.msg})") from exc
    if not isinstance(value, kind):
        raise Unreadable(field, f"expected a JSON {kind.__name__}")
    return value


def _on(day: Any, by: Any = "") -> str:
    text = uk_date(str(day or ""))
    return f"{text} by {by}" if text and by else text


def _join(*parts: str) -> str:
    return "; ".join(p for p in parts if p)


def _mediation(r: dict[str, Any]) -> Row:
    state = words(r.get("outcome") or r.get("status") or "offered")
    if r.get("clock_paused"):
        state += " (clocks paused)"
    return Row(
        id=r.get("id", ""),
        what=f"Mediation ({words(r.get('method', 'mediation')).lower()})",
        state=state,
        who=r.get("mediator") or "no mediator named",
        when=_join(
            f"offered {_on(r.get('offered_on'), r.get('offered_by'))}",
            f"answered {_on(r.get('answered_on'))}" if r.get("answered_on") else "",
            f"concluded {_on(r.get('concluded_on'))}" if r.get("concluded_on") else "",
        ),
        detail=_join(f"stage {r.get('stage', '')}" if r.get("stage") else "", r.get("note", "")),
    )


def _early_referral(r: dict[str, Any]) -> Row:
    safeguards = ", ".join(words(s).lower() for s in r.get("safeguards") or [])
    return Row(
        id=r.get("id", ""),
        what=f"Early referral to the {r.get('ombudsman') or 'Ombudsman'}",
        state="Referred",
        who=r.get("referred_by", ""),
        when=f"referred {_on(r.get('referred_on'))}",
        detail=_join(
            "the complainant agreed" if r.get("complainant_agreed") else "",
            f"statement agreed {_on(r.get('statement_agreed_on'))}: {r.get('statement', '')}",
            f"safeguards: {safeguards}" if safeguards else "",
            r.get("note", ""),
        ),
    )


def _healthcare(r: dict[str, Any]) -> Row:
    return Row(
        id=r.get("id", ""),
        what=f"Healthcare escalation to the {r.get('ombudsman') or 'Ombudsman'}",
        state=words(r.get("status", "open")),
        who=r.get("owner", ""),
        when=_join(
            f"opened {_on(r.get('opened_on'), r.get('opened_by'))}",
            f"due {_on(r.get('due'))}" if r.get("due") else "no due date",
            f"done {_on(r.get('done_on'))}" if r.get("done_on") else "",
        ),
        detail=r.get("note", ""),
    )


KINDS = {
    "mediation": _mediation,
    "early-referral": _early_referral,
    "healthcare-escalation": _healthcare,
}


def alternatives(text: str) -> list[Row]:
    """``alternatives_json``: a list of typed records (``type`` says which)."""
    rows = []
    for i, item in enumerate(_json(text, "alternatives_json", list)):
        if not isinstance(item, dict) or item.get("type") not in KINDS:
            kind = item.get("type") if isinstance(item, dict) else type(item).__name__
            raise Unreadable(f"alternatives_json[{i}].type", f"{kind!r} is not a record kind")
        rows.append(KINDS[item["type"]](item))
    return rows


def eligibility(text: str) -> list[Row]:
    """``eligibility_json``: ``qualifying``, ``lead_authority``, ``freezes``, ``concurrent``."""
    data = _json(text, "eligibility_json", dict)
    rows: list[Row] = []
    if q := data.get("qualifying"):
        rows.append(
            Row(
                id="",
                what="Who may complain",
                state=f"{words(q.get('basis', ''))}: "
                + ("a qualifying individual" if q.get("qualifying") else "not qualifying"),
                who=q.get("recorded_by", ""),
                when=f"recorded {_on(q.get('recorded_on'))}",
                detail=_join(
                    f"on behalf of {q['on_behalf_of']}" if q.get("on_behalf_of") else "",
                    f"decided by {q['decided_by']}" if q.get("decided_by") else "",
                    q.get("note", ""),
                ),
            )
        )
    if lead := data.get("lead_authority"):
        rule = LEAD_RULES.get(lead.get("rule", ""), lead.get("rule", ""))
        rows.append(
            Row(
                id="",
                what="Lead authority",
                state=lead.get("lead", ""),
                who=lead.get("decided_by", ""),
                when=f"decided {_on(lead.get('decided_on'))}",
                detail=_join(
                    f"of {', '.join(lead.get('authorities') or [])}: {rule}", lead.get("note", "")
                ),
            )
        )
    for f in data.get("freezes") or []:
        rows.append(
            Row(
                id=f.get("id", ""),
                what=f"Operational decision frozen: {f.get('decision', '')}",
                state=words(f.get("status", "requested")),
                who=f.get("decided_by") or f.get("requested_by", ""),
                when=_join(
                    f"requested {_on(f.get('requested_on'))}",
                    f"decided {_on(f.get('decided_on'))}" if f.get("decided_on") else "",
                ),
                detail=_join(
                    f"senior manager consulted: {f['consulted']}" if f.get("consulted") else "",
                    f.get("note", ""),
                ),
            )
        )
    for p in data.get("concurrent") or []:
        rows.append(
            Row(
                id=p.get("id", ""),
                what=f"Other procedure: {words(p.get('kind', 'other')).lower()}",
                state="Ended" if p.get("ended_on") else "Running",
                who=p.get("liaison") or p.get("recorded_by", ""),
                when=_join(
                    f"started {_on(p.get('started_on'))}",
                    f"ended {_on(p.get('ended_on'))}" if p.get("ended_on") else "",
                ),
                detail=_join(
                    f"reference {p['reference']}" if p.get("reference") else "",
                    "the complainant was told a complaint cannot overturn a court decision"
                    if p.get("complainant_informed")
                    else "",
                    p.get("note", ""),
                ),
            )
        )
    return rows
