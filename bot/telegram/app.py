"""briefbot on Telegram: the composition point and the ``run`` entry point.

:func:`build_application` wires the rate limiter (:mod:`bot.telegram.sending`), the addressing
rules (:mod:`bot.telegram.addressing`) and the callbacks (:mod:`bot.telegram.handlers`);
:func:`serve` opens nothing itself but runs the delivery path: updates come in by long polling
(:class:`~bot.telegram.polling.Poller`) or a webhook (:mod:`bot.telegram.webhook`) into the inbox
(:mod:`bot.telegram.inbox`), and the dispatcher (:mod:`bot.telegram.dispatch`) hands them to PTB.
:func:`main` reads the command line and environment (:mod:`bot.settings`), sets up redacted
logging (:mod:`bot.redaction`) and opens the database (:mod:`bot.telegram.database`).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import dataclasses
import importlib.util
import logging
import os
import re
import signal
import sys
import time
from dataclasses import dataclass
from urllib.parse import urlparse

from telegram import BotCommand, Update
from telegram.error import InvalidToken, NetworkError, RetryAfter
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    InlineQueryHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.access import FloodGuard
from bot.articles.library import ArticleLibrary
from bot.chat import commands
from bot.engine.engine import Engine
from bot.loading import load_engine
from bot.redaction import RedactSecrets, configure_logging
from bot.settings import Settings, SettingsError
from bot.telegram import handlers
from bot.telegram.addressing import ADDRESSED, COMMAND_CHATS, FROM_BOT, NEW_MESSAGE, PRIVATE
from bot.telegram.callbacks import QuestionCodec
from bot.telegram.chat_articles import CHAT_ARTICLES_SCHEMA, ChatArticles
from bot.telegram.chat_engines import ChatEngines
from bot.telegram.chat_state import CHAT_STATE_SCHEMA, ChatState
from bot.telegram.database import Database, DataDirError, Schema, open_database
from bot.telegram.unanswered import UNANSWERED_SCHEMA, UnansweredLog
from bot.telegram.dispatch import Dispatcher
from bot.telegram.http import AiohttpRequest
from bot.telegram.inbox import INBOX_SCHEMA, Inbox
from bot.telegram.polling import Poller
from bot.telegram.reading import update_handler
from bot.telegram.sending import SendLimiter, retry_seconds
from knowledge.store import KnowledgeFileError

__all__ = ["SCHEMAS", "Webhook", "build_application", "main", "serve", "token_problem"]

logger = logging.getLogger("briefbot")


TOKEN_ENV = "TELEGRAM_BOT_TOKEN"
_TOKEN = re.compile(r"^\d{1,20}:[A-Za-z0-9_-]{30,100}$")
_SECRET_TOKEN = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
#: Every table the bot keeps (add a feature's schema here).
SCHEMAS: tuple[Schema, ...] = (INBOX_SCHEMA, CHAT_STATE_SCHEMA, UNANSWERED_SCHEMA, CHAT_ARTICLES_SCHEMA)
#: Files earlier versions kept in the data directory; never read (a pickle can run code).
_OLD_FILES = ("conversations.pickle", "updates.json")
PRUNE_EVERY = 60.0
#: Connections to the Bot API per dispatcher slot: a request whose connection hangs gives its slot
#: back (bot/telegram/sending.py) but keeps its connection until it times out, so the pool is
#: larger than the slots: with 64 slots, 192 requests can hang while every slot still sends.
CONNECTIONS_PER_SLOT = 4
#: Seconds between two checks for free pages to give back (:meth:`Database.compact`): the data
#: dir shrinks soon after a backlog is handled.
COMPACT_EVERY = 5.0
_ARTICLE_CAPTION = r"(?i)^/article(?:@\w+)?(?:\s|$)"  # a file for the chat's article; the handler checks @bot


@dataclass(frozen=True, slots=True)
class Webhook:
    """Where Telegram posts updates (``url``) and where we listen for them."""

    url: str
    listen: str
    port: int
    secret: str | None


# --- composition --------------------------------------------------------------------------------


def build_application(token: str, engine: Engine, chats: ChatState, settings: Settings | None = None,
                      unanswered: UnansweredLog | None = None) -> Application:
    """Wire the bot: rate limiter, timeouts, handlers and the error handler.

    Args:
        token: the bot token from @BotFather.
        engine: the answer engine (its knowledge is the article).
        chats: where conversations are kept (each chat's own article is kept in the same database).
        settings: Bot API URLs, limits and timeouts (defaults: :class:`Settings`).
        unanswered: where declined questions are counted (None: they are not).
    """
    settings = settings or Settings()
    timeout = settings.request_timeout
    builder = (
        ApplicationBuilder()
        .token(token)
        .updater(None)  # updates come from the inbox
        .rate_limiter(SendLimiter(limits=settings.rate_limits))
        .request(AiohttpRequest(settings.concurrency * CONNECTIONS_PER_SLOT, timeout))
        .get_updates_request(AiohttpRequest(1, timeout))
    )
    if settings.base_url:
        builder = builder.base_url(settings.base_url)
    if settings.file_url:
        builder = builder.base_file_url(settings.file_url)
    application = builder.build()

    knowledge = engine.knowledge
    examples = engine.examples
    known = [q for pair in knowledge.qa for q in pair.questions] + list(examples)
    engines = ChatEngines(engine, ChatArticles(chats.database), ArticleLibrary(settings.articles))
    application.bot_data[handlers.BotState.KEY] = handlers.BotState(
        engine=engine, codec=QuestionCodec(known), examples=examples, chats=chats, engines=engines,
        article_limits=settings.articles,
        flood=FloodGuard(settings.flood_limit) if settings.flood_limit is not None else None,
        private_flood=FloodGuard(settings.private_flood_limit) if settings.private_flood_limit is not None else None,
        allowed_chats=settings.allowed_chats, unanswered=unanswered,
    )

    application.add_handler(TypeHandler(Update, handlers.enforce_access), group=-2)
    application.add_handler(MessageHandler(FROM_BOT, handlers.ignore_bots), group=-1)
    application.add_handlers([
        CommandHandler("start", handlers.start, filters=COMMAND_CHATS),
        CommandHandler("help", handlers.help_command, filters=COMMAND_CHATS),
        CommandHandler("ask", handlers.ask_command, filters=NEW_MESSAGE),
        CommandHandler("brief", handlers.brief_command, filters=COMMAND_CHATS),
        CommandHandler("quotes", handlers.quotes_command, filters=COMMAND_CHATS),
        CommandHandler("who", handlers.who_command, filters=COMMAND_CHATS),
        CommandHandler("source", handlers.source_command, filters=COMMAND_CHATS),
        CommandHandler("article", handlers.article_command, filters=COMMAND_CHATS),
        MessageHandler(NEW_MESSAGE & filters.Document.ALL & filters.CaptionRegex(_ARTICLE_CAPTION),
                       handlers.article_document),
        MessageHandler(NEW_MESSAGE & PRIVATE & filters.COMMAND, handlers.unknown_command),
        MessageHandler(NEW_MESSAGE & filters.TEXT & ~filters.COMMAND & (PRIVATE | ADDRESSED),
                       handlers.answer_question),
        MessageHandler(NEW_MESSAGE & PRIVATE & ~filters.TEXT, handlers.hint_text_only),
        MessageHandler(filters.UpdateType.EDITED_MESSAGE & PRIVATE, handlers.hint_edited),
        CallbackQueryHandler(handlers.press_suggestion),
        InlineQueryHandler(handlers.answer_inline_query),
    ])
    application.add_error_handler(handlers.report_error)
    return application


async def _set_commands(application: Application) -> None:
    """Send the command menu (from the one table) once the bot knows who it is."""
    await application.bot.set_my_commands([BotCommand(name, text) for name, text in commands.COMMANDS])
    logger.info("Started as @%s; commands menu set", application.bot.username)


async def _initialize(application: Application, stop: asyncio.Event, patience: float) -> bool:
    """Initialize (``getMe``), trying again with a growing pause while the Bot API is unreachable.

    Returns False if ``stop`` was set meanwhile.

    Raises:
        InvalidToken: Telegram rejected the token (no point trying again).
        NetworkError: still unreachable after ``patience`` seconds.
    """
    deadline = time.monotonic() + patience
    pause = 1.0
    while True:
        try:
            await application.initialize()
            return True
        except InvalidToken:
            raise
        except (NetworkError, RetryAfter) as error:
            wait = retry_seconds(error.retry_after) if isinstance(error, RetryAfter) else pause
            if time.monotonic() + wait > deadline:
                raise NetworkError(f"still unreachable after {patience:g} s ({error})") from error
            logger.warning("Cannot reach the Bot API yet (%s); trying again in %.0f s", error, wait)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), wait)
            if stop.is_set():
                return False
            pause = min(pause * 2, 15.0)


async def _prune_periodically(database: Database, retention: float, stop: asyncio.Event) -> None:
    """Delete conversations and per-chat values unused for the retention period every minute, and
    give freed pages back to the disk every few seconds."""
    pruned_at = -PRUNE_EVERY
    while not stop.is_set():
        if time.monotonic() - pruned_at >= PRUNE_EVERY:
            pruned_at = time.monotonic()
            removed = database.prune(time.time(), retention)
            if removed:
                logger.info("Forgot %d conversation(s) unused for %.0f h", removed, retention / 3600)
        database.compact()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), COMPACT_EVERY)


async def serve(application: Application, database: Database, settings: Settings,
                webhook: Webhook | None = None) -> None:
    """Run the bot until SIGINT or SIGTERM: updates into the inbox, from the inbox to the handlers."""
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):  # e.g. Windows
            loop.add_signal_handler(sig, stop.set)
    try:
        if not await _initialize(application, stop, settings.start_timeout):
            return
        inbox = Inbox(database, application.bot.id)
        dispatcher = Dispatcher(inbox, update_handler(application), settings.concurrency)
        left_over = inbox.pending()
        if left_over:
            logger.info("Handling %d update(s) stored before the last stop", len(left_over))
        dispatcher.add(left_over)
        await _set_commands(application)
        await application.start()
        engines: ChatEngines = application.bot_data[handlers.BotState.KEY].engines
        background = [asyncio.create_task(dispatcher.run(stop)),
                      asyncio.create_task(_prune_periodically(database, settings.retention_hours * 3600, stop))]
        warming = asyncio.create_task(engines.warm_up(settings.articles.warm_up_chats))
        try:
            if webhook is None:
                await application.bot.delete_webhook()
                await Poller(application.bot, inbox, dispatcher, settings.poll_timeout,
                             settings.request_timeout).run(stop)
            else:
                await _serve_webhook(application, inbox, dispatcher, webhook, stop)
        finally:
            stop.set()
            warming.cancel()
            await engines.library.close()  # a build still running is stopped, not waited for
            await asyncio.gather(*background)
            with contextlib.suppress(asyncio.CancelledError):
                await warming
            await application.stop()
    finally:
        await application.shutdown()
        await application.bot.shutdown()  # its connections, also when it never got past getMe


async def _serve_webhook(application: Application, inbox: Inbox, dispatcher: Dispatcher, webhook: Webhook,
                         stop: asyncio.Event) -> None:
    from bot.telegram.webhook import WebhookServer, new_secret  # needs tornado, the webhooks extra

    secret = webhook.secret or new_secret()
    server = WebhookServer(inbox, dispatcher, secret, urlparse(webhook.url).path)
    server.listen(webhook.port, webhook.listen)
    try:
        await application.bot.set_webhook(webhook.url, secret_token=secret, allowed_updates=Update.ALL_TYPES)
        logger.info("Webhook set%s; listening on %s:%d", "" if webhook.secret else " with a generated secret token",
                    webhook.listen, webhook.port)
        await stop.wait()
    finally:
        await server.close()


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


def _fail(message: str, code: int, token: str = "") -> int:
    """Print one line on stderr (never the token, even if a setting quoted it) and return ``code``."""
    print(f"briefbot: {RedactSecrets.for_token(token).redact(message)}", file=sys.stderr)
    return code


def _load_engine(args: argparse.Namespace, settings: Settings) -> Engine:
    """The engine for --article / --knowledge / the bundled article.

    Raises:
        KnowledgeFileError: one line naming the file and what is wrong with it.
    """
    source = args.article or args.knowledge
    try:
        return load_engine(article=args.article, knowledge=args.knowledge, limits=settings.articles)
    except KnowledgeFileError:
        raise
    except RecursionError:
        raise KnowledgeFileError(f"{source or 'the bundled knowledge'}: nested too deeply to load") from None
    except Exception as exc:  # noqa: BLE001 - whatever a damaged file does, say which file in one line
        where = source or "the bundled knowledge"
        raise KnowledgeFileError(f"{where}: cannot load it ({exc.__class__.__name__}: {exc})".splitlines()[0]) from None


def main(args: argparse.Namespace) -> int:
    """Run the bot until stopped, as ``briefbot run`` parsed it; returns the exit code (2: bad token or configuration)."""
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
        database = open_database(settings.data_dir, SCHEMAS)
    except DataDirError as exc:
        return _fail(str(exc), 2, token)
    old = [name for name in _OLD_FILES if (settings.data_dir / name).exists()]
    if old:
        logger.warning("Ignoring %s in %s, left by an older briefbot (never read: state is in %s now); "
                       "delete it", " and ".join(old), settings.data_dir, database.path.name)
    try:
        engine = _load_engine(args, settings)
        unanswered = UnansweredLog(database) if settings.count_unanswered else None
        application = build_application(token, engine, ChatState(database), settings, unanswered)
    except KnowledgeFileError as exc:
        database.close()
        return _fail(str(exc), 2, token)
    webhook = Webhook(args.webhook, args.listen, args.port, args.secret_token) if args.webhook else None
    try:
        asyncio.run(serve(application, database, settings, webhook))
    except InvalidToken:
        return _fail(f"Telegram rejected {TOKEN_ENV}. Check the token @BotFather gave you (/mybots).", 2)
    except NetworkError as exc:
        logger.error("Cannot reach the Bot API: %s", exc)
        return _fail("cannot reach the Telegram Bot API; check the network and TELEGRAM_API_BASE_URL", 1)
    except Exception:
        logger.exception("briefbot stopped on an unexpected error")
        return 1
    finally:
        database.close()
    return 0

