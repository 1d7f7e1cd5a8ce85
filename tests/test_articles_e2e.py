"""End to end: chats give the bot their own article; the real bot, an emulated Bot API, a local web server.

The bot runs as users start it (``run_bot.py run``) with ``BRIEFBOT_FETCH_ALLOW_PRIVATE=1`` so it
may read the test server on 127.0.0.1; the pages and texts are invented (``tests/data/articles``).
Each test plays users in their own chats and checks what they would see.  Only 127.0.0.1.
"""

from __future__ import annotations

import re
import threading
from pathlib import Path

import pytest
from article_server import ArticleServer, Route
from botproc import START_TIMEOUT, BotProcess
from telegram_emulator import WAIT, TelegramEmulator, parse_telegram_html

from bot.chat.render import render_reply

BOT = "BriefArticleBot"
DATA = Path(__file__).parent / "data" / "articles"
NEWS_PAGE = (DATA / "news_page.html").read_bytes()
FEATURE_PAGE = (DATA / "feature_page.html").read_bytes()
FERRY_TEXT = (DATA / "ferry_strike.txt").read_text(encoding="utf-8")
FERRY = "Harwick ferry service to resume after six-week strike"
LIBRARY = "Millbrook library reopens with a rooftop reading garden"
LIBRARY_TEXT = f"""{LIBRARY}
Millbrook's central library reopened on Saturday after an eighteen-month refurbishment that added a rooftop reading garden, a children's floor and a cafe.
The project cost £3.4 million, of which £2.1 million came from a national heritage grant and the rest from the borough council.
Head librarian Agnes Thornbury said more than 600 people had visited by lunchtime.
Council leader Rowan Ellery said the library would now open on Sundays for the first time in its history."""
LAVROV = "What did Lavrov say?"
STOPGAP = "How much did the stopgap cost the council?"

ADMIN = TelegramEmulator.user(2001, "Ada", "ada")
MEMBER = TelegramEmulator.user(2002, "Ben", "ben")
OUTSIDER = TelegramEmulator.user(2003, "Cleo", "cleo")
READER = TelegramEmulator.user(2004, "Dev", "dev")
FILER = TelegramEmulator.user(2005, "Eve", "eve")
WAITER = TelegramEmulator.user(2006, "Finn", "finn")
BYSTANDER = TelegramEmulator.user(2007, "Gus", "gus")
INLINER = TelegramEmulator.user(2008, "Hal", "hal")


@pytest.fixture(scope="module")
def site():
    with ArticleServer({
        "/ferry": Route(NEWS_PAGE),
        "/library": Route(FEATURE_PAGE, content_type="text/html"),
        "/slow-ferry": Route(NEWS_PAGE, hold=threading.Event()),
        "/huge": Route(b"<p>" + b"x" * 6 * 1024 * 1024 + b"</p>"),
    }) as running:
        yield running


@pytest.fixture(scope="module")
def bot(emulator, tmp_path_factory):
    work = tmp_path_factory.mktemp("articles-e2e")
    with BotProcess(emulator, work / "data", work / "bot.log", BRIEFBOT_FETCH_ALLOW_PRIVATE="1") as process:
        yield process


@pytest.fixture(scope="module")
def group(emulator):
    chat = emulator.group(-100_777_001, "Ferry watchers", supergroup=True)
    emulator.make_admin(chat, ADMIN)
    return chat


# --- helpers ------------------------------------------------------------------------------------


def ask(emulator: TelegramEmulator, chat: dict, user: dict, text: str, timeout: float = WAIT) -> dict:
    """Send a message and return the bot's first reply to it (within the emulator's default wait:
    10 s was outrun once after a restart at load ~8)."""
    message = emulator.user_says(chat, user, text)
    return emulator.wait_replies(message, timeout=timeout)[0]


def loaded(emulator: TelegramEmulator, sent: dict, timeout: float = 30.0) -> dict:
    """The "Reading the article…" reply to ``sent``, once it has been edited into its outcome."""
    reply = emulator.wait_replies(sent, timeout=timeout)[0]
    # a refusal can edit the message before this reads it, so the edit itself shows it was a placeholder
    emulator.wait_call("editMessageText", lambda p: int(p.get("message_id", 0)) == reply["message_id"], timeout)
    emulator.wait_for(lambda: reply["text"] != "Reading the article…", timeout, "the reading message to be edited")
    return reply


def buttons(message: dict) -> list[str]:
    return [b["text"] for row in message.get("reply_markup", {}).get("inline_keyboard", []) for b in row]


def answer_to(emulator: TelegramEmulator, chat: dict, user: dict, question: str, timeout: float = WAIT) -> str:
    prefix = f"/ask@{BOT} " if chat["type"] != "private" else ""
    return ask(emulator, chat, user, prefix + question, timeout)["text"]


# --- a group's article --------------------------------------------------------------------------


def test_an_admin_loads_a_link_in_a_group_and_members_are_answered_from_it(bot, emulator, site, group, engine):
    sent = emulator.user_says(group, ADMIN, f"/article@{BOT} {site.url('/ferry')}")
    ready = loaded(emulator, sent)
    assert ready["text"] == f"Ready: {FERRY} — ask me anything"
    examples = buttons(ready)
    assert len(examples) == 2
    assert "£180,000" in answer_to(emulator, group, MEMBER, STOPGAP)
    example = ask(emulator, group, MEMBER, f"/ask@{BOT} {examples[0]}")
    assert example["text"] != "The article doesn't say."
    # another chat keeps the bundled article
    bundled = emulator.private_chat(BYSTANDER)
    assert answer_to(emulator, bundled, BYSTANDER, LAVROV) == parse_telegram_html(render_reply(engine.reply(LAVROV)[0]))[0]


def test_a_member_who_is_not_an_admin_cannot_change_the_groups_article(bot, emulator, site, group):
    refused = ask(emulator, group, OUTSIDER, f"/article@{BOT} {site.url('/library')}")
    assert refused["text"] == "Sorry, only this group's administrators can change its article."
    reset = ask(emulator, group, OUTSIDER, f"/article@{BOT} reset")
    assert reset["text"] == refused["text"]
    assert "£180,000" in answer_to(emulator, group, MEMBER, STOPGAP)


def test_article_alone_says_which_article_the_group_is_on(bot, emulator, site, group):
    shown = ask(emulator, group, MEMBER, f"/article@{BOT}")["text"]
    assert shown.startswith(f"This chat is on: {FERRY}\nFrom: {site.url('/ferry')}\nLoaded: ")
    assert re.search(r"Loaded: \d\d \w{3} \d{4}, \d\d:\d\d UTC", shown)


def test_the_groups_commands_use_its_article(bot, emulator, group):
    brief = ask(emulator, group, MEMBER, f"/brief@{BOT}")["text"]
    assert FERRY in brief
    quotes = ask(emulator, group, MEMBER, f"/quotes@{BOT}")["text"]
    assert "We are sorry for the disruption our passengers have faced" in quotes
    assert FERRY in ask(emulator, group, MEMBER, f"/source@{BOT}")["text"]


@pytest.mark.parametrize(("path", "reason"), [
    ("/huge", "The page is larger than 5 MB; I only read smaller ones."),
    ("/missing", "The page answered HTTP 404 Not Found; nothing to read."),
], ids=["oversized", "not-found"])
def test_a_page_that_cannot_be_used_is_refused_and_the_article_kept(bot, emulator, site, group, path, reason):
    sent = emulator.user_says(group, ADMIN, f"/article@{BOT} {site.url(path)}")
    refused = loaded(emulator, sent)
    assert refused["text"] == f"I could not use that article. {reason}\nThis chat is still on: {FERRY}"
    assert "£180,000" in answer_to(emulator, group, MEMBER, STOPGAP)


# --- private chats ------------------------------------------------------------------------------


def test_pasted_text_becomes_the_private_chats_article(bot, emulator):
    chat = emulator.private_chat(READER)
    ready = loaded(emulator, emulator.user_says(chat, READER, f"/article {LIBRARY_TEXT}"))
    assert ready["text"] == f"Ready: {LIBRARY} — ask me anything"
    assert "£3.4 million" in answer_to(emulator, chat, READER, "How much did the project cost?")


def test_text_in_a_replied_to_message_becomes_the_article(bot, emulator):
    chat = emulator.private_chat(WAITER)
    holder = emulator.user_says(chat, WAITER, LIBRARY_TEXT)
    emulator.wait_replies(holder)  # the bot took it for a question first
    command = emulator.user_says(chat, WAITER, "/article", reply_to=holder)
    ready = emulator.wait_for(lambda: next((m for m in emulator.replies_to(command) if m["text"].startswith("Ready")),
                                           None), 30, "the article to be ready")
    assert ready["text"] == f"Ready: {LIBRARY} — ask me anything"
    assert "600" in answer_to(emulator, chat, WAITER, "How many people had visited by lunchtime?")


def test_a_text_file_with_the_caption_article_becomes_the_article(bot, emulator):
    chat = emulator.private_chat(FILER)
    sent = emulator.send_document(chat, FILER, "ferry.txt", FERRY_TEXT.encode("utf-8"), caption="/article")
    ready = loaded(emulator, sent)
    assert ready["text"] == f"Ready: {FERRY} — ask me anything"
    assert "412" in answer_to(emulator, chat, FILER, "How many members voted in favour of the deal?")
    assert emulator.calls_to("getFile")


def test_inline_mode_uses_the_users_private_chat_article(bot, emulator):
    chat = emulator.private_chat(INLINER)
    loaded(emulator, emulator.send_document(chat, INLINER, "ferry.txt", FERRY_TEXT.encode("utf-8"), caption="/article"))
    query_id = emulator.inline_query(INLINER, "")
    call = emulator.wait_call("answerInlineQuery", lambda p: p["inline_query_id"] == query_id, timeout=10)
    assert call.params["results"][0]["description"] == FERRY
    other = emulator.inline_query(BYSTANDER, "")  # no private article: the bundled one
    call = emulator.wait_call("answerInlineQuery", lambda p: p["inline_query_id"] == other, timeout=10)
    assert call.params["results"][0]["description"] != FERRY


def test_a_slow_page_does_not_hold_up_other_chats(bot, emulator, site, engine):
    slow_chat, other = emulator.private_chat(WAITER), emulator.private_chat(BYSTANDER)
    sent = emulator.user_says(slow_chat, WAITER, f"/article {site.url('/slow-ferry')}")
    reading = emulator.wait_replies(sent, timeout=10)[0]
    assert reading["text"] == "Reading the article…"
    question = emulator.user_says(other, BYSTANDER, LAVROV)
    answer = emulator.wait_replies(question, timeout=10)[0]  # the page is held (below), within its 15 s fetch limit
    assert answer["text"] == parse_telegram_html(render_reply(engine.reply(LAVROV)[0]))[0]
    assert reading["text"] == "Reading the article…"  # the slow page is still being read
    site.routes["/slow-ferry"].hold.set()
    ready = loaded(emulator, sent)
    assert ready["text"] == f"Ready: {FERRY} — ask me anything"


# --- after a restart ----------------------------------------------------------------------------


def test_after_a_restart_the_group_answers_from_its_article_and_private_addresses_are_refused(
        bot, emulator, site, group, engine):
    assert bot.stop() == 0
    bot.start(BRIEFBOT_FETCH_ALLOW_PRIVATE="0")
    # the first answer waits for the article to be rebuilt (a child process), as long as start-up may
    assert "£180,000" in answer_to(emulator, group, MEMBER, STOPGAP, timeout=START_TIMEOUT)
    sent = emulator.user_says(group, ADMIN, f"/article@{BOT} {site.url('/library')}")
    refused = loaded(emulator, sent)
    assert refused["text"] == ("I could not use that article. 127.0.0.1 is on a private or local network; "
                               f"I only read public web pages.\nThis chat is still on: {FERRY}")
    assert "£180,000" in answer_to(emulator, group, MEMBER, STOPGAP)
    reset = ask(emulator, group, ADMIN, f"/article@{BOT} reset")
    assert reset["text"].startswith("Back to the bundled article: ")
    assert answer_to(emulator, group, MEMBER, LAVROV) == parse_telegram_html(render_reply(engine.reply(LAVROV)[0]))[0]
