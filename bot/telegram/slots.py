"""How many updates are worked on at once, not counting those waiting out Telegram's limits.

The dispatcher takes a slot (:meth:`Slots.take`) for each update it starts and gives it back when
the handler is done; the sender wraps a wait for Telegram (a chat's 429 pause, a group's 20
messages a minute) in :func:`set_aside`, which gives the slot back for as long as the wait lasts
and takes one again after it (before any new update gets one).  So 64 throttled groups (or 64
chats Telegram paused) hold no slot while they wait, and every other chat keeps being answered;
the slots bound only the updates computing a reply or with a request in flight.

A request is wrapped in :func:`set_aside_after`: one still waiting for its response after a
moment (a connection to Telegram that hangs) gives its slot back too, so chats whose requests
hang, however many, hold none either, until the request's own timeout ends it.

Pure asyncio; the slot travels with the handler in a context variable, so the sender needs no
reference to the dispatcher.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import deque
from collections.abc import AsyncIterator, Callable
from contextvars import ContextVar

__all__ = ["Slot", "Slots", "set_aside", "set_aside_after"]


class Slots:
    """``size`` slots; ``on_free`` is called whenever one becomes free for new work."""

    def __init__(self, size: int, on_free: Callable[[], None]) -> None:
        self._free = size
        self._returning: deque[asyncio.Future[None]] = deque()  # handlers back from a wait, first served
        self._on_free = on_free

    def take(self) -> Slot | None:
        """A slot for a new update, or None when none is free."""
        if self._free == 0 or self._returning:
            return None
        self._free -= 1
        return Slot(self)

    def _give_back(self) -> None:
        while self._returning:
            waiter = self._returning.popleft()
            if not waiter.done():
                waiter.set_result(None)  # handed straight to a handler coming back from a wait
                return
        self._free += 1
        self._on_free()

    async def _take_back(self) -> None:
        if self._free and not self._returning:
            self._free -= 1
            return
        waiter = asyncio.get_running_loop().create_future()
        self._returning.append(waiter)
        try:
            await waiter
        except asyncio.CancelledError:
            if waiter.done() and not waiter.cancelled():
                self._give_back()  # handed over just as it was cancelled: pass it on
            raise


class Slot:
    """One update's claim on a slot; :meth:`use` makes it the current task's for :func:`set_aside`."""

    __slots__ = ("_slots", "holding")

    def __init__(self, slots: Slots) -> None:
        self._slots = slots
        self.holding = True

    def use(self) -> None:
        """Make this the current task's slot (tasks it starts from now on inherit it)."""
        _current.set(self)

    def release(self) -> None:
        """Give the slot back (if it is not set aside just now)."""
        if self.holding:
            self.holding = False
            self._slots._give_back()  # noqa: SLF001 - the pair of classes is one mechanism


_current: ContextVar[Slot | None] = ContextVar("briefbot_slot", default=None)


@contextlib.asynccontextmanager
async def set_aside() -> AsyncIterator[None]:
    """Give the current handler's slot back during the block and wait for one again after it.

    Outside a handler (a request made at start-up) it does nothing.
    """
    slot = _current.get()
    if slot is None or not slot.holding:
        yield
        return
    slot.release()
    try:
        yield
    finally:
        await slot._slots._take_back()  # noqa: SLF001 - cancelled while waiting: not holding, nothing to give back
        slot.holding = True


@contextlib.asynccontextmanager
async def set_aside_after(seconds: float) -> AsyncIterator[None]:
    """Like :func:`set_aside`, from ``seconds`` into the block on: a block that ends sooner keeps its slot.

    For requests: a response that comes back at once costs nothing more than a timer, and no
    extra turn of the event loop before its update is marked done.
    """
    slot = _current.get()
    if slot is None or not slot.holding:
        yield
        return
    timer = asyncio.get_running_loop().call_later(seconds, slot.release)
    try:
        yield
    finally:
        timer.cancel()
        if not slot.holding:
            await slot._slots._take_back()  # noqa: SLF001 - as in set_aside
            slot.holding = True
