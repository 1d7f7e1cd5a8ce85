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
from bot.access import PRIVATE_TEXT, FloodGuard, Verdict, chat_allowed, slow_down_text
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
            await update.message.reply_text(PRIVATE_TEXT, do_quote=True)
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


# --- concurrency, retries and polling -----------------------------------------------------------


def _serial_key(update: object) -> tuple[str, int] | None:
    """What must be handled in order: a chat's updates; inline queries per user; else nothing."""
    if isinstance(update, Update):
        if update.effective_chat is not None:
            return ("chat", update.effective_chat.id)
        if update.effective_user is not None:
            return ("user", update.effective_user.id)
    return None


class PerChatUpdateProcessor(BaseUpdateProcessor):
    """Handle updates of different chats concurrently, and each chat's strictly in arrival order.

    A chat waiting for its previous update holds no handler slot: at most ``max_running``
    handlers run at once, and a slow chat only delays itself.  PTB's own bound
    (``max_pending``) limits how many updates wait in total.
    """

    def __init__(self, max_running: int, max_pending: int = 10_000) -> None:
        super().__init__(max_pending)
        self._running = asyncio.Semaphore(max_running)
        self._locks: dict[tuple[str, int], asyncio.Lock] = {}
        self._waiting: dict[tuple[str, int], int] = {}

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to tear down."""

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        """Wait for this chat's earlier updates (asyncio locks are FIFO), then for a handler slot."""
        key = _serial_key(update)
        started = False
        if key is not None:
            self._waiting[key] = self._waiting.get(key, 0) + 1
        lock = self._locks.setdefault(key, asyncio.Lock()) if key is not None else contextlib.nullcontext()
        try:
            async with lock, self._running:
                started = True
                await coroutine
        finally:
            if not started and isinstance(coroutine, Coroutine):
                coroutine.close()  # cancelled while waiting: never started, so no "never awaited" warning
            if key is not None:
                self._waiting[key] -= 1
                if not self._waiting[key]:
                    del self._waiting[key], self._locks[key]


def _certainly_not_sent(error: TimedOut) -> bool:
    """A timeout before the request left (no connection, or none free in the pool)."""
    return isinstance(error.__cause__, (httpx.ConnectTimeout, httpx.PoolTimeout))


class RetryingRateLimiter(AIORateLimiter):
    """PTB's rate limiter, plus retries for requests Telegram did not carry out.

    * 429: wait ``retry_after`` as Telegram asks, then retry (PTB's ``max_retries``).
    * 5xx, refused or dropped connections, connect and pool timeouts: retry with a growing pause.
    * A read timeout is *not* retried: the request reached Telegram and the message may have
      been sent, so a retry could answer twice.  400s are never retried either.

    Args:
        limits: keep Telegram's sending limits (30 messages/s, 20 a minute per group); False
            lifts them, for load tests against an emulator.
        retries: attempts after the first for network failures.
        pause: the first pause in seconds; it doubles up to ``max_pause``.
    """

    def __init__(self, limits: bool = True, retries: int = 5, pause: float = 0.25, max_pause: float = 4.0) -> None:
        if limits:
            super().__init__(max_retries=retries)
        else:
            super().__init__(overall_max_rate=0, group_max_rate=0, max_retries=retries)
        self._retries, self._pause, self._max_pause = retries, pause, max_pause

    async def process_request(self, callback, args, kwargs, endpoint, data, rate_limit_args):
        pause = self._pause
        for attempt in range(self._retries + 1):
            try:
                return await super().process_request(callback, args, kwargs, endpoint, data, rate_limit_args)
            except BadRequest:
                raise
            except TimedOut as error:
                if attempt == self._retries or not _certainly_not_sent(error):
                    raise
                failure: TelegramError = error
            except NetworkError as error:
                if attempt == self._retries:
                    raise
                failure = error
            logger.warning("%s failed (%s); retry %d in %.2f s", endpoint, failure, attempt + 1, pause)
            await asyncio.sleep(pause)
            pause = min(pause * 2, self._max_pause)
        raise AssertionError("unreachable")  # pragma: no cover


class Poller:
    """Long polling that acknowledges an update only once it has been handled.

    Each batch is handed to the application's update processor at once (chats in parallel,
    each in order); the next ``getUpdates`` offset is the oldest update still in flight, and
    updates Telegram sends again meanwhile are skipped (:class:`~bot.offsets.OffsetTracker`).
    Failures of ``getUpdates`` itself (timeouts, a hang past the read timeout, 5xx, dropped
    connections, 429) are waited out and polling goes on.  On stop, updates in flight get
    ``drain_timeout`` seconds to finish; then the offset is acknowledged and the journal saved.
    """

    LIMIT = 100
    MAX_IN_FLIGHT = 1000
    RECHECK = 0.1  # with updates in flight, poll again at least this often (other chats may be waiting)
    JOURNAL_INTERVAL = 0.2

    def __init__(self, application: Application, tracker: OffsetTracker, journal: UpdateJournal | None,
                 poll_timeout: float, drain_timeout: float = 10.0) -> None:
        self.application = application
        self.tracker = tracker
        self.journal = journal
        self.poll_timeout = poll_timeout
        self.drain_timeout = drain_timeout
        self._tasks: set[asyncio.Task[None]] = set()
        self._progress = asyncio.Event()
        self._dirty = False

    async def run(self, stop: asyncio.Event) -> None:
        """Poll and dispatch until ``stop`` is set; then drain, acknowledge and save."""
        saver = asyncio.create_task(self._save_periodically(stop))
        try:
            await self._poll(stop)
        finally:
            if self._tasks:
                _, pending = await asyncio.wait(self._tasks, timeout=self.drain_timeout)
                for task in pending:
                    task.cancel()
                if pending:
                    logger.warning("Stopped with %d update(s) unfinished; they will be handled after a restart",
                                   len(pending))
                    await asyncio.wait(pending, timeout=2)
            saver.cancel()
            self._save()
            await self._acknowledge()

    async def _poll(self, stop: asyncio.Event) -> None:
        bot = self.application.bot
        pause = 0.5
        while not stop.is_set():
            if self.tracker.in_flight >= self.MAX_IN_FLIGHT:
                await self._wait_idle(stop, self.RECHECK)
                continue
            offset = self.tracker.offset
            poll = asyncio.ensure_future(bot.get_updates(
                offset=offset, limit=self.LIMIT, timeout=self.poll_timeout, allowed_updates=Update.ALL_TYPES))
            stopped = asyncio.ensure_future(stop.wait())
            await asyncio.wait({poll, stopped}, return_when=asyncio.FIRST_COMPLETED)
            stopped.cancel()
            if not poll.done():
                poll.cancel()
                with contextlib.suppress(asyncio.CancelledError, TelegramError):
                    await poll
                return
            try:
                updates = poll.result()
            except RetryAfter as error:
                logger.warning("getUpdates: Telegram asks to wait %s", error.retry_after)
                await self._sleep(stop, _seconds(error.retry_after))
                continue
            except TimedOut:
                logger.info("getUpdates timed out; polling again")
                continue
            except (InvalidToken, Forbidden):
                raise
            except (NetworkError, Conflict) as error:  # 5xx, dropped connections, another poller
                logger.warning("getUpdates failed (%s); polling again in %.1f s", error, pause)
                await self._sleep(stop, pause)
                pause = min(pause * 2, 10.0)
                continue
            pause = 0.5
            self.tracker.acknowledged(offset)
            fresh = [update for update in updates if self.tracker.accept(update.update_id)]
            for update in fresh:
                task = asyncio.create_task(self._handle(update), name=f"update-{update.update_id}")
                self._tasks.add(task)
                task.add_done_callback(self._tasks.discard)
            if updates:
                # Let this batch finish before asking again: asking now would only bring back the
                # updates still in flight.  A slow chat delays the next poll by RECHECK at most.
                await self._wait_idle(stop, self.RECHECK)

    async def _handle(self, update: Update) -> None:
        application = self.application
        try:
            await application.update_processor.process_update(update, application.process_update(update))
        except Exception:  # handler errors go to the error handler; this is a last resort
            logger.exception("Update %s could not be processed", update.update_id)
        self.tracker.done(update.update_id)
        self._dirty = True
        self._progress.set()

    async def _wait_idle(self, stop: asyncio.Event, timeout: float) -> None:
        """Wait until no update is in flight, ``stop`` is set, or ``timeout`` seconds pass."""
        deadline = time.monotonic() + timeout
        while self.tracker.in_flight and not stop.is_set():
            left = deadline - time.monotonic()
            if left <= 0:
                return
            self._progress.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._progress.wait(), left)

    @staticmethod
    async def _sleep(stop: asyncio.Event, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), seconds)

    async def _save_periodically(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            await asyncio.sleep(self.JOURNAL_INTERVAL)
            if self._dirty:
                self._save()

    def _save(self) -> None:
        if self.journal is None:
            return
        self._dirty = False
        try:
            self.journal.save(self.application.bot.id, self.tracker, time.time())
        except OSError as error:
            logger.warning("Cannot save the update journal %s: %s", self.journal.path, error.strerror or error)

    async def _acknowledge(self) -> None:
        """Tell Telegram every handled update is done (a zero-timeout getUpdates with the offset)."""
        offset = self.tracker.offset
        try:
            await self.application.bot.get_updates(offset=offset, limit=1, timeout=0)
        except TelegramError as error:
            logger.warning("Could not acknowledge handled updates (%s); the journal has them", error)
            return
        self.tracker.acknowledged(offset)


def _seconds(value: object) -> float:
    return value.total_seconds() if hasattr(value, "total_seconds") else float(value)  # type: ignore[arg-type]


async def run_polling(application: Application, settings: Settings) -> None:
    """Run ``application`` with :class:`Poller` until SIGINT or SIGTERM."""
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):  # e.g. Windows
            loop.add_signal_handler(sig, stop.set)
    async with application:
        journal = UpdateJournal(settings.data_dir / JOURNAL_FILE)
        tracker = journal.tracker(application.bot.id, time.time())
        await application.bot.delete_webhook()
        await _set_commands(application)
        await application.start()
        try:
            await Poller(application, tracker, journal, settings.poll_timeout).run(stop)
        finally:
            await application.stop()


class BatchedPicklePersistence(PicklePersistence):
    """PTB's pickle file, written once per persistence run rather than once per changed chat.

    PTB's ``PicklePersistence`` rewrites the whole file for every chat whose data changed, so a
    busy bot spent most of its time pickling; here changes go to memory and one write follows.
    """

    def __init__(self, filepath: Path, update_interval: float = 10) -> None:
        super().__init__(
            filepath=filepath, on_flush=True, update_interval=update_interval,
            store_data=PersistenceInput(bot_data=False, chat_data=True, user_data=False, callback_data=False),
        )
        self._writing: asyncio.Task[None] | None = None

    async def update_chat_data(self, chat_id: int, data: dict[Any, Any]) -> None:
        await super().update_chat_data(chat_id, data)
        self._write_soon()

    async def drop_chat_data(self, chat_id: int) -> None:
        await super().drop_chat_data(chat_id)
        self._write_soon()

    def _write_soon(self) -> None:
        """One write after this run's updates (they are gathered together), not one per chat."""
        if self._writing is None or self._writing.done():
            self._writing = asyncio.get_running_loop().create_task(self._write())

    async def _write(self) -> None:
        await asyncio.sleep(0)
        try:
            await self.flush()
        except OSError as error:
            logger.warning("Cannot save conversations to %s: %s", self.filepath, error.strerror or error)


# --- composition --------------------------------------------------------------------------------


def build_application(token: str, engine: Engine, settings: Settings | None = None) -> Application:
    """Wire the bot: persistence, rate limiter, concurrency, handlers and the error handler.

    Args:
        token: the bot token from @BotFather.
        engine: the answer engine (its knowledge is the article).
        settings: data directory, Bot API URLs, limits and timeouts (defaults: :class:`Settings`).
    """
    settings = settings or Settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    persistence = BatchedPicklePersistence(settings.data_dir / PERSISTENCE_FILE, update_interval=10)
    timeout = settings.request_timeout
    builder = (
        ApplicationBuilder()
        .token(token)
        .persistence(persistence)
        .rate_limiter(RetryingRateLimiter(limits=settings.rate_limits))
        .concurrent_updates(PerChatUpdateProcessor(settings.concurrency))
        .connection_pool_size(settings.concurrency + 8)
        .read_timeout(timeout).write_timeout(timeout).connect_timeout(timeout).pool_timeout(timeout)
        .get_updates_read_timeout(timeout).get_updates_write_timeout(timeout)
        .get_updates_connect_timeout(timeout).get_updates_pool_timeout(timeout)
        .post_init(_set_commands)
    )
    if settings.base_url:
        builder = builder.base_url(settings.base_url)
    if settings.file_url:
        builder = builder.base_file_url(settings.file_url)
    application = builder.build()

    knowledge = engine.knowledge
    examples = commands.example_questions(knowledge, answerable=lambda q: engine.reply(q)[0].answered)
    known = [q for pair in knowledge.qa for q in pair.questions] + list(examples)
    application.bot_data["briefbot"] = BotState(
        engine=engine, codec=QuestionCodec(known), examples=examples,
        flood=FloodGuard(settings.flood_limit) if settings.flood_limit is not None else None,
        allowed_chats=settings.allowed_chats,
    )

    application.add_handler(TypeHandler(Update, enforce_access), group=-2)
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


def configure_logging(token: str, level: int = logging.INFO) -> RedactSecrets:
    """Log to stderr with the token redacted everywhere, crash output included.

    At ``DEBUG`` httpx and httpcore log too (their request lines carry the token in the URL, so
    they go through the same filter); otherwise they are kept to warnings.  Uncaught exceptions
    in the main thread and in other threads are printed redacted as well.
    """
    redactor = RedactSecrets([token, token.partition(":")[2]])
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(redactor)
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    debugging = level <= logging.DEBUG
    logging.getLogger("httpx").setLevel(logging.DEBUG if debugging else logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.DEBUG if debugging else logging.WARNING)
    logging.getLogger("telegram").setLevel(level if debugging else logging.WARNING)
    logging.getLogger("telegram.ext.Application").setLevel(level)
    logging.captureWarnings(True)

    def print_redacted(kind: type[BaseException], error: BaseException, trace: Any) -> None:
        sys.stderr.write(redactor.redact("".join(traceback.format_exception(kind, error, trace))))

    sys.excepthook = print_redacted
    threading.excepthook = lambda hook: print_redacted(hook.exc_type, hook.exc_value, hook.exc_traceback)
    return redactor


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
        description="Run briefbot on Telegram (long polling, or a webhook with --webhook). "
                    "Other settings come from BRIEFBOT_* variables; see the README.",
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
    parser.add_argument("--log-level", default=None, choices=["DEBUG", "INFO", "WARNING", "ERROR"], type=str.upper,
                        help="logging level (env BRIEFBOT_LOG_LEVEL; default: INFO)")
    return parser.parse_args(argv)


async def _check_token(token: str, base_url: str | None) -> None:
    """Ask the Bot API who we are, so a rejected token fails before polling starts."""
    async with Bot(token, **({"base_url": base_url} if base_url else {})):
        pass


def _fail(message: str, code: int, token: str = "") -> int:
    """Print one line on stderr (never the token, even if a setting quoted it) and return ``code``."""
    secrets = [token, token.partition(":")[2]] if token else []
    print(f"briefbot: {RedactSecrets(secrets).redact(message)}", file=sys.stderr)
    return code


def _load_engine(args: argparse.Namespace) -> Engine:
    """The engine for --article / --knowledge / the bundled article.

    Raises:
        KnowledgeFileError: one line naming the file and what is wrong with it.
    """
    source = args.article or args.knowledge
    try:
        return load_engine(article=args.article, knowledge=args.knowledge)
    except KnowledgeFileError:
        raise
    except RecursionError:
        raise KnowledgeFileError(f"{source or 'the bundled knowledge'}: nested too deeply to load") from None
    except Exception as exc:  # noqa: BLE001 - whatever a damaged file does, say which file in one line
        where = source or "the bundled knowledge"
        raise KnowledgeFileError(f"{where}: cannot load it ({exc.__class__.__name__}: {exc})".splitlines()[0]) from None


def main(argv: list[str] | None = None) -> int:
    """Run the bot until stopped; returns the process exit code (2: bad token or configuration)."""
    args = _parse_args(argv)
    token = os.environ.get(TOKEN_ENV, "").strip()
    problem = token_problem(token)
    if problem:
        return _fail(problem, 2)
    try:
        settings = Settings.from_env(os.environ)
    except SettingsError as exc:
        return _fail(str(exc), 2, token)
    settings = dataclasses.replace(settings, data_dir=args.data_dir or settings.data_dir,
                                   log_level=args.log_level or settings.log_level)
    if args.webhook:
        webhook = urlparse(args.webhook)
        if webhook.scheme not in ("https", "http") or not webhook.netloc:
            return _fail(f"--webhook {args.webhook!r} is not a URL like https://example.org/briefbot", 2, token)
        if args.secret_token and not _SECRET_TOKEN.match(args.secret_token):
            return _fail("--secret-token may use only A-Z, a-z, 0-9, _ and -, at most 256 characters", 2)
        if importlib.util.find_spec("tornado") is None:
            return _fail('webhook mode needs PTB\'s webhooks extra: pip install "python-telegram-bot[webhooks]"', 2)
    configure_logging(token, settings.log_level_number)
    try:
        check_data_dir(settings.data_dir)
        moved = quarantine_if_corrupt(settings.data_dir / PERSISTENCE_FILE)
    except DataDirError as exc:
        return _fail(str(exc), 2, token)
    except OSError as exc:
        return _fail(f"cannot move the corrupt {settings.data_dir / PERSISTENCE_FILE} aside: "
                     f"{exc.strerror or exc}", 2, token)
    if moved is not None:
        logger.warning("Conversations file %s is corrupt (%s); moved it to %s and starting with no "
                       "conversations", settings.data_dir / PERSISTENCE_FILE, moved[1], moved[0])
    try:
        engine = _load_engine(args)
        application = build_application(token, engine, settings)
    except KnowledgeFileError as exc:
        return _fail(str(exc), 2, token)
    asyncio.set_event_loop(loop := asyncio.new_event_loop())  # PTB's run_* use the current loop
    try:
        loop.run_until_complete(_check_token(token, settings.base_url))
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
            loop.run_until_complete(run_polling(application, settings))
    except InvalidToken:
        return _fail(f"Telegram rejected {TOKEN_ENV}. Check the token @BotFather gave you (/mybots).", 2)
    except NetworkError as exc:
        logger.error("Cannot reach the Bot API: %s", exc)
        return _fail("cannot reach the Telegram Bot API; check the network and TELEGRAM_API_BASE_URL", 1)
    except Exception:
        logger.exception("briefbot stopped on an unexpected error")
        return 1
    finally:
        loop.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
