"""Handing stored updates to the handler: chats concurrently, each chat's strictly in order.

Every update sits in its lane (:func:`bot.telegram.inbox.lane_of`); a fixed number of workers
take the oldest update of a lane nobody is working on, so a chat whose replies are slow (or held
back by Telegram's per-group limit) occupies one worker and delays only itself, while the inbox
keeps fetching.  An update is marked done once its handler returns or fails; one cancelled by a
shutdown stays in the inbox and is handled after the restart.

Handlers start one per turn of the event loop.  A handler computes its answer without yielding
(the engine is synchronous) and then sends it; were every ready worker to start at once (after a
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

__all__ = ["Dispatcher"]

logger = logging.getLogger("briefbot")

Handler = Callable[[Pending], Awaitable[None]]
#: Event-loop turns between two handler starts: the first runs the new handler up to its send, the
#: others let a reply that came back meanwhile be read, returned and marked done (three steps).
_TURNS_BETWEEN_STARTS = 3


class Dispatcher:
    """Run ``handle`` on stored updates with ``workers`` at once, one lane at a time each.

    Args:
        inbox: where handled updates are marked done.
        handle: handles one update; an exception is logged and the update counts as done.
        workers: updates handled at once.
    """

    def __init__(self, inbox: Inbox, handle: Handler, workers: int) -> None:
        self.inbox = inbox
        self.handle = handle
        self.workers = workers
        self._lanes: dict[str, deque[Pending]] = {}
        self._ready: asyncio.Queue[str] = asyncio.Queue()
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
                lane.append(update)  # queued or being worked on: its worker will come back for it
            else:
                self._lanes[update.lane] = deque([update])
                self._ready.put_nowait(update.lane)

    async def wait_idle(self) -> None:
        """Wait until every update handed over has been handled."""
        await self._idle.wait()

    async def run(self, stop: asyncio.Event, drain_timeout: float = 10.0) -> None:
        """Work until ``stop`` is set; then let running handlers finish for ``drain_timeout`` seconds.

        Handlers still running after that are cancelled; their updates stay in the inbox.
        """
        workers = [asyncio.create_task(self._work(stop), name=f"worker-{n}") for n in range(self.workers)]
        try:
            await stop.wait()
        finally:
            _, late = await asyncio.wait(workers, timeout=drain_timeout)
            for task in late:
                task.cancel()
            if late:
                await asyncio.wait(late, timeout=2)
            unfinished = self._backlog
            if unfinished:
                logger.info("Stopped with %d update(s) waiting; they will be handled after a restart", unfinished)

    async def _work(self, stop: asyncio.Event) -> None:
        stopping = asyncio.ensure_future(stop.wait())
        try:
            while not stop.is_set():
                taking = asyncio.ensure_future(self._ready.get())
                await asyncio.wait({taking, stopping}, return_when=asyncio.FIRST_COMPLETED)
                if not taking.done():
                    taking.cancel()
                    return
                await self._run_lane(taking.result())
        finally:
            stopping.cancel()

    async def _run_lane(self, name: str) -> None:
        """Handle the oldest update of a lane, then put the lane back if more are waiting."""
        lane = self._lanes[name]
        handling = None
        try:
            async with self._starting:
                handling = asyncio.ensure_future(self._handle(lane[0]))
                for _ in range(_TURNS_BETWEEN_STARTS):  # the first runs the handler up to its send
                    await asyncio.sleep(0)
            await handling
        except asyncio.CancelledError:
            if handling is not None:
                handling.cancel()
            raise  # shut down mid-way: not done, handled again after a restart
        lane.popleft()
        self._backlog -= 1
        if lane:
            self._ready.put_nowait(name)
        else:
            del self._lanes[name]
        if not self._backlog:
            self._idle.set()

    async def _handle(self, update: Pending) -> None:
        """Handle one update and mark it done in the same step that sees its handler return."""
        try:
            await self.handle(update)
        except asyncio.CancelledError:
            raise
        except Exception:  # noqa: BLE001 - the handler's own error handling failed; don't retry forever
            logger.exception("Update %s could not be handled; skipped", update.update_id)
        self.inbox.done(update)
