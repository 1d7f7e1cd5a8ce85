"""Getting updates in and replies out: long polling into the inbox, and sends retried honestly.

:class:`Poller` fetches updates as raw JSON, stores each batch in the inbox
(:mod:`bot.telegram.inbox`) and only then acknowledges it, by asking for the next offset; it never
waits for handling, so a slow chat holds nothing up.  :class:`RetryingRateLimiter` keeps
Telegram's sending limits and decides which failed sends are tried again.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sys
import time
from typing import Any

import httpx
from telegram import Bot, Update
from telegram.error import (
    BadRequest,
    Conflict,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)
from telegram.ext import AIORateLimiter

from bot.telegram.dispatch import Dispatcher
from bot.telegram.inbox import Inbox

__all__ = ["Poller", "RetryingRateLimiter", "fetch_updates"]

logger = logging.getLogger("briefbot")


def _certainly_not_sent(error: TimedOut) -> bool:
    """A timeout before the request left (no connection, or none free in the pool)."""
    return isinstance(error.__cause__, (httpx.ConnectTimeout, httpx.PoolTimeout))


class RetryingRateLimiter(AIORateLimiter):
    """PTB's rate limiter, plus retries for requests Telegram did not (or probably did not) carry out.

    * 429: wait ``retry_after`` as Telegram asks and try again, for as long as the bot runs: the
      answer stays queued rather than being replaced by an error (PTB pauses every send meanwhile).
    * 5xx and connections refused or dropped before a response: retried with a growing pause,
      ``retries`` times.  Telegram answers 5xx when it could not act, so this normally repeats
      nothing; if it did act and the response was lost, the user sees the answer twice.
    * Connect and pool timeouts (the request never left): retried likewise.
    * A read timeout is *not* retried: the request reached Telegram and the message may have
      been sent, so a retry could answer twice; the answer may be lost instead.  4xx other than
      429 are never retried.

    Args:
        limits: keep Telegram's sending limits (30 messages/s, 20 a minute per group); False
            lifts them, for load tests against an emulator.
        retries: attempts after the first for network failures and 5xx.
        pause: the first pause in seconds; it doubles up to ``max_pause``.
    """

    def __init__(self, limits: bool = True, retries: int = 5, pause: float = 0.25, max_pause: float = 4.0) -> None:
        unlimited = {} if limits else {"overall_max_rate": 0, "group_max_rate": 0}
        super().__init__(max_retries=sys.maxsize, **unlimited)  # 429: never give up (see above)
        self._retries, self._pause, self._max_pause = retries, pause, max_pause

    async def process_request(self, callback, args, kwargs, endpoint, data, rate_limit_args):
        pause = self._pause
        for attempt in range(self._retries + 1):
            try:
                return await super().process_request(callback, args, kwargs, endpoint, data, rate_limit_args)
            except (BadRequest, RetryAfter):
                raise
            except TimedOut as error:
                if attempt == self._retries or not _certainly_not_sent(error):
                    raise
                failure: TelegramError = error
            except NetworkError as error:
                if attempt == self._retries:
                    raise
                failure = error
            logger.warning("%s failed (%s); retry %d in %.2f s", endpoint, failure, attempt + 1, pause)
            await asyncio.sleep(pause)
            pause = min(pause * 2, self._max_pause)
        raise AssertionError("unreachable")  # pragma: no cover


async def fetch_updates(bot: Bot, offset: int, limit: int, timeout: float, read_timeout: float) -> Any:
    """``getUpdates`` as raw JSON.

    ``Bot.get_updates`` parses the whole batch at once: one update it can't parse raises for all
    of them (and PTB logs the batch, message texts included).  The inbox stores the JSON and
    parses each update when handling it, so only that one is skipped.
    """
    data = {"offset": offset, "limit": limit, "timeout": timeout, "allowed_updates": list(Update.ALL_TYPES)}
    return await bot._post("getUpdates", data, read_timeout=read_timeout + timeout)  # noqa: SLF001 - see above


class Poller:
    """Long polling into the inbox: fetch a batch, store it, then acknowledge it with the next offset.

    Failures of ``getUpdates`` itself (timeouts, a hang past the read timeout, 5xx, dropped
    connections, 429) are waited out and polling goes on.  Fetching pauses while
    :attr:`MAX_BACKLOG` updates wait to be handled (Telegram keeps the rest for 24 hours).
    """

    LIMIT = 100
    MAX_BACKLOG = 5000
    #: A poll that returns nothing faster than this (a server ignoring ``timeout``) is followed by
    #: a short pause, so polling can't spin.
    QUICK_EMPTY = 0.05

    def __init__(self, bot: Bot, inbox: Inbox, dispatcher: Dispatcher, poll_timeout: float,
                 read_timeout: float) -> None:
        self.bot = bot
        self.inbox = inbox
        self.dispatcher = dispatcher
        self.poll_timeout = poll_timeout
        self.read_timeout = read_timeout

    async def run(self, stop: asyncio.Event) -> None:
        """Poll until ``stop`` is set."""
        pause = 0.5
        while not stop.is_set():
            if self.dispatcher.backlog >= self.MAX_BACKLOG:
                await _sleep(stop, 0.1)
                continue
            offset = self.inbox.next_offset
            started = time.monotonic()
            poll = asyncio.ensure_future(
                fetch_updates(self.bot, offset, self.LIMIT, self.poll_timeout, self.read_timeout))
            stopped = asyncio.ensure_future(stop.wait())
            await asyncio.wait({poll, stopped}, return_when=asyncio.FIRST_COMPLETED)
            stopped.cancel()
            if not poll.done():
                poll.cancel()
                with contextlib.suppress(asyncio.CancelledError, TelegramError):
                    await poll
                return
            try:
                updates = poll.result()
            except RetryAfter as error:
                logger.warning("getUpdates: Telegram asks to wait %s", error.retry_after)
                await _sleep(stop, _seconds(error.retry_after))
                continue
            except TimedOut:
                logger.info("getUpdates timed out; polling again")
                continue
            except (InvalidToken, Forbidden):
                raise
            except (NetworkError, Conflict) as error:  # 5xx, dropped connections, another poller
                logger.warning("getUpdates failed (%s); polling again in %.1f s", error, pause)
                await _sleep(stop, pause)
                pause = min(pause * 2, 10.0)
                continue
            pause = 0.5
            if not isinstance(updates, list):
                logger.warning("getUpdates returned %s, not a list; polling again", type(updates).__name__)
                await _sleep(stop, 1.0)
                continue
            batch = [u for u in updates if isinstance(u, dict)]
            self.dispatcher.add(self.inbox.store(batch, floor=offset, now=time.time()).new)
            if not batch and time.monotonic() - started < self.QUICK_EMPTY:
                await _sleep(stop, 0.5)


async def _sleep(stop: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), seconds)


def _seconds(value: object) -> float:
    """A ``retry_after`` in seconds, whether PTB gives it as a number or a timedelta."""
    return value.total_seconds() if hasattr(value, "total_seconds") else float(value)  # type: ignore[arg-type]
