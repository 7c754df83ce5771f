"""Why a message was refused: each field, the rule it broke, in words (CONTRACTS.md).

`FieldError` is what partner replies and dead-lettered messages carry; `field_errors`
turns a pydantic ``ValidationError`` (or a domain error carrying its own ``errors``)
into them.
"""

from __future__ import annotations

from pydantic import BaseModel, ValidationError


class FieldError(BaseModel):
    """One reason a message was refused: the field, the rule it broke, in words."""

    field: str
    rule: str
    message: str


def field_errors(exc: Exception) -> list[FieldError]:
    """An error -> FieldErrors naming each field and the rule it broke (pydantic's, or a
    domain error that carries its own ``errors``)."""
    own = getattr(exc, "errors", None)
    if isinstance(own, list) and all(isinstance(e, FieldError) for e in own):
        return own
    if isinstance(exc, ValidationError):
        return [
            FieldError(
                field=".".join(str(p) for p in err["loc"]) or "(body)",
                rule=err["type"],
                message=err["msg"],
            )
            for err in exc.errors()
        ]
    return [FieldError(field="(body)", rule="invalid", message=str(exc))]
