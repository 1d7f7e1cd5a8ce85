"""Who may use the bot and how fast: the flood limits (groups, private chats) and the allowed-chats list.

Pure: no ``telegram`` import, no clock of its own (callers pass ``now``), so the rules are tested
as plain functions.  The Telegram adapter asks a :class:`FloodGuard` before answering and
:func:`chat_allowed` before anything else.
"""

from __future__ import annotations

import bisect
import enum
import re
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = [
    "DEFAULT_FLOOD_LIMIT",
    "DEFAULT_PRIVATE_FLOOD_LIMIT",
    "PRIVATE_TEXT",
    "FloodGuard",
    "FloodLimit",
    "Verdict",
    "chat_allowed",
    "parse_chat_ids",
    "slow_down_text",
]

PRIVATE_TEXT = "Sorry, this bot is private: it only answers in the chats it was set up for."
_FLOOD = re.compile(r"^\s*(\d+)\s*/\s*(\d+(?:\.\d+)?)\s*(?:s|sec|seconds)?\s*$")
_CHAT_ID = re.compile(r"^-?\d{1,20}$")


@dataclass(frozen=True, slots=True)
class FloodLimit:
    """At most ``questions`` answered per user and group within any ``seconds``."""

    questions: int
    seconds: float

    def __post_init__(self) -> None:
        if self.questions < 1 or self.seconds <= 0:
            raise ValueError(f"a flood limit needs at least 1 question in a positive time, not "
                             f"{self.questions}/{self.seconds:g}")

    @classmethod
    def parse(cls, text: str) -> FloodLimit | None:
        """``"10/60"`` (10 questions a minute); ``"0"`` or ``"off"`` turn the limit off (None).

        Raises:
            ValueError: the text is neither (the message quotes it).
        """
        if text.strip().lower() in ("0", "off", "none"):
            return None
        match = _FLOOD.match(text)
        if match is None:
            raise ValueError(f"{text!r} is not a flood limit like 10/60 (questions/seconds) or off")
        return cls(int(match.group(1)), float(match.group(2)))

    def __str__(self) -> str:
        return f"{self.questions}/{self.seconds:g}"


DEFAULT_FLOOD_LIMIT = FloodLimit(10, 60.0)
#: One person in a private chat: three times the group allowance, still far below what one
#: flooding client could make everyone else wait for (Telegram's 30 messages/s are shared).
DEFAULT_PRIVATE_FLOOD_LIMIT = FloodLimit(30, 60.0)


class Verdict(enum.Enum):
    """What to do with one addressed group message."""

    ANSWER = "answer"
    WARN = "warn"  # the first message over the limit: say "slow down" once
    SILENT = "silent"  # further messages until the window passes: say nothing


def slow_down_text(limit: FloodLimit) -> str:
    """The one polite reply a user gets when they pass a flood limit."""
    if limit.seconds == 60:
        per = "a minute"
    elif limit.seconds % 60 == 0:
        per = f"every {limit.seconds / 60:g} minutes"
    else:
        per = f"every {limit.seconds:g} seconds"
    return (f"Please slow down a little: I answer up to {limit.questions} questions {per} "
            f"from each person. I'll answer again shortly.")


class FloodGuard:
    """A sliding-window limit per (chat, user): answered questions count, ignored ones don't.

    Once a user is over the limit the first message gets :attr:`Verdict.WARN`, the rest
    :attr:`Verdict.SILENT`, until their oldest answered question leaves the window.  Memory stays
    bounded: users idle for a whole window are forgotten.  Each user's times are a short list (a
    deque costs 760 bytes even when empty: 10,000 users asking once made 7.6 MB).
    """

    _PRUNE_EVERY = 1024

    def __init__(self, limit: FloodLimit) -> None:
        self.limit = limit
        self._answered: dict[tuple[int, int], list[float]] = {}
        self._warned: set[tuple[int, int]] = set()
        self._checks = 0

    def check(self, chat_id: int, user_id: int, now: float) -> Verdict:
        """Record one addressed message at ``now`` (seconds, monotonic) and say what to do with it."""
        self._checks += 1
        if self._checks % self._PRUNE_EVERY == 0:
            self._prune(now)
        key = (chat_id, user_id)
        answered = self._answered.get(key)
        if answered is None:
            answered = self._answered[key] = []
        self._expire(answered, now)
        if len(answered) < self.limit.questions:
            answered.append(now)
            self._warned.discard(key)
            return Verdict.ANSWER
        if key in self._warned:
            return Verdict.SILENT
        self._warned.add(key)
        return Verdict.WARN

    def __len__(self) -> int:
        """How many (chat, user) pairs are remembered."""
        return len(self._answered)

    def _expire(self, answered: list[float], now: float) -> None:
        del answered[:bisect.bisect_right(answered, now - self.limit.seconds)]  # times only grow

    def _prune(self, now: float) -> None:
        for key in list(self._answered):
            self._expire(self._answered[key], now)
            if not self._answered[key]:
                del self._answered[key]
                self._warned.discard(key)


def parse_chat_ids(text: str) -> frozenset[int] | None:
    """Chat ids separated by commas or spaces (``"12345, -100987"``); empty text means no list.

    Raises:
        ValueError: an item is not a chat id (the message quotes it).
    """
    items = [item for item in re.split(r"[,\s]+", text.strip()) if item]
    if not items:
        return None
    bad = next((item for item in items if not _CHAT_ID.match(item)), None)
    if bad is not None:
        raise ValueError(f"{bad!r} is not a chat id (a whole number like 123456789 or -1001234567890)")
    return frozenset(int(item) for item in items)


def chat_allowed(chat_id: int | None, allowed: Iterable[int] | None) -> bool:
    """Whether the bot serves this chat: every chat when there is no list, else only listed ones."""
    if allowed is None:
        return True
    return chat_id is not None and chat_id in allowed
