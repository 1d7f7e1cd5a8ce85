"""Getting updates in: long polling into the inbox.

:class:`Poller` fetches updates as raw JSON, stores each batch in the inbox
(:mod:`bot.telegram.inbox`) and only then acknowledges it, by asking for the next offset; it never
waits for handling, so a slow chat holds nothing up.  Replies go out through
:class:`bot.telegram.sending.SendLimiter`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from typing import Any

from telegram import Bot, Update
from telegram.error import Conflict, Forbidden, InvalidToken, NetworkError, RetryAfter, TelegramError, TimedOut

from bot.telegram.dispatch import Dispatcher
from bot.telegram.inbox import Inbox
from bot.telegram.sending import retry_seconds

__all__ = ["Poller", "fetch_updates"]

logger = logging.getLogger("briefbot")


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
    #: Each waiting update is a row of about 0.25 KB in the inbox: at 5,000 the data dir reached
    #: 2.5 MB in a backlog (``bench/inbox.py scale --rate 400``).  Handling order and latency
    #: are the same whether the rest waits here or at Telegram.
    MAX_BACKLOG = 2000
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
                await _sleep(stop, retry_seconds(error.retry_after))
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

