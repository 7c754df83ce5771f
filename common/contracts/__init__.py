"""Message contracts shared by every service: the partner Submission and domain events."""

from common.contracts.events import *  # noqa: F403
from common.contracts.events import EVENT_TYPES, SCHEMA_VERSION, Event, FieldError, parse_event
from common.contracts.submission import *  # noqa: F403
from common.contracts.submission import Nation, Submission, received_day

__all__ = [
    "EVENT_TYPES",
    "SCHEMA_VERSION",
    "Event",
    "FieldError",
    "Nation",
    "Submission",
    "parse_event",
    "received_day",
]
