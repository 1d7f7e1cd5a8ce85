"""The bot's configuration from the environment, validated in one place.

Pure: no ``telegram`` import.  :meth:`Settings.from_env` reads every ``BRIEFBOT_*`` and
``TELEGRAM_API_*`` variable and raises :class:`SettingsError` with one line naming the variable,
the bad value and what would be right.  The token itself is checked by the Telegram adapter and
is never quoted in a message.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlsplit

from bot.access import DEFAULT_FLOOD_LIMIT, DEFAULT_PRIVATE_FLOOD_LIMIT, FloodLimit, parse_chat_ids
from bot.articles.limits import ArticleLimits

__all__ = ["DEFAULT_DATA_DIR", "LOG_LEVELS", "Settings", "SettingsError"]

DEFAULT_DATA_DIR = Path(".briefbot")
ALLOWED_CHATS_VARIABLES = ("ALLOWED_CHATS", "BRIEFBOT_ALLOWED_CHATS")
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
MAX_RETENTION_HOURS = 24 * 366
_NUMBER = re.compile(r"^\s*\d+(?:\.\d+)?\s*$")


class SettingsError(ValueError):
    """A configuration value the bot cannot run with; ``str()`` is one line for the user."""


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything the bot reads from its environment.

    Attributes:
        base_url: Bot API base URL ending in ``/bot`` (``TELEGRAM_API_BASE_URL``), or None for Telegram's.
        file_url: Bot API file URL (``TELEGRAM_API_FILE_URL``).
        data_dir: where the database (update inbox, conversations) lives (``BRIEFBOT_DATA_DIR``).
        log_level: ``BRIEFBOT_LOG_LEVEL``.
        allowed_chats: chat ids the bot serves (``ALLOWED_CHATS`` or ``BRIEFBOT_ALLOWED_CHATS``);
            None: every chat.
        flood_limit: per-user limit in groups (``BRIEFBOT_FLOOD_LIMIT``, e.g. ``10/60``); None: off.
        private_flood_limit: the limit in private chats (``BRIEFBOT_PRIVATE_FLOOD_LIMIT``); None: off.
        retention_hours: conversations unused this long are deleted (``BRIEFBOT_RETENTION_HOURS``).
        rate_limits: keep Telegram's sending limits (``BRIEFBOT_RATE_LIMITS=telegram``, the default)
            or lift them (``off``, for load tests against an emulator).
        poll_timeout: long-polling timeout in seconds (``BRIEFBOT_POLL_TIMEOUT``).
        request_timeout: seconds to wait for a Bot API response (``BRIEFBOT_REQUEST_TIMEOUT``).
        start_timeout: how long start-up keeps trying to reach the Bot API (``BRIEFBOT_START_TIMEOUT``).
        concurrency: updates handled at once (``BRIEFBOT_CONCURRENCY``), besides those waiting out
            Telegram's limits; one chat's are always in order.
        count_unanswered: count the questions the bot declines, text only (``BRIEFBOT_COUNT_UNANSWERED``,
            ``on`` by default, ``off`` to opt out); ``briefbot unanswered`` lists them.
        articles: limits on chats' own articles (:class:`~bot.articles.limits.ArticleLimits`, where each
            number's origin is noted); ``BRIEFBOT_FETCH_TIMEOUT`` and ``BRIEFBOT_FETCH_ALLOW_PRIVATE=1``.
    """

    base_url: str | None = None
    file_url: str | None = None
    data_dir: Path = DEFAULT_DATA_DIR
    log_level: str = "INFO"
    allowed_chats: frozenset[int] | None = None
    flood_limit: FloodLimit | None = field(default=DEFAULT_FLOOD_LIMIT)
    private_flood_limit: FloodLimit | None = field(default=DEFAULT_PRIVATE_FLOOD_LIMIT)
    retention_hours: float = 24.0
    rate_limits: bool = True
    poll_timeout: float = 10.0
    request_timeout: float = 10.0
    start_timeout: float = 120.0
    concurrency: int = 64
    count_unanswered: bool = True
    articles: ArticleLimits = ArticleLimits()

    def __post_init__(self) -> None:
        if self.log_level not in LOG_LEVELS:
            raise SettingsError(f"log level {self.log_level!r} is not one of {', '.join(LOG_LEVELS)}")
        if not 0 < self.poll_timeout <= 50:
            raise SettingsError(f"poll timeout {self.poll_timeout:g} s is not between 0 and 50 seconds")
        if not 0 < self.request_timeout <= 300:
            raise SettingsError(f"request timeout {self.request_timeout:g} s is not between 0 and 300 seconds")
        if not 0 < self.start_timeout <= 3600:
            raise SettingsError(f"start timeout {self.start_timeout:g} s is not between 0 and 3600 seconds")
        if not 0 < self.retention_hours <= MAX_RETENTION_HOURS:
            raise SettingsError(f"retention {self.retention_hours:g} h is not between 0 and {MAX_RETENTION_HOURS} hours")
        if not 1 <= self.concurrency <= 1024:
            raise SettingsError(f"concurrency {self.concurrency} is not between 1 and 1024")

    @property
    def log_level_number(self) -> int:
        return getattr(logging, self.log_level)

    @classmethod
    def from_env(cls, environ: Mapping[str, str]) -> Settings:
        """Read and check the environment; unset or empty variables keep their defaults.

        Raises:
            SettingsError: one line naming the variable, its value and what it should be.
        """
        values: dict[str, object] = {}
        env = {k: v.strip() for k, v in environ.items() if v.strip()}
        if "TELEGRAM_API_BASE_URL" in env:
            values["base_url"] = _url(env, "TELEGRAM_API_BASE_URL", "/bot", "https://api.telegram.org/bot")
        if "TELEGRAM_API_FILE_URL" in env:
            values["file_url"] = _url(env, "TELEGRAM_API_FILE_URL", "/file/bot",
                                      "https://api.telegram.org/file/bot")
        if "BRIEFBOT_DATA_DIR" in env:
            values["data_dir"] = Path(env["BRIEFBOT_DATA_DIR"])
        if "BRIEFBOT_LOG_LEVEL" in env:
            level = env["BRIEFBOT_LOG_LEVEL"].upper()
            if level not in LOG_LEVELS:
                raise SettingsError(f"BRIEFBOT_LOG_LEVEL={env['BRIEFBOT_LOG_LEVEL']!r} is not one of "
                                    f"{', '.join(LOG_LEVELS)}")
            values["log_level"] = level
        for name in ALLOWED_CHATS_VARIABLES:  # the short name first, as deployments write it
            if name in env:
                try:
                    values["allowed_chats"] = parse_chat_ids(env[name])
                except ValueError as exc:
                    raise SettingsError(f"{name}: {exc}; separate ids with commas") from None
                break
        for name, key in (("BRIEFBOT_FLOOD_LIMIT", "flood_limit"), ("BRIEFBOT_PRIVATE_FLOOD_LIMIT", "private_flood_limit")):
            if name in env:
                try:
                    values[key] = FloodLimit.parse(env[name])
                except ValueError as exc:
                    raise SettingsError(f"{name}: {exc}") from None
        if "BRIEFBOT_RETENTION_HOURS" in env:
            values["retention_hours"] = _number(env, "BRIEFBOT_RETENTION_HOURS", 0, MAX_RETENTION_HOURS, "hours")
        for name, key, on, meaning in (
                ("BRIEFBOT_RATE_LIMITS", "rate_limits", "telegram", "Telegram's sending limits, the default"),
                ("BRIEFBOT_COUNT_UNANSWERED", "count_unanswered", "on", "count declined questions, the default")):
            if name in env:
                values[key] = _switch(env, name, on, meaning)
        for name, key, low, high in (("BRIEFBOT_POLL_TIMEOUT", "poll_timeout", 0, 50),
                                     ("BRIEFBOT_REQUEST_TIMEOUT", "request_timeout", 0, 300),
                                     ("BRIEFBOT_START_TIMEOUT", "start_timeout", 0, 3600)):
            if name in env:
                values[key] = _number(env, name, low, high, "seconds")
        if "BRIEFBOT_CONCURRENCY" in env:
            text = env["BRIEFBOT_CONCURRENCY"]
            if not text.isdigit() or not 1 <= int(text) <= 1024:
                raise SettingsError(f"BRIEFBOT_CONCURRENCY={text!r} is not a whole number from 1 to 1024")
            values["concurrency"] = int(text)
        values["articles"] = _article_limits(env)
        return cls(**values)  # type: ignore[arg-type]


def _switch(env: Mapping[str, str], name: str, on: str, meaning: str) -> bool:
    """A two-way setting: ``on`` (the default, which means ``meaning``) or ``off``."""
    choice = env[name].lower()
    if choice not in (on, "off"):
        raise SettingsError(f"{name}={env[name]!r} is not {on!r} ({meaning}) or 'off'")
    return choice == on


def _article_limits(env: Mapping[str, str]) -> ArticleLimits:
    limits = ArticleLimits()
    if "BRIEFBOT_FETCH_TIMEOUT" in env:
        limits = replace(limits, fetch_timeout=_number(env, "BRIEFBOT_FETCH_TIMEOUT", 0, 120, "seconds"))
    if "BRIEFBOT_FETCH_ALLOW_PRIVATE" in env:
        choice = env["BRIEFBOT_FETCH_ALLOW_PRIVATE"].lower()
        if choice not in ("0", "1", "true", "false", "yes", "no"):
            raise SettingsError(f"BRIEFBOT_FETCH_ALLOW_PRIVATE={env['BRIEFBOT_FETCH_ALLOW_PRIVATE']!r} is not 1 "
                                f"(fetch articles from private and local addresses too) or 0 (the default)")
        limits = replace(limits, allow_private=choice in ("1", "true", "yes"))
    return limits


def _url(env: Mapping[str, str], name: str, suffix: str, example: str) -> str:
    value = env[name]
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise SettingsError(f"{name}={value!r} is not an http(s) URL like {example}")
    if not value.endswith(suffix):
        raise SettingsError(f"{name}={value!r} must end in {suffix} (the token is appended to it), "
                            f"like {example}")
    return value


def _number(env: Mapping[str, str], name: str, low: float, high: float, unit: str) -> float:
    text = env[name]
    if not _NUMBER.match(text) or not low < float(text) <= high:
        raise SettingsError(f"{name}={text!r} is not a number of {unit} above {low:g} and at most {high:g}")
    return float(text)
