"""Fields a partner sent that nothing reads: kept (the contract allows them) but reported.

A misspelt ``legal_proceeding: true`` is kept by `Submission` (``extra="allow"``) and then
read by nobody, so the complaint routes as if the flag were absent. `ignored_fields` names
every such field in a partner's raw body, as a dotted path (``complainant.emial``,
``aspects[0].officer_named``), with a near-miss suggestion where there is one. Pure.

A field is known when the Submission contract declares it at that level, or when it is a
routing flag (the catalogue `procedures.flags`): flags are extra fields on purpose. A flag
sent at the wrong level is not reported here, because routing refuses it (``flag-level``);
suggestions, though, only offer flags that belong at that level.
"""

from __future__ import annotations

import types
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from difflib import get_close_matches
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel

from common.contracts.submission import Aspect, Submission

# How close a name must be to a known one to be suggested (difflib's ratio).
CUTOFF = 0.8


@dataclass(frozen=True)
class IgnoredField:
    field: str
    did_you_mean: str | None = None

    def as_dict(self) -> dict[str, str | None]:
        return {"field": self.field, "did_you_mean": self.did_you_mean}


def catalogue_flags() -> dict[str, str]:
    """The routing flags, name -> level (``submission`` or ``aspect``)."""
    try:
        from procedures.flags import FLAGS
    except ImportError:  # before the procedure library is installed
        return {}
    return {name: spec.level for name, spec in FLAGS.items()}


def ignored_fields(
    body: Mapping[str, Any], *, flags: Mapping[str, str] | None = None
) -> list[IgnoredField]:
    """Every field of ``body`` the contract does not know, in the order sent.

    ``flags`` maps each routing flag to the level it belongs on (`catalogue_flags`); those
    names count as known on the submission and on each aspect. Never raises: a value of the
    wrong shape is simply not looked into (validation reports it, not this).
    """
    flags = dict(flags or {})
    extra = {
        Submission: (set(flags), {n for n, lvl in flags.items() if lvl == "submission"}),
        Aspect: (set(flags), {n for n, lvl in flags.items() if lvl == "aspect"}),
    }
    return list(_walk(Submission, body, "", extra))


def _walk(
    model: type[BaseModel],
    data: Mapping[str, Any],
    prefix: str,
    extra: Mapping[type[BaseModel], tuple[set[str], set[str]]],
) -> Iterator[IgnoredField]:
    fields = model.model_fields
    known_extra, suggestible_extra = extra.get(model, (set(), set()))
    candidates = sorted(set(fields) | suggestible_extra)
    for key, value in data.items():
        name = str(key)
        path = f"{prefix}{name}"
        if name in known_extra:
            continue
        info = fields.get(name)
        if info is None:
            close = get_close_matches(name, candidates, n=1, cutoff=CUTOFF)
            yield IgnoredField(path, close[0] if close else None)
            continue
        nested, many = _nested_model(info.annotation)
        if nested is None:
            continue
        if many and isinstance(value, list | tuple):
            for i, item in enumerate(value):
                if isinstance(item, Mapping):
                    yield from _walk(nested, item, f"{path}[{i}].", extra)
        elif not many and isinstance(value, Mapping):
            yield from _walk(nested, value, f"{path}.", extra)


def _nested_model(annotation: Any) -> tuple[type[BaseModel] | None, bool]:
    """The model a field holds (``Complainant``, ``Aspect | None``, ``list[Aspect]``), and
    whether it holds a list of them; ``(None, False)`` for plain values."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation, False
    origin = get_origin(annotation)
    if origin is Annotated:
        return _nested_model(get_args(annotation)[0])
    if origin in (Union, types.UnionType):
        for arg in get_args(annotation):
            found = _nested_model(arg)
            if found[0] is not None:
                return found
        return None, False
    if origin in (list, tuple, set, frozenset):
        args = get_args(annotation)
        inner, _ = _nested_model(args[0]) if args else (None, False)
        return inner, inner is not None
    return None, False


def as_reply(ignored: list[IgnoredField]) -> list[dict[str, str | None]]:
    return [f.as_dict() for f in ignored]
