"""What a chat sees about its own article: ``/article`` replies, progress and refusals.

Pure: every function returns Telegram HTML with everything from the article or the user escaped.
No ``telegram`` import.
"""

from __future__ import annotations

import html
import time

__all__ = [
    "ADMINS_ONLY_TEXT",
    "READING_TEXT",
    "current_article_text",
    "ready_text",
    "refused_text",
    "reset_text",
]

READING_TEXT = "Reading the article…"
ADMINS_ONLY_TEXT = "Sorry, only this group's administrators can change its article."
_HOW = ("To change it: /article followed by a link, or by the article's text (first line the headline); "
        "/article as a reply to a message holding the text; or a .txt or .html file with the caption "
        "/article. /article reset goes back to the bundled article.")


def ready_text(headline: str) -> str:
    """The "Reading…" message once the article is in use."""
    return f"Ready: <b>{html.escape(headline)}</b> — ask me anything"


def refused_text(reason: str, current_headline: str) -> str:
    """The "Reading…" message when the article could not be used: why, and that nothing changed."""
    return (f"I could not use that article. {html.escape(reason)}\n"
            f"This chat is still on: <b>{html.escape(current_headline)}</b>")


def reset_text(headline: str) -> str:
    """After ``/article reset``."""
    return f"Back to the bundled article: <b>{html.escape(headline)}</b>"


def current_article_text(headline: str, source: str | None, loaded_at: float | None) -> str:
    """``/article`` alone: which article the chat is on, where it came from and when (None: the bundled one)."""
    lines = [f"This chat is on: <b>{html.escape(headline)}</b>"]
    if source is None or loaded_at is None:
        lines.append("That is the bundled article.")
    else:
        when = time.strftime("%d %b %Y, %H:%M UTC", time.gmtime(loaded_at))
        lines.append(f"From: {html.escape(source)}")
        lines.append(f"Loaded: {when}")
    lines += ["", html.escape(_HOW)]
    return "\n".join(lines)
