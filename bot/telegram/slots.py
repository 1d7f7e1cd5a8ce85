"""How many updates are worked on at once, not counting those waiting out Telegram's limits.

The dispatcher handles each update inside :meth:`Slots.held`; the sender wraps a wait for
Telegram (a chat's 429 pause, a group's 20 messages a minute) in :func:`set_aside`, which gives
the slot back for as long as the wait lasts and takes one again after it.  So 64 throttled groups
(or 64 chats Telegram paused) hold no slot while they wait, and every other chat keeps being
answered; the slots bound only the updates computing a reply or with a request in flight.

Pure asyncio; the slot travels with the handler in a context variable, so the sender needs no
reference to the dispatcher.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from contextvars import ContextVar

__all__ = ["Slots", "set_aside"]


class _Holding:
    """One handler's claim on a slot; ``holding`` is False while it is set aside."""

    __slots__ = ("free", "holding")

    def __init__(self, free: asyncio.Semaphore) -> None:
        self.free = free
        self.holding = True


_current: ContextVar[_Holding | None] = ContextVar("briefbot_slot", default=None)


class Slots:
    """``size`` slots; :meth:`held` waits for one and keeps it for the block (tasks it starts too)."""

    def __init__(self, size: int) -> None:
        self._free = asyncio.Semaphore(size)

    @contextlib.asynccontextmanager
    async def held(self) -> AsyncIterator[None]:
        await self._free.acquire()
        holding = _Holding(self._free)
        token = _current.set(holding)
        try:
            yield
        finally:
            _current.reset(token)
            if holding.holding:
                self._free.release()


@contextlib.asynccontextmanager
async def set_aside() -> AsyncIterator[None]:
    """Give the current handler's slot back during the block and wait for one again after it.

    Outside :meth:`Slots.held` (a request made at start-up) it does nothing.
    """
    holding = _current.get()
    if holding is None or not holding.holding:
        yield
        return
    holding.holding = False
    holding.free.release()
    try:
        yield
    finally:
        await holding.free.acquire()  # cancelled while waiting: not holding, so nothing to give back
        holding.holding = True
