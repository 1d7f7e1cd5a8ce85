"""End to end: the real bot (``run_bot.py run``, as users start it) against an emulated Bot API.

One emulator and one bot process serve the whole module.  Each test plays a Telegram user in its
own chat and checks what that user would see: the text (HTML already parsed, as Telegram shows
it), the quote block, the buttons, replies-to and forum topics.  "No reply" is proven without
sleeping: a probe addressed to the bot follows the ignored message, and updates are handled in
order, so once the probe is answered the ignored message has been handled too.  Only 127.0.0.1.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import re
import signal
import socket
import sqlite3
import subprocess
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from botproc import ROOT, SECRET, START_TIMEOUT, TOKEN, BotProcess, bot_command, bot_env
from telegram_emulator import (
    ANONYMOUS_ADMIN,
    WAIT,
    ApiCall,
    Fault,
    TelegramEmulator,
    entity_text,
    parse_telegram_html,
)

from bot.chat import commands
from bot.chat.render import render_reply, split_html

BOT = "BriefTestBot"

ALICE = TelegramEmulator.user(1001, "Alice", "alice")
BOB = TelegramEmulator.user(1002, "Bob", "bob")
CAROL = TelegramEmulator.user(1003, "Carol", "carol")
DAVE = TelegramEmulator.user(1004, "Dave")
OTHER_BOT = TelegramEmulator.user(5005, "Helper", "HelperBot", is_bot=True)

LAVROV = "What did Lavrov say?"
UNANSWERABLE = "What will Germany send to Ukraine?"
MARKER = "purple zebra"  # a phrase that must never reach the logs


@pytest.fixture(scope="module")
def bot(emulator, tmp_path_factory):
    work = tmp_path_factory.mktemp("e2e")
    with BotProcess(emulator, work / "data", work / "bot.log", BRIEFBOT_LOG_LEVEL="INFO") as process:
        yield process


# --- helpers ------------------------------------------------------------------------------------


def seen(html_text: str) -> str:
    """What a Telegram user sees for this HTML."""
    return parse_telegram_html(html_text)[0]


def expected(engine, text: str, conversation=None, **render: Any) -> tuple[str, Any]:
    """What the bot should show for a question (and the conversation after it)."""
    reply, after = engine.reply(text, conversation)
    return seen(render_reply(reply, **render)), after


def ask(emulator: TelegramEmulator, chat: dict, user: dict, text: str, **kwargs: Any) -> dict:
    """Send a message and return the bot's (first) reply to it."""
    message = emulator.user_says(chat, user, text, **kwargs)
    return emulator.wait_replies(message)[0]


def quote_of(message: dict) -> str:
    """The text of the message's quote block."""
    block = next(e for e in message.get("entities", []) if e["type"] == "blockquote")
    return entity_text(message, block)


def buttons(message: dict) -> list[dict]:
    return [b for row in message.get("reply_markup", {}).get("inline_keyboard", []) for b in row]


def assert_ignored(emulator: TelegramEmulator, chat: dict, ignored: dict, user: dict = BOB) -> None:
    """Prove the bot did not answer ``ignored``: it answers a later probe, and only the probe."""
    probe = emulator.user_says(chat, user, f"/ask@{BOT} {LAVROV}")
    emulator.wait_replies(probe)
    after = emulator.bot_messages(chat["id"], after=ignored["message_id"])
    assert [m["reply_to_message"]["message_id"] for m in after] == [probe["message_id"]]


def sends_to(emulator: TelegramEmulator, chat_id: int) -> list[ApiCall]:
    return [c for c in emulator.calls_to("sendMessage") if c.params.get("chat_id") == chat_id]


# --- start-up and commands ----------------------------------------------------------------------


def test_start_up_sets_the_command_menu_from_the_help_table(bot, emulator):
    assert [(c["command"], c["description"]) for c in emulator.commands] == list(commands.COMMANDS)
    assert emulator.calls_to("getMe") and emulator.calls_to("deleteWebhook")


def test_start_names_the_article_and_offers_three_example_questions(bot, emulator):
    article = (ROOT / "knowledge" / "data" / "article.txt").read_text(encoding="utf-8")
    headline = article.splitlines()[0].split(" | ")[0].strip()  # the site's section labels are not the headline
    chat = emulator.private_chat(ALICE)
    reply = ask(emulator, chat, ALICE, "/start")
    assert reply["text"].startswith(f"Hi! I'm @{BOT}, a briefing bot for one news article:\n{headline}\n")
    questions = [b["text"] for b in buttons(reply)]
    assert len(questions) == len(set(questions)) == 3
    for question in questions:  # each example is a question the bot answers from the article
        assert question[0].isupper() and question.endswith("?")
        answer = ask(emulator, chat, ALICE, question)
        assert answer["text"] != "The article doesn't say."
        quote = re.sub(r" — [^—]+$", "", " ".join(quote_of(answer).split())).strip("“”")  # less the speaker
        assert quote and quote in " ".join(article.split())


def test_start_button_answers_its_question(bot, emulator, engine):
    chat = emulator.private_chat(DAVE)
    start = ask(emulator, chat, DAVE, "/start")
    button = buttons(start)[0]
    query_id = emulator.press(start, DAVE, button["callback_data"])
    emulator.wait_call("answerCallbackQuery", lambda p: p["callback_query_id"] == query_id)
    answer = emulator.wait_replies(start)[0]
    assert answer["text"] == expected(engine, button["text"], question=button["text"])[0]


@pytest.mark.parametrize("command, build", [
    ("/help", lambda k: commands.help_text(BOT)),
    ("/brief", commands.brief_text),
    ("/quotes", commands.quotes_text),
    ("/who", commands.who_text),
    ("/source", commands.source_text),
], ids=["help", "brief", "quotes", "who", "source"])
def test_command_texts_in_a_private_chat(bot, emulator, engine, command, build):
    chat = emulator.private_chat(CAROL)
    message = emulator.user_says(chat, CAROL, command)
    parts = split_html(build(engine.knowledge))
    replies = emulator.wait_replies(message, count=len(parts))
    assert [r["text"] for r in replies] == [seen(p) for p in parts]
    assert replies[0]["reply_to_message"]["message_id"] == message["message_id"]


def test_brief_quotes_and_who_carry_the_articles_words(bot, emulator, engine):
    chat = emulator.private_chat(CAROL)
    quotes = ask(emulator, chat, CAROL, "/quotes")
    assert "under any conditions" in quotes["text"]
    assert all(entity_text(quotes, e) in engine.knowledge.text or "\n" in entity_text(quotes, e)
               for e in quotes["entities"] if e["type"] == "blockquote")
    who = ask(emulator, chat, CAROL, "/who")
    assert "Lavrov" in who["text"] and "Macron" in who["text"]
    brief = ask(emulator, chat, CAROL, "/brief")
    assert "10,000" in brief["text"]
    assert all(entity_text(brief, e) in engine.knowledge.text
               for e in brief["entities"] if e["type"] == "expandable_blockquote")


# --- private chats ------------------------------------------------------------------------------


def test_private_question_is_answered_with_its_quote_as_a_reply(bot, emulator, engine):
    chat = emulator.private_chat(ALICE)
    question = emulator.user_says(chat, ALICE, LAVROV)
    reply = emulator.wait_replies(question)[0]
    assert reply["reply_to_message"]["message_id"] == question["message_id"]
    assert reply["text"] == expected(engine, LAVROV)[0]
    assert "under any conditions" in quote_of(reply)
    assert "Lavrov" in quote_of(reply).splitlines()[-1]  # the speaker closes the quote block


def test_declined_question_offers_suggestions_and_a_button_answers_one(bot, emulator, engine):
    chat = emulator.private_chat(BOB)
    decline = ask(emulator, chat, BOB, UNANSWERABLE)
    assert decline["text"].startswith("The article doesn't say.")
    choices = buttons(decline)
    assert 1 <= len(choices) <= 3
    assert all(len(b["callback_data"].encode()) <= 64 for b in choices)
    suggestions = engine.reply(UNANSWERABLE)[0].suggestions
    assert all(s.startswith(b["text"].rstrip("…")) for b, s in zip(choices, suggestions, strict=True))
    answerable = next(i for i, s in enumerate(suggestions) if engine.reply(s)[0].answered)
    query_id = emulator.press(decline, BOB, choices[answerable]["callback_data"])
    emulator.wait_call("answerCallbackQuery", lambda p: p["callback_query_id"] == query_id)
    answer = emulator.wait_replies(decline)[0]
    suggestion = suggestions[answerable]
    assert answer["text"] == expected(engine, suggestion, question=suggestion)[0]
    assert quote_of(answer)


def test_expired_button_is_still_answered(bot, emulator):
    chat = emulator.private_chat(BOB)
    decline = ask(emulator, chat, BOB, UNANSWERABLE)
    query_id = emulator.press(decline, BOB, "h:00000000000000000000")
    call = emulator.wait_call("answerCallbackQuery", lambda p: p["callback_query_id"] == query_id)
    assert "expired" in call.params["text"]


def test_follow_up_uses_the_private_chats_context(bot, emulator, engine):
    user = TelegramEmulator.user(1010, "Erin")
    chat = emulator.private_chat(user)
    first_text, conversation = expected(engine, "Who is Sergei Lavrov?")
    assert ask(emulator, chat, user, "Who is Sergei Lavrov?")["text"] == first_text
    follow_up, _ = expected(engine, "What did he say?", conversation)
    assert follow_up != expected(engine, "What did he say?")[0], "the engine must use the context"
    reply = ask(emulator, chat, user, "What did he say?")
    assert reply["text"] == follow_up
    assert "under any conditions" in quote_of(reply)


def test_html_specials_in_a_question_are_escaped(bot, emulator, engine):
    chat = emulator.private_chat(ALICE)
    nasty = "What did <b>Lavrov</b> & <i>co</i> say about &amp; <script>?"
    reply = ask(emulator, chat, ALICE, nasty)
    assert reply["text"] == expected(engine, nasty)[0]
    assert all(c.status == 200 for c in sends_to(emulator, ALICE["id"]))


def test_sticker_photo_and_edit_in_private_get_a_hint(bot, emulator):
    chat = emulator.private_chat(CAROL)
    sticker = emulator.send_sticker(chat, CAROL)
    assert emulator.wait_replies(sticker)[0]["text"] == commands.private_hint_text()
    photo = emulator.send_photo(chat, CAROL, caption="what is this?")
    assert emulator.wait_replies(photo)[0]["text"] == commands.private_hint_text()
    original = emulator.user_says(chat, CAROL, LAVROV)
    emulator.wait_replies(original)
    edited = emulator.edit_user_message(original, "What did Macron say?")
    hint = emulator.wait_for(lambda: [m for m in emulator.bot_messages(chat["id"]) if "only read new" in m["text"]])
    assert hint[0]["reply_to_message"]["message_id"] == edited["message_id"]


def test_ask_without_a_question_offers_examples(bot, emulator):
    chat = emulator.private_chat(CAROL)
    prompt = ask(emulator, chat, CAROL, "/ask")
    assert prompt["text"].startswith("Ask me something about the article")
    assert len(buttons(prompt)) == 3


def test_unknown_command_in_private_points_to_help(bot, emulator):
    chat = emulator.private_chat(CAROL)
    assert "/help" in ask(emulator, chat, CAROL, "/frobnicate")["text"]


def test_channel_post_is_ignored_without_crashing(bot, emulator):
    emulator.channel_post(-100777, f"@{BOT} {LAVROV}")
    chat = emulator.private_chat(ALICE)
    assert quote_of(ask(emulator, chat, ALICE, LAVROV))
    assert not sends_to(emulator, -100777)


# --- groups -------------------------------------------------------------------------------------


@pytest.mark.parametrize("command, build, group_id", [
    ("brief", commands.brief_text, -2101),
    ("who", commands.who_text, -2102),
    ("quotes", commands.quotes_text, -2103),
], ids=["brief", "who", "quotes"])
def test_group_article_commands_answer_only_when_addressed_to_this_bot(bot, emulator, engine, command, build,
                                                                       group_id):
    group = emulator.group(group_id, f"Briefing {command}")
    assert_ignored(emulator, group, emulator.user_says(group, ALICE, f"/{command}"))
    assert_ignored(emulator, group, emulator.user_says(group, ALICE, f"/{command}@OtherBot"))
    message = emulator.user_says(group, ALICE, f"/{command}@{BOT}")
    parts = split_html(build(engine.knowledge))
    replies = emulator.wait_replies(message, count=len(parts))
    assert [r["text"] for r in replies] == [seen(p) for p in parts]
    assert replies[0]["reply_to_message"]["message_id"] == message["message_id"]
    assert all(c.status == 200 for c in sends_to(emulator, group["id"]))



def test_group_chatter_is_ignored(bot, emulator):
    group = emulator.group(-2001, "Chatter")
    ignored = emulator.user_says(group, BOB, LAVROV)
    assert_ignored(emulator, group, ignored)


def test_group_mention_is_answered_as_a_reply(bot, emulator, engine):
    group = emulator.group(-2002, "Mentions")
    question = emulator.user_says(group, ALICE, f"@{BOT} {LAVROV}")
    reply = emulator.wait_replies(question)[0]
    assert reply["reply_to_message"]["message_id"] == question["message_id"]
    assert reply["text"] == expected(engine, LAVROV)[0]


def test_group_mention_inside_the_sentence_is_answered(bot, emulator, engine):
    group = emulator.group(-2003, "Mentions inside")
    reply = ask(emulator, group, ALICE, f"hey @{BOT.lower()}, what did Lavrov say?")
    assert "under any conditions" in quote_of(reply)


def test_group_ask_at_this_bot_is_answered(bot, emulator, engine):
    group = emulator.group(-2004, "Ask")
    reply = ask(emulator, group, ALICE, f"/ask@{BOT} {LAVROV}")
    assert reply["text"] == expected(engine, LAVROV)[0]


def test_group_bare_ask_is_answered(bot, emulator, engine):
    group = emulator.group(-2005, "Bare ask")
    assert ask(emulator, group, ALICE, f"/ask {LAVROV}")["text"] == expected(engine, LAVROV)[0]


def test_group_ask_at_another_bot_is_ignored(bot, emulator):
    group = emulator.group(-2006, "Other bot")
    ignored = emulator.user_says(group, ALICE, f"/ask@OtherBot {LAVROV}")
    assert_ignored(emulator, group, ignored)


def test_group_bare_help_is_ignored_but_help_at_this_bot_is_answered(bot, emulator):
    group = emulator.group(-2007, "Help")
    ignored = emulator.user_says(group, ALICE, "/help")
    assert_ignored(emulator, group, ignored)
    assert ask(emulator, group, ALICE, f"/help@{BOT}")["text"] == seen(commands.help_text(BOT))


def test_group_reply_to_the_bot_is_answered(bot, emulator, engine):
    group = emulator.group(-2008, "Replies")
    first = ask(emulator, group, ALICE, f"/ask@{BOT} {UNANSWERABLE}")
    reply = ask(emulator, group, BOB, "What did Macron say?", reply_to=first)
    assert reply["text"] == expected(engine, "What did Macron say?")[0]


def test_group_reply_to_someone_else_is_ignored(bot, emulator):
    group = emulator.group(-2009, "Other replies")
    chatter = emulator.user_says(group, ALICE, "anyone read this?")
    ignored = emulator.user_says(group, BOB, LAVROV, reply_to=chatter)
    assert_ignored(emulator, group, ignored)


def test_group_sticker_and_other_bots_are_ignored(bot, emulator):
    group = emulator.group(-2010, "Noise")
    assert_ignored(emulator, group, emulator.send_sticker(group, ALICE))
    assert_ignored(emulator, group, emulator.user_says(group, OTHER_BOT, f"@{BOT} {LAVROV}"))


def test_anonymous_group_admin_is_answered(bot, emulator, engine):
    group = emulator.group(-1002012, "Anonymous admins", supergroup=True)
    reply = ask(emulator, group, ANONYMOUS_ADMIN, f"@{BOT} {LAVROV}")
    assert reply["text"] == expected(engine, LAVROV)[0]


def test_forum_topic_reply_stays_in_the_topic(bot, emulator, engine):
    forum = emulator.group(-1003001, "Forum", forum=True)
    question = emulator.user_says(forum, ALICE, f"@{BOT} {LAVROV}", thread_id=42)
    reply = emulator.wait_replies(question)[0]
    assert reply["message_thread_id"] == 42
    decline = ask(emulator, forum, ALICE, f"/ask@{BOT} {UNANSWERABLE}", thread_id=42)
    assert decline["message_thread_id"] == 42
    emulator.press(decline, BOB, buttons(decline)[0]["callback_data"])
    assert emulator.wait_replies(decline)[0]["message_thread_id"] == 42


def test_group_context_is_per_user(bot, emulator, engine):
    group = emulator.group(-2011, "Context")
    ask(emulator, group, ALICE, f"/ask@{BOT} Who is Sergei Lavrov?")
    _, conversation = engine.reply("Who is Sergei Lavrov?")
    bob_sees = ask(emulator, group, BOB, f"/ask@{BOT} What did he say?")["text"]
    alice_sees = ask(emulator, group, ALICE, f"/ask@{BOT} What did he say?")["text"]
    assert bob_sees == expected(engine, "What did he say?")[0]
    assert alice_sees == expected(engine, "What did he say?", conversation)[0]
    assert alice_sees != bob_sees


# --- inline mode --------------------------------------------------------------------------------


def test_inline_query_offers_the_answer(bot, emulator, engine):
    query_id = emulator.inline_query(ALICE, LAVROV)
    call = emulator.wait_call("answerInlineQuery", lambda p: p["inline_query_id"] == query_id)
    assert call.status == 200
    result = call.params["results"][0]
    reply = engine.reply(LAVROV)[0]
    assert reply.text.startswith(result["title"].rstrip("…"))
    content = result["input_message_content"]
    text = seen(content["message_text"]) if content.get("parse_mode") == "HTML" else content["message_text"]
    assert reply.text in text and reply.quote.text in text


def test_inline_query_with_html_specials_is_valid(bot, emulator):
    query_id = emulator.inline_query(BOB, "<b>what</b> & <i>who</i>?")
    call = emulator.wait_call("answerInlineQuery", lambda p: p["inline_query_id"] == query_id)
    assert call.status == 200, call.response
    assert "<b>what</b> & <i>who</i>?" in seen(call.params["results"][0]["input_message_content"]["message_text"])


def test_empty_inline_query_offers_the_article(bot, emulator, engine):
    query_id = emulator.inline_query(BOB, "")
    call = emulator.wait_call("answerInlineQuery", lambda p: p["inline_query_id"] == query_id)
    assert call.status == 200
    assert engine.knowledge.headline in seen(call.params["results"][0]["input_message_content"]["message_text"])


# --- errors and logs ----------------------------------------------------------------------------


def test_a_failed_send_is_logged_and_the_user_told(bot, emulator):
    user = TelegramEmulator.user(1020, "Frank")
    chat = emulator.private_chat(user)
    failed: list[ApiCall] = []

    def fail_first_answer(call: ApiCall) -> Fault | None:
        if call.method == "sendMessage" and call.params.get("chat_id") == user["id"] and not failed:
            failed.append(call)
            return Fault(status=400, body={"ok": False, "error_code": 400, "description": "Bad Request: injected"})
        return None

    emulator.faults.append(fail_first_answer)
    try:
        reply = ask(emulator, chat, user, LAVROV)
    finally:
        emulator.faults.remove(fail_first_answer)
    assert "something went wrong" in reply["text"]
    emulator.wait_for(lambda: "Exception while handling an update" in bot.log_text(), what="the error log")


def test_log_has_one_line_per_handled_update_without_text_or_token(bot, emulator):
    chat = emulator.private_chat(ALICE)
    ask(emulator, chat, ALICE, f"what about the {MARKER}?")
    log = emulator.wait_for(lambda: (t := bot.log_text()).count("private question declined") and t)
    handled = re.findall(r"INFO briefbot: update \d+: (\S+) (\S+) (\S+) in [\d.]+ ms", log)
    assert ("private", "question", "answered") in handled
    assert ("group", "/ask", "answered") in handled
    assert ("inline", "query", "answered") in handled
    assert MARKER not in log and "under any conditions" not in log
    assert TOKEN not in log and SECRET not in log


# --- restarts: context persists, nothing is answered twice --------------------------------------


def test_group_context_survives_a_restart_and_nothing_is_answered_twice(bot, emulator, engine):
    group = emulator.group(-2020, "Restart")
    ask(emulator, group, CAROL, f"/ask@{BOT} Who is Sergei Lavrov?")
    _, conversation = engine.reply("Who is Sergei Lavrov?")
    sent_before = len(emulator.calls_to("sendMessage"))
    assert bot.stop() == 0
    bot.start(BRIEFBOT_LOG_LEVEL="DEBUG")  # debug: request URLs, which carry the token, are logged
    reply = ask(emulator, group, CAROL, f"/ask@{BOT} What did he say?")
    assert reply["text"] == expected(engine, "What did he say?", conversation)[0]
    assert len(emulator.calls_to("sendMessage")) == sent_before + 1, "an old update was handled again"
    log = bot.log_text()
    assert "HTTP Request: POST" in log and "[REDACTED]" in log
    assert TOKEN not in log and SECRET not in log


def _unanswered(bot) -> dict[str, int]:
    done = subprocess.run(bot_command()[:-1] + ["unanswered", "--json", "--data-dir", str(bot.data_dir)],
                          cwd=ROOT, capture_output=True, text=True, timeout=60, check=True)
    return {row["question"]: row["count"] for row in json.loads(done.stdout)["unanswered"]}


def test_declined_questions_are_counted_by_text_only_and_listed_for_the_operator(bot, emulator):
    question = "What will Germany pay the peacekeepers?"
    for user, text in ((ALICE, question), (BOB, question.upper())):
        ask(emulator, emulator.private_chat(user), user, text)
    ask(emulator, emulator.private_chat(ALICE), ALICE, LAVROV)  # answered: not counted
    counts = _unanswered(bot)
    assert counts[question] == 2 and LAVROV not in counts
    with sqlite3.connect(bot.data_dir / "briefbot.sqlite3") as database:
        columns = [row[1] for row in database.execute("PRAGMA table_info(unanswered)")]
    assert columns == ["key", "question", "count", "last"]  # no user or chat ids


def test_declined_questions_are_not_counted_when_the_operator_opts_out(bot, emulator):
    question = "What will Spain pay the peacekeepers?"
    assert bot.stop() == 0
    bot.start(BRIEFBOT_COUNT_UNANSWERED="off")
    try:
        ask(emulator, emulator.private_chat(CAROL), CAROL, question)
        assert question not in _unanswered(bot)
    finally:
        assert bot.stop() == 0
        bot.start()


# --- webhook mode -------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_webhook_mode_registers_the_hook_and_answers_through_it(tmp_path):
    port = _free_port()
    hook = f"http://127.0.0.1:{port}/briefbot"
    args = ["--webhook", hook, "--listen", "127.0.0.1", "--port", str(port), "--secret-token", "s3cret-T0ken"]
    if importlib.util.find_spec("tornado") is None:  # PTB's webhooks extra is not installed here
        result = subprocess.run(bot_command() + args, check=False, cwd=ROOT, env=bot_env(None, tmp_path),
                                capture_output=True, text=True, timeout=60)
        assert result.returncode == 2
        assert result.stderr.strip().splitlines() == [
            'briefbot: webhook mode needs PTB\'s webhooks extra: pip install "python-telegram-bot[webhooks]"']
        return
    with TelegramEmulator(TOKEN, username=BOT) as emu, (tmp_path / "bot.log").open("wb") as log:
        proc = subprocess.Popen(bot_command() + args, cwd=ROOT, env=bot_env(emu, tmp_path), stdout=log,
                                stderr=subprocess.STDOUT)
        try:
            registered = emu.wait_call("setWebhook", timeout=START_TIMEOUT)
            assert registered.params["url"] == hook and registered.params["secret_token"] == "s3cret-T0ken"
            chat = emu.private_chat(ALICE)
            assert "under any conditions" in quote_of(ask(emu, chat, ALICE, LAVROV))
            forged = urllib.request.Request(hook, data=b'{"update_id": 999}', method="POST",
                                            headers={"Content-Type": "application/json"})
            with pytest.raises(urllib.error.HTTPError) as refused:
                urllib.request.urlopen(forged, timeout=WAIT)
            refused.value.close()
            assert refused.value.code == 403
        finally:
            proc.send_signal(signal.SIGTERM)
            assert proc.wait(WAIT) == 0


# --- long replies -------------------------------------------------------------------------------

COUNCILLORS = ("Anna Berg", "Carl Dahl", "Eva Falk", "Gustav Holm", "Ida Jansson", "Karl Lund")


def _long_article() -> str:
    """An article quoting so much that /quotes needs several messages; full of HTML specials."""
    lines = ["Council approves the harbour plan after a long night"]
    lines += [f"{COUNCILLORS[i % len(COUNCILLORS)]}, a councillor, said: “Harbour plan number {i} will cost <more> "
              f"& take longer than anyone expected, and we must say so plainly to every resident.”"
              for i in range(40)]
    return "\n".join(lines)


def test_replies_over_4096_characters_are_split_into_valid_messages(tmp_path):
    from bot.loading import load_engine

    article = tmp_path / "harbour.txt"
    article.write_text(_long_article(), encoding="utf-8")
    parts = split_html(commands.quotes_text(load_engine(article=article).knowledge))
    assert len(parts) > 1
    with (TelegramEmulator(TOKEN, username=BOT) as emu,
          BotProcess(emu, tmp_path / "data", tmp_path / "bot.log", args=["--article", str(article)])):
        chat = emu.private_chat(ALICE)
        command = emu.user_says(chat, ALICE, "/quotes")
        replies = emu.wait_replies(command, count=len(parts))
        knowledge = load_engine(article=article).knowledge
        who_parts = split_html(commands.who_text(knowledge))
        who = emu.wait_replies(emu.user_says(chat, ALICE, "/who"), count=len(who_parts))
        brief_parts = split_html(commands.brief_text(knowledge))
        brief = emu.wait_replies(emu.user_says(chat, ALICE, "/brief"), count=len(brief_parts))
        group = emu.group(-2201, "Long quotes")  # a group gets the same safe split, addressed only
        assert_ignored(emu, group, emu.user_says(group, BOB, "/quotes"))
        in_group = emu.wait_replies(emu.user_says(group, BOB, f"/quotes@{BOT}"), count=len(parts))
    assert [r["text"] for r in in_group] == [seen(p) for p in parts]
    assert [r["text"] for r in who] == [seen(p) for p in who_parts]
    assert [r["text"] for r in brief] == [seen(p) for p in brief_parts]
    assert all(c.status == 200 for c in emu.calls_to("sendMessage"))
    assert [r["text"] for r in replies] == [seen(p) for p in parts]
    assert all(len(r["text"].encode("utf-16-le")) // 2 <= 4096 for r in replies)
    assert replies[0]["reply_to_message"]["message_id"] == command["message_id"]
    assert "will cost <more> & take longer" in replies[-1]["text"]


# --- configuration errors -----------------------------------------------------------------------


def _run(tmp_path: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(bot_command(), check=False, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("token", [None, "", "not-a-token", "123:short"], ids=["unset", "empty", "garbage", "short"])
def test_missing_or_malformed_token_is_one_line_and_exit_code_2(tmp_path, token):
    result = _run(tmp_path, bot_env(None, tmp_path, token=token))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "@BotFather" in lines[0] and "TELEGRAM_BOT_TOKEN" in lines[0]
    if token:
        assert token not in result.stderr


def test_token_rejected_by_telegram_is_one_line_and_exit_code_2(tmp_path):
    with TelegramEmulator("987654321:" + "B" * 35) as other:
        result = _run(tmp_path, bot_env(other, tmp_path))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr + result.stdout
    assert "rejected" in result.stderr.strip().splitlines()[-1]
    assert SECRET not in result.stderr + result.stdout


def test_redaction_filter_hides_the_token_in_messages_args_and_tracebacks():
    from bot.redaction import RedactSecrets

    records: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(self.format(record))

    handler = Collect()
    handler.addFilter(RedactSecrets([TOKEN, SECRET]))
    log = logging.getLogger("test.redact")
    log.addHandler(handler)
    log.propagate = False
    try:
        log.warning("GET https://api.telegram.org/bot%s/getMe", TOKEN)
        try:
            raise RuntimeError(f"failed: /bot{TOKEN}/sendMessage and {SECRET}")
        except RuntimeError:
            log.exception("boom")
    finally:
        log.removeHandler(handler)
    assert records and all(TOKEN not in r and SECRET not in r for r in records)
    assert "[REDACTED]" in records[0] and "[REDACTED]" in records[1]

