"""Which updates are handled, and the ``getUpdates`` offset that acknowledges only those.

Telegram forgets an update once ``getUpdates`` is called with a higher offset.  To lose nothing
when the bot stops or crashes, the offset may only pass updates whose handling has finished; to
answer nothing twice, updates that come back while still in flight (or already handled but not
yet acknowledged) are skipped.  :class:`OffsetTracker` keeps that book; :class:`UpdateJournal`
saves it to the data directory so a bot killed between handling and acknowledging doesn't handle
those updates again after a restart.

Pure apart from the journal file: no ``telegram`` import, no clock of its own.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

__all__ = ["JournalState", "OffsetTracker", "UpdateJournal"]

#: A journal older than this is ignored: Telegram keeps updates for 24 hours, and numbers new
#: ones at random after a week without updates, so old handled ids say nothing about new ones.
JOURNAL_MAX_AGE = 24 * 3600.0


class OffsetTracker:
    """Bookkeeping for update ids: in flight, handled above the offset, and the safe offset.

    ``offset`` is the smallest id still in flight, or one past the highest id Telegram has sent:
    every update below it has been handled.  Ids restored from a journal (``handled``) are
    skipped when Telegram sends them again, and acknowledged with the rest.
    """

    def __init__(self, handled: Iterable[int] = (), start: int = 0) -> None:
        self._in_flight: set[int] = set()
        self._handled: set[int] = set(handled)  # handled but maybe not acknowledged
        self._next = start  # one past the highest id Telegram has sent (this run)
        self._floor = start  # everything below was handled (and acknowledged) before

    @property
    def offset(self) -> int:
        """The ``getUpdates`` offset that acknowledges handled updates only."""
        return min(self._in_flight) if self._in_flight else self._next

    @property
    def in_flight(self) -> int:
        return len(self._in_flight)

    def accept(self, update_id: int) -> bool:
        """Whether ``update_id`` is new and should be handled (it is then in flight)."""
        self._next = max(self._next, update_id + 1)  # seen: in flight, handled or new
        if update_id < self._floor or update_id in self._in_flight or update_id in self._handled:
            return False
        self._in_flight.add(update_id)
        return True

    def done(self, update_id: int) -> None:
        """Handling of ``update_id`` has finished (answered, ignored or failed: it won't be retried)."""
        self._in_flight.discard(update_id)
        self._handled.add(update_id)  # kept until acknowledged: a poll in flight may still bring it back

    def acknowledged(self, offset: int) -> None:
        """Telegram was called with ``offset``: nothing below it will come back."""
        self._floor = max(self._floor, min(offset, self.offset))
        self._forget_below(self._floor)

    def handled_unacknowledged(self) -> list[int]:
        """Handled ids Telegram may still send again (they are not acknowledged yet)."""
        return sorted(self._handled)

    def _forget_below(self, offset: int) -> None:
        if self._handled and min(self._handled) < offset:
            self._handled = {i for i in self._handled if i >= offset}


@dataclass(frozen=True, slots=True)
class JournalState:
    """What the journal remembers: whose updates, and which were handled but maybe unacknowledged."""

    bot_id: int
    offset: int
    handled: tuple[int, ...]
    saved_at: float


class UpdateJournal:
    """The tracker's state in a small JSON file, replaced atomically on every save."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def load(self, bot_id: int, now: float) -> JournalState | None:
        """The saved state for this bot, or None if there is none, it is stale, foreign or unreadable."""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            state = JournalState(bot_id=int(data["bot_id"]), offset=int(data["offset"]),
                                 handled=tuple(int(i) for i in data["handled"]), saved_at=float(data["saved_at"]))
        except (OSError, ValueError, KeyError, TypeError):
            return None
        if state.bot_id != bot_id or not 0 <= now - state.saved_at <= JOURNAL_MAX_AGE:
            return None
        return state

    def save(self, bot_id: int, tracker: OffsetTracker, now: float) -> None:
        """Write the tracker's state (a temporary file, then an atomic rename)."""
        data = {"bot_id": bot_id, "offset": tracker.offset, "handled": tracker.handled_unacknowledged(),
                "saved_at": now}
        temporary = self.path.with_name(self.path.name + ".tmp")
        temporary.write_text(json.dumps(data), encoding="utf-8")
        os.replace(temporary, self.path)

    def tracker(self, bot_id: int, now: float) -> OffsetTracker:
        """A tracker that skips the updates the journal says were handled already."""
        state = self.load(bot_id, now)
        if state is None:
            return OffsetTracker()
        return OffsetTracker(handled=state.handled, start=state.offset)
