"""The desk's format and translation tasks recorded done (issue 18).

A task letter asks the fallback desk for a translation (or braille, audio, easy read) of a
letter to a person, and a translation's reminder is planned for its due day (`tasks`). The
desk records the work done with ``complaints letters task-done REF KEY``: the task is marked
done on the letter's record and its reminder, if not yet sent, is withdrawn
(`formats.complete_task`), in one commit.
"""

from __future__ import annotations

from common.clock import Clock, today
from common.outbox import apply_once
from common.storage import Store, run_sync
from services.notifications.adapters import codec
from services.notifications.adapters.documents import NotificationCase
from services.notifications.domain import formats
from services.notifications.domain.delivery import LetterRecord


class TaskRecords:
    """Mixed into `NotificationHandlers` (its store and clock)."""

    _store: Store
    _clock: Clock

    async def complete_task(self, case_ref: str, key: str, *, by: str, note: str) -> LetterRecord:
        """Record task ``key`` of ``case_ref`` done today by ``by``; `LookupError` names a
        case or key that is not there."""
        on = today(self._clock)
        done: list[LetterRecord] = []

        def decide(doc: NotificationCase) -> list:  # type: ignore[type-arg]
            letters = codec.letters_of(doc)
            done[:] = [formats.complete_task(letters, key, on=on, by=by, note=note)]
            codec.mark(doc, letters)
            return []

        await run_sync(apply_once, self._store, NotificationCase, case_ref, None, decide)
        return done[0]
