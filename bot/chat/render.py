"""Turn an engine :class:`~bot.engine.reply.Reply` into Telegram HTML, and split long HTML safely.

Pure: no ``telegram`` import.  Everything that came from the user or the article goes through
:func:`html.escape`; the only tags are the ones written here.  Telegram measures message length
in UTF-16 code units, so :func:`split_html` does too.
"""

from __future__ import annotations

import html
import re

from bot.engine.reply import DECLINE_TEXT, Reply

__all__ = [
    "MAX_MESSAGE_LENGTH",
    "render_reply",
    "split_html",
    "utf16_len",
]

MAX_MESSAGE_LENGTH = 4096
SUGGESTIONS_HINT = "Perhaps one of these?"

# One "atom" of Telegram HTML: a tag, a character entity, or a single character.  Splitting only
# ever happens between atoms, so a chunk never ends inside a tag or an entity.
_ATOM = re.compile(r"<[^<>]*>|&(?:#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);|.", re.DOTALL)
_TAG = re.compile(r"<(/?)([a-zA-Z][\w-]*)")


def utf16_len(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def render_reply(reply: Reply, question: str | None = None, suggestions_as_text: bool = False) -> str:
    """The reply as Telegram HTML: one line of answer, then the quote and its speaker.

    Args:
        reply: what the engine answered.
        question: when given, shown first in italics (used when a button press asked it).
        suggestions_as_text: list the suggestions in the message (inline results have no buttons).
    """
    lines: list[str] = []
    if question:
        lines.append(f"<i>{html.escape(question)}</i>")
    text = reply.text.strip() or (DECLINE_TEXT if reply.kind == "decline" else "")
    lines.append(html.escape(text))
    if reply.quote is not None:
        quote = html.escape(reply.quote.text.strip())
        if reply.speaker:
            quote += f"\n— {html.escape(reply.speaker)}"
        lines.append(f"<blockquote>{quote}</blockquote>")
    if reply.suggestions and not reply.answered:
        if suggestions_as_text:
            lines.append(SUGGESTIONS_HINT)
            lines.extend(f"• {html.escape(s)}" for s in reply.suggestions)
        else:
            lines.append(f"<i>{SUGGESTIONS_HINT}</i>")
    return "\n".join(lines)


def split_html(text: str, limit: int = MAX_MESSAGE_LENGTH) -> list[str]:
    """Split Telegram HTML into chunks of at most ``limit`` UTF-16 units, each valid on its own.

    Breaks at the last newline (else space) that fits, never inside a tag or an entity; tags open
    at a break are closed at the end of the chunk and reopened at the start of the next one.
    Chunks that would show nothing are dropped.
    """
    if utf16_len(text) <= limit:
        return [text] if text.strip() else []
    atoms = _ATOM.findall(text)
    chunks: list[str] = []
    stack: list[tuple[str, str]] = []  # (opening tag as written, tag name) open at position i
    i = 0
    while i < len(atoms):
        while i < len(atoms) and atoms[i] in ("\n", " "):
            i += 1  # a chunk does not start with blank space
        if i >= len(atoms):
            break
        opening = "".join(tag for tag, _ in stack)
        used, cur, j = utf16_len(opening), stack, i
        breaks: dict[str, tuple[int, list[tuple[str, str]], int]] = {}  # kind -> (index, stack, used)
        while j < len(atoms):
            atom = atoms[j]
            after = _after(cur, atom)
            if used + utf16_len(atom) + _closing_len(after) > limit:
                break
            used, cur, j = used + utf16_len(atom), after, j + 1
            if atom in ("\n", " "):
                breaks["newline" if atom == "\n" else "space"] = (j, cur, used)
        if j >= len(atoms):
            cut, cut_stack = j, cur
        else:
            late = [b for kind in ("newline", "space") if (b := breaks.get(kind)) and b[2] >= limit // 2]
            early = [b for kind in ("newline", "space") if (b := breaks.get(kind))]
            if late or early:
                cut, cut_stack, _ = (late or early)[0]
            elif j > i:
                cut, cut_stack = j, cur  # no blank to break at: break between two atoms
            else:
                cut, cut_stack = i + 1, _after(stack, atoms[i])  # limit smaller than one atom
        body = "".join(atoms[i:cut]).rstrip(" \n")
        chunk = opening + body + "".join(f"</{name}>" for _, name in reversed(cut_stack))
        if _visible(chunk).strip():
            chunks.append(chunk)
        stack, i = cut_stack, cut
    return chunks


def _after(stack: list[tuple[str, str]], atom: str) -> list[tuple[str, str]]:
    """The open-tag stack after ``atom``."""
    match = _TAG.match(atom) if atom.startswith("<") and len(atom) > 1 else None
    if match is None:
        return stack
    closing, name = match.group(1) == "/", match.group(2).lower()
    if not closing:
        return [*stack, (atom, name)]
    for k in range(len(stack) - 1, -1, -1):
        if stack[k][1] == name:
            return stack[:k] + stack[k + 1 :]
    return stack


def _closing_len(stack: list[tuple[str, str]]) -> int:
    return sum(len(name) + 3 for _, name in stack)


def _visible(chunk: str) -> str:
    """The text a reader sees (tags removed, entities decoded)."""
    return html.unescape(re.sub(r"<[^<>]*>", "", chunk))
