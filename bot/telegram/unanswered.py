"""Questions the bot declined, counted so the operator can see what people ask that it can't answer.

Only the question's text is kept — no user, chat or time of asking beyond the last one — in a
small table of the bot's database; ``briefbot unanswered`` lists the most frequent, and the
operator can add an override for them.  Counting is on unless ``BRIEFBOT_COUNT_UNANSWERED=off``.
Pure stdlib, no ``telegram`` import.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.telegram.database import Database, Schema

__all__ = ["MAX_QUESTIONS", "UNANSWERED_SCHEMA", "UnansweredCount", "UnansweredLog"]

MAX_QUESTIONS = 5000  # distinct questions kept; beyond it the rarest, oldest go, so the table stays small
MAX_CHARS = 300  # a question is counted by its first 300 characters

UNANSWERED_SCHEMA = Schema("unanswered", steps=("""
CREATE TABLE unanswered (
    key TEXT PRIMARY KEY,             -- the question, lower case, spaces collapsed
    question TEXT NOT NULL,           -- as first asked
    count INTEGER NOT NULL,
    last REAL NOT NULL                -- when it was last declined (Unix time)
) WITHOUT ROWID;
CREATE INDEX unanswered_rank ON unanswered (count, last);
""",))


@dataclass(frozen=True, slots=True)
class UnansweredCount:
    """One declined question and how often it was asked."""

    question: str
    count: int


class UnansweredLog:
    """Counts of declined questions in the bot's database."""

    def __init__(self, database: Database) -> None:
        self.database = database

    def record(self, question: str, now: float) -> None:
        """Count one declined question (blank ones are not counted)."""
        text = " ".join(question.split())[:MAX_CHARS]
        if not text:
            return
        with self.database.transaction() as connection:
            connection.execute("INSERT INTO unanswered VALUES (?, ?, 1, ?) ON CONFLICT (key) DO UPDATE "
                               "SET count = count + 1, last = excluded.last", (text.casefold(), text, now))
            connection.execute(
                "DELETE FROM unanswered WHERE key IN (SELECT key FROM unanswered ORDER BY count, last "
                "LIMIT max(0, (SELECT count(*) FROM unanswered) - ?))", (MAX_QUESTIONS,))

    def most_frequent(self, limit: int = 20) -> list[UnansweredCount]:
        """The most often declined questions, most frequent (then most recent) first."""
        rows = self.database.execute("SELECT question, count FROM unanswered ORDER BY count DESC, last DESC "
                                     "LIMIT ?", (limit,))
        return [UnansweredCount(question, count) for question, count in rows]
