"""Structured JSON logs, with the complaint reference and message id on every line."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from pythonjsonlogger.json import JsonFormatter

_reference: ContextVar[str | None] = ContextVar("reference", default=None)
_message_id: ContextVar[str | None] = ContextVar("message_id", default=None)


class _ContextFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.reference = _reference.get()
        record.message_id = _message_id.get()
        return True


@contextmanager
def log_context(*, reference: str | None = None, message_id: str | None = None) -> Iterator[None]:
    """Tag every log line inside the block with the complaint and message it is about."""
    tokens = []
    if reference is not None:
        tokens.append((_reference, _reference.set(reference)))
    if message_id is not None:
        tokens.append((_message_id, _message_id.set(message_id)))
    try:
        yield
    finally:
        for var, token in reversed(tokens):
            var.reset(token)


def setup_logging(service: str, level: str = "INFO", json_lines: bool = True) -> None:
    handler = logging.StreamHandler(sys.stdout)
    if json_lines:
        handler.setFormatter(
            JsonFormatter(
                "%(asctime)s %(levelname)s %(name)s %(message)s %(reference)s %(message_id)s",
                static_fields={"service": service},
            )
        )
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    handler.addFilter(_ContextFilter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for noisy in ("aio_pika", "aiormq", "pymongo", "faststream.access"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
