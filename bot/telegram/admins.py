"""Who may change a group's article: its administrators, asked of Telegram and remembered briefly.

In a private chat the one user may; in a group, the creator and administrators (``getChatMember``),
and an anonymous administrator, who writes as the group itself.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from telegram import Bot, ChatMember, Message

__all__ = ["ADMIN_CACHE_SECONDS", "AdminCheck"]

#: How long an answer from getChatMember is trusted: a demoted administrator can still change the
#: article for at most this long, and an admin loading several articles asks Telegram once a minute.
ADMIN_CACHE_SECONDS = 60.0
_MAX_REMEMBERED = 10_000  # (chat, user) answers kept; the expired ones are dropped past this


class AdminCheck:
    """Whether a message's sender may change its chat's article."""

    def __init__(self, ttl: float = ADMIN_CACHE_SECONDS, clock: Callable[[], float] = time.monotonic) -> None:
        self._ttl = ttl
        self._clock = clock
        self._known: dict[tuple[int, int], tuple[bool, float]] = {}  # (chat, user) -> (admin?, until)

    async def may_change(self, bot: Bot, message: Message) -> bool:
        """True in private chats, for a group's administrators and for an anonymous administrator."""
        chat = message.chat
        if chat.type == chat.PRIVATE:
            return True
        if message.sender_chat is not None:
            return message.sender_chat.id == chat.id  # an anonymous admin; a channel posting is not one
        if message.from_user is None:
            return False
        key, now = (chat.id, message.from_user.id), self._clock()
        known = self._known.get(key)
        if known is not None and known[1] > now:
            return known[0]
        member = await bot.get_chat_member(chat.id, message.from_user.id)
        admin = member.status in (ChatMember.OWNER, ChatMember.ADMINISTRATOR)
        if len(self._known) >= _MAX_REMEMBERED:
            self._known = {k: v for k, v in self._known.items() if v[1] > now}
        self._known[key] = (admin, now + self._ttl)
        return admin
