"""The durable inbox: updates are stored before Telegram is told they arrived, and marked done once handled.

Long polling and the webhook both call :meth:`Inbox.store` (one transaction per batch) and only
then acknowledge: polling by asking for the next offset, the webhook by answering 200.  A crash
after that re-handles exactly the updates not yet marked :meth:`Inbox.done`.

Update ids: Telegram numbers updates upwards, but renumbers at random after a week without
updates, and a restarted self-hosted Bot API server starts again from 1.  An update id below the
*floor* (polling: the offset just asked for, as Telegram sends nothing below it; webhook: the
highest id stored minus :data:`REORDER_WINDOW`, as parallel webhook connections may reorder)
means the numbering restarted: a new *epoch* begins, logged once, and the update is handled.
Within an epoch an id is stored once (duplicates are dropped).  A handled update leaves the
``inbox`` table at once; only its id is kept (``inbox_handled``), for the :data:`KEEP_HANDLED`
highest ids, so a webhook delivery that comes again is recognised and the file stays small
(a handled update used to keep its row with the body cleared, leaving pages mostly empty).

Each update carries a *lane*: what must be handled in order (a chat's updates; a user's inline
queries), computed from the raw JSON so that an update the Telegram library cannot parse is
still stored, handed out, and skipped by the handler rather than stopping the bot.

Pure stdlib, no ``telegram`` import.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from bot.telegram.database import Database, Schema

__all__ = ["INBOX_SCHEMA", "KEEP_HANDLED", "REORDER_WINDOW", "Inbox", "Pending", "Stored", "lane_of"]

logger = logging.getLogger("briefbot")

#: Handled update ids kept for recognising a webhook delivery that comes again: ids this far
#: below the highest stored one.
KEEP_HANDLED = 1000
#: Handled ids are trimmed to :data:`KEEP_HANDLED` after this many updates are marked done.
_TRIM_EVERY = 100
#: How far below the highest stored id a webhook update may arrive and still be the same
#: numbering: Telegram uses at most 100 parallel webhook connections.
REORDER_WINDOW = 100

INBOX_SCHEMA = Schema("inbox", steps=("""
CREATE TABLE inbox (
    seq INTEGER PRIMARY KEY,          -- arrival order
    epoch INTEGER NOT NULL,           -- numbering of update ids (see the module docstring)
    update_id INTEGER NOT NULL,
    lane TEXT NOT NULL,               -- what is handled in order: 'c<chat id>', 'u<user id>', '#<update id>'
    body TEXT,                        -- the update as Telegram sent it (NULL: handled, before step 2)
    received REAL NOT NULL,
    UNIQUE (epoch, update_id)
);
CREATE INDEX inbox_pending ON inbox (seq) WHERE body IS NOT NULL;
CREATE TABLE inbox_position (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    bot_id INTEGER NOT NULL,
    epoch INTEGER NOT NULL,
    next_id INTEGER NOT NULL          -- one past the highest update id stored in this epoch
);
""", """
CREATE TABLE inbox_handled (
    epoch INTEGER NOT NULL,
    update_id INTEGER NOT NULL,
    PRIMARY KEY (epoch, update_id)
) WITHOUT ROWID;
INSERT INTO inbox_handled SELECT epoch, update_id FROM inbox WHERE body IS NULL;
DELETE FROM inbox WHERE body IS NULL;
DROP INDEX inbox_pending;
"""))

# Where an update's chat or user is, for each kind of update (Bot API 9): the first that is there wins.
_CHAT_PATHS = (
    ("message", "chat"), ("edited_message", "chat"), ("channel_post", "chat"), ("edited_channel_post", "chat"),
    ("business_message", "chat"), ("edited_business_message", "chat"), ("deleted_business_messages", "chat"),
    ("callback_query", "message", "chat"), ("my_chat_member", "chat"), ("chat_member", "chat"),
    ("chat_join_request", "chat"), ("message_reaction", "chat"), ("message_reaction_count", "chat"),
    ("chat_boost", "chat"), ("removed_chat_boost", "chat"),
)
_USER_PATHS = (
    ("callback_query", "from"), ("inline_query", "from"), ("chosen_inline_result", "from"),
    ("shipping_query", "from"), ("pre_checkout_query", "from"), ("poll_answer", "user"),
    ("purchased_paid_media", "from"),
)


def _find_id(update: Mapping[str, Any], path: tuple[str, ...]) -> int | None:
    node: Any = update
    for key in path:
        if not isinstance(node, Mapping):
            return None
        node = node.get(key)
    found = node.get("id") if isinstance(node, Mapping) else None
    return found if isinstance(found, int) and not isinstance(found, bool) else None


def lane_of(update: Mapping[str, Any]) -> str:
    """What ``update`` must wait for: ``c<chat id>`` (a chat's updates in order), ``u<user id>``, else its own lane."""
    for path in _CHAT_PATHS:
        if (found := _find_id(update, path)) is not None:
            return f"c{found}"
    for path in _USER_PATHS:
        if (found := _find_id(update, path)) is not None:
            return f"u{found}"
    return f"#{update.get('update_id')}"


@dataclass(frozen=True, slots=True)
class Pending:
    """A stored update not handled yet: its place in the inbox, its id, lane and JSON text."""

    seq: int
    update_id: int
    lane: str
    body: str

    @property
    def kinds(self) -> tuple[str, ...]:
        """The update's fields besides its id ("message", "poll", ...), for logs without content."""
        try:
            data = json.loads(self.body)
        except ValueError:
            return ()
        return tuple(sorted(key for key in data if key != "update_id")) if isinstance(data, dict) else ()


@dataclass(frozen=True, slots=True)
class Stored:
    """What :meth:`Inbox.store` did with a batch: the new updates (in order) and how many were repeats."""

    new: tuple[Pending, ...]
    duplicates: int
    renumbered: bool


class Inbox:
    """The ``inbox`` tables of a :class:`~bot.telegram.database.Database`, for one bot."""

    def __init__(self, database: Database, bot_id: int) -> None:
        self.database = database
        self.bot_id = bot_id
        row = database.execute("SELECT bot_id, epoch, next_id FROM inbox_position").fetchone()
        if row is not None and row[0] != bot_id:
            dropped = database.execute("SELECT count(*) FROM inbox").fetchone()[0]
            logger.warning("The inbox holds updates of another bot (id %s, now %s); dropped %d unhandled",
                           row[0], bot_id, dropped)
            with database.transaction() as connection:
                connection.execute("DELETE FROM inbox")
                connection.execute("DELETE FROM inbox_handled")
                connection.execute("DELETE FROM inbox_position")
            row = None
        self._epoch, self._next_id = (row[1], row[2]) if row is not None else (0, 0)
        self._highest = self._next_id - 1
        self._done_since_trim = 0

    @property
    def next_offset(self) -> int:
        """The ``getUpdates`` offset that acknowledges everything stored (0 before the first update)."""
        return self._next_id

    def pending(self) -> list[Pending]:
        """Every stored update not yet handled, oldest first (after a restart: what to handle again)."""
        rows = self.database.execute(
            "SELECT seq, update_id, lane, body FROM inbox ORDER BY seq")
        return [Pending(*row) for row in rows]

    def store(self, updates: Sequence[Mapping[str, Any]], floor: int | None, now: float) -> Stored:
        """Store a batch in one transaction; return the new ones (repeats within the epoch are dropped).

        Args:
            updates: the updates as Telegram sent them (dicts with an ``update_id``).
            floor: an id below this means the numbering restarted (see the module docstring);
                None: don't check.
            now: the time, in seconds since the epoch.
        """
        batch = [u for u in updates if isinstance(u.get("update_id"), int)]
        renumbered = floor is not None and any(u["update_id"] < floor for u in batch)
        epoch, next_id = self._epoch, self._next_id
        if renumbered:
            lowest = min(u["update_id"] for u in batch)
            logger.warning("Update ids went backwards (%d, after %d): Telegram restarted the numbering; "
                           "handling the new updates", lowest, self._highest)
            epoch, next_id = epoch + 1, 0
        new: list[Pending] = []
        with self.database.transaction() as connection:
            for update in batch:
                if connection.execute("SELECT 1 FROM inbox_handled WHERE epoch = ? AND update_id = ?",
                                      (epoch, update["update_id"])).fetchone():
                    continue
                body = json.dumps(update, ensure_ascii=False, separators=(",", ":"))
                lane = lane_of(update)
                cursor = connection.execute(
                    "INSERT INTO inbox (epoch, update_id, lane, body, received) VALUES (?, ?, ?, ?, ?) "
                    "ON CONFLICT (epoch, update_id) DO NOTHING", (epoch, update["update_id"], lane, body, round(now)))
                if cursor.rowcount:
                    new.append(Pending(cursor.lastrowid, update["update_id"], lane, body))
                next_id = max(next_id, update["update_id"] + 1)
            connection.execute(
                "INSERT INTO inbox_position VALUES (1, ?, ?, ?) ON CONFLICT (id) DO UPDATE "
                "SET epoch = excluded.epoch, next_id = excluded.next_id", (self.bot_id, epoch, next_id))
        self._epoch, self._next_id = epoch, next_id
        self._highest = next_id - 1
        return Stored(tuple(new), len(batch) - len(new), renumbered)

    def webhook_floor(self) -> int | None:
        """The floor for a webhook delivery: ids this far below the highest one mean renumbering."""
        return self._next_id - REORDER_WINDOW if self._next_id > REORDER_WINDOW else None

    def done(self, pending: Pending) -> None:
        """Mark an update handled (answered, ignored or failed for good): it is not handled again.

        One short transaction of its own, committed before this returns: a crash right after it
        can't handle the update again.
        """
        with self.database.transaction() as connection:
            connection.execute("INSERT OR IGNORE INTO inbox_handled "
                               "SELECT epoch, update_id FROM inbox WHERE seq = ?", (pending.seq,))
            connection.execute("DELETE FROM inbox WHERE seq = ?", (pending.seq,))
            self._done_since_trim += 1
            if self._done_since_trim >= _TRIM_EVERY:
                self._done_since_trim = 0
                connection.execute("DELETE FROM inbox_handled WHERE epoch < ? OR update_id < ?",
                                   (self._epoch, self._next_id - KEEP_HANDLED))
