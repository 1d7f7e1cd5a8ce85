"""Getting updates in and replies out reliably: ordered concurrency, retried sends, acknowledged polling.

Updates from different chats are handled concurrently, one chat's strictly in order
(:class:`PerChatUpdateProcessor`); long polling acknowledges an update only after it has been
handled (:class:`Poller`, with :mod:`bot.telegram.offsets`); sends are retried after 429 (as Telegram
asks), 5xx and dropped connections, never after a read timeout that may hide a sent message
(:class:`RetryingRateLimiter`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Coroutine
from typing import Any

import httpx
from telegram import Update
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
from telegram.ext import AIORateLimiter, Application, BaseUpdateProcessor

from bot.telegram.offsets import OffsetTracker, UpdateJournal

__all__ = ["PerChatUpdateProcessor", "Poller", "RetryingRateLimiter"]

logger = logging.getLogger("briefbot")


def _serial_key(update: object) -> tuple[str, int] | None:
    """What must be handled in order: a chat's updates; inline queries per user; else nothing."""
    if isinstance(update, Update):
        if update.effective_chat is not None:
            return ("chat", update.effective_chat.id)
        if update.effective_user is not None:
            return ("user", update.effective_user.id)
    return None


class PerChatUpdateProcessor(BaseUpdateProcessor):
    """Handle updates of different chats concurrently, and each chat's strictly in arrival order.

    A chat waiting for its previous update holds no handler slot: at most ``max_running``
    handlers run at once, and a slow chat only delays itself.  PTB's own bound
    (``max_pending``) limits how many updates wait in total.
    """

    def __init__(self, max_running: int, max_pending: int = 10_000) -> None:
        super().__init__(max_pending)
        self._running = asyncio.Semaphore(max_running)
        self._locks: dict[tuple[str, int], asyncio.Lock] = {}
        self._waiting: dict[tuple[str, int], int] = {}

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to tear down."""

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        """Wait for this chat's earlier updates (asyncio locks are FIFO), then for a handler slot."""
        key = _serial_key(update)
        started = False
        if key is not None:
            self._waiting[key] = self._waiting.get(key, 0) + 1
        lock = self._locks.setdefault(key, asyncio.Lock()) if key is not None else contextlib.nullcontext()
        try:
            async with lock, self._running:
                started = True
                await coroutine
        finally:
            if not started and isinstance(coroutine, Coroutine):
                coroutine.close()  # cancelled while waiting: never started, so no "never awaited" warning
            if key is not None:
                self._waiting[key] -= 1
                if not self._waiting[key]:
                    del self._waiting[key], self._locks[key]


def _certainly_not_sent(error: TimedOut) -> bool:
    """A timeout before the request left (no connection, or none free in the pool)."""
    return isinstance(error.__cause__, (httpx.ConnectTimeout, httpx.PoolTimeout))


class RetryingRateLimiter(AIORateLimiter):
    """PTB's rate limiter, plus retries for requests Telegram did not carry out.

    * 429: wait ``retry_after`` as Telegram asks, then retry (PTB's ``max_retries``).
    * 5xx, refused or dropped connections, connect and pool timeouts: retry with a growing pause.
    * A read timeout is *not* retried: the request reached Telegram and the message may have
      been sent, so a retry could answer twice.  400s are never retried either.

    Args:
        limits: keep Telegram's sending limits (30 messages/s, 20 a minute per group); False
            lifts them, for load tests against an emulator.
        retries: attempts after the first for network failures.
        pause: the first pause in seconds; it doubles up to ``max_pause``.
    """

    def __init__(self, limits: bool = True, retries: int = 5, pause: float = 0.25, max_pause: float = 4.0) -> None:
        if limits:
            super().__init__(max_retries=retries)
        else:
            super().__init__(overall_max_rate=0, group_max_rate=0, max_retries=retries)
        self._retries, self._pause, self._max_pause = retries, pause, max_pause

    async def process_request(self, callback, args, kwargs, endpoint, data, rate_limit_args):
        pause = self._pause
        for attempt in range(self._retries + 1):
            try:
                return await super().process_request(callback, args, kwargs, endpoint, data, rate_limit_args)
            except BadRequest:
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


class Poller:
    """Long polling that acknowledges an update only once it has been handled.

    Each batch is handed to the application's update processor at once (chats in parallel,
    each in order); the next ``getUpdates`` offset is the oldest update still in flight, and
    updates Telegram sends again meanwhile are skipped (:class:`~bot.telegram.offsets.OffsetTracker`).
    Failures of ``getUpdates`` itself (timeouts, a hang past the read timeout, 5xx, dropped
    connections, 429) are waited out and polling goes on.  On stop, updates in flight get
    ``drain_timeout`` seconds to finish; then the offset is acknowledged and the journal saved.
    """

    LIMIT = 100
    MAX_IN_FLIGHT = 1000
    RECHECK = 0.1  # with updates in flight, poll again at least this often (other chats may be waiting)
    JOURNAL_INTERVAL = 0.2

    def __init__(self, application: Application, tracker: OffsetTracker, journal: UpdateJournal | None,
                 poll_timeout: float, drain_timeout: float = 10.0) -> None:
        self.application = application
        self.tracker = tracker
        self.journal = journal
        self.poll_timeout = poll_timeout
        self.drain_timeout = drain_timeout
        self._tasks: set[asyncio.Task[None]] = set()
        self._progress = asyncio.Event()
        self._dirty = False

    async def run(self, stop: asyncio.Event) -> None:
        """Poll and dispatch until ``stop`` is set; then drain, acknowledge and save."""
        saver = asyncio.create_task(self._save_periodically(stop))
        try:
            await self._poll(stop)
        finally:
            if self._tasks:
                _, pending = await asyncio.wait(self._tasks, timeout=self.drain_timeout)
                for task in pending:
                    task.cancel()
                if pending:
                    logger.warning("Stopped with %d update(s) unfinished; they will be handled after a restart",
                                   len(pending))
                    await asyncio.wait(pending, timeout=2)
            saver.cancel()
            self._save()
            await self._acknowledge()

    async def _poll(self, stop: asyncio.Event) -> None:
        bot = self.application.bot
        pause = 0.5
        while not stop.is_set():
            if self.tracker.in_flight >= self.MAX_IN_FLIGHT:
                await self._wait_idle(stop, self.RECHECK)
                continue
            offset = self.tracker.offset
            poll = asyncio.ensure_future(bot.get_updates(
                offset=offset, limit=self.LIMIT, timeout=self.poll_timeout, allowed_updates=Update.ALL_TYPES))
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
                await self._sleep(stop, _seconds(error.retry_after))
                continue
            except TimedOut:
                logger.info("getUpdates timed out; polling again")
                continue
            except (InvalidToken, Forbidden):
                raise
            except (NetworkError, Conflict) as error:  # 5xx, dropped connections, another poller
                logger.warning("getUpdates failed (%s); polling again in %.1f s", error, pause)
                await self._sleep(stop, pause)
                pause = min(pause * 2, 10.0)
                continue
            pause = 0.5
            self.tracker.acknowledged(offset)
            fresh = [update for update in updates if self.tracker.accept(update.update_id)]
            for update in fresh:
                task = asyncio.create_task(self._handle(update), name=f"update-{update.update_id}")
                self._tasks.add(task)
                task.add_done_callback(self._tasks.discard)
            if updates:
                # Let this batch finish before asking again: asking now would only bring back the
                # updates still in flight.  A slow chat delays the next poll by RECHECK at most.
                await self._wait_idle(stop, self.RECHECK)

    async def _handle(self, update: Update) -> None:
        application = self.application
        try:
            await application.update_processor.process_update(update, application.process_update(update))
        except Exception:  # handler errors go to the error handler; this is a last resort
            logger.exception("Update %s could not be processed", update.update_id)
        self.tracker.done(update.update_id)
        self._dirty = True
        self._progress.set()

    async def _wait_idle(self, stop: asyncio.Event, timeout: float) -> None:
        """Wait until no update is in flight, ``stop`` is set, or ``timeout`` seconds pass."""
        deadline = time.monotonic() + timeout
        while self.tracker.in_flight and not stop.is_set():
            left = deadline - time.monotonic()
            if left <= 0:
                return
            self._progress.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._progress.wait(), left)

    @staticmethod
    async def _sleep(stop: asyncio.Event, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), seconds)

    async def _save_periodically(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            await asyncio.sleep(self.JOURNAL_INTERVAL)
            if self._dirty:
                self._save()

    def _save(self) -> None:
        if self.journal is None:
            return
        self._dirty = False
        try:
            self.journal.save(self.application.bot.id, self.tracker, time.time())
        except OSError as error:
            logger.warning("Cannot save the update journal %s: %s", self.journal.path, error.strerror or error)

    async def _acknowledge(self) -> None:
        """Tell Telegram every handled update is done (a zero-timeout getUpdates with the offset)."""
        offset = self.tracker.offset
        try:
            await self.application.bot.get_updates(offset=offset, limit=1, timeout=0)
        except TelegramError as error:
            logger.warning("Could not acknowledge handled updates (%s); the journal has them", error)
            return
        self.tracker.acknowledged(offset)


def _seconds(value: object) -> float:
    """A ``retry_after`` in seconds, whether PTB gives it as a number or a timedelta."""
    return value.total_seconds() if hasattr(value, "total_seconds") else float(value)  # type: ignore[arg-type]
