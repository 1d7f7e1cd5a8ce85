"""Reading a stored update when it is handled: an update that can't be read is logged once and skipped.

The inbox keeps updates as Telegram sent them; python-telegram-bot parses each one only here.
One it cannot parse (a Bot API newer than the library: a ``poll`` without fields it requires
raises ``TypeError``) or of a kind it does not know is logged once, by kind and error class
only (never the message text at INFO), and counts as handled, so it can't stop the bot or hold
up the chats behind it.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable

from telegram import Update
from telegram.ext import Application

from bot.telegram.inbox import Pending

__all__ = ["update_handler"]

logger = logging.getLogger("briefbot")

_KNOWN = frozenset(Update.ALL_TYPES)


def update_handler(application: Application) -> Callable[[Pending], Awaitable[None]]:
    """A handler for the dispatcher: parse the stored update and let ``application`` handle it."""

    async def handle(pending: Pending) -> None:
        kinds = pending.kinds
        unknown = [kind for kind in kinds if kind not in _KNOWN]
        if unknown or not kinds:
            logger.info("update %s: unknown kind (%s); skipped", pending.update_id, ", ".join(unknown) or "empty")
            return
        try:
            update = Update.de_json(json.loads(pending.body), application.bot)
        except Exception as exc:  # noqa: BLE001 - whatever the library trips on, skip this one update
            logger.warning("update %s (%s): python-telegram-bot cannot read it (%s); skipped",
                           pending.update_id, ", ".join(kinds), exc.__class__.__name__)
            logger.debug("update %s could not be read: %s", pending.update_id, exc)
            return
        await application.process_update(update)

    return handle
