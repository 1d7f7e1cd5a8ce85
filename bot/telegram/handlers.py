"""The bot's callbacks: each adapts one kind of update to the engine or :mod:`bot.chat.commands`.

Callbacks share a :class:`BotState` in ``application.bot_data``; each user's conversation in a
chat is a row in the bot's database (:mod:`bot.telegram.chat_state`), written only once the bot's
answer is sent.  They are wired in :func:`bot.telegram.app.build_application`.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import functools
import hashlib
import html
import logging
import re
import time
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any, ClassVar

from telegram import (
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InlineQueryResultsButton,
    InputTextMessageContent,
    Message,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import BadRequest, TelegramError, TimedOut
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot.articles import Article, ArticleError, ArticleLimits, article_from_file, article_from_text, article_from_url
from bot.articles.extract import file_too_big
from bot.articles.request import read_request
from bot.chat import articles as article_texts
from bot.chat import commands
from bot.access import PRIVATE_TEXT, FloodGuard, Verdict, chat_allowed, slow_down_text
from bot.engine.engine import Engine
from bot.chat.render import render_reply, split_html
from bot.telegram.admins import AdminCheck
from bot.telegram.callbacks import QuestionCodec
from bot.telegram.chat_state import ChatState
from bot.telegram.chat_engines import ChatEngines
from bot.telegram.replies import send_reply
from bot.telegram.unanswered import UnansweredLog
from bot.engine.reply import Reply
from knowledge.model import Knowledge

__all__ = [
    "BotState",
    "answer_inline_query",
    "answer_question",
    "article_command",
    "article_document",
    "ask_command",
    "brief_command",
    "enforce_access",
    "help_command",
    "hint_edited",
    "hint_text_only",
    "ignore_bots",
    "press_suggestion",
    "quotes_command",
    "report_error",
    "source_command",
    "start",
    "unknown_command",
    "who_command",
]

logger = logging.getLogger("briefbot")

ERROR_TEXT = "Sorry, something went wrong on my side. Please try again."
EXPIRED_BUTTON_TEXT = "This button has expired. Please type your question instead."
EDITED_HINT_TEXT = "I only read new messages. Send your question again and I'll answer it."
UNKNOWN_COMMAND_TEXT = "I don't know that command. See /help."


# --- shared state -------------------------------------------------------------------------------


@dataclass(slots=True)
class BotState:
    """What every handler needs: the engines (the bundled one and each chat's), the button codec, chat state.

    It lives in ``application.bot_data[BotState.KEY]``.
    """

    KEY: ClassVar[str] = "briefbot"

    engine: Engine
    codec: QuestionCodec
    examples: tuple[str, ...]
    chats: ChatState
    engines: ChatEngines
    article_limits: ArticleLimits = ArticleLimits()
    admins: AdminCheck = field(default_factory=AdminCheck)
    flood: FloodGuard | None = None
    private_flood: FloodGuard | None = None
    allowed_chats: frozenset[int] | None = None
    left_chats: set[int] = field(default_factory=set)
    unanswered: UnansweredLog | None = None  # None: declined questions are not counted


def _state(context: ContextTypes.DEFAULT_TYPE) -> BotState:
    """The shared :class:`BotState` stored in ``bot_data``."""
    return context.bot_data[BotState.KEY]


def _chat_id(update: Update, user_id: int) -> int:
    """Where a conversation lives: the chat, or the user for a button on an inline message."""
    return update.effective_chat.id if update.effective_chat is not None else user_id


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
        await send_reply(message, chunk, html=True, quote=index == 0, reply_markup=reply_markup if last else None)


async def _chat_engine(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Engine:
    """The engine for this chat's article; inline queries and inline messages use the user's private one."""
    user = update.effective_user
    return await _state(context).engines.for_chat(_chat_id(update, user.id if user is not None else 0))


async def _ask_engine(
    update: Update, context: ContextTypes.DEFAULT_TYPE, user_id: int, question: str
) -> tuple[Reply, InlineKeyboardMarkup | None, Callable[[], None]]:
    """Ask the chat's engine within this user's conversation: the reply, its buttons, and ``remember``.

    ``remember()`` keeps the conversation (and counts a declined question); call it once the reply
    is sent.  An update handled again after a crash before that is asked in the context it was
    first asked in, not one that already holds its own question.
    """
    state = _state(context)
    chat_id = _chat_id(update, user_id)
    engine = await _chat_engine(update, context)
    reply, conversation = engine.reply(question, state.chats.conversation(chat_id, user_id))

    def remember() -> None:
        state.chats.remember(chat_id, user_id, conversation, time.time())
        if reply.kind == "decline" and state.unanswered is not None and engine is state.engine:
            state.unanswered.record(question, time.time())  # counted for the bundled article, the one they improve

    return reply, None if reply.answered else _question_keyboard(state, reply.suggestions), remember


async def _answer(
    update: Update, context: ContextTypes.DEFAULT_TYPE, question: str, what: str, started: float
) -> None:
    """Ask the engine, remember the conversation, and send the reply to the message."""
    state = _state(context)
    message = update.effective_message
    user = update.effective_user
    if not question.strip():
        examples = (await _chat_engine(update, context)).examples
        await _send_html(message, "Ask me something about the article, for example:",
                         _question_keyboard(state, examples))
        _log_handled(update, what, "prompted", started)
        return
    reply, keyboard, remember = await _ask_engine(update, context, user.id if user is not None else 0, question)
    await _send_html(message, render_reply(reply), keyboard)
    remember()
    _log_handled(update, what, _outcome(reply), started)


Handler = Callable[[Update, ContextTypes.DEFAULT_TYPE], Coroutine[Any, Any, None]]


def _flood_verdict(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Verdict:
    """Count an addressed message against its sender's flood limit (the group's or the private one)."""
    state = _state(context)
    chat = update.effective_chat
    if chat is None or chat.type not in (chat.GROUP, chat.SUPERGROUP, chat.PRIVATE):
        return Verdict.ANSWER
    guard = state.private_flood if chat.type == chat.PRIVATE else state.flood
    if guard is None:
        return Verdict.ANSWER
    message = update.effective_message
    sender = message.sender_chat if message is not None and message.sender_chat is not None else None
    who = sender.id if sender is not None else (update.effective_user.id if update.effective_user else 0)
    return guard.check(chat.id, who, time.monotonic())


def _flood_limited(callback: Handler) -> Handler:
    """Answer only while the sender is within the flood limit: one "slow down", then silence."""

    @functools.wraps(callback)
    async def limited(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        verdict = _flood_verdict(update, context)
        if verdict is Verdict.ANSWER:
            await callback(update, context)
            return
        started = time.perf_counter()
        query = update.callback_query
        state, chat = _state(context), update.effective_chat
        guard = state.private_flood if chat is not None and chat.type == chat.PRIVATE else state.flood
        text = slow_down_text(guard.limit) if verdict is Verdict.WARN and guard is not None else None
        if query is not None:
            await _answer_query(query, text)
        elif text is not None and update.effective_message is not None:
            await send_reply(update.effective_message, text, quote=True)
        _log_handled(update, "flood", "slowed" if text else "silenced", started)

    return limited


async def _hint(update: Update, text: str, what: str, quote: bool = False) -> None:
    """Reply with a one-line hint in plain text (hints go to private chats only)."""
    started = time.perf_counter()
    await send_reply(update.effective_message, text, quote=quote)
    _log_handled(update, what, "hinted", started)


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
        await _answer_query(update.callback_query, PRIVATE_TEXT)
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
    engine = await _chat_engine(update, context)
    text = commands.start_text(engine.knowledge, context.bot.username)
    await _send_html(update.effective_message, text, _question_keyboard(state, engine.examples))
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


def _article_command(name: str, text: Callable[[Knowledge], str]) -> Handler:
    """The ``/name`` callback: send ``text`` about the article (one of :mod:`bot.chat.commands`' texts)."""

    async def send(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        started = time.perf_counter()
        await _send_html(update.effective_message, text(await _chat_knowledge(update, context)))
        _log_handled(update, f"/{name}", "sent", started)

    send.__name__ = send.__qualname__ = f"{name}_command"
    return _flood_limited(send)


async def _chat_knowledge(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Knowledge:
    """The chat's article's knowledge, naming where the chat got it from."""
    knowledge = (await _chat_engine(update, context)).knowledge
    chat = update.effective_chat
    chosen = _state(context).engines.current(chat.id) if chat is not None else None
    return dataclasses.replace(knowledge, source=chosen.source) if chosen is not None else knowledge


brief_command = _article_command("brief", commands.brief_text)
quotes_command = _article_command("quotes", commands.quotes_text)
who_command = _article_command("who", commands.who_text)
source_command = _article_command("source", commands.source_text)


async def unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Point a private chat that sent an unknown command to /help."""
    await _hint(update, UNKNOWN_COMMAND_TEXT, "unknown command")


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
        await _answer_query(query, EXPIRED_BUTTON_TEXT)
        _log_handled(update, "button", "expired", started)
        return
    await _answer_query(query)
    reply, keyboard, remember = await _ask_engine(update, context, query.from_user.id, question)
    if isinstance(query.message, Message):
        await _send_html(query.message, render_reply(reply, question=question), keyboard)
    remember()
    _log_handled(update, "button", _outcome(reply), started)


async def _answer_query(query: CallbackQuery, text: str | None = None) -> None:
    """Stop the button's spinner; a query too old to answer (Telegram allows seconds) is no error."""
    try:
        await query.answer(text)
    except BadRequest as error:
        if "query is too old" not in error.message.lower() and "query id is invalid" not in error.message.lower():
            raise
        logger.info("A button press came too late to acknowledge (%s); answering its question anyway", error.message)


async def answer_inline_query(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Offer the answer (or the article's headline, for an empty query) as inline results."""
    started = time.perf_counter()
    state = _state(context)
    query = update.inline_query
    text = _strip_mentions(query.query, context.bot.username)
    engine = await state.engines.for_chat(query.from_user.id)  # the user's private-chat article
    if not text:
        knowledge = engine.knowledge
        results = [_inline_article("about", "About the article", knowledge.headline,
                                   commands.source_text(knowledge))]
        results += [_inline_reply(q, engine.reply(q)[0]) for q in engine.examples]
        outcome = "headline"
    else:
        reply, _ = engine.reply(text)
        results = [_inline_reply(text, reply)]
        if not reply.answered:
            results += [_inline_reply(s, engine.reply(s)[0]) for s in reply.suggestions]
        outcome = _outcome(reply)
    await query.answer(results, cache_time=60, is_personal=engine is not state.engine)
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


# --- the chat's own article ---------------------------------------------------------------------


@_flood_limited
async def article_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/article: say which article the chat is on, reset it, or load a link or pasted text."""
    started = time.perf_counter()
    message = update.effective_message
    text = message.text or ""
    argument = text.split(maxsplit=1)[1] if len(text.split(maxsplit=1)) > 1 else ""
    replied = message.reply_to_message
    replied_text = (replied.text or replied.caption) if replied is not None else None
    request = read_request(argument, replied_text)
    state = _state(context)
    if request.action == "show":
        chosen = state.engines.current(message.chat.id)
        headline = chosen.headline if chosen is not None else state.engine.knowledge.headline
        await _send_html(message, article_texts.current_article_text(
            headline, chosen.source if chosen else None, chosen.loaded if chosen else None))
        _log_handled(update, "/article", "shown", started)
        return
    if not await _may_change_article(update, context, started):
        return
    if request.action == "reset":
        state.engines.reset(message.chat.id)
        state.chats.forget_conversations(message.chat.id)
        await _send_html(message, article_texts.reset_text(state.engine.knowledge.headline),
                         _question_keyboard(state, state.engine.examples[:2]))
        _log_handled(update, "/article", "reset", started)
        return
    limits = state.article_limits
    if request.action == "link":
        read = functools.partial(asyncio.to_thread, article_from_url, request.value, limits)
    else:
        read = functools.partial(asyncio.to_thread, article_from_text, request.value, "pasted text", limits)
    await _load_article(update, context, read, started)


@_flood_limited
async def article_document(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A .txt or .html file sent with the caption /article: read it as the chat's article."""
    started = time.perf_counter()
    if not _addressed_caption(update.effective_message, context.bot.username):
        return
    if not await _may_change_article(update, context, started):
        return
    document = update.effective_message.document
    limits = _state(context).article_limits

    async def read() -> Article:
        if document.file_size is not None and document.file_size > limits.max_download_bytes:
            raise file_too_big(limits)
        data = bytes(await (await document.get_file()).download_as_bytearray())
        return await asyncio.to_thread(article_from_file, document.file_name or "", data, limits)

    await _load_article(update, context, read, started)


def _addressed_caption(message: Message, username: str | None) -> bool:
    """Whether a caption starts with /article (in groups, /article@ThisBot)."""
    match = _ARTICLE_CAPTION.match(message.caption or "")
    if match is None:
        return False
    target = match.group(1)
    if message.chat.type == message.chat.PRIVATE:
        return target is None or target.lower() == (username or "").lower()
    return target is not None and target.lower() == (username or "").lower()


_ARTICLE_CAPTION = re.compile(r"^/article(?:@(\w+))?(?:\s|$)", re.IGNORECASE)


async def _may_change_article(update: Update, context: ContextTypes.DEFAULT_TYPE, started: float) -> bool:
    """True if the sender may change the chat's article; otherwise say so politely."""
    message = update.effective_message
    if await _state(context).admins.may_change(context.bot, message):
        return True
    await message.reply_text(article_texts.ADMINS_ONLY_TEXT, do_quote=True)
    _log_handled(update, "/article", "refused (not an admin)", started)
    return False


async def _load_article(update: Update, context: ContextTypes.DEFAULT_TYPE,
                        read: Callable[[], Awaitable[Article]], started: float) -> None:
    """Say "Reading…", read and build the article off the event loop, then edit in the outcome."""
    state = _state(context)
    message = update.effective_message
    chat_id = message.chat.id
    progress = await message.reply_text(article_texts.READING_TEXT, do_quote=True)
    limits = state.article_limits
    try:
        article = await asyncio.wait_for(read(), limits.fetch_timeout + 5)  # the fetch keeps its own deadline
        engine = await state.engines.load(chat_id, article, time.time())
    except TimeoutError:
        outcome = f"The page took longer than {limits.fetch_timeout:g} s to download; I gave up."
    except ArticleError as exc:
        outcome = str(exc)
    else:
        state.chats.forget_conversations(chat_id)  # their follow-ups refer to the old article
        await progress.edit_text(article_texts.ready_text(article.headline), parse_mode=ParseMode.HTML,
                                 reply_markup=_question_keyboard(state, engine.examples[:2]))
        _log_handled(update, "/article", "loaded", started)
        return
    current = await state.engines.for_chat(chat_id)
    await progress.edit_text(article_texts.refused_text(outcome, current.knowledge.headline), parse_mode=ParseMode.HTML)
    _log_handled(update, "/article", "refused", started)


async def hint_text_only(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Tell a private chat that the bot answers text questions (stickers, photos, voice...)."""
    await _hint(update, commands.private_hint_text(), "non-text")


async def hint_edited(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Tell a private chat that edits are not re-answered."""
    await _hint(update, EDITED_HINT_TEXT, "edited message", quote=True)


async def report_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the error and, where there is someone to tell, say something went wrong."""
    if isinstance(context.error, TimedOut):
        # Not retried (bot.telegram.sending.SendLimiter): the message may well have
        # arrived, so don't add a "something went wrong" after it.
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

