"""briefbot on Telegram: the composition point and the ``run`` entry point.

:func:`build_application` wires persistence (:mod:`bot.telegram.persistence`), delivery
(:mod:`bot.telegram.polling`), the addressing rules (:mod:`bot.telegram.addressing`) and the
callbacks (:mod:`bot.telegram.handlers`); :func:`main` runs what ``briefbot run`` parsed, with the environment
(:mod:`bot.settings`), sets up redacted logging (:mod:`bot.redaction`) and runs long polling or a
webhook.  Only the ``bot.telegram`` package imports ``telegram``.
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
from pathlib import Path
from urllib.parse import urlparse

from telegram import Bot, BotCommand, Update
from telegram.error import InvalidToken, NetworkError
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

from bot.chat import commands
from bot.telegram import handlers
from bot.access import FloodGuard
from bot.engine.engine import Engine
from bot.loading import load_engine
from bot.telegram.offsets import UpdateJournal
from bot.redaction import RedactSecrets, configure_logging
from bot.telegram.callbacks import QuestionCodec
from bot.settings import Settings, SettingsError
from bot.telegram.storage import DataDirError, check_data_dir, quarantine_if_corrupt
from bot.telegram.addressing import ADDRESSED, COMMAND_CHATS, FROM_BOT, NEW_MESSAGE, PRIVATE
from bot.telegram.persistence import BatchedPicklePersistence
from bot.telegram.polling import PerChatUpdateProcessor, Poller, RetryingRateLimiter
from knowledge.store import KnowledgeFileError

__all__ = ["build_application", "main", "token_problem"]

logger = logging.getLogger("briefbot")


TOKEN_ENV = "TELEGRAM_BOT_TOKEN"
_TOKEN = re.compile(r"^\d{1,20}:[A-Za-z0-9_-]{30,100}$")
_SECRET_TOKEN = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
PERSISTENCE_FILE = "conversations.pickle"
JOURNAL_FILE = "updates.json"


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
    examples = engine.examples
    known = [q for pair in knowledge.qa for q in pair.questions] + list(examples)
    application.bot_data[handlers.BotState.KEY] = handlers.BotState(
        engine=engine, codec=QuestionCodec(known), examples=examples,
        flood=FloodGuard(settings.flood_limit) if settings.flood_limit is not None else None,
        allowed_chats=settings.allowed_chats,
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


async def _check_token(token: str, base_url: str | None) -> None:
    """Ask the Bot API who we are, so a rejected token fails before polling starts."""
    async with Bot(token, **({"base_url": base_url} if base_url else {})):
        pass


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
        engine = _load_engine(args, settings)
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

