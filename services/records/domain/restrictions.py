"""Contact restrictions under the unacceptable-actions policies: recorded with reasons,
proportionate, appealable and kept under review (seed 002 ¶10-11, seed 003 "Managing
unreasonable actions", seed 004 "vexatious complaints" only by a senior decision).

Restricting access to the procedure itself is a last resort: it needs the approving
manager named, and the complainant is signposted to the procedure's external body (seed
002 ¶11: "we must signpost the customer/service user to the SPSO").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from procedures.schema import Procedure
from services.records.domain.casefile import CaseLike
from services.records.domain.commands import Command, Restrict, RestrictionKind, RestrictOp
from services.records.domain.errors import InvalidField, Refusal
from services.records.domain.lifecycle import Action
from services.records.domain.model import Change, Context
from services.records.domain.stages import iso


def signpost(procedure: Procedure) -> str:
    """The external body a restricted complainant is pointed to (the last stage's route)."""
    routes = [s.escalation.body for s in procedure.stages if s.escalation is not None]
    return routes[-1] if routes else ""


def _find(case: CaseLike, restriction_id: str) -> dict[str, Any]:
    for item in case.restrictions:
        if item["id"] == restriction_id:
            return dict(item)
    known = ", ".join(r["id"] for r in case.restrictions) or "none"
    raise InvalidField("restriction_id", f"no restriction {restriction_id!r} (known: {known})")


def _replace(case: CaseLike, item: dict[str, Any]) -> None:
    case.restrictions = [item if r["id"] == item["id"] else r for r in case.restrictions]


def _impose(case: CaseLike, cmd: Restrict, ctx: Context, on: date) -> dict[str, Any]:
    if cmd.kind is None:
        raise InvalidField("kind", f"one of {', '.join(k.value for k in RestrictionKind)}", "enum")
    if not cmd.reasons:
        raise InvalidField(
            "reasons", "a restriction must be evidenced: give its reasons", "required"
        )
    if cmd.review_on is None or cmd.review_on <= on:
        raise InvalidField("review_on", "kept under review: give a later date", "required")
    if cmd.kind is RestrictionKind.ACCESS_TO_PROCEDURE and not cmd.approved_by:
        raise InvalidField(
            "approved_by",
            "restricting access to the procedure needs a manager's or senior decision, named",
            "required",
        )
    item = {
        "id": f"R{len(case.restrictions) + 1}",
        "kind": str(cmd.kind),
        "reasons": list(cmd.reasons),
        "imposed_on": iso(on),
        "imposed_by": ctx.actor,
        "approved_by": cmd.approved_by,
        "review_on": iso(cmd.review_on),
        "status": "active",
        "appeal": None,
        "reviews": [],
        "signpost": signpost(ctx.procedure)
        if cmd.kind is RestrictionKind.ACCESS_TO_PROCEDURE
        else "",
        "note": cmd.note,
    }
    case.restrictions = [*case.restrictions, item]
    return item


def _active(case: CaseLike, cmd: Restrict) -> dict[str, Any]:
    item = _find(case, cmd.restriction_id)
    if item["status"] != "active":
        raise Refusal(f"restriction {item['id']} is {item['status']}: nothing to {cmd.op}")
    return item


def apply(case: CaseLike, cmd: Restrict, ctx: Context, on: date) -> Change:
    """Impose, appeal, decide an appeal, review or lift one restriction."""
    if cmd.op is RestrictOp.IMPOSE:
        item = _impose(case, cmd, ctx, on)
        words = f"Restriction {item['id']} ({item['kind']}) until review on {item['review_on']}"
        words += f": {'; '.join(item['reasons'])}"
        if item["signpost"]:
            words += f". Signposted to {item['signpost']}"
    else:
        item = _active(case, cmd)
        words = _change(item, cmd, ctx, on)
        _replace(case, item)
    detail = {"op": str(cmd.op), "restriction": item}
    return Change("restricted", words, detail)


def _change(item: dict[str, Any], cmd: Restrict, ctx: Context, on: date) -> str:
    rid = item["id"]
    if cmd.op is RestrictOp.APPEAL:
        if item["appeal"] and item["appeal"]["status"] == "pending":
            raise Refusal(f"restriction {rid} already has an appeal pending")
        item["appeal"] = {"lodged_on": iso(on), "note": cmd.note, "status": "pending"}
        return f"Appeal against restriction {rid} lodged: {cmd.note}"
    if cmd.op is RestrictOp.DECIDE_APPEAL:
        if not item["appeal"] or item["appeal"]["status"] != "pending":
            raise Refusal(f"restriction {rid} has no appeal pending")
        if cmd.outcome not in ("upheld", "dismissed"):
            raise InvalidField(
                "outcome", "an appeal is 'upheld' (lifting it) or 'dismissed'", "enum"
            )
        item["appeal"] = {
            **item["appeal"],
            "status": cmd.outcome,
            "decided_on": iso(on),
            "decided_by": ctx.actor,
            "decision": cmd.note,
        }
        if cmd.outcome == "upheld":
            item["status"] = "lifted"
        return f"Appeal against restriction {rid} {cmd.outcome}: {cmd.note}"
    if cmd.op is RestrictOp.REVIEW:
        if cmd.outcome not in ("continue", "lift"):
            raise InvalidField("outcome", "a review decides 'continue' or 'lift'", "enum")
        if cmd.outcome == "continue" and (cmd.review_on is None or cmd.review_on <= on):
            raise InvalidField("review_on", "a continued restriction needs its next review date")
        item["reviews"] = [
            *item["reviews"],
            {"on": iso(on), "by": ctx.actor, "outcome": cmd.outcome, "note": cmd.note},
        ]
        if cmd.outcome == "lift":
            item["status"] = "lifted"
            return f"Restriction {rid} reviewed and lifted: {cmd.note}"
        item["review_on"] = iso(cmd.review_on)
        return f"Restriction {rid} reviewed: continues until {cmd.review_on}. {cmd.note}"
    item["status"] = "lifted"
    item["lifted_on"] = iso(on)
    return f"Restriction {rid} lifted: {cmd.note}"


# -- the person, across their complaints ----------------------------------------------------
#
# Seed 003 "Managing unreasonable actions": restrictions are "placed on an individual's
# contact", so they bind the person, not one case. A person is recognised by the strongest
# identity the platform holds for them (`person_key`).


def _words(text: str) -> str:
    return " ".join(str(text).casefold().split())


def person_key(complainant: dict[str, Any], partner_id: str | None) -> str:
    """Who the complainant is, as one key; "" when they cannot be recognised.

    In order: the detained person's reference with the partner that gave it (the
    establishment's own identifier, unique within that partner: a Home Office or CID number
    is not reused for another person); else the contact email, lower-cased (the person's
    own address); else the name with the postcode of a postal address (someone without
    email). A name alone is never enough: two people may share it, and a restriction must
    never follow the wrong person. Anonymous complainants are never matched."""
    if not complainant or complainant.get("anonymous"):
        return ""
    ref = _words(complainant.get("detained_person_ref") or "").replace(" ", "")
    if ref and partner_id:
        return f"detained:{partner_id}:{ref}"
    contact = _words(complainant.get("contact") or "")
    if "@" in contact:
        return f"email:{contact}"
    name = _words(complainant.get("name") or "")
    postcode = re.sub(r"\s+", "", str((complainant.get("address") or {}).get("postcode") or ""))
    if name and postcode:
        return f"name:{name}|{postcode.upper()}"
    return ""


def identity_words(key: str) -> str:
    """How a person was recognised, in words for the file."""
    kind = key.split(":", 1)[0]
    return {
        "detained": "the same detained person's reference from the same partner",
        "email": "the same email address",
        "name": "the same name and postcode",
    }.get(kind, "")


@dataclass(frozen=True, kw_only=True)
class CarryRestrictions(Command):
    """The person's active restrictions, imposed on their other cases, apply to this case
    too (found by the use case: `found` holds (case ref, restriction) pairs)."""

    action = Action.RESTRICT
    found: tuple[tuple[str, dict[str, Any]], ...]
    identity: str = ""


def carried_ids(case: CaseLike) -> set[tuple[str, str]]:
    """(case, restriction id) of every restriction already carried onto ``case``."""
    return {
        (r["carried_from"]["case"], r["carried_from"]["id"])
        for r in case.restrictions
        if r.get("carried_from")
    }


Found = list[tuple[str, dict[str, Any]]]


def to_carry(case: CaseLike, others: Found) -> Found:
    """The active restrictions of the person's other cases not yet on ``case`` (a carried
    restriction is followed back to where it was imposed, never carried twice)."""
    have = carried_ids(case)
    out: dict[tuple[str, str], tuple[str, dict[str, Any]]] = {}
    for ref, item in others:
        if ref == case.id or item.get("status") != "active":
            continue
        origin = item.get("carried_from") or {"case": ref, "id": item["id"]}
        key = (origin["case"], origin["id"])
        if key not in have:
            out.setdefault(key, (origin["case"], {**item, "id": origin["id"]}))
    return list(out.values())


def carry(case: CaseLike, cmd: CarryRestrictions, ctx: Context, on: date) -> Change:
    """Record the person's restrictions on this case, each naming where it was imposed; its
    review and appeal stay with the original (seed 002 ¶10: "review any decision to
    restrict contact")."""
    fresh = to_carry(case, list(cmd.found))
    if not fresh:
        raise Refusal("no active restriction of this person to apply to this case")
    items = []
    for ref, found in fresh:
        kind = RestrictionKind(found["kind"])
        item = {
            "id": f"R{len(case.restrictions) + 1}",
            "kind": str(kind),
            "reasons": list(found.get("reasons") or []),
            "imposed_on": found.get("imposed_on"),
            "imposed_by": found.get("imposed_by"),
            "approved_by": found.get("approved_by", ""),
            "review_on": found.get("review_on"),
            "status": "active",
            "appeal": None,
            "reviews": [],
            "signpost": signpost(ctx.procedure)
            if kind is RestrictionKind.ACCESS_TO_PROCEDURE
            else "",
            "note": found.get("note", ""),
            "carried_from": {"case": ref, "id": found["id"], "identity": cmd.identity},
        }
        case.restrictions = [*case.restrictions, item]
        items.append(item)
    words = "; ".join(
        f"Restriction {i['id']} ({i['kind']}, imposed on {i['carried_from']['case']} as "
        f"{i['carried_from']['id']}) applies to this complaint too"
        for i in items
    )
    if cmd.identity:
        words += f": recognised by {identity_words(cmd.identity)}"
    if any(i["signpost"] for i in items):
        words += f". Signposted to {items[-1]['signpost'] or signpost(ctx.procedure)}"
    detail = {"op": "carry", "restriction": items[0], "restrictions": items}
    return Change("restricted", words, detail)
