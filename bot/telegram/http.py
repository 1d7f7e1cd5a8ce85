"""Bot API requests over aiohttp: what PTB's ``HTTPXRequest`` does, for a fraction of the CPU.

Why: under load the bot is CPU-bound, and the HTTP client was the largest part of what one
update costs.  Measured against the emulated Bot API on 127.0.0.1 (a 2-core machine, load
average 4): httpx spent 2.3 ms of CPU per request, aiohttp 0.45 ms; the bot as a whole went from
9.2 to 6.4 ms of CPU per question answered.  On a machine whose other load leaves the bot a
third of a core, 50 questions/s was more than it could do with httpx, and every chat's reply
waited in the queue that built up (``bench/inbox.py slow``: p95 1.8 s with no slow chat at all).

What a failure means for the caller (:class:`bot.telegram.sending.SendLimiter` decides what to
retry):

* :class:`NotSent`, a :class:`~telegram.error.TimedOut`: no free connection and none made in
  time (pool and connect timeouts); the request never left, so it is safe to repeat.
* :class:`~telegram.error.TimedOut`: no response within the read timeout; the request may have
  been acted on.
* :class:`~telegram.error.NetworkError`: refused, reset or dropped connections and the like.

aiohttp has no write timeout; a request's body is small (a reply's text) and the read timeout
starts once it is written.  Proxies come from the environment (``HTTPS_PROXY``, ``NO_PROXY``), as
with httpx.  At ``DEBUG`` each request is logged with its URL, which carries the token: the log
filter (:mod:`bot.redaction`) redacts it.
"""

from __future__ import annotations

import logging
import ssl
from typing import Any

import aiohttp
import certifi  # httpx's certificate bundle, which PTB brings: the same trust store as before
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

__all__ = ["AiohttpRequest", "NotSent"]

logger = logging.getLogger("briefbot.http")


class NotSent(TimedOut):
    """Timed out before the request left: waiting for a free connection, or connecting."""


class AiohttpRequest(BaseRequest):
    """A :class:`telegram.request.BaseRequest` on one aiohttp session with a bounded connection pool.

    Args:
        pool_size: connections open at once; a request beyond that waits up to its pool timeout.
        timeout: the default read, connect and pool timeouts in seconds.
    """

    def __init__(self, pool_size: int, timeout: float) -> None:
        self._pool_size = pool_size
        self._timeout = timeout
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float:
        return self._timeout

    async def initialize(self) -> None:
        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(limit=self._pool_size,
                                             ssl=ssl.create_default_context(cafile=certifi.where()))
            self._session = aiohttp.ClientSession(connector=connector, trust_env=True,
                                                  headers={"User-Agent": self.USER_AGENT})

    async def shutdown(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = BaseRequest.DEFAULT_NONE,
        write_timeout: Any = BaseRequest.DEFAULT_NONE,
        connect_timeout: Any = BaseRequest.DEFAULT_NONE,
        pool_timeout: Any = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        if self._session is None or self._session.closed:
            raise RuntimeError("AiohttpRequest is not initialized")
        connect, pool = self._seconds(connect_timeout), self._seconds(pool_timeout)
        waiting = None if connect is None or pool is None else connect + pool  # aiohttp: pool wait + connect
        timeout = aiohttp.ClientTimeout(total=None, connect=waiting, sock_connect=connect,
                                        sock_read=self._seconds(read_timeout))
        try:
            async with self._session.request(method, url, data=_body(request_data), timeout=timeout) as answer:
                status, body = answer.status, await answer.read()
        except aiohttp.ConnectionTimeoutError as error:
            raise NotSent("Timed out before the request was sent (no connection in time)") from error
        except TimeoutError as error:  # aiohttp.SocketTimeoutError: no response in time
            raise TimedOut from error
        except aiohttp.ClientError as error:
            raise NetworkError(f"aiohttp.{error.__class__.__name__}: {error}") from error
        logger.debug("HTTP Request: %s %s %d", method, url, status)
        return status, body

    def _seconds(self, value: Any) -> float | None:
        """A timeout PTB passed: seconds, None (no limit), or its "default" marker (ours)."""
        return value if value is None or isinstance(value, (int, float)) else self._timeout


def _body(request_data: RequestData | None) -> dict[str, str] | aiohttp.FormData | None:
    """Form fields as PTB encodes them, multipart when there are files to upload."""
    if request_data is None:
        return None
    files = request_data.multipart_data
    if not files:
        return request_data.json_parameters
    form = aiohttp.FormData(request_data.json_parameters)
    for name, (file_name, content, mime_type) in files.items():
        form.add_field(name, content, filename=file_name, content_type=mime_type)
    return form
