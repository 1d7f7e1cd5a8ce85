"""Download a web page for a chat's article: http(s) only, within size and time limits, public hosts only.

Blocking (stdlib ``http.client``); callers run it off the event loop.  Every address a host name
resolves to is checked before connecting, on every redirect, and the connection goes to the
checked address itself, so a name cannot be re-resolved to a private one between check and use.
Anything that goes wrong is an :class:`~bot.articles.article.ArticleError` with one line saying what.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass
from email.message import Message
from urllib.parse import urljoin, urlsplit

from bot.articles.article import ArticleError
from bot.articles.limits import ArticleLimits, describe_size

__all__ = ["HTML_TYPES", "TEXT_TYPES", "Page", "fetch_page", "is_link"]

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
TEXT_TYPES = frozenset({"text/plain"})
USER_AGENT = "briefbot/0.1 (reads one article a chat asks it to)"
_CHUNK = 64 * 1024
_REDIRECTS = frozenset({301, 302, 303, 307, 308})


@dataclass(frozen=True, slots=True)
class Page:
    """A downloaded page.

    Attributes:
        url: where it was finally read from, after redirects.
        kind: ``"html"`` or ``"text"``.
        body: the bytes as sent.
        charset: the charset the server declared, if any.
    """

    url: str
    kind: str
    body: bytes
    charset: str | None = None


def is_link(text: str) -> bool:
    """Whether ``text`` is meant as a web link (it starts with http:// or https://)."""
    return text.strip().lower().startswith(("http://", "https://"))


def fetch_page(url: str, limits: ArticleLimits) -> Page:
    """Download ``url``, following redirects, within ``limits``.

    Raises:
        ArticleError: not an http(s) URL, a refused address, an HTTP error, too slow, too big,
            or not HTML or text; one line for the user.
    """
    deadline = time.monotonic() + limits.fetch_timeout
    current = url.strip()
    for _ in range(limits.max_redirects + 1):
        response_url, status, headers, body = _get(current, limits, deadline)
        if status in _REDIRECTS and headers.get("Location"):
            current = urljoin(response_url, headers["Location"])
            continue
        return _page(response_url, status, headers, body)
    raise ArticleError(f"The link redirects more than {limits.max_redirects} times; I gave up.")


def _get(url: str, limits: ArticleLimits, deadline: float) -> tuple[str, int, Message, bytes]:
    """One GET: (url, status, headers, body); a redirect's body is not read."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ArticleError(f"{_short(url)} is not an http or https link.")
    host = parts.hostname
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise ArticleError(f"{_short(url)} has a port that is not a number from 0 to 65535.") from None
    sock = _connect(host, port, limits, deadline)
    connection = http.client.HTTPConnection(host, port)
    try:
        if parts.scheme == "https":
            sock = _tls(sock, host)
        connection.sock = sock  # already connected, to the checked address
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        connection.request("GET", path, headers={
            "Host": parts.netloc.rpartition("@")[2], "User-Agent": USER_AGENT, "Connection": "close",
            "Accept": "text/html, application/xhtml+xml, text/plain;q=0.9", "Accept-Encoding": "identity"})
        with connection.getresponse() as response:
            if response.status in _REDIRECTS:
                return url, response.status, response.msg, b""
            return url, response.status, response.msg, _read(response, sock, limits, deadline)
    except TimeoutError:
        raise _too_slow(limits) from None
    except ssl.SSLError as exc:
        raise ArticleError(f"No secure connection to {host} ({exc.reason or 'TLS error'}).") from None
    except (OSError, http.client.HTTPException) as exc:
        raise ArticleError(f"Could not read {host}: {_reason(exc)}.") from None
    finally:
        connection.close()
        sock.close()


def _connect(host: str, port: int, limits: ArticleLimits, deadline: float) -> socket.socket:
    """A TCP connection to an address of ``host`` that is allowed; every one it resolves to is checked."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise ArticleError(f"Could not find the host {host}.") from None
    addresses = list(dict.fromkeys((info[0], info[4]) for info in infos))
    if not limits.allow_private:
        for _, sockaddr in addresses:
            if _is_private(sockaddr[0]):
                raise ArticleError(f"{host} is on a private or local network; I only read public web pages.")
    problem: OSError | None = None
    for family, sockaddr in addresses:
        sock = socket.socket(family, socket.SOCK_STREAM)
        try:
            sock.settimeout(_remaining(deadline, limits))
            sock.connect(sockaddr)
            return sock
        except TimeoutError:
            sock.close()
            raise _too_slow(limits) from None
        except OSError as exc:
            sock.close()
            problem = exc
    raise ArticleError(f"Could not connect to {host}: {_reason(problem)}.")


def _is_private(address: str) -> bool:
    """Whether an address is loopback, private, link-local, multicast or otherwise not public."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    # not global: loopback, private, link-local, shared, reserved and unspecified ranges
    return ip.is_multicast or not ip.is_global


def _tls(sock: socket.socket, host: str) -> socket.socket:
    return ssl.create_default_context().wrap_socket(sock, server_hostname=host)


def _read(response: http.client.HTTPResponse, sock: socket.socket, limits: ArticleLimits,
          deadline: float) -> bytes:
    """The body, refused as soon as it is known to be too big or too slow."""
    declared = response.getheader("Content-Length", "")
    if declared.strip().isdigit() and int(declared) > limits.max_download_bytes:
        raise _too_big(limits)
    chunks: list[bytes] = []
    size = 0
    while True:
        sock.settimeout(_remaining(deadline, limits))  # the response reads from this socket
        chunk = response.read1(_CHUNK)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > limits.max_download_bytes:
            raise _too_big(limits)
        chunks.append(chunk)


def _page(url: str, status: int, headers: Message, body: bytes) -> Page:
    if status >= 400 or status < 200:
        reason = http.client.responses.get(status, "")
        raise ArticleError(f"The page answered HTTP {status}{f' {reason}' if reason else ''}; nothing to read.")
    encoding = (headers.get("Content-Encoding") or "identity").strip().lower()
    if encoding != "identity":
        raise ArticleError(f"The page came compressed ({encoding}) although I asked for it plain; I cannot read it.")
    media_type = headers.get_content_type() if headers.get("Content-Type") else ""
    charset = headers.get_content_charset()
    if media_type in HTML_TYPES:
        return Page(url, "html", body, charset)
    if media_type in TEXT_TYPES:
        return Page(url, "text", body, charset)
    if not media_type:  # no type given: look at the start, as a browser would
        kind = "html" if body.lstrip()[:1] == b"<" else "text"
        return Page(url, kind, body, charset)
    raise ArticleError(f"The link is not a web page or text (it is {media_type}).")


def _remaining(deadline: float, limits: ArticleLimits) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise _too_slow(limits)
    return left


def _too_slow(limits: ArticleLimits) -> ArticleError:
    return ArticleError(f"The page took longer than {limits.fetch_timeout:g} s to download; I gave up.")


def _too_big(limits: ArticleLimits) -> ArticleError:
    return ArticleError(f"The page is larger than {describe_size(limits.max_download_bytes)}; I only read smaller ones.")


def _reason(exc: BaseException | None) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror.lower()
    return exc.__class__.__name__ if exc is not None else "no address"


def _short(url: str, limit: int = 80) -> str:
    return url if len(url) <= limit else url[: limit - 1] + "…"
