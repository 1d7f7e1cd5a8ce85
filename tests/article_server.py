"""A local web server on 127.0.0.1 that serves the pages the article tests fetch.

Each path is a :class:`Route`: status, content type, body, and how long to wait before answering
(a slow site, or one held until the test lets it answer) or between body chunks (a site that
trickles).  Only 127.0.0.1; stops with the test.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Self

__all__ = ["ArticleServer", "Route"]

HOLD_LIMIT = 60.0  # seconds a held page waits for its test at most, so a failed test cannot hang


@dataclass(frozen=True)
class Route:
    """What the server answers on one path."""

    body: bytes = b""
    content_type: str | None = "text/html; charset=utf-8"
    status: int = 200
    delay: float = 0.0  # seconds before the status line
    hold: threading.Event | None = None  # answer only once the test sets it (gives up after HOLD_LIMIT)
    trickle: float = 0.0  # seconds between 1 KB chunks of the body
    headers: dict[str, str] = field(default_factory=dict)
    declare_length: bool = True


class ArticleServer:
    """Serve ``routes`` (path -> :class:`Route`) on 127.0.0.1; unknown paths are 404s."""

    def __init__(self, routes: dict[str, Route] | None = None) -> None:
        self.routes: dict[str, Route] = dict(routes or {})
        self.requests: list[str] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - the http.server API
                server.requests.append(self.path)
                route = server.routes.get(self.path, Route(b"<h1>Not found</h1>", status=404))
                if route.hold is not None:
                    route.hold.wait(HOLD_LIMIT)
                time.sleep(route.delay)
                try:
                    self.send_response(route.status)
                    if route.content_type:
                        self.send_header("Content-Type", route.content_type)
                    if route.declare_length:
                        self.send_header("Content-Length", str(len(route.body)))
                    for name, value in route.headers.items():
                        self.send_header(name, value)
                    self.end_headers()
                    for start in range(0, len(route.body), 1024 if route.trickle else len(route.body) or 1):
                        self.wfile.write(route.body[start:start + (1024 if route.trickle else len(route.body))])
                        self.wfile.flush()
                        time.sleep(route.trickle)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up, as it should on a slow or huge page

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the http.server API
                pass

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="article-server", daemon=True)

    @property
    def port(self) -> int:
        return self._httpd.server_address[1]

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
