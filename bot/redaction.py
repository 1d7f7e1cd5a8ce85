"""Logging that never shows the bot token: a redacting filter and redacted crash output.

Pure: it names the ``telegram`` and ``aiohttp`` loggers but imports neither.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from typing import Any

__all__ = ["RedactSecrets", "configure_logging"]


class RedactSecrets(logging.Filter):
    """Replace secrets (the bot token and its secret half) in every record, tracebacks included."""

    def __init__(self, secrets: list[str]) -> None:
        super().__init__()
        self._secrets = sorted({s for s in secrets if len(s) >= 8}, key=len, reverse=True)

    @classmethod
    def for_token(cls, token: str) -> RedactSecrets:
        """A filter for a bot token: the whole token and its secret half after the colon."""
        return cls([token, token.partition(":")[2]])

    def redact(self, text: str) -> str:
        """``text`` with every secret replaced by ``[REDACTED]``."""
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

    At ``DEBUG`` each Bot API request is logged too (``briefbot.http``: the URL carries the
    token, so it goes through the same filter), and aiohttp's own loggers; otherwise those are
    kept to warnings.  Uncaught exceptions
    in the main thread and in other threads are printed redacted as well.
    """
    redactor = RedactSecrets.for_token(token)
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(redactor)
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    debugging = level <= logging.DEBUG
    logging.getLogger("aiohttp").setLevel(logging.DEBUG if debugging else logging.WARNING)
    logging.getLogger("telegram").setLevel(level if debugging else logging.WARNING)
    logging.getLogger("telegram.ext.Application").setLevel(level)
    logging.captureWarnings(True)

    def print_redacted(kind: type[BaseException], error: BaseException, trace: Any) -> None:
        sys.stderr.write(redactor.redact("".join(traceback.format_exception(kind, error, trace))))

    sys.excepthook = print_redacted
    threading.excepthook = lambda hook: print_redacted(hook.exc_type, hook.exc_value, hook.exc_traceback)
    return redactor
