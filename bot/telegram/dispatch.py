"""Handing stored updates to the handler: chats concurrently, each chat's strictly in order.

Every update sits in its lane (:func:`bot.telegram.inbox.lane_of`); a lane's oldest update is
started in a task of its own once one of ``workers`` slots is free (:class:`bot.telegram.slots.Slots`),
oldest waiting lane first.  A handler waiting out Telegram's limits (a 429 pause, a
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
from bot.telegram.slots import Slot, Slots

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
        self._slots = Slots(workers, on_free=self._start_ready)
        self._lanes: dict[str, deque[Pending]] = {}
        self._ready: deque[str] = deque()  # lanes waiting for a slot (no task yet: a backlog costs little)
        self._tasks: dict[str, asyncio.Task[None]] = {}  # the lanes being handled, each by its task
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
                lane.append(update)  # waiting or being handled: it comes back for this one
            else:
                self._lanes[update.lane] = deque([update])
                self._ready.append(update.lane)
        self._start_ready()

    async def wait_idle(self) -> None:
        """Wait until every update handed over has been handled."""
        await self._idle.wait()

    async def run(self, stop: asyncio.Event, drain_timeout: float = 10.0) -> None:
        """Work until ``stop`` is set; then let running handlers finish for ``drain_timeout`` seconds.

        Handlers still running after that are cancelled; their updates stay in the inbox, as do
        those not started.
        """
        self._stop = stop
        self._start_ready()
        try:
            await stop.wait()
        finally:
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

    def _start_ready(self) -> None:
        """Start the oldest waiting lanes' next updates while slots are free (and the bot runs)."""
        while self._ready and self._stop is not None and not self._stop.is_set():
            slot = self._slots.take()
            if slot is None:
                return
            name = self._ready.popleft()
            self._tasks[name] = asyncio.create_task(self._run_lane(name, slot), name=f"lane-{name}")

    async def _run_lane(self, name: str, slot: Slot) -> None:
        """Handle the lane's oldest update in ``slot``, then queue the lane again behind the others if it has more."""
        lane = self._lanes[name]
        slot.use()
        try:
            await self._start_and_handle(lane[0])
            lane.popleft()
            self._backlog -= 1
            if lane:
                self._ready.append(name)
            else:
                del self._lanes[name]
            if not self._backlog:
                self._idle.set()
        finally:
            del self._tasks[name]
            slot.release()  # starts the next ready lane

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
