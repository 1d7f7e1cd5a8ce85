"""Bot API faults: the bot keeps answering, each question exactly once, across retries and restarts.

The emulator injects faults on a schedule these tests set (by call number per method): HTTP 429
with ``retry_after``, 500, 502, dropped connections, responses slower than the bot's client
timeout, and a ``getUpdates`` that hangs.  The bot runs with a 1 s client timeout and 1 s long
polls so every fault resolves within seconds.  Only 127.0.0.1.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from pathlib import Path

import pytest
from botproc import TOKEN, BotProcess
from telegram_emulator import WAIT, ApiCall, Fault, TelegramEmulator

BOT = "BriefFaultBot"
QUESTIONS = ("What did Lavrov say?", "Who is Sergei Lavrov?", "What did Macron say?", "How many troops?",
             "What will Germany send to Ukraine?", "Where would the troops go?")
FAST = {"BRIEFBOT_REQUEST_TIMEOUT": "1", "BRIEFBOT_POLL_TIMEOUT": "1"}


class Schedule:
    """A fault rule: the n-th call to a method (counted from installation) gets a given fault."""

    def __init__(self, plan: dict[str, dict[int, Fault]]) -> None:
        self.plan = plan
        self.counts: Counter[str] = Counter()
        self.hits: list[tuple[str, int, Fault]] = []

    def __call__(self, call: ApiCall) -> Fault | None:
        if call.method not in self.plan:
            return None
        self.counts[call.method] += 1
        fault = self.plan[call.method].get(self.counts[call.method])
        if fault is not None:
            self.hits.append((call.method, self.counts[call.method], fault))
        return fault


def replies_to(emulator: TelegramEmulator, message: dict) -> list:
    return [s for s in emulator.sent if s.chat_id == message["chat"]["id"] and s.reply_to == message["message_id"]]


def answered_once(emulator: TelegramEmulator, messages: list[dict]) -> dict[int, int]:
    """How many replies each message got, for those that did not get exactly one."""
    counts = {m["message_id"] * 10_000 + abs(m["chat"]["id"]) % 10_000: len(replies_to(emulator, m)) for m in messages}
    return {key: n for key, n in counts.items() if n != 1}


def wait_answered(emulator: TelegramEmulator, messages: list[dict]) -> None:
    """Wait (up to WAIT, however busy the machine) until every message has a reply."""
    emulator.wait_for(lambda: all(replies_to(emulator, m) for m in messages), WAIT, "every question answered")


@pytest.fixture
def emulator():
    """A fresh emulator for each test (not the module's shared one): faults and call counts start at zero."""
    with TelegramEmulator(TOKEN, username=BOT) as emu:
        yield emu


def conversations(bot: BotProcess, chat_id: int) -> int:
    """Conversations the bot keeps for a chat, read from its database (while it is stopped or not)."""
    return count_rows(bot, "SELECT count(*) FROM conversation WHERE chat_id = ?", chat_id)


def waiting_in_inbox(bot: BotProcess) -> int:
    """Updates the bot has stored but not yet marked done, read from its database."""
    return count_rows(bot, "SELECT count(*) FROM inbox")


def count_rows(bot: BotProcess, query: str, *parameters: object) -> int:
    """One count from the bot's database, opened read-only (while the bot runs or not)."""
    with sqlite3.connect(f"file:{bot.data_dir / 'briefbot.sqlite3'}?mode=ro", uri=True) as database:
        return database.execute(query, parameters).fetchone()[0]


def wait_handled(emulator: TelegramEmulator, bot: BotProcess) -> None:
    """Wait until the bot has acknowledged every update and handled every one it stored.

    Any reply it would send twice has been sent by then, whatever the machine's load (a fixed
    pause could end before a busy bot got to it).
    """
    emulator.wait_for(lambda: emulator.pending_updates() == 0 and waiting_in_inbox(bot) == 0, WAIT,
                      "every update acknowledged and handled")


def start_bot(emulator: TelegramEmulator, tmp_path: Path, **env: str) -> BotProcess:
    return BotProcess(emulator, tmp_path / "data", tmp_path / "bot.log", **{**FAST, **env}).start()


def test_scheduled_faults_are_survived_and_every_question_is_answered_once(emulator, tmp_path):
    bot = start_bot(emulator, tmp_path)
    schedule = Schedule({
        "sendMessage": {
            2: Fault(status=429, retry_after=1),
            4: Fault(status=500),
            6: Fault(status=502),
            8: Fault(drop=True),
            10: Fault(delay=1.5),  # past the 1 s client timeout; the message is still sent
            12: Fault(status=500), 13: Fault(status=502),  # the retry fails too
            15: Fault(delay=0.2, drop=True),
        },
        "getUpdates": {
            3: Fault(status=500),
            5: Fault(drop=True),
            7: Fault(delay=30),  # hangs: the bot gives up after poll + client timeout and polls again
            9: Fault(status=429, retry_after=1),
            11: Fault(status=502),
        },
    })
    emulator.faults.append(schedule)
    users = [TelegramEmulator.user(3000 + n, f"Faulty{n}") for n in range(5)]
    chats = [emulator.private_chat(user) for user in users]
    asked: list[dict] = []
    try:
        for round_ in range(4):  # each chat's next question once its previous one is answered
            batch = [emulator.user_says(chat, user, QUESTIONS[(round_ + n) % len(QUESTIONS)])
                     for n, (chat, user) in enumerate(zip(chats, users, strict=True))]
            wait_answered(emulator, batch)
            asked += batch
        # The inbox polls less often than a poller waiting for handling did: let the idle long
        # polls (1 s each) reach the last scheduled getUpdates faults, then ask again.
        emulator.wait_for(lambda: len(schedule.hits) == 13, WAIT, "every scheduled fault")
        group = emulator.group(-4001, "Faulty group")
        asked += [emulator.user_says(group, users[0], f"@{BOT} {q}") for q in QUESTIONS[:3]]
        wait_answered(emulator, asked)
        wait_handled(emulator, bot)  # a duplicate would have been sent by now
    finally:
        emulator.faults.remove(schedule)
        code = bot.stop()
    injected = {(method, fault.status, fault.drop, fault.delay > 1) for method, _, fault in schedule.hits}
    assert len(schedule.hits) == 13, schedule.hits  # every scheduled fault happened
    assert ("getUpdates", None, False, True) in injected and ("sendMessage", None, False, True) in injected
    assert answered_once(emulator, asked) == {}
    assert code == 0
    log = bot.log_text()
    assert "Traceback" not in log and " ERROR " not in log
    assert "timed out and was not retried" in log  # the slow send: no retry, no duplicate
    assert TOKEN not in log


def test_a_graceful_restart_with_updates_in_flight_loses_and_repeats_nothing(emulator, tmp_path):
    bot = start_bot(emulator, tmp_path)
    slow = Schedule({"sendMessage": {n: Fault(delay=0.6) for n in range(1, 40)}})
    emulator.faults.append(slow)
    chats = [(emulator.private_chat(u), u) for u in (TelegramEmulator.user(3100 + n, f"Calm{n}") for n in range(8))]
    first = [emulator.user_says(chat, user, QUESTIONS[n % 6]) for n, (chat, user) in enumerate(chats)]
    emulator.wait_for(lambda: len(emulator.calls_to("sendMessage")) >= 3, WAIT, "sends in flight")
    assert bot.stop() == 0  # SIGTERM while answers are on their way
    emulator.faults.remove(slow)
    second = [emulator.user_says(chat, user, QUESTIONS[(n + 1) % 6]) for n, (chat, user) in enumerate(chats)]
    bot.start()
    try:
        wait_answered(emulator, first + second)
        wait_handled(emulator, bot)
    finally:
        assert bot.stop() == 0
    assert answered_once(emulator, first + second) == {}


def test_a_crash_loses_no_update_and_does_not_answer_handled_ones_again(emulator, tmp_path):
    # The stuck send must still be waiting when the bot is killed, however long the waits before
    # the kill take on a busy machine (each up to WAIT): the stall outlasts all of them, and the
    # client timeout (the longest the settings allow) outlasts the stall.  With a 1 s timeout the
    # send timed out (its update counted as handled) before the kill; with a 20 s stall the
    # waits before the kill could outlast it, and then the retries.
    stall = 4 * WAIT
    bot = start_bot(emulator, tmp_path, BRIEFBOT_REQUEST_TIMEOUT="300")
    stuck_user = TelegramEmulator.user(3200, "Stuck")
    stuck_chat = emulator.private_chat(stuck_user)

    def stall_the_stuck_chat(call: ApiCall) -> Fault | None:
        if call.method == "sendMessage" and call.params.get("chat_id") == stuck_user["id"]:
            return Fault(delay=stall, drop=True)  # never delivered: the bot dies waiting for it
        return None

    emulator.faults.append(stall_the_stuck_chat)
    stuck = emulator.user_says(stuck_chat, stuck_user, QUESTIONS[0])
    emulator.wait_call("sendMessage", lambda p: p.get("chat_id") == stuck_user["id"], served=False)
    others = [emulator.user_says(emulator.private_chat(u), u, QUESTIONS[n % 6])
              for n, u in enumerate(TelegramEmulator.user(3210 + n, f"Other{n}") for n in range(6))]
    wait_answered(emulator, others)  # one slow chat holds up nobody else
    # The replies' responses reach the bot, which marks those updates done, and its next poll
    # acknowledges the last batch (a busy machine may take a while for either): only the stuck
    # update is left, in the bot's inbox, not Telegram's.
    emulator.wait_for(lambda: waiting_in_inbox(bot) == 1 and emulator.pending_updates() == 0, WAIT,
                      "the answered updates marked done and every update acknowledged")
    assert bot.kill() != 0  # SIGKILL: no drain
    emulator.faults.remove(stall_the_stuck_chat)
    # Its reply was never sent, so nothing is remembered: asked again, it is asked as the first time.
    assert conversations(bot, stuck_user["id"]) == 0
    assert all(conversations(bot, u) == 1 for u in range(3210, 3216))
    bot.start()
    try:
        wait_answered(emulator, [stuck])
        # Remembered once the send returns, a moment after the emulator has the reply (a busy
        # machine may make that moment long): wait for it rather than look at once.
        emulator.wait_for(lambda: conversations(bot, stuck_user["id"]) == 1, WAIT,
                          "the stuck chat remembered")
        later = emulator.user_says(stuck_chat, stuck_user, QUESTIONS[1])
        wait_answered(emulator, [later])
        wait_handled(emulator, bot)  # its poll after the reply acknowledges the last update
    finally:
        assert bot.stop() == 0
    assert answered_once(emulator, [stuck, later, *others]) == {}
    assert emulator.pending_updates() == 0
