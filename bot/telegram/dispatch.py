"""Handing stored updates to the handler: chats concurrently, each chat's strictly in order.

Every update sits in its lane (:func:`bot.telegram.inbox.lane_of`); each lane with updates
waiting has a task that handles them one after another, each inside one of ``workers`` slots
(:class:`bot.telegram.slots.Slots`).  A handler waiting out Telegram's limits (a 429 pause, a
group's 20 messages a minute) gives its slot back meanwhile, so throttled chats, however many,
delay only themselves; a chat whose requests are slow holds one slot.  The inbox keeps fetching
throughout.  An update is marked done once its handler returns or fails; one cancelled by a
shutdown stays in the inbox and is handled after the restart.  A lane takes a new slot for each
update, behind the other lanes waiting: a chat with many updates gets no more than its turn.

Handlers start one per turn of the event loop.  A handler computes its answer without yielding
(the engine is synchronous) and then sends it; were every ready lane to start at once (after a
restart, with a backlog), their computations would run back to back while the replies already
accepted by Telegram wait to be read and marked done, and a crash then would send all of those
again.  Starting them one at a time lets the loop read finished sends between two computations,
which keeps that window (and the duplicates a crash can cause) to about one computation.

Pure asyncio, no ``telegram`` import: the handler is any coroutine function taking a
:class:`~bot.telegram.inbox.Pending`.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Awaitable, Callable, Iterable

from bot.telegram.inbox import Inbox, Pending
from bot.telegram.slots import Slots

__all__ = ["Dispatcher"]

logger = logging.getLogger("briefbot")

Handler = Callable[[Pending], Awaitable[None]]
#: Event-loop turns between two handler starts: the first runs the new handler up to its send, the
#: others let a reply that came back meanwhile be read, returned and marked done (three steps).
_TURNS_BETWEEN_STARTS = 3


class Dispatcher:
    """Run ``handle`` on stored updates, ``workers`` at once, each lane's one at a time.

    Args:
        inbox: where handled updates are marked done.
        handle: handles one update; an exception is logged and the update counts as done.
        workers: updates handled at once, besides those waiting out Telegram's limits.
    """

    def __init__(self, inbox: Inbox, handle: Handler, workers: int) -> None:
        self.inbox = inbox
        self.handle = handle
        self.workers = workers
        self._slots = Slots(workers)
        self._lanes: dict[str, deque[Pending]] = {}
        self._tasks: dict[str, asyncio.Task[None]] = {}  # the task working through each lane
        self._handling: set[str] = set()  # lanes whose task is in a handler now
        self._stop: asyncio.Event | None = None  # set by run()
        self._backlog = 0
        self._starting = asyncio.Lock()  # held while one handler starts (see the module docstring)
        self._idle = asyncio.Event()
        self._idle.set()

    @property
    def backlog(self) -> int:
        """Updates handed over and not finished yet."""
        return self._backlog

    def add(self, updates: Iterable[Pending]) -> None:
        """Queue updates behind their lane's earlier ones."""
        for update in updates:
            self._backlog += 1
            self._idle.clear()
            lane = self._lanes.get(update.lane)
            if lane is not None:
                lane.append(update)  # its task comes back for it
            else:
                self._lanes[update.lane] = deque([update])
                if self._stop is not None and not self._stop.is_set():
                    self._work_through(update.lane)

    async def wait_idle(self) -> None:
        """Wait until every update handed over has been handled."""
        await self._idle.wait()

    async def run(self, stop: asyncio.Event, drain_timeout: float = 10.0) -> None:
        """Work until ``stop`` is set; then let running handlers finish for ``drain_timeout`` seconds.

        Handlers still running after that are cancelled; their updates stay in the inbox, as do
        those not started.
        """
        self._stop = stop
        for name in list(self._lanes):
            self._work_through(name)
        try:
            await stop.wait()
        finally:
            for name, task in self._tasks.items():
                if name not in self._handling:
                    task.cancel()  # waiting for a slot: nothing started
            running = list(self._tasks.values())
            late: set[asyncio.Task[None]] = set()
            if running:
                _, late = await asyncio.wait(running, timeout=drain_timeout)
            for task in late:
                task.cancel()
            if late:
                await asyncio.wait(late, timeout=2)
            unfinished = self._backlog
            if unfinished:
                logger.info("Stopped with %d update(s) waiting; they will be handled after a restart", unfinished)

    def _work_through(self, name: str) -> None:
        self._tasks[name] = asyncio.create_task(self._run_lane(name), name=f"lane-{name}")

    async def _run_lane(self, name: str) -> None:
        """Handle a lane's updates in order, each in a slot of its own, until it is empty or the bot stops."""
        assert self._stop is not None
        lane = self._lanes[name]
        try:
            while lane and not self._stop.is_set():
                async with self._slots.held():
                    self._handling.add(name)
                    try:
                        await self._start_and_handle(lane[0])
                    finally:
                        self._handling.discard(name)
                lane.popleft()
                self._backlog -= 1
                if not self._backlog:
                    self._idle.set()
            if not lane:
                del self._lanes[name]
        finally:
            del self._tasks[name]

    async def _start_and_handle(self, update: Pending) -> None:
        """Start the handler once no other is starting (see the module docstring), then wait for it."""
        handling = None
        try:
            async with self._starting:
                handling = asyncio.ensure_future(self._handle(update))
                for _ in range(_TURNS_BETWEEN_STARTS):  # the first runs the handler up to its send
                    await asyncio.sleep(0)
            await handling
        except asyncio.CancelledError:
            if handling is not None:
                handling.cancel()
            raise  # shut down mid-way: not done, handled again after a restart

    async def _handle(self, update: Pending) -> None:
        """Handle one update and mark it done in the same step that sees its handler return."""
        try:
            await self.handle(update)
        except asyncio.CancelledError:
            raise
        except Exception:  # noqa: BLE001 - the handler's own error handling failed; don't retry forever
            logger.exception("Update %s could not be handled; skipped", update.update_id)
        self.inbox.done(update)
