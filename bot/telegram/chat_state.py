"""What the bot remembers per chat: each user's conversation and small per-chat values, as rows.

Rows carry the time they were last used, rounded up to a whole second (SQLite then keeps it in 4 bytes
rather than 8, in the row and in its index), and are deleted after the retention period
(:meth:`bot.telegram.database.Database.prune`).  They are written only when the bot answers, so
a chat it never answered leaves nothing behind.  Values are JSON text; a conversation is stored
as the list of its fields (no names: 10,000 chats' rows stay near 1 MB), and a row that no longer
fits :class:`~bot.engine.conversation.Conversation` reads as "no conversation" instead of failing.

Pure stdlib, no ``telegram`` import.
"""

from __future__ import annotations

import dataclasses
import json
import math
from typing import Any

from bot.engine.conversation import Conversation
from bot.telegram.database import Database, Schema

__all__ = ["CHAT_STATE_SCHEMA", "ChatState"]

CHAT_STATE_SCHEMA = Schema("chat_state", steps=("""
CREATE TABLE conversation (
    chat_id INTEGER NOT NULL,
    user_id INTEGER NOT NULL,
    state TEXT NOT NULL,              -- the Conversation's fields as a JSON list, in their order
    used REAL NOT NULL,
    PRIMARY KEY (chat_id, user_id)
) WITHOUT ROWID;
CREATE INDEX conversation_used ON conversation (used);
CREATE TABLE chat_value (
    chat_id INTEGER NOT NULL,
    name TEXT NOT NULL,
    value TEXT NOT NULL,              -- JSON
    used REAL NOT NULL,
    PRIMARY KEY (chat_id, name)
) WITHOUT ROWID;
CREATE INDEX chat_value_used ON chat_value (used);
""",), pruned=("conversation", "chat_value"))

_FIELDS = tuple(f.name for f in dataclasses.fields(Conversation))


class ChatState:
    """Conversations per (chat, user) and named values per chat, in the bot's database."""

    def __init__(self, database: Database) -> None:
        self.database = database

    def conversation(self, chat_id: int, user_id: int) -> Conversation | None:
        """This user's conversation in this chat, or None (none yet, expired, or unreadable)."""
        row = self.database.execute("SELECT state FROM conversation WHERE chat_id = ? AND user_id = ?",
                                    (chat_id, user_id)).fetchone()
        return _conversation(row[0]) if row is not None else None

    def remember(self, chat_id: int, user_id: int, conversation: Conversation, now: float) -> None:
        """Keep this user's conversation in this chat (written at once: a crash loses nothing older)."""
        state = json.dumps([getattr(conversation, name) for name in _FIELDS], separators=(",", ":"))
        self.database.execute(
            "INSERT INTO conversation VALUES (?, ?, ?, ?) ON CONFLICT (chat_id, user_id) DO UPDATE "
            "SET state = excluded.state, used = excluded.used", (chat_id, user_id, state, math.ceil(now)))

    def forget_conversations(self, chat_id: int) -> None:
        """Drop every conversation in this chat (its article changed: their follow-ups point at the old one)."""
        self.database.execute("DELETE FROM conversation WHERE chat_id = ?", (chat_id,))

    def value(self, chat_id: int, name: str) -> Any:
        """A per-chat value set with :meth:`set_value`, or None."""
        row = self.database.execute("SELECT value FROM chat_value WHERE chat_id = ? AND name = ?",
                                    (chat_id, name)).fetchone()
        return json.loads(row[0]) if row is not None else None

    def set_value(self, chat_id: int, name: str, value: Any, now: float) -> None:
        """Keep a JSON-serialisable value for this chat (None deletes it)."""
        if value is None:
            self.database.execute("DELETE FROM chat_value WHERE chat_id = ? AND name = ?", (chat_id, name))
            return
        self.database.execute(
            "INSERT INTO chat_value VALUES (?, ?, ?, ?) ON CONFLICT (chat_id, name) DO UPDATE "
            "SET value = excluded.value, used = excluded.used",
            (chat_id, name, json.dumps(value, separators=(",", ":")), math.ceil(now)))

    def chats(self) -> int:
        """How many chats have any state (for figures and tests)."""
        return self.database.execute(
            "SELECT count(*) FROM (SELECT chat_id FROM conversation UNION SELECT chat_id FROM chat_value)").fetchone()[0]


def _conversation(text: str) -> Conversation | None:
    """A stored conversation, or None when the row does not fit the current :class:`Conversation`."""
    try:
        data = json.loads(text)
        if not isinstance(data, list) or len(data) != len(_FIELDS):
            return None
        return Conversation(*(tuple(v) if isinstance(v, list) else v for v in data))
    except (ValueError, TypeError):
        return None
