"""Sending within Telegram's limits, waiting out 429s per chat, and retrying only what is safe.

PTB's ``AIORateLimiter`` pauses *every* request while any one of them waits out a 429, so one
chat Telegram throttles (a busy group) holds up every other chat's answers and, through
``getUpdates``, the inbox too.  :class:`SendLimiter` keeps the same sending limits with the
same ``aiolimiter`` buckets, but a 429 pauses only the requests for the chat it was about, and a
handler waiting (a 429 pause, its group's bucket) sets its dispatcher slot aside meanwhile
(:func:`bot.telegram.slots.set_aside`), so throttled chats occupy none.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Coroutine
from typing import Any

from aiolimiter import AsyncLimiter
from telegram.constants import FloodLimit
from telegram.error import BadRequest, NetworkError, RetryAfter, TelegramError, TimedOut
from telegram.ext import BaseRateLimiter

from bot.telegram.http import NotSent
from bot.telegram.slots import set_aside, set_aside_after
from bot.telegram.window import PATIENCE, SendWindow

__all__ = ["SendLimiter", "retry_seconds"]

logger = logging.getLogger("briefbot")

#: Requests that put a message in a chat: a crash while one is in flight may send it twice, so
#: they go through the :class:`~bot.telegram.window.SendWindow`.
_REPLIES = frozenset({"sendMessage"})
#: Group buckets kept before idle ones (full again) are dropped.
_KEEP_GROUP_BUCKETS = 512
ChatKey = int | str | None  # a chat id; None for requests about no chat (getMe, answerCallbackQuery, ...)


def _chat_key(chat_id: object) -> ChatKey:
    """The chat a request is about, as ``int`` where it is numeric (PTB may pass ``"-100..."``)."""
    if chat_id is None:
        return None
    with contextlib.suppress(ValueError, TypeError):
        return int(chat_id)  # type: ignore[call-overload]
    return str(chat_id)


def _is_group(chat: ChatKey) -> bool:
    """Group and channel ids are negative; a ``@username`` only works for supergroups and channels."""
    return isinstance(chat, str) or (isinstance(chat, int) and chat < 0)


def retry_seconds(value: object) -> float:
    """A ``retry_after`` in seconds, whether PTB gives it as a number or a timedelta."""
    return value.total_seconds() if hasattr(value, "total_seconds") else float(value)  # type: ignore[arg-type]


class SendLimiter(BaseRateLimiter[int]):
    """Telegram's sending limits, 429s waited out per chat, failed requests retried when safe.

    * Limits: 30 requests/s for requests about a chat, 20 a minute per group (Telegram's
      documented limits, :class:`telegram.constants.FloodLimit`); ``limits=False`` lifts them, for
      load tests against an emulator.
    * 429: wait ``retry_after`` as Telegram asks and try again, for as long as the bot runs: the
      answer stays queued rather than being replaced by an error.  Only requests for the same chat
      wait meanwhile; if the bot as a whole was over a limit, each chat learns it from its own 429.
      ``getUpdates`` is not retried here: the poller waits it out itself.
    * 5xx and connections refused or dropped before a response: retried with a growing pause,
      ``retries`` times.  Telegram answers 5xx when it could not act, so this normally repeats
      nothing; if it did act and the response was lost, the user sees the answer twice.
    * Connect and pool timeouts (the request never left): retried likewise.
    * A read timeout is *not* retried: the request reached Telegram and the message may have
      been sent, so a retry could answer twice; the answer may be lost instead.  4xx other than
      429 are never retried.
    * Replies in flight at once are bounded by :attr:`window` (the ones a crash would repeat).
    * A request still waiting for its response after :data:`~bot.telegram.window.PATIENCE` (its
      connection hangs) gives the handler's slot back until it ends (at the read timeout, at
      the latest), so hanging chats hold no slot, however many.

    Args:
        limits: keep Telegram's sending limits.
        retries: attempts after the first for network failures and 5xx.
        pause: the first pause in seconds; it doubles up to ``max_pause``.
    """

    def __init__(self, limits: bool = True, retries: int = 5, pause: float = 0.25, max_pause: float = 4.0) -> None:
        self.window = SendWindow(FloodLimit.MESSAGES_PER_SECOND)
        self._overall = AsyncLimiter(FloodLimit.MESSAGES_PER_SECOND, 1) if limits else None
        self._per_group = limits
        self._groups: dict[ChatKey, AsyncLimiter] = {}
        self._paused: dict[ChatKey, float] = {}  # chat -> event-loop time its 429 pause ends
        self._retries, self._pause, self._max_pause = retries, pause, max_pause

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release."""

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        chat = _chat_key(data.get("chat_id"))
        polling = endpoint == "getUpdates"
        pause = self._pause
        failures = 0
        while True:
            if not polling:
                await self._wait_out_429(chat)
            try:
                return await self._within_limits(chat, endpoint in _REPLIES, callback, args, kwargs)
            except RetryAfter as error:
                if polling:
                    raise
                wait = retry_seconds(error.retry_after)
                self._paused[chat] = max(self._paused.get(chat, 0.0), asyncio.get_running_loop().time() + wait)
                logger.info("%s: Telegram asks to wait %.0f s; only this chat's requests wait", endpoint, wait)
                continue
            except BadRequest:
                raise
            except TimedOut as error:
                if failures == self._retries or not isinstance(error, NotSent):
                    raise
                failure: TelegramError = error
            except NetworkError as error:
                if failures == self._retries:
                    raise
                failure = error
            failures += 1
            logger.warning("%s failed (%s); retry %d in %.2f s", endpoint, failure, failures, pause)
            await asyncio.sleep(pause)
            pause = min(pause * 2, self._max_pause)

    async def _wait_out_429(self, chat: ChatKey) -> None:
        """Wait until this chat's 429 pause is over, with the handler's slot set aside meanwhile."""
        loop = asyncio.get_running_loop()
        if (until := self._paused.get(chat)) is None:
            return
        if until <= loop.time():
            self._paused.pop(chat, None)
            return
        async with set_aside():
            while (until := self._paused.get(chat)) is not None:
                left = until - loop.time()
                if left <= 0:
                    self._paused.pop(chat, None)
                    return
                await asyncio.sleep(left)

    async def _within_limits(self, chat: ChatKey, reply: bool, callback: Callable[..., Coroutine[Any, Any, Any]],
                             args: Any, kwargs: dict[str, Any]) -> Any:
        group = self._group_bucket(chat) if self._per_group and _is_group(chat) else None
        if group is not None:
            if group.has_capacity():
                await group.acquire()
            else:
                async with set_aside():  # up to 3 s for a group at 20 a minute: hold no slot meanwhile
                    await group.acquire()
        if self._overall is not None and chat is not None:
            await self._overall.acquire()  # 30 a second for the whole bot: a short wait, the slot kept
        if not reply:
            async with set_aside_after(PATIENCE):
                return await callback(*args, **kwargs)
        async with self.window.sending(), set_aside_after(PATIENCE):
            return await callback(*args, **kwargs)

    def _group_bucket(self, chat: ChatKey) -> AsyncLimiter:
        if len(self._groups) > _KEEP_GROUP_BUCKETS:
            for key, bucket in list(self._groups.items()):
                if key != chat and bucket.has_capacity(bucket.max_rate):
                    del self._groups[key]
        bucket = self._groups.get(chat)
        if bucket is None:
            bucket = self._groups[chat] = AsyncLimiter(FloodLimit.MESSAGES_PER_MINUTE_PER_GROUP, 60)
        return bucket
