"""Domain errors of the records service; the gRPC edge maps each to a status code."""

from __future__ import annotations


class Refusal(Exception):  # noqa: N818 - reads as "raise Refusal(...)"
    """Not allowed now, for a reason in words (FAILED_PRECONDITION)."""


class InvalidField(ValueError):
    """A field missing or wrong for this case (INVALID_ARGUMENT, naming the field)."""

    def __init__(self, field_name: str, message: str, rule: str = "invalid"):
        self.field, self.message, self.rule = field_name, message, rule
        super().__init__(f"{field_name}: {message}")
