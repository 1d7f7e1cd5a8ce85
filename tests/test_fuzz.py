"""Hostile input, fuzzed: the engine never raises, and what users see is valid, escaped Telegram HTML.

Hypothesis builds messages from any Unicode plus the troublemakers: right-to-left and zero-width
marks, combining marks, emoji sequences, NUL, HTML and MarkdownV2 specials, command lookalikes,
other scripts, from empty to 100,000 characters.  The engine is fuzzed in-process (fast, many
examples); a bounded sample goes through the real bot and the emulated Bot API, which rejects
invalid HTML and over-long messages as Telegram does.  Examples are derandomized so CI is stable.
"""

from __future__ import annotations

import html
import itertools
import time

import pytest
from botproc import BotProcess
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from telegram_emulator import TelegramEmulator, parse_telegram_html, utf16_len

from bot.engine.conversation import Conversation
from bot.chat.render import render_reply, split_html

BOT = "BriefFuzzBot"
PIECES = (
    "<b>", "</b>", "<i>x</i>", "<script>alert(1)</script>", "&", "&amp;", "&lt;", "&#0;", "<", ">", '"', "'",
    "_*[]()~`>#+-=|{}.!\\", "*bold*", "__u__", "||spoiler||", "```pre```",
    "\u200f", "\u200e", "\u202e", "\u2066", "\u200b", "\u200d", "\ufeff", "\u0301", "e\u0301", "\u0000", "\x7f",
    "😀", "👩‍👩‍👧‍👦", "🇺🇦", "🏳️‍🌈", "\U0001f9d1\U0001f3fd", "\ud7ff", "\U0010ffff",
    "/ask", "/start", f"/ask@{BOT}", "/ask@OtherBot", "/help@", "／ask", "/", "@", f"@{BOT}", "#tag",
    "Лавров", "ماكرون", "拉夫罗夫", "लावरोव", "ลาฟรอฟ", "what did lavrov say?", "why?", "he", "10,000",
    "\n", "\r\n", " ", "\t", "\u00a0", "\u2028",
)
ALLOWED_ENTITIES = {"italic", "blockquote"}

short_text = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=12)), max_size=24).map("".join)
long_text = st.builds(lambda piece, n: (piece * (n // len(piece) + 1))[:n], short_text.filter(bool),
                      st.integers(0, 100_000))
hostile = st.one_of(short_text, short_text, long_text)


def check_html(source: str, max_entities: int = 3) -> str:
    """Parse as Telegram would; only our own tags may produce entities.  Returns the plain text."""
    text, entities = parse_telegram_html(source)
    assert {e["type"] for e in entities} <= ALLOWED_ENTITIES, entities
    assert len(entities) <= max_entities, entities
    return text


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(text=hostile, follow_up=st.booleans())
def test_engine_never_raises_and_every_reply_renders_to_valid_escaped_html(engine, text, follow_up):
    conversation = engine.reply("Who is Sergei Lavrov?")[1] if follow_up else Conversation()
    started = time.perf_counter()
    reply, after = engine.reply(text, conversation)
    assert time.perf_counter() - started < 2.0, f"{len(text)} characters took too long"
    assert isinstance(after, Conversation)
    for html_text in (render_reply(reply), render_reply(reply, question=text[:3000]),
                      render_reply(reply, question=text[:3000], suggestions_as_text=True)):
        chunks = split_html(html_text)
        assert chunks, "a reply always shows something"
        for chunk in chunks:
            assert utf16_len(parse_telegram_html(chunk)[0]) <= 4096
            check_html(chunk, max_entities=3 if len(chunks) == 1 else 4)
    shown = check_html(render_reply(reply, question=text[:3000]))
    if text[:3000].strip():
        assert shown.startswith(text[:3000]), "the question is shown exactly as typed, not interpreted"


@settings(max_examples=100, deadline=None, derandomize=True, database=None)
@given(piece=short_text.filter(str.strip), length=st.integers(4000, 20_000))
def test_split_html_keeps_any_long_escaped_text_valid_and_whole(piece, length):
    text = (piece * (length // len(piece) + 1))[:length]
    chunks = split_html(f"<blockquote>{html.escape(text)}</blockquote>")
    assert len(chunks) >= 1
    for chunk in chunks:
        assert utf16_len(parse_telegram_html(chunk)[0]) <= 4096
        check_html(chunk, max_entities=1)

    def squeeze(s: str) -> str:
        return "".join(s.split())  # breaks fall on whitespace

    assert squeeze("".join(parse_telegram_html(c)[0] for c in chunks)) == squeeze(text)


# --- through the bot ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def bot(emulator, tmp_path_factory):
    work = tmp_path_factory.mktemp("fuzz")
    with BotProcess(emulator, work / "data", work / "bot.log") as process:
        yield process


_users = itertools.count(900_000)


@settings(max_examples=40, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(text=hostile.filter(bool))
def test_bot_answers_any_message_with_valid_html_and_never_errors(bot, emulator, text):
    user = TelegramEmulator.user(next(_users), "Fuzzer")
    chat = emulator.private_chat(user)
    emulator.user_says(chat, user, text)
    emulator.wait_for(lambda: emulator.bot_messages(chat["id"]), 10, "a reply")
    sends = [c for c in emulator.calls_to("sendMessage") if c.params.get("chat_id") == chat["id"]]
    assert sends and all(c.status == 200 for c in sends), [c.response for c in sends]
    for message in emulator.bot_messages(chat["id"]):
        assert {e["type"] for e in message.get("entities", [])} <= ALLOWED_ENTITIES | {"bold"}


def test_bot_logged_no_errors_while_fuzzed(bot):
    log = bot.log_text()
    assert "Traceback" not in log and " ERROR " not in log
