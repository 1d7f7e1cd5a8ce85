"""The bot's commands: one table for ``/help`` and the Telegram menu, and the texts they show.

Pure: every function takes the :class:`~knowledge.model.Knowledge` and returns Telegram HTML,
with everything from the article escaped.  No ``telegram`` import.
"""

from __future__ import annotations

import html

from knowledge.briefing import make_brief
from knowledge.cast import cast, direct_quotes
from knowledge.model import Knowledge

__all__ = [
    "COMMANDS",
    "brief_text",
    "help_text",
    "private_hint_text",
    "quotes_text",
    "source_text",
    "start_text",
    "who_text",
]

#: (command, description): drives both /help and ``set_my_commands``, so they cannot drift.
COMMANDS: tuple[tuple[str, str], ...] = (
    ("start", "What this bot is, with example questions"),
    ("help", "How to ask and what each command does"),
    ("ask", "Ask a question about the article: /ask QUESTION"),
    ("brief", "The briefing: key points and numbers"),
    ("quotes", "Who said what, verbatim"),
    ("who", "The people and organisations, their roles and stances"),
    ("source", "The headline and what the article is"),
    ("article", "Use your own article: /article LINK, pasted text or a .txt/.html file"),
)


def start_text(knowledge: Knowledge, bot_username: str | None = None) -> str:
    """The /start greeting: what the bot is and which article it knows."""
    mention = f" @{html.escape(bot_username)}" if bot_username else ""
    return (
        f"Hi! I'm{mention}, a briefing bot for one news article:\n"
        f"<b>{html.escape(_headline(knowledge))}</b>\n\n"
        "Ask me anything about it and I'll answer in one line, with the article's own words as proof. "
        "If the article doesn't say, I'll tell you.\n"
        "Try one of these, or see /help."
    )


def help_text(bot_username: str | None = None) -> str:
    """The /help text, built from :data:`COMMANDS`."""
    suffix = f"@{bot_username}" if bot_username else ""
    lines = ["<b>Commands</b>"]
    lines += [f"/{name} — {html.escape(description)}" for name, description in COMMANDS]
    mention = f"@{html.escape(bot_username)}" if bot_username else "the bot"
    lines += [
        "",
        "In a private chat, just send a question; follow-ups like “why?” or “what did he say?” work.",
        f"In a group, use /ask{html.escape(suffix)} QUESTION, mention {mention}, or reply to my messages.",
        f"In any chat, type {mention} QUESTION to share an answer inline.",
    ]
    return "\n".join(lines)


def private_hint_text() -> str:
    """What a private chat hears when it sends something other than a text question."""
    return "I answer text questions about the article. Send me a question, or see /help."


def brief_text(knowledge: Knowledge) -> str:
    """The /brief text: the points, then the key numbers.  A point shortened from its sentence has the
    whole sentence below it in a collapsed quote; a point that is its sentence is its own quote."""
    brief = make_brief(knowledge)
    lines = [f"<b>Briefing: {html.escape(_headline(knowledge))}</b>"]
    for point in brief.points:
        lines.append(f"• {html.escape(point.text)}")
        if point.text != point.quote.text:
            lines.append(f"<blockquote expandable>{html.escape(point.quote.text)}</blockquote>")
    if not brief.points:
        lines.append("The article is too short to brief.")
    if brief.numbers:
        lines += ["", "<b>Key numbers</b>"]
        lines += [f"• {html.escape(n.text)}" for n in brief.numbers]
    return "\n".join(lines)


def quotes_text(knowledge: Knowledge) -> str:
    """The /quotes text: each speaker's direct quotes, verbatim, in article order."""
    lines = ["<b>Who said what</b>"]
    previous = None
    for spoken in direct_quotes(knowledge):
        speaker = spoken.speaker or "Unattributed"
        if speaker != previous:  # consecutive quotes from one speaker share their name
            lines.append(f"<b>{html.escape(speaker)}</b>")
            previous = speaker
        lines.append(f"<blockquote>“{html.escape(spoken.quote.text)}”</blockquote>")
    if len(lines) == 1:
        lines.append("The article quotes nobody directly.")
    return "\n".join(lines)


def who_text(knowledge: Knowledge) -> str:
    """The /who text: one line per person or organisation: name, role, what they said or did."""
    lines = ["<b>Who's who</b>"]
    for member in cast(knowledge):
        line = f"• <b>{html.escape(member.name)}</b>"
        if member.role:
            line += f", {html.escape(member.role)}"
        if member.said:
            line += f": {html.escape(member.said)}"
        lines.append(line)
    if len(lines) == 1:
        lines.append("The article names nobody.")
    return "\n".join(lines)


def source_text(knowledge: Knowledge) -> str:
    """The /source text: the headline and what the article is."""
    body = [s for s in knowledge.sentences if s.paragraph > 0]
    paragraphs = len({s.paragraph for s in body})
    words = len(knowledge.text.split())
    lines = [f"<b>{html.escape(_headline(knowledge))}</b>"]
    if knowledge.source:
        lines.append(f"Source: {html.escape(knowledge.source)}")
    what = f"A news article of about {words} words"
    if paragraphs:
        what += f" in {paragraphs} paragraphs"
    lines.append(
        what + ". Every answer I give quotes it verbatim; I know nothing beyond it."
    )
    return "\n".join(lines)


def _headline(knowledge: Knowledge) -> str:
    return knowledge.headline.strip() or knowledge.text.strip().split("\n", 1)[0]


def _display_name(entity: Entity | None) -> str:
    return entity.name if entity is not None else ""
