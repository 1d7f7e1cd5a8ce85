"""A chat's article on the bot's side: what ``/article`` asks for, who may change it, where it is kept.

The store runs on a real database in a temporary data directory; the admin check on a stand-in
for the one Bot API call it makes (``getChatMember``), counting the calls.
"""

from __future__ import annotations

import asyncio
import os
import stat
from pathlib import Path
from types import SimpleNamespace

import pytest

from bot.articles import Article, ArticleError, ArticleLimits
from bot.articles.library import ArticleLibrary
from bot.articles.request import ArticleRequest, read_request
from bot.chat import articles as texts
from bot.telegram.admins import AdminCheck
from bot.telegram.chat_articles import CHAT_ARTICLES_SCHEMA, ChatArticles
from bot.telegram.chat_engines import ChatEngines
from bot.telegram.database import DATABASE_FILE, open_database

FERRY_TEXT = (Path(__file__).parent / "data" / "articles" / "ferry_strike.txt").read_text(encoding="utf-8")
FERRY = Article(FERRY_TEXT.strip(), "https://news.example/ferry")
OTHER = Article("Second headline\n" + FERRY_TEXT, "pasted text")


# --- what /article asks for ---------------------------------------------------------------------


@pytest.mark.parametrize(("argument", "replied", "expected"), [
    ("", None, ArticleRequest("show")),
    ("  ", "", ArticleRequest("show")),
    ("reset", None, ArticleRequest("reset")),
    ("RESET", "some text", ArticleRequest("reset")),
    ("https://news.example/story", None, ArticleRequest("link", "https://news.example/story")),
    ("http://news.example/story ", None, ArticleRequest("link", "http://news.example/story")),
    ("Headline\nBody of the story", None, ArticleRequest("text", "Headline\nBody of the story")),
    ("https://news.example/story and more words", None,
     ArticleRequest("text", "https://news.example/story and more words")),
    ("", "Headline\nBody", ArticleRequest("text", "Headline\nBody")),
], ids=["alone", "alone-replying-to-nothing", "reset", "reset-any-case", "link", "link-with-space",
        "pasted-text", "text-starting-with-a-link", "reply-to-text"])
def test_article_requests(argument, replied, expected):
    assert read_request(argument, replied) == expected


def test_a_request_with_an_unknown_action_is_refused():
    with pytest.raises(ValueError, match="'load' is not one of show, reset, link, text"):
        ArticleRequest("load")


# --- what the chat is told ----------------------------------------------------------------------


def test_the_current_article_names_its_source_and_time_with_the_user_text_escaped():
    text = texts.current_article_text("Fish <b>&</b> chips", "https://x.example/?a=1&b=2", 1_773_477_000)
    assert text.startswith("This chat is on: <b>Fish &lt;b&gt;&amp;&lt;/b&gt; chips</b>\n")
    assert "From: https://x.example/?a=1&amp;b=2\nLoaded: 14 Mar 2026, 08:30 UTC" in text


def test_the_bundled_article_is_named_as_such():
    assert "That is the bundled article." in texts.current_article_text("Headline", None, None)


def test_a_refusal_says_why_and_that_nothing_changed():
    assert texts.refused_text("The page answered HTTP 404 Not Found.", "Old <one>") == (
        "I could not use that article. The page answered HTTP 404 Not Found.\n"
        "This chat is still on: <b>Old &lt;one&gt;</b>")


# --- who may change it --------------------------------------------------------------------------


class _FakeBot:
    """Answers getChatMember from a table and counts the calls."""

    def __init__(self, statuses: dict[int, str]) -> None:
        self.statuses, self.calls = statuses, 0

    async def get_chat_member(self, chat_id: int, user_id: int) -> SimpleNamespace:
        self.calls += 1
        return SimpleNamespace(status=self.statuses.get(user_id, "member"))


def _message(chat_type: str, user_id: int | None = None, sender_chat_id: int | None = None) -> SimpleNamespace:
    chat = SimpleNamespace(id=-500, type=chat_type, PRIVATE="private")
    return SimpleNamespace(chat=chat, from_user=SimpleNamespace(id=user_id) if user_id else None,
                           sender_chat=SimpleNamespace(id=sender_chat_id) if sender_chat_id else None)


@pytest.mark.parametrize(("message", "allowed"), [
    (_message("private", 7), True),
    (_message("supergroup", 1), True),   # creator
    (_message("supergroup", 2), True),   # administrator
    (_message("supergroup", 3), False),  # member
    (_message("group", sender_chat_id=-500), True),  # anonymous admin, writing as the group
    (_message("group", sender_chat_id=-900), False),  # a channel posting in the group
], ids=["private", "creator", "administrator", "member", "anonymous-admin", "channel"])
def test_who_may_change_the_article(message, allowed):
    bot = _FakeBot({1: "creator", 2: "administrator"})
    assert asyncio.run(AdminCheck().may_change(bot, message)) is allowed


def test_the_admin_answer_is_remembered_briefly():
    bot, now = _FakeBot({2: "administrator"}), [0.0]
    check = AdminCheck(ttl=60, clock=lambda: now[0])

    async def twice_then_later() -> None:
        await check.may_change(bot, _message("group", 2))
        await check.may_change(bot, _message("group", 2))
        assert bot.calls == 1
        now[0] = 61.0
        bot.statuses[2] = "member"  # demoted meanwhile
        assert not await check.may_change(bot, _message("group", 2))
        assert bot.calls == 2

    asyncio.run(twice_then_later())


# --- where it is kept ---------------------------------------------------------------------------


@pytest.fixture
def store(tmp_path):
    database = open_database(tmp_path / "data", [CHAT_ARTICLES_SCHEMA])
    yield ChatArticles(database)
    database.close()


def test_a_chats_article_is_kept_with_its_source_and_time(store):
    assert store.get(1) is None and store.article(1) is None
    chosen = store.put(1, FERRY, now=1000.0)
    assert store.get(1) == chosen
    assert (chosen.headline, chosen.source, chosen.loaded) == (FERRY.headline, FERRY.source, 1000.0)
    assert store.article(1) == FERRY


def test_the_same_text_in_two_chats_is_stored_once_and_dropped_with_the_last(store):
    store.put(1, FERRY, 1.0)
    store.put(2, Article(FERRY.text, "ferry.txt"), 2.0)
    count = "SELECT count(*) FROM article_text"
    assert store.database.execute(count).fetchone()[0] == 1
    assert store.article(2).source == "ferry.txt"
    store.put(1, OTHER, 3.0)
    assert store.database.execute(count).fetchone()[0] == 2
    store.reset(2)
    assert store.database.execute(count).fetchone()[0] == 1
    assert store.get(2) is None and store.chats() == [1]


def test_the_article_survives_reopening_the_database_and_the_file_is_private(tmp_path):
    data = tmp_path / "data"
    database = open_database(data, [CHAT_ARTICLES_SCHEMA])
    ChatArticles(database).put(-100, FERRY, 5.0)
    database.close()
    database = open_database(data, [CHAT_ARTICLES_SCHEMA])
    try:
        assert ChatArticles(database).article(-100) == FERRY
    finally:
        database.close()
    assert stat.S_IMODE(os.stat(data).st_mode) == 0o700
    assert stat.S_IMODE(os.stat(data / DATABASE_FILE).st_mode) == 0o600


# --- each chat's engine -------------------------------------------------------------------------


def test_each_chat_gets_its_articles_engine_and_others_the_bundled_one(store):
    bundled, built = object(), []

    async def builder(text: str, timeout: float):
        built.append(text)
        if text.startswith("Second"):
            raise ArticleError("Sorry, I could not make sense of that article.")
        return object()

    engines = ChatEngines(bundled, store, ArticleLibrary(ArticleLimits(), builder=builder))

    async def play() -> None:
        ferry = await engines.load(1, FERRY, 1.0)
        assert await engines.for_chat(1) is ferry
        assert await engines.for_chat(2) is bundled
        with pytest.raises(ArticleError):
            await engines.load(1, OTHER, 2.0)
        assert await engines.for_chat(1) is ferry and store.get(1).digest == FERRY.digest  # nothing changed
        engines.reset(1)
        assert await engines.for_chat(1) is bundled

    asyncio.run(play())
    assert built == [FERRY.text, OTHER.text]


def test_after_a_restart_a_chats_article_is_rebuilt_when_first_needed(store):
    store.put(3, FERRY, 1.0)

    async def builder(text: str, timeout: float):
        return ("engine for", text)

    engines = ChatEngines(object(), store, ArticleLibrary(ArticleLimits(), builder=builder))
    assert asyncio.run(engines.for_chat(3)) == ("engine for", FERRY.text)
