"""Domain errors of the notifications service: each says what is wrong and what to fix."""

from __future__ import annotations


class NotificationsError(Exception):
    """Base class: a letter cannot be planned, built, rendered or addressed."""


class PlanningError(NotificationsError):
    """The event cannot be turned into letters (wrong case, missing location, unknown body)."""


class EntitlementError(NotificationsError):
    """A letter would show a recipient a field it is not entitled to see."""


class ConfidentialityError(EntitlementError):
    """A confidential child complaint would reach a recipient without the right to it."""


class TemplateContractError(NotificationsError):
    """A template is missing, malformed, or uses a variable outside its context contract."""


class DirectoryError(NotificationsError):
    """The address directory file is malformed."""


class UnknownAddress(NotificationsError, LookupError):
    """No directory entry for an address key."""


class NoContactAddress(NotificationsError):
    """The case holds no email address for the complainant."""


class PrintQueueRefusal(NotificationsError):
    """A print-queue step that cannot be taken now (a hand-over dated in the future, or
    before the letter was queued, or a second hand-over on another day). ``field``: the
    request field at fault, when the input is (the day)."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field
