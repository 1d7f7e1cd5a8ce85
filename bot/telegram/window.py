"""How many replies may be in flight at once: the ones a crash would send twice.

A reply is *in flight* from the moment its request leaves until its update is marked done in the
inbox, which happens in the same step of the event loop that reads the response
(:mod:`bot.telegram.dispatch`).  ``sendMessage`` has no idempotency key, so when the bot dies
(SIGKILL, out of memory) the replies in flight are the ones it cannot know about: they are sent
again after the restart.  Left alone, their number is the sending rate times the time a reply is
in flight, and that time was mostly the event loop's: while a backlog was worked off after a
restart, responses that had come back waited for the loop to finish other answers' computations
before they were read, and a kill then repeated up to 8 replies (``bench/inbox.py restarts``).

:class:`SendWindow` bounds them: a send waits while :attr:`SendWindow.size` are in flight.  The
size is as small as Telegram's 30 messages a second allow at the round trip measured
(``ceil(30 * round trip)``, at least 1): 1 against a Bot API next door, 3 against Telegram's
~100 ms, so the window never slows the bot below Telegram's own limit (with the limits lifted,
against an emulator, replies go out at up to ``size / round trip`` a second: 200 at 5 ms).  A send still in flight after :data:`PATIENCE` stops counting: a chat whose
requests hang must not hold everyone's replies up (a crash may repeat it too), and it counts as
a round trip of :data:`PATIENCE` at once, so that when many hang together the window widens (up
to 8 places, 30 a second at 0.25 s each).  A reply split into several messages counts one message
at a time.

Pure asyncio, no ``telegram`` import.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
from collections import deque
from collections.abc import AsyncIterator

__all__ = ["PATIENCE", "SendWindow"]

#: Seconds after which a send in flight no longer counts: longer than Telegram's round trip
#: (tens to a few hundred milliseconds), short enough that a hanging chat delays others little.
PATIENCE = 0.25
#: Weight of the newest round trip in the running estimate.
_SMOOTHING = 0.2


class SendWindow:
    """At most :attr:`size` sends in flight.

    Args:
        rate: the sending rate the window must allow (Telegram's 30 messages a second).
        patience: seconds after which a send in flight no longer counts.
    """

    def __init__(self, rate: float, patience: float = PATIENCE) -> None:
        self._rate = rate
        self._patience = patience
        self._in_flight = 0
        self._waiters: deque[asyncio.Future[None]] = deque()
        self._round_trip = 0.0

    @property
    def size(self) -> int:
        """Sends allowed in flight: what ``rate`` needs at the round trip measured so far."""
        return max(1, math.ceil(self._rate * self._round_trip))


    @contextlib.asynccontextmanager
    async def sending(self) -> AsyncIterator[None]:
        """Hold a place in the window for the block (the request), waiting for one first."""
        loop = asyncio.get_running_loop()
        if self._waiters or self._in_flight >= self.size:
            waiter = loop.create_future()
            self._waiters.append(waiter)
            try:
                await waiter  # the place is handed over by _free: _in_flight already counts it
            except asyncio.CancelledError:
                if waiter.done() and not waiter.cancelled():
                    self._free()  # handed a place just as it was cancelled: pass it on
                else:
                    self._waiters.remove(waiter)
                raise
        else:
            self._in_flight += 1
        started = loop.time()
        counted = True

        def stop_counting() -> None:
            nonlocal counted
            counted = False
            self._measured(self._patience)  # now, not when it ends: many hanging at once widen the window
            self._free()

        timer = loop.call_later(self._patience, stop_counting)
        try:
            yield
        finally:
            timer.cancel()
            if counted:
                self._measured(loop.time() - started)
                self._free()

    def _measured(self, round_trip: float) -> None:
        self._round_trip += (min(round_trip, self._patience) - self._round_trip) * _SMOOTHING

    def _free(self) -> None:
        """One place is free: hand places to waiters while the window has room."""
        self._in_flight -= 1
        while self._waiters and self._in_flight < self.size:
            waiter = self._waiters.popleft()
            if not waiter.done():
                self._in_flight += 1
                waiter.set_result(None)
