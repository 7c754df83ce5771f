"""Between typed documents and what an engine stores: BSON bytes, index values.

Index values are normalised so that one comparison means the same in every engine:
datetimes become UTC ISO strings (dates are midnight datetimes, as mongoengine stores
them), booleans 0/1, object ids their hex string. A path through a list yields every
value in it (a multi-valued index, like MongoDB's multikey indexes).
"""

from __future__ import annotations

import contextlib
from datetime import UTC, date, datetime
from typing import Any

import bson
from bson import ObjectId
from bson.codec_options import CodecOptions

from common.bus import Outgoing
from common.storage.contract import ID, Condition

CODEC = CodecOptions(tz_aware=True, tzinfo=UTC)
PROCESSED_KEEP = 500


def norm(value: Any) -> Any:
    """The comparable form of one value (see module docstring)."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return value.isoformat(timespec="milliseconds")
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day).isoformat(timespec="milliseconds")
    if isinstance(value, ObjectId):
        return str(value)
    if isinstance(value, int | float | str) or value is None:
        return value
    return None  # dicts and lists are not index keys


def values_at(son: dict[str, Any], path: str) -> list[Any]:
    """Every normalised value at ``path`` in ``son`` (through lists); [None] when absent."""
    current: list[Any] = [son]
    for part in path.split("."):
        nxt: list[Any] = []
        for item in current:
            if isinstance(item, dict) and part in item:
                value = item[part]
                nxt.extend(value if isinstance(value, list) else [value])
        current = nxt
    return [norm(v) for v in current] or [None]


def query_value(cls: type, cond: Condition) -> Any:
    """A condition's value as stored: through the field's ``to_mongo`` at top level."""
    field = cls._fields.get("id" if cond.path == ID else cond.path)  # type: ignore[attr-defined]

    def one(v: Any) -> Any:
        if field is not None and v is not None and not isinstance(v, str | bool):
            with contextlib.suppress(Exception):  # a value the field cannot take stays as given
                v = field.to_mongo(v)
        return norm(v)

    if cond.op == "in":
        return [one(v) for v in cond.value]
    return one(cond.value)


def matches(values: list[Any], op: str, want: Any) -> bool:
    """Does any of a document's values at a path satisfy ``op want``? (memory engine)"""
    if op == "ne":
        return all(v != want for v in values)
    for v in values:
        if op == "eq" and v == want:
            return True
        if op == "in" and v in want:
            return True
        if v is None or want is None:
            continue
        try:
            if (
                (op == "lt" and v < want)
                or (op == "lte" and v <= want)
                or (op == "gt" and v > want)
                or (op == "gte" and v >= want)
            ):
                return True
        except TypeError:
            continue
    return False


def without_dereferencing(cls: type) -> None:
    """Turn off mongoengine's reference lookups on ``cls``'s list and dict fields.

    The platform's documents hold no references, yet mongoengine walks every list and
    dict the first time one is read, looking for some; that walk cost about a tenth of
    a busy service's time. mongoengine's ``_from_son`` turns the lookups back on for the
    class each time (its ``_auto_dereference=False`` copies every field per document
    instead), so `from_son` turns them off again after each document it builds."""
    for field in cls._fields.values():  # type: ignore[attr-defined]
        if "Reference" in type(field).__name__:
            continue
        field.set_auto_dereferencing(False)
        inner = getattr(field, "field", None)
        if inner is not None:
            inner.set_auto_dereferencing(False)


def from_son(cls: type, son: dict[str, Any]) -> Any:
    """The typed document of a stored one (see `without_dereferencing`)."""
    doc = cls._from_son(son)  # type: ignore[attr-defined]
    without_dereferencing(cls)
    return doc


def to_son(doc: Any) -> dict[str, Any]:
    son = doc.to_mongo().to_dict()
    if son.get(ID) is None:
        son[ID] = ObjectId()
        doc.pk = son[ID]
    return son


def encode(son: dict[str, Any]) -> bytes:
    return bson.encode(son, codec_options=CODEC)


def decode(cls: type, data: bytes) -> Any:
    return from_son(cls, bson.decode(data, codec_options=CODEC))


def prepare_commit(doc: Any, message_id: str | None) -> int:
    """Move ``doc`` to its next revision with ``message_id`` recorded; returns the
    revision it was loaded at (the compare in compare-and-set)."""
    expected = int(doc.rev or 0)
    doc.rev = expected + 1
    if message_id:
        doc.processed = (list(doc.processed) + [message_id])[-PROCESSED_KEEP:]
    return expected


def has_outbox(cls: type) -> bool:
    """Is ``cls`` an aggregate (it carries outbox fields), not an append-only record?"""
    return "outbox" in cls._fields  # type: ignore[attr-defined]


def set_outbox(doc: Any, outbox: list[Outgoing]) -> None:
    """Put ``outbox`` inside ``doc`` (the MongoDB engine's layout), if it has one."""
    if has_outbox(type(doc)):
        doc.outbox = [m.to_doc() for m in outbox]
        doc.outbox_pending = bool(outbox)
        doc.relay_lease_until = None


def outbox_rows(emit: list[Outgoing]) -> list[tuple[str, bytes]]:
    return [(m.message_id, encode(m.to_doc())) for m in emit]


def outgoing(data: bytes) -> Outgoing:
    return Outgoing.from_doc(bson.decode(data, codec_options=CODEC))


def pick(data: bytes, names: list[str]) -> dict[str, Any]:
    """Some top-level fields of a stored document, as stored (no typed document built)."""
    son = bson.decode(data, codec_options=CODEC)
    return {name: son[name] for name in names if name in son}
