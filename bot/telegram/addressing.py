"""Which messages are for the bot: the addressing rules as PTB filters.

In a private chat every text is a question.  In groups the bot answers only ``/ask``,
``/command@ThisBot``, replies to its own messages and messages that @mention it.  Messages from
other bots are never answered.
"""

from __future__ import annotations

from telegram import Message, MessageEntity
from telegram.ext import filters

__all__ = ["ADDRESSED", "COMMAND_CHATS", "FROM_BOT", "NEW_MESSAGE", "PRIVATE"]


class _FromBot(filters.MessageFilter):
    """Messages sent by bots; never answered.

    Anonymous group admins and posts on behalf of a channel also come "from" a bot account
    (GroupAnonymousBot, Channel_Bot) but carry ``sender_chat``: those are people, and are answered.
    """

    def filter(self, message: Message) -> bool:
        return bool(message.from_user and message.from_user.is_bot and message.sender_chat is None)


class _ExplicitCommand(filters.MessageFilter):
    """A command written as ``/command@SomeBot``; CommandHandler checks that the bot is us."""

    def filter(self, message: Message) -> bool:
        entity = next(iter(message.entities), None)
        return bool(entity and entity.type == MessageEntity.BOT_COMMAND and entity.offset == 0
                    and "@" in (message.text or "")[: entity.length])


class _AddressedToBot(filters.MessageFilter):
    """A group message that replies to this bot or @mentions it."""

    def filter(self, message: Message) -> bool:
        bot = message.get_bot()
        replied = message.reply_to_message
        if replied is not None and replied.from_user is not None and replied.from_user.id == bot.id:
            return True
        username = (bot.username or "").lower()
        for entity, text in message.parse_entities([MessageEntity.MENTION, MessageEntity.TEXT_MENTION]).items():
            if entity.type == MessageEntity.TEXT_MENTION and entity.user and entity.user.id == bot.id:
                return True
            if entity.type == MessageEntity.MENTION and text[1:].lower() == username:
                return True
        return False


FROM_BOT = _FromBot(name="from_bot")
EXPLICIT_COMMAND = _ExplicitCommand(name="explicit_command")
ADDRESSED = _AddressedToBot(name="addressed_to_bot")
NEW_MESSAGE = filters.UpdateType.MESSAGE
PRIVATE = filters.ChatType.PRIVATE
# Commands other than /ask: anything in private; in groups only when written /command@ThisBot.
COMMAND_CHATS = NEW_MESSAGE & (PRIVATE | EXPLICIT_COMMAND)
