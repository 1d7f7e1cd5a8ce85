"""Abuse and access: the flood limits (groups and private chats) and the allowed-chats list.

The rules are pure (``bot.access``) and tested as functions; then once through
the real bot against the emulator, as a group member and an outsider would see it.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
from botproc import ROOT, BotProcess
from telegram_emulator import TelegramEmulator

from bot.access import FloodGuard, FloodLimit, Verdict, chat_allowed, parse_chat_ids, slow_down_text

BOT = "BriefAccessBot"
LAVROV = "What did Lavrov say?"

# --- flood limit (pure) -------------------------------------------------------------------------


def test_flood_guard_answers_up_to_the_limit_then_warns_once_then_is_silent():
    guard = FloodGuard(FloodLimit(3, 60))
    verdicts = [guard.check(-1, 7, now=float(t)) for t in range(6)]
    assert verdicts == [Verdict.ANSWER] * 3 + [Verdict.WARN, Verdict.SILENT, Verdict.SILENT]


def test_flood_guard_answers_again_once_the_window_has_passed():
    guard = FloodGuard(FloodLimit(2, 10))
    for t in (0, 1, 2, 3):
        guard.check(-1, 7, now=t)
    assert guard.check(-1, 7, now=10.5) is Verdict.ANSWER  # the question at t=0 left the window
    assert guard.check(-1, 7, now=10.6) is Verdict.WARN  # a new episode gets its one warning


def test_flood_guard_counts_each_user_and_each_group_separately():
    guard = FloodGuard(FloodLimit(1, 60))
    assert guard.check(-1, 7, now=0) is Verdict.ANSWER
    assert guard.check(-1, 8, now=0) is Verdict.ANSWER
    assert guard.check(-2, 7, now=0) is Verdict.ANSWER
    assert guard.check(-1, 7, now=1) is Verdict.WARN


def test_flood_guard_forgets_idle_users():
    guard = FloodGuard(FloodLimit(1, 1))
    for user in range(5000):
        guard.check(-1, user, now=user * 0.01)
    assert len(guard) < 1500


@pytest.mark.parametrize("text, expected", [
    ("10/60", FloodLimit(10, 60)), (" 5 / 30s ", FloodLimit(5, 30)), ("off", None), ("0", None),
], ids=["ten-a-minute", "spaces-and-unit", "off", "zero"])
def test_flood_limit_parses_questions_per_seconds(text, expected):
    assert FloodLimit.parse(text) == expected


@pytest.mark.parametrize("text", ["10", "ten/60", "10/0", "0/60", "-1/60"])
def test_flood_limit_rejects_nonsense_and_quotes_it(text):
    with pytest.raises(ValueError, match="flood limit|at least 1"):
        FloodLimit.parse(text)


def test_slow_down_text_is_polite_and_names_the_limit():
    assert slow_down_text(FloodLimit(10, 60)).startswith("Please slow down")
    assert "10 questions a minute" in slow_down_text(FloodLimit(10, 60))


# --- allowed chats (pure) -----------------------------------------------------------------------


def test_chat_ids_are_parsed_from_commas_or_spaces():
    assert parse_chat_ids("12345, -1001234567890  42") == frozenset({12345, -1001234567890, 42})
    assert parse_chat_ids("  ") is None


def test_a_chat_id_that_is_not_a_number_is_rejected_by_name():
    with pytest.raises(ValueError, match="'@mygroup' is not a chat id"):
        parse_chat_ids("123,@mygroup")


def test_without_a_list_every_chat_is_allowed():
    assert chat_allowed(-5, None) and chat_allowed(None, None)
    assert chat_allowed(-5, {-5}) and not chat_allowed(-6, {-5}) and not chat_allowed(None, {-5})


# --- through the bot ----------------------------------------------------------------------------


ALLOWED_GROUP = -1007001
ALLOWED_USER = TelegramEmulator.user(7101, "Insider")


@pytest.fixture(scope="module")
def bot(emulator, tmp_path_factory):
    work = tmp_path_factory.mktemp("access")
    with BotProcess(emulator, work / "data", work / "bot.log", BRIEFBOT_FLOOD_LIMIT="3/60",
                    BRIEFBOT_PRIVATE_FLOOD_LIMIT="6/60",
                    BRIEFBOT_ALLOWED_CHATS=f"{ALLOWED_GROUP}, {ALLOWED_USER['id']}, 7201, 7202") as process:
        yield process


def sent_in(emulator: TelegramEmulator, chat_id: int) -> list[dict]:
    return emulator.bot_messages(chat_id)


def wait_answer(emulator: TelegramEmulator, message: dict) -> dict:
    """The bot's reply to ``message`` (the chat's updates are handled in order)."""
    def reply() -> dict | None:
        return next((m for m in sent_in(emulator, message["chat"]["id"])
                     if m.get("reply_to_message", {}).get("message_id") == message["message_id"]), None)

    return emulator.wait_for(reply, 10, f"the reply to message {message['message_id']}")


def test_group_flood_gets_one_slow_down_then_silence(bot, emulator):
    group = emulator.group(ALLOWED_GROUP, "Busy group", supergroup=True)
    spammer, calm = TelegramEmulator.user(7102, "Spammer"), TelegramEmulator.user(7103, "Calm")
    spam = [emulator.user_says(group, spammer, f"@{BOT} {LAVROV}") for _ in range(6)]
    probe = emulator.user_says(group, calm, f"/ask@{BOT} {LAVROV}")  # others are still answered
    wait_answer(emulator, probe)
    replies = {m["reply_to_message"]["message_id"]: m["text"] for m in sent_in(emulator, group["id"])}
    answered = [m for m in spam if m["message_id"] in replies]
    assert len(answered) == 4  # three answers and one "slow down"
    assert replies[spam[3]["message_id"]].startswith("Please slow down")
    assert "3 questions a minute" in replies[spam[3]["message_id"]]
    assert probe["message_id"] in replies and "slow down" not in replies[probe["message_id"]]


def test_private_chats_have_their_own_flood_limit(bot, emulator):
    chat = emulator.private_chat(ALLOWED_USER)
    asked = [emulator.user_says(chat, ALLOWED_USER, LAVROV) for _ in range(5)]
    wait_answer(emulator, asked[-1])
    texts = [m["text"] for m in sent_in(emulator, chat["id"])]
    assert len(texts) == 5 and not any("slow down" in t for t in texts)  # more than the group's 3


def test_a_private_flood_gets_one_slow_down_then_silence_and_others_are_answered(bot, emulator):
    flooder, calm = TelegramEmulator.user(7201, "Flooder"), TelegramEmulator.user(7202, "Calm")
    flood = [emulator.user_says(emulator.private_chat(flooder), flooder, LAVROV) for _ in range(12)]
    probe = emulator.user_says(emulator.private_chat(calm), calm, LAVROV)
    assert "slow down" not in wait_answer(emulator, probe)["text"]
    emulator.send_sticker(emulator.private_chat(flooder), flooder)  # its hint comes after the whole flood
    emulator.wait_for(lambda: len(sent_in(emulator, flooder["id"])) == 8, 10, "seven replies and the hint")
    replies = {m["reply_to_message"]["message_id"]: m["text"] for m in sent_in(emulator, flooder["id"])
               if "reply_to_message" in m}
    assert [m["message_id"] in replies for m in flood] == [True] * 7 + [False] * 5
    assert replies[flood[6]["message_id"]].startswith("Please slow down")
    assert "6 questions a minute" in replies[flood[6]["message_id"]]

def test_outsider_in_private_is_told_the_bot_is_private(bot, emulator):
    outsider = TelegramEmulator.user(7104, "Outsider")
    chat = emulator.private_chat(outsider)
    reply = wait_answer(emulator, emulator.user_says(chat, outsider, LAVROV))
    assert "private" in reply["text"] and "Lavrov" not in reply["text"]


def test_bot_added_to_another_group_says_so_and_leaves(bot, emulator):
    group = emulator.group(-1007999, "Elsewhere", supergroup=True)
    emulator.add_bot_to(group, TelegramEmulator.user(7105, "Adder"))
    emulator.wait_for(lambda: group["id"] in emulator.left_chats, 10, "the bot to leave")
    assert ["private" in m["text"] for m in sent_in(emulator, group["id"])] == [True]


def test_outsider_inline_query_gets_no_answers(bot, emulator):
    query_id = emulator.inline_query(TelegramEmulator.user(7106, "Nosy"), LAVROV)
    call = emulator.wait_call("answerInlineQuery", lambda p: p["inline_query_id"] == query_id)
    assert call.status == 200 and call.params["results"] == []
