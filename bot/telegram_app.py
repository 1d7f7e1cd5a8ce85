"""briefbot on Telegram: the only module that imports ``telegram``.

It adapts updates to the engine's text-in/text-out seam and sends what :mod:`bot.render` and
:mod:`bot.commands` build.  Everything is wired in :func:`build_application`; :func:`main` reads
the command line and environment and runs long polling or a webhook.

Addressing: in a private chat every text is a question.  In groups the bot answers only ``/ask``,
``/command@ThisBot``, replies to its own messages and messages that @mention it.

Robustness: updates from different chats are handled concurrently, one chat's strictly in order
(:class:`PerChatUpdateProcessor`); long polling acknowledges an update only after it has been
handled (:class:`Poller`, with :mod:`bot.offsets`); sends are retried after 429 (as Telegram
asks), 5xx and dropped connections, never after a read timeout that may hide a sent message
(:class:`RetryingRateLimiter`).  :mod:`bot.access` holds the group flood limit and the allowed
chats, :mod:`bot.settings` the validated environment.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import dataclasses
import functools
import hashlib
import html
import importlib.util
import logging
import os
import re
import signal
import sys
import threading
import time
import traceback
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import httpx
from telegram import (
    Bot,
    BotCommand,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InlineQueryResultsButton,
    InputTextMessageContent,
    Message,
    MessageEntity,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import (
    BadRequest,
    Conflict,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    ApplicationHandlerStop,
    BaseUpdateProcessor,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    ContextTypes,
    InlineQueryHandler,
    MessageHandler,
    PersistenceInput,
    PicklePersistence,
    TypeHandler,
    filters,
)

from bot import commands
from bot.access import PRIVATE_TEXT, FloodGuard, FloodLimit, Verdict, chat_allowed, slow_down_text
from bot.conversation import Conversation
from bot.engine import Engine
from bot.loading import load_engine
from bot.offsets import OffsetTracker, UpdateJournal
from bot.render import QuestionCodec, render_reply, split_html
from bot.reply import Reply
from bot.settings import Settings, SettingsError
from bot.storage import DataDirError, check_data_dir, quarantine_if_corrupt
from knowledge.store import KnowledgeFileError

__all__ = [
    "PerChatUpdateProcessor",
    "Poller",
    "RedactSecrets",
    "RetryingRateLimiter",
    "build_application",
    "main",
    "token_problem",
]

logger = logging.getLogger("briefbot")

TOKEN_ENV = "TELEGRAM_BOT_TOKEN"
_TOKEN = re.compile(r"^\d{1,20}:[A-Za-z0-9_-]{30,100}$")
_SECRET_TOKEN = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
PERSISTENCE_FILE = "conversations.pickle"
JOURNAL_FILE = "updates.json"
ERROR_TEXT = "Sorry, something went wrong on my side. Please try again."
EXPIRED_BUTTON_TEXT = "This button has expired. Please type your question instead."
EDITED_HINT_TEXT = "I only read new messages. Send your question again and I'll answer it."
UNKNOWN_COMMAND_TEXT = "I don't know that command. See /help."


# --- shared state -------------------------------------------------------------------------------


@dataclass(slots=True)
class BotState:
    """What every handler needs: the engine, its example questions and the button codec."""

    engine: Engine
    codec: QuestionCodec
    examples: tuple[str, ...]
    flood: FloodGuard | None = None
    allowed_chats: frozenset[int] | None = None
    left_chats: set[int] = field(default_factory=set)


def _state(context: ContextTypes.DEFAULT_TYPE) -> BotState:
    """The shared :class:`BotState` stored in ``bot_data``."""
    return context.bot_data["briefbot"]


def _conversation(context: ContextTypes.DEFAULT_TYPE, user_id: int) -> Conversation | None:
    """This user's conversation in this chat (chat data is per chat; keyed by user inside)."""
    if context.chat_data is None:
        return None
    conversations = context.chat_data.get("conversations")
    found = conversations.get(user_id) if isinstance(conversations, dict) else None
    return found if isinstance(found, Conversation) else None  # anything else: a stale or odd file


def _remember(context: ContextTypes.DEFAULT_TYPE, user_id: int, conversation: Conversation) -> None:
    """Keep this user's conversation in this chat; persistence writes it to disk."""
    if context.chat_data is not None:
        if not isinstance(context.chat_data.get("conversations"), dict):
            context.chat_data["conversations"] = {}
        context.chat_data["conversations"][user_id] = conversation


# --- filters ------------------------------------------------------------------------------------


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


# --- helpers ------------------------------------------------------------------------------------


def _log_handled(update: Update, what: str, outcome: str, started: float) -> None:
    """One INFO line per handled update: chat type, command or question, outcome, milliseconds."""
    chat = update.effective_chat
    chat_type = chat.type if chat is not None else "inline"
    elapsed = (time.perf_counter() - started) * 1000
    logger.info("update %s: %s %s %s in %.1f ms", update.update_id, chat_type, what, outcome, elapsed)


def _question_keyboard(state: BotState, questions: tuple[str, ...]) -> InlineKeyboardMarkup | None:
    """One button per question; pressing it asks that question."""
    if not questions:
        return None
    rows = [[InlineKeyboardButton(_button_label(q), callback_data=state.codec.encode(q))] for q in questions]
    return InlineKeyboardMarkup(rows)


def _button_label(question: str, limit: int = 60) -> str:
    return question if len(question) <= limit else question[: limit - 1].rstrip() + "…"


def _strip_mentions(text: str, username: str | None) -> str:
    """The message text without @mentions of this bot (the engine strips only a leading one)."""
    if not username:
        return text.strip()
    return re.sub(rf"(?i)@{re.escape(username)}\b", " ", text).strip()


async def _send_html(
    message: Message, text: str, reply_markup: InlineKeyboardMarkup | None = None
) -> None:
    """Send HTML as a reply to ``message``, split if long; buttons go on the last part."""
    chunks = split_html(text) or [html.escape(commands.private_hint_text())]
    for index, chunk in enumerate(chunks):
        last = index == len(chunks) - 1
        await message.reply_html(chunk, do_quote=index == 0, reply_markup=reply_markup if last else None)


async def _answer(
    update: Update, context: ContextTypes.DEFAULT_TYPE, question: str, what: str, started: float
) -> None:
    """Ask the engine, remember the conversation, and send the reply to the message."""
    state = _state(context)
    message = update.effective_message
    user = update.effective_user
    if not question.strip():
        await _send_html(message, "Ask me something about the article, for example:",
                         _question_keyboard(state, state.examples))
        _log_handled(update, what, "prompted", started)
        return
    user_id = user.id if user is not None else 0
    reply, conversation = state.engine.reply(question, _conversation(context, user_id))
    _remember(context, user_id, conversation)
    keyboard = None if reply.answered else _question_keyboard(state, reply.suggestions)
    await _send_html(message, render_reply(reply), keyboard)
    _log_handled(update, what, _outcome(reply), started)


Handler = Callable[[Update, ContextTypes.DEFAULT_TYPE], Coroutine[Any, Any, None]]


def _flood_verdict(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Verdict:
    """Count an addressed group message against its sender's flood limit (private chats: no limit)."""
    state = _state(context)
    chat = update.effective_chat
    if state.flood is None or chat is None or chat.type not in (chat.GROUP, chat.SUPERGROUP):
        return Verdict.ANSWER
    message = update.effective_message
    sender = message.sender_chat if message is not None and message.sender_chat is not None else None
    who = sender.id if sender is not None else (update.effective_user.id if update.effective_user else 0)
    return state.flood.check(chat.id, who, time.monotonic())


def _flood_limited(callback: Handler) -> Handler:
    """Answer only while the sender is within the group flood limit: one "slow down", then silence."""

    @functools.wraps(callback)
    async def limited(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        verdict = _flood_verdict(update, context)
        if verdict is Verdict.ANSWER:
            await callback(update, context)
            return
        started = time.perf_counter()
        query = update.callback_query
        text = slow_down_text(_state(context).flood.limit) if verdict is Verdict.WARN else None
        if query is not None:
            await query.answer(text)
        elif text is not None and update.effective_message is not None:
            await update.effective_message.reply_text(text, do_quote=True)
        _log_handled(update, "flood", "slowed" if text else "silenced", started)

    return limited


def _outcome(reply: Reply) -> str:
    return {"answer": "answered", "decline": "declined"}.get(reply.kind, reply.kind)


# --- handlers -----------------------------------------------------------------------------------


async def enforce_access(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Stop updates from chats not on the allowed list: say the bot is private, leave groups."""
    state = _state(context)
    if state.allowed_chats is None:
        return
    chat, user = update.effective_chat, update.effective_user
    if chat_allowed(chat.id if chat is not None else (user.id if user is not None else None), state.allowed_chats):
        return
    started = time.perf_counter()
    if update.callback_query is not None:
        await update.callback_query.answer(PRIVATE_TEXT)
    elif update.inline_query is not None:
        await update.inline_query.answer(
            [], cache_time=0, is_personal=True,
            button=InlineQueryResultsButton(text="This bot is private", start_parameter="private"))
    elif chat is not None and chat.type == chat.PRIVATE:
        if update.message is not None:
            await update.message.reply_text(PRIVATE_TEXT)
    elif chat is not None and chat.id not in state.left_chats:
        state.left_chats.add(chat.id)
        if chat.type != chat.CHANNEL:
            with contextlib.suppress(TelegramError):  # we may not be allowed to write there at all
                await context.bot.send_message(chat.id, PRIVATE_TEXT)
        await context.bot.leave_chat(chat.id)
        _log_handled(update, "access", "left", started)
        raise ApplicationHandlerStop
    _log_handled(update, "access", "refused", started)
    raise ApplicationHandlerStop


async def ignore_bots(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Stop here for messages from bots: they are never answered."""
    raise ApplicationHandlerStop


@_flood_limited
async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Say what the bot is, name the article and offer three example questions."""
    started = time.perf_counter()
    state = _state(context)
    text = commands.start_text(state.engine.knowledge, context.bot.username)
    await _send_html(update.effective_message, text, _question_keyboard(state, state.examples))
    _log_handled(update, "/start", "sent", started)


@_flood_limited
async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """List the commands and how to ask, from the one command table."""
    started = time.perf_counter()
    await _send_html(update.effective_message, commands.help_text(context.bot.username))
    _log_handled(update, "/help", "sent", started)


@_flood_limited
async def ask_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer the question written after /ask."""
    started = time.perf_counter()
    text = update.effective_message.text or ""
    question = text.split(maxsplit=1)[1] if len(text.split(maxsplit=1)) > 1 else ""
    await _answer(update, context, _strip_mentions(question, context.bot.username), "/ask", started)


@_flood_limited
async def brief_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Send the briefing bullets with the key numbers."""
    started = time.perf_counter()
    await _send_html(update.effective_message, commands.brief_text(_state(context).engine.knowledge))
    _log_handled(update, "/brief", "sent", started)


@_flood_limited
async def quotes_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Send who said what, verbatim."""
    started = time.perf_counter()
    await _send_html(update.effective_message, commands.quotes_text(_state(context).engine.knowledge))
    _log_handled(update, "/quotes", "sent", started)


@_flood_limited
async def who_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Send the people and organisations with their roles and stances."""
    started = time.perf_counter()
    await _send_html(update.effective_message, commands.who_text(_state(context).engine.knowledge))
    _log_handled(update, "/who", "sent", started)


@_flood_limited
async def source_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Send the headline and what the article is."""
    started = time.perf_counter()
    await _send_html(update.effective_message, commands.source_text(_state(context).engine.knowledge))
    _log_handled(update, "/source", "sent", started)


async def unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Point a private chat that sent an unknown command to /help."""
    started = time.perf_counter()
    await update.effective_message.reply_text(UNKNOWN_COMMAND_TEXT)
    _log_handled(update, "unknown command", "hinted", started)


@_flood_limited
async def answer_question(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer a text message: any in private, addressed ones in groups."""
    started = time.perf_counter()
    text = _strip_mentions(update.effective_message.text or "", context.bot.username)
    await _answer(update, context, text, "question", started)


@_flood_limited
async def press_suggestion(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer the callback query, then answer the question its button stands for."""
    started = time.perf_counter()
    query = update.callback_query
    state = _state(context)
    question = state.codec.decode(query.data or "")
    if question is None:
        await query.answer(EXPIRED_BUTTON_TEXT)
        _log_handled(update, "button", "expired", started)
        return
    await query.answer()
    user_id = query.from_user.id
    reply, conversation = state.engine.reply(question, _conversation(context, user_id))
    _remember(context, user_id, conversation)
    keyboard = None if reply.answered else _question_keyboard(state, reply.suggestions)
    if isinstance(query.message, Message):
        await _send_html(query.message, render_reply(reply, question=question), keyboard)
    _log_handled(update, "button", _outcome(reply), started)


async def answer_inline_query(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Offer the answer (or the article's headline, for an empty query) as inline results."""
    started = time.perf_counter()
    state = _state(context)
    query = update.inline_query
    text = _strip_mentions(query.query, context.bot.username)
    if not text:
        knowledge = state.engine.knowledge
        results = [_inline_article("about", "About the article", knowledge.headline,
                                   commands.source_text(knowledge))]
        results += [_inline_reply(q, state.engine.reply(q)[0]) for q in state.examples]
        outcome = "headline"
    else:
        reply, _ = state.engine.reply(text)
        results = [_inline_reply(text, reply)]
        if not reply.answered:
            results += [_inline_reply(s, state.engine.reply(s)[0]) for s in reply.suggestions]
        outcome = _outcome(reply)
    await query.answer(results, cache_time=60, is_personal=False)
    _log_handled(update, "query", outcome, started)


def _inline_reply(question: str, reply: Reply) -> InlineQueryResultArticle:
    """One inline result: title the short answer, message the answer and its quote."""
    description = reply.quote.text if reply.quote is not None else question
    message = render_reply(reply, question=question, suggestions_as_text=True)
    return _inline_article(question, reply.text or question, description, message)


def _inline_article(key: str, title: str, description: str, message_html: str) -> InlineQueryResultArticle:
    result_id = hashlib.blake2b(key.encode("utf-8"), digest_size=16).hexdigest()
    return InlineQueryResultArticle(
        id=result_id,
        title=_button_label(title, 120),
        description=_button_label(description, 200),
        input_message_content=InputTextMessageContent(
            (split_html(message_html) or [html.escape(title)])[0], parse_mode=ParseMode.HTML
        ),
    )


async def hint_text_only(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Tell a private chat that the bot answers text questions (stickers, photos, voice...)."""
    started = time.perf_counter()
    await update.effective_message.reply_text(commands.private_hint_text())
    _log_handled(update, "non-text", "hinted", started)


async def hint_edited(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Tell a private chat that edits are not re-answered."""
    started = time.perf_counter()
    await update.effective_message.reply_text(EDITED_HINT_TEXT, do_quote=True)
    _log_handled(update, "edited message", "hinted", started)


async def report_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the error and, where there is someone to tell, say something went wrong."""
    if isinstance(context.error, TimedOut):
        # Not retried (RetryingRateLimiter): the message may well have arrived, so don't add a
        # "something went wrong" after it.
        logger.warning("A Bot API request timed out and was not retried (it may have gone through): %s",
                       context.error)
        return
    logger.error("Exception while handling an update", exc_info=context.error)
    if not isinstance(update, Update):
        return
    try:
        if update.callback_query is not None:
            await update.callback_query.answer(ERROR_TEXT)
        elif update.effective_message is not None and update.effective_chat is not None:
            await update.effective_message.reply_text(ERROR_TEXT)
    except TelegramError as exc:
        logger.warning("Could not tell the user about the error: %s", exc)


async def _set_commands(application: Application) -> None:
    """Send the command menu (from the one table) once the bot knows who it is."""
    await application.bot.set_my_commands([BotCommand(name, text) for name, text in commands.COMMANDS])
    logger.info("Started as @%s; commands menu set", application.bot.username)


# --- composition --------------------------------------------------------------------------------


def build_application(
    token: str,
    engine: Engine,
    data_dir: Path,
    base_url: str | None = None,
    base_file_url: str | None = None,
    rate_limiter: AIORateLimiter | None = None,
) -> Application:
    """Wire the bot: persistence, rate limiter, handlers and the error handler.

    Args:
        token: the bot token from @BotFather.
        engine: the answer engine (its knowledge is the article).
        data_dir: where the conversation file lives; created if missing.
        base_url: Bot API base URL ending in ``/bot`` (another server, e.g. the test emulator).
        base_file_url: Bot API file base URL.
        rate_limiter: defaults to PTB's :class:`AIORateLimiter` with Telegram's limits.
    """
    data_dir.mkdir(parents=True, exist_ok=True)
    persistence = PicklePersistence(
        filepath=data_dir / PERSISTENCE_FILE,
        store_data=PersistenceInput(bot_data=False, chat_data=True, user_data=False, callback_data=False),
        update_interval=10,
    )
    builder = (
        ApplicationBuilder()
        .token(token)
        .persistence(persistence)
        .rate_limiter(rate_limiter or AIORateLimiter(max_retries=3))
        .post_init(_set_commands)
    )
    if base_url:
        builder = builder.base_url(base_url)
    if base_file_url:
        builder = builder.base_file_url(base_file_url)
    application = builder.build()

    knowledge = engine.knowledge
    examples = commands.example_questions(knowledge, answerable=lambda q: engine.reply(q)[0].answered)
    known = [q for pair in knowledge.qa for q in pair.questions] + list(examples)
    application.bot_data["briefbot"] = BotState(engine=engine, codec=QuestionCodec(known), examples=examples)

    application.add_handler(MessageHandler(FROM_BOT, ignore_bots), group=-1)
    application.add_handlers([
        CommandHandler("start", start, filters=COMMAND_CHATS),
        CommandHandler("help", help_command, filters=COMMAND_CHATS),
        CommandHandler("ask", ask_command, filters=NEW_MESSAGE),
        CommandHandler("brief", brief_command, filters=COMMAND_CHATS),
        CommandHandler("quotes", quotes_command, filters=COMMAND_CHATS),
        CommandHandler("who", who_command, filters=COMMAND_CHATS),
        CommandHandler("source", source_command, filters=COMMAND_CHATS),
        MessageHandler(NEW_MESSAGE & PRIVATE & filters.COMMAND, unknown_command),
        MessageHandler(NEW_MESSAGE & filters.TEXT & ~filters.COMMAND & (PRIVATE | ADDRESSED), answer_question),
        MessageHandler(NEW_MESSAGE & PRIVATE & ~filters.TEXT, hint_text_only),
        MessageHandler(filters.UpdateType.EDITED_MESSAGE & PRIVATE, hint_edited),
        CallbackQueryHandler(press_suggestion),
        InlineQueryHandler(answer_inline_query),
    ])
    application.add_error_handler(report_error)
    return application


# --- logging ------------------------------------------------------------------------------------


class RedactSecrets(logging.Filter):
    """Replace secrets (the bot token and its secret half) in every record, tracebacks included."""

    def __init__(self, secrets: list[str]) -> None:
        super().__init__()
        self._secrets = sorted({s for s in secrets if len(s) >= 8}, key=len, reverse=True)

    def redact(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, "[REDACTED]")
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):  # a broken format string: keep the raw message, still redacted
            message = str(record.msg)
        record.msg, record.args = self.redact(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True


def configure_logging(token: str, level: int = logging.INFO) -> None:
    """Log to stderr with the token redacted; keep httpx's request URLs out unless debugging."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactSecrets([token, token.partition(":")[2]]))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    logging.getLogger("httpx").setLevel(logging.INFO if level <= logging.DEBUG else logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    logging.getLogger("telegram").setLevel(level if level <= logging.DEBUG else logging.WARNING)
    logging.getLogger("telegram.ext.Application").setLevel(level)
    logging.captureWarnings(True)


# --- command line -------------------------------------------------------------------------------


def token_problem(token: str | None) -> str | None:
    """Why the token can't be used (one line, without echoing it), or None when it looks right."""
    get_one = (f"Create a bot with @BotFather in Telegram (/newbot), then set it: "
               f"export {TOKEN_ENV}=123456789:AA...")
    if not token:
        return f"{TOKEN_ENV} is not set. {get_one}"
    if not _TOKEN.match(token):
        return f"{TOKEN_ENV} does not look like a bot token (digits, a colon, then the secret). {get_one}"
    return None


def _parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="run_bot.py run",
        description="Run briefbot on Telegram (long polling, or a webhook with --webhook).",
    )
    parser.add_argument("--webhook", metavar="URL",
                        help="public HTTPS URL Telegram should post updates to (default: long polling)")
    parser.add_argument("--listen", default="127.0.0.1", help="webhook server address (default: 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8443, help="webhook server port (default: 8443)")
    parser.add_argument("--secret-token", default=os.environ.get("TELEGRAM_WEBHOOK_SECRET"),
                        help="secret Telegram sends with each webhook request (env TELEGRAM_WEBHOOK_SECRET)")
    parser.add_argument("--data-dir", type=Path, default=None,
                        help="where conversations are kept (env BRIEFBOT_DATA_DIR; default: .briefbot)")
    parser.add_argument("--article", type=Path, help="answer about this article text instead of the bundled one")
    parser.add_argument("--knowledge", type=Path, help="use this knowledge YAML")
    parser.add_argument("--log-level", default=os.environ.get("BRIEFBOT_LOG_LEVEL", "INFO"),
                        choices=["DEBUG", "INFO", "WARNING", "ERROR"], type=str.upper,
                        help="logging level (env BRIEFBOT_LOG_LEVEL; default: INFO)")
    return parser.parse_args(argv)


async def _check_token(token: str, base_url: str | None) -> None:
    """Ask the Bot API who we are, so a rejected token fails before polling starts."""
    async with Bot(token, **({"base_url": base_url} if base_url else {})):
        pass


def _fail(message: str, code: int) -> int:
    print(f"briefbot: {message}", file=sys.stderr)
    return code


def main(argv: list[str] | None = None) -> int:
    """Run the bot until stopped; returns the process exit code (2: bad token or configuration)."""
    args = _parse_args(argv)
    token = os.environ.get(TOKEN_ENV, "").strip()
    problem = token_problem(token)
    if problem:
        return _fail(problem, 2)
    if args.webhook:
        webhook = urlparse(args.webhook)
        if webhook.scheme not in ("https", "http") or not webhook.netloc:
            return _fail(f"--webhook {args.webhook!r} is not a URL like https://example.org/briefbot", 2)
        if args.secret_token and not _SECRET_TOKEN.match(args.secret_token):
            return _fail("--secret-token may use only A-Z, a-z, 0-9, _ and -, at most 256 characters", 2)
        if importlib.util.find_spec("tornado") is None:
            return _fail('webhook mode needs PTB\'s webhooks extra: pip install "python-telegram-bot[webhooks]"', 2)
    configure_logging(token, getattr(logging, args.log_level))
    data_dir = args.data_dir or Path(os.environ.get("BRIEFBOT_DATA_DIR") or DEFAULT_DATA_DIR)
    base_url = os.environ.get("TELEGRAM_API_BASE_URL") or None
    try:
        engine = load_engine(article=args.article, knowledge=args.knowledge)
        application = build_application(
            token, engine, data_dir, base_url=base_url,
            base_file_url=os.environ.get("TELEGRAM_API_FILE_URL") or None,
        )
    except KnowledgeFileError as exc:
        return _fail(str(exc), 2)
    except OSError as exc:
        return _fail(f"cannot use data directory {data_dir}: {exc.strerror or exc}", 2)
    asyncio.set_event_loop(loop := asyncio.new_event_loop())  # PTB's run_* use the current loop
    try:
        loop.run_until_complete(_check_token(token, base_url))
        if args.webhook:
            application.run_webhook(
                listen=args.listen,
                port=args.port,
                url_path=urlparse(args.webhook).path.lstrip("/"),
                webhook_url=args.webhook,
                secret_token=args.secret_token,
                allowed_updates=Update.ALL_TYPES,
            )
        else:
            application.run_polling(allowed_updates=Update.ALL_TYPES)
    except InvalidToken:
        return _fail(f"Telegram rejected {TOKEN_ENV}. Check the token @BotFather gave you (/mybots).", 2)
    except NetworkError as exc:
        logger.error("Cannot reach the Bot API: %s", exc)
        return _fail("cannot reach the Telegram Bot API; check the network and TELEGRAM_API_BASE_URL", 1)
    except Exception:
        logger.exception("briefbot stopped on an unexpected error")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
