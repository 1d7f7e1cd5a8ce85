"""The brief, who's who and the quotes as data (``--json``) and as plain text for a terminal.

The same knowledge functions feed Telegram (:mod:`bot.chat.commands`), so every front end shows
the same points, people and quotes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from knowledge.briefing import make_brief
from knowledge.cast import cast, direct_quotes
from knowledge.model import Knowledge

__all__ = ["VIEWS", "brief_view", "quotes_view", "who_view"]

View = tuple[dict[str, Any], str]


def brief_view(knowledge: Knowledge) -> View:
    """``{"headline", "points": [{"text", "quote"}], "numbers": [{"text", "quote"}]}`` and its text."""
    brief = make_brief(knowledge)
    lines = [brief.headline, ""]
    lines += [f"• {p.text}" for p in brief.points]
    if brief.numbers:
        lines += ["", "Key numbers"] + [f"• {n.text}" for n in brief.numbers]
    return brief.to_json(), "\n".join(lines)


def who_view(knowledge: Knowledge) -> View:
    """``{"people": [{"name", "kind", "role", "said", "quote"}]}`` and its text, one line each; for one
    who says nothing, ``said`` is what another did about them, naming that other ("Vladimir Putin: Sir
    Keir Starmer urged Putin to engage with negotiations")."""
    people = cast(knowledge)
    lines = [m.name + (f", {m.role}" if m.role else "") + (f": {m.said}" if m.said else "") for m in people]
    return {"people": [m.to_json() for m in people]}, "\n".join(lines) or "The article names nobody."


def quotes_view(knowledge: Knowledge) -> View:
    """``{"quotes": [{"speaker", "quote"}]}`` and its text, each quote under its speaker."""
    quotes = direct_quotes(knowledge)
    lines = [f"{q.speaker or 'Unattributed'}: “{q.quote.text}”" for q in quotes]
    return {"quotes": [q.to_json() for q in quotes]}, "\n".join(lines) or "The article quotes nobody directly."


VIEWS: dict[str, Callable[[Knowledge], View]] = {"brief": brief_view, "who": who_view, "quotes": quotes_view}
