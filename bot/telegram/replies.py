"""Replying to a message without reading Telegram's answer back into a ``Message``.

``Message.reply_text`` returns the sent message, which python-telegram-bot builds from the
response (``Message.de_json``: the chat, the sender, the replied-to message, the keyboard).  The
bot never uses it, and under load that parse was about a third of the CPU a question costs
(1.3 ms of 6.3 ms; the response echoes the whole reply and the question it answers).
:func:`send_reply` sends the same request through ``Bot.do_api_request`` with no ``return_type``,
PTB's public way to make a Bot API call and keep its raw result; the request still goes through
the application's bot, so its rate limiter (:class:`bot.telegram.sending.SendLimiter`), timeouts
and errors (``RetryAfter``, ``TimedOut``, ``BadRequest`` ...) are exactly those of
``reply_text``.  What ``reply_text`` would add from the message is added here: the forum topic,
the business connection and the direct-messages topic it was sent in.
"""

from __future__ import annotations

import warnings

from telegram import InlineKeyboardMarkup, Message, ReplyParameters
from telegram.constants import ParseMode
from telegram.warnings import PTBUserWarning

__all__ = ["send_reply"]

# do_api_request warns when the endpoint has a method of its own (it is meant for new ones); here
# the method is avoided on purpose, for the parse it does.
warnings.filterwarnings("ignore", message=r"Please use 'Bot\.sendMessage' instead of", category=PTBUserWarning)


async def send_reply(message: Message, text: str, *, html: bool = False, quote: bool = False,
                reply_markup: InlineKeyboardMarkup | None = None) -> None:
    """Send ``text`` to ``message``'s chat (HTML if ``html``; as a reply to it if ``quote``)."""
    request: dict[str, object] = {"chat_id": message.chat_id, "text": text}
    if html:
        request["parse_mode"] = ParseMode.HTML
    if quote:
        request["reply_parameters"] = ReplyParameters(message.message_id)
    if reply_markup is not None:
        request["reply_markup"] = reply_markup
    if message.is_topic_message and message.message_thread_id is not None:
        request["message_thread_id"] = message.message_thread_id
    if message.business_connection_id:
        request["business_connection_id"] = message.business_connection_id
    if message.direct_messages_topic is not None:
        request["direct_messages_topic_id"] = message.direct_messages_topic.topic_id
    await message.get_bot().do_api_request("sendMessage", api_kwargs=request)
