"""Webhook mode: Telegram posts updates to us; each is stored in the inbox before we answer 200.

The same inbox as long polling (:mod:`bot.telegram.inbox`), so the same guarantees: an update is
answered 200 only once it is stored (a crash after that re-handles it from the inbox, a failure
before it makes Telegram deliver it again), a delivery that comes twice is handled once, and
renumbered ids are recognised.  Every post must carry the secret token given to ``setWebhook``
(``X-Telegram-Bot-Api-Secret-Token``): with none configured the bot makes one up at start-up, so
forged posts get 403 either way.

Runs on tornado (the webhooks extra of python-telegram-bot) in the bot's event loop.
"""

from __future__ import annotations

import hmac
import json
import logging
import secrets
import time
from typing import Any

import tornado.web
from tornado.httpserver import HTTPServer

from bot.telegram.dispatch import Dispatcher
from bot.telegram.inbox import Inbox

__all__ = ["SECRET_HEADER", "WebhookServer", "new_secret"]

logger = logging.getLogger("briefbot")

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_BODY = 1 << 20  # Telegram's updates are far smaller; anything bigger is not from Telegram


def new_secret() -> str:
    """A secret token for ``setWebhook`` (Telegram allows 1-256 of A-Z, a-z, 0-9, _ and -)."""
    return secrets.token_urlsafe(32)


class _UpdateHandler(tornado.web.RequestHandler):
    """POST: check the secret, store the update, answer 200 (or 403 / 400)."""

    def initialize(self, server: WebhookServer) -> None:
        self.server = server

    def check_xsrf_cookie(self) -> None:
        """Telegram sends no cookies; the secret token is the check."""

    async def post(self) -> None:
        given = self.request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), self.server.secret.encode()):
            logger.warning("Webhook: refused a post without the right secret token (from %s)", self.request.remote_ip)
            self.send_error(403)
            return
        try:
            update = json.loads(self.request.body)
        except ValueError:
            update = None
        if not isinstance(update, dict) or not isinstance(update.get("update_id"), int):
            logger.warning("Webhook: a post that is not an update (%d bytes); refused", len(self.request.body))
            self.send_error(400)
            return
        self.server.receive(update)
        self.set_status(200)
        self.finish()

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        self.finish()  # no page: the status says it all

    def log_exception(self, *args: Any) -> None:
        """Errors are logged by :meth:`post`; tornado's own log would repeat them."""


class WebhookServer:
    """Listen on ``listen:port`` at ``path`` and feed posted updates into the inbox.

    Args:
        inbox: where updates are stored.
        dispatcher: which handles them.
        secret: the token every post must carry.
    """

    def __init__(self, inbox: Inbox, dispatcher: Dispatcher, secret: str, path: str) -> None:
        self.inbox = inbox
        self.dispatcher = dispatcher
        self.secret = secret
        app = tornado.web.Application([(f"/{path.strip('/')}", _UpdateHandler, {"server": self})])
        self._http = HTTPServer(app, max_body_size=MAX_BODY, xheaders=False)

    def receive(self, update: dict[str, Any]) -> None:
        """Store one update (one transaction) and queue it for handling unless it came before."""
        stored = self.inbox.store([update], floor=self.inbox.webhook_floor(), now=time.time())
        if stored.duplicates:
            logger.info("Webhook: update %s came again; already stored, not handled twice", update["update_id"])
        self.dispatcher.add(stored.new)

    def listen(self, port: int, address: str) -> None:
        self._http.listen(port, address)

    async def close(self) -> None:
        self._http.stop()
        await self._http.close_all_connections()
