"""The durable inbox, the database it lives in, per-chat state, the per-lane dispatcher and the reply window (no Bot API)."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import stat
from contextlib import nullcontext
from pathlib import Path

import pytest

from bot.engine.conversation import Conversation
from bot.telegram.chat_state import CHAT_STATE_SCHEMA, ChatState
from bot.telegram.database import DATABASE_FILE, DataDirError, Schema, open_database
from bot.telegram.dispatch import Dispatcher
from bot.telegram.slots import set_aside, set_aside_after
from bot.telegram.inbox import INBOX_SCHEMA, KEEP_HANDLED, Inbox, Pending, lane_of
from bot.telegram.sending import SendLimiter
from bot.telegram.window import SendWindow

SCHEMAS = (INBOX_SCHEMA, CHAT_STATE_SCHEMA)
BOT_ID = 7001


def message(update_id: int, chat_id: int, text: str = "hi") -> dict:
    return {"update_id": update_id,
            "message": {"message_id": update_id, "date": 0, "chat": {"id": chat_id, "type": "private"}, "text": text}}


def open_inbox(data: Path, bot_id: int = BOT_ID) -> Inbox:
    return Inbox(open_database(data, SCHEMAS), bot_id)


# --- the data directory and the database file ---------------------------------------------------


def test_data_dir_is_created_private_and_the_database_file_too(tmp_path):
    data = tmp_path / "new" / "data"
    inbox = open_inbox(data)
    inbox.store([message(1, 5)], floor=0, now=1.0)
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    files = [p for p in data.iterdir() if p.name.startswith(DATABASE_FILE)]
    assert files and all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in files)


def test_an_existing_readable_data_dir_is_tightened(tmp_path):
    data = tmp_path / "data"
    data.mkdir(mode=0o755)
    os.chmod(data, 0o755)
    open_database(data, SCHEMAS)
    assert stat.S_IMODE(data.stat().st_mode) == 0o700


def test_a_data_dir_others_can_write_is_refused_in_one_line(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    os.chmod(data, 0o777)
    with pytest.raises(DataDirError) as refused:
        open_database(data, SCHEMAS)
    assert "other users can write" in str(refused.value) and "\n" not in str(refused.value)
    assert not (data / DATABASE_FILE).exists()


def test_a_data_dir_that_is_a_file_is_refused(tmp_path):
    (tmp_path / "data").write_text("")
    with pytest.raises(DataDirError, match="not a directory|File exists"):
        open_database(tmp_path / "data", SCHEMAS)


def test_a_symlink_in_place_of_the_database_is_moved_aside_not_followed(tmp_path):
    data = tmp_path / "data"
    data.mkdir(mode=0o700)
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    (data / DATABASE_FILE).symlink_to(victim)
    (data / (DATABASE_FILE + "-wal")).symlink_to(tmp_path / "elsewhere")
    open_inbox(data).store([message(1, 5)], floor=0, now=1.0)
    assert victim.read_text() == "keep me"
    assert not (tmp_path / "elsewhere").exists()
    assert not (data / DATABASE_FILE).is_symlink()
    assert [p for p in data.glob(DATABASE_FILE + ".corrupt-*") if p.is_symlink()]


@pytest.mark.parametrize("content", [b"this is not a database", b"SQLite format 3\x00" + b"\x13" * 200],
                         ids=["text", "damaged-header"])
def test_a_corrupt_database_is_moved_aside_and_a_fresh_one_started(tmp_path, content, caplog):
    data = tmp_path / "data"
    data.mkdir(mode=0o700)
    (data / DATABASE_FILE).write_bytes(content)
    inbox = open_inbox(data)
    assert inbox.next_offset == 0 and inbox.pending() == []
    aside = list(data.glob(DATABASE_FILE + ".corrupt-*"))
    assert [p.read_bytes() for p in aside] == [content]
    warnings = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert len(warnings) == 1 and "moved it to" in warnings[0] and "empty one" in warnings[0]


def test_a_database_from_a_newer_briefbot_is_moved_aside(tmp_path, caplog):
    data = tmp_path / "data"
    open_inbox(data).store([message(1, 5)], floor=0, now=1.0)
    newer = Schema("inbox", steps=(*INBOX_SCHEMA.steps, "CREATE TABLE later (x)"))
    open_database(data, (newer, CHAT_STATE_SCHEMA)).close()
    inbox = open_inbox(data)
    assert inbox.pending() == []
    assert any("newer than this briefbot" in r.getMessage() for r in caplog.records)


def test_another_programs_sqlite_file_is_moved_aside(tmp_path):
    data = tmp_path / "data"
    data.mkdir(mode=0o700)
    with sqlite3.connect(data / DATABASE_FILE) as other:
        other.execute("CREATE TABLE notes (text)")
    open_inbox(data)
    assert len(list(data.glob(DATABASE_FILE + ".corrupt-*"))) == 1


def test_a_new_schema_gets_its_tables_and_later_steps_are_applied_once(tmp_path):
    data = tmp_path / "data"
    articles = Schema("articles", steps=("CREATE TABLE chat_article (chat_id INTEGER PRIMARY KEY, "
                                         "article TEXT, used REAL)",), pruned=("chat_article",))
    database = open_database(data, (*SCHEMAS, articles))
    database.execute("INSERT INTO chat_article VALUES (1, 'a', 10.0), (2, 'b', 1000.0)")
    database.close()
    grown = Schema("articles", steps=(*articles.steps, "ALTER TABLE chat_article ADD COLUMN title TEXT"),
                   pruned=articles.pruned)
    database = open_database(data, (*SCHEMAS, grown))
    assert database.execute("SELECT chat_id, title FROM chat_article ORDER BY chat_id").fetchall() == [
        (1, None), (2, None)]
    assert database.prune(now=1100.0, retention=500.0) == 1
    assert database.execute("SELECT chat_id FROM chat_article").fetchall() == [(2,)]


# --- the inbox ------------------------------------------------------------------------------------


def test_stored_updates_survive_a_reopen_until_marked_done(tmp_path):
    inbox = open_inbox(tmp_path)
    stored = inbox.store([message(10, 1), message(11, 2), message(12, 1)], floor=0, now=1.0)
    assert [p.update_id for p in stored.new] == [10, 11, 12] and inbox.next_offset == 13
    inbox.done(stored.new[1])
    inbox.database.close()
    again = open_inbox(tmp_path)  # as after a crash
    assert [p.update_id for p in again.pending()] == [10, 12]
    assert again.next_offset == 13


def test_an_update_sent_twice_is_stored_once(tmp_path):
    inbox = open_inbox(tmp_path)
    first = inbox.store([message(10, 1)], floor=None, now=1.0)
    inbox.done(first.new[0])
    again = inbox.store([message(10, 1), message(11, 1)], floor=None, now=2.0)
    assert [p.update_id for p in again.new] == [11] and again.duplicates == 1 and not again.renumbered


def test_ids_below_the_floor_start_a_new_numbering_and_are_handled(tmp_path, caplog):
    inbox = open_inbox(tmp_path)
    for update in inbox.store([message(500, 1), message(501, 1)], floor=0, now=1.0).new:
        inbox.done(update)
    restarted = inbox.store([message(1, 1), message(2, 3)], floor=inbox.next_offset, now=2.0)
    assert [p.update_id for p in restarted.new] == [1, 2] and restarted.renumbered
    assert inbox.next_offset == 3
    later = inbox.store([message(3, 1), message(501, 1)], floor=inbox.next_offset, now=3.0)
    assert [p.update_id for p in later.new] == [3, 501] and not later.renumbered  # 501 is new in this numbering
    assert sum("went backwards" in r.getMessage() for r in caplog.records) == 1


def test_webhook_floor_tolerates_reordering_but_not_a_restart(tmp_path):
    inbox = open_inbox(tmp_path)
    inbox.store([message(1000, 1)], floor=None, now=1.0)
    assert not inbox.store([message(950, 2)], floor=inbox.webhook_floor(), now=2.0).renumbered
    assert inbox.store([message(3, 2)], floor=inbox.webhook_floor(), now=3.0).renumbered


def test_compact_gives_the_pages_of_a_handled_backlog_back(tmp_path):
    inbox = open_inbox(tmp_path)
    backlog = inbox.store([message(n, n % 50, "x" * 2000) for n in range(1, 301)], floor=None, now=1.0).new
    peak = inbox.database.execute("PRAGMA page_count").fetchone()[0]
    for update in backlog:
        inbox.done(update)
    assert inbox.database.compact() > 0
    assert inbox.database.execute("PRAGMA page_count").fetchone()[0] < peak / 10
    assert inbox.database.compact() == 0  # nothing left to give back


def test_handled_updates_keep_only_their_ids_and_only_the_newest(tmp_path):
    inbox = open_inbox(tmp_path)
    for n in range(0, 3 * KEEP_HANDLED, 10):  # batches of ten, a backlog of ten handled after each
        batch = [message(n + k + 1, k, "x" * 500) for k in range(10)]
        for update in inbox.store(batch, floor=None, now=1.0).new:
            inbox.done(update)
    assert inbox.database.execute("SELECT count(*) FROM inbox").fetchone()[0] == 0
    handled = inbox.database.execute("SELECT count(*), min(update_id) FROM inbox_handled").fetchone()
    assert KEEP_HANDLED <= handled[0] <= KEEP_HANDLED + 100 and handled[1] >= 2 * KEEP_HANDLED - 100


def test_a_handled_update_delivered_again_is_recognised(tmp_path):
    inbox = open_inbox(tmp_path)
    for update in inbox.store([message(7, 1), message(8, 2)], floor=None, now=1.0).new:
        inbox.done(update)
    again = inbox.store([message(8, 2), message(9, 2)], floor=inbox.webhook_floor(), now=2.0)
    assert [p.update_id for p in again.new] == [9] and again.duplicates == 1


def test_a_database_from_before_handled_ids_had_their_own_table_is_migrated(tmp_path):
    old = Schema("inbox", steps=INBOX_SCHEMA.steps[:1])
    database = open_database(tmp_path, (old, CHAT_STATE_SCHEMA))
    database.execute("INSERT INTO inbox_position VALUES (1, ?, 0, 12)", (BOT_ID,))
    database.execute("INSERT INTO inbox VALUES (1, 0, 10, 'c1', NULL, 1.0), "
                     "(2, 0, 11, 'c1', '{\"update_id\": 11}', 1.0)")
    database.close()
    inbox = open_inbox(tmp_path)
    assert [p.update_id for p in inbox.pending()] == [11]
    assert inbox.store([message(10, 1), message(12, 1)], floor=None, now=2.0).new[0].update_id == 12


def test_updates_of_another_bot_are_dropped(tmp_path, caplog):
    inbox = open_inbox(tmp_path)
    inbox.store([message(10, 1)], floor=0, now=1.0)
    inbox.database.close()
    other = open_inbox(tmp_path, bot_id=BOT_ID + 1)
    assert other.pending() == [] and other.next_offset == 0
    assert any("another bot" in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize(("update", "lane"), [
    (message(1, -100), "c-100"),
    ({"update_id": 2, "callback_query": {"id": "q", "from": {"id": 9}, "message": {"chat": {"id": 4}}}}, "c4"),
    ({"update_id": 3, "callback_query": {"id": "q", "from": {"id": 9}, "inline_message_id": "m"}}, "u9"),
    ({"update_id": 4, "inline_query": {"id": "q", "from": {"id": 9}, "query": ""}}, "u9"),
    ({"update_id": 5, "poll": {"id": "p"}}, "#5"),
    ({"update_id": 6, "message": {"chat": "not a chat"}}, "#6"),
    ({"update_id": 7, "future_kind": {"chat": {"id": 4}}}, "#7"),
], ids=["message", "button", "inline-button", "inline-query", "poll", "malformed", "unknown-kind"])
def test_lane_is_the_chat_else_the_user_else_the_update_itself(update, lane):
    assert lane_of(update) == lane


# --- per-chat state -----------------------------------------------------------------------------


def test_conversations_are_kept_per_chat_and_user_and_pruned_when_unused(tmp_path):
    database = open_database(tmp_path, SCHEMAS)
    state = ChatState(database)
    talk = Conversation(entities=("e1",), terms=("troops",), qa="q3", sentence=4, answer_type="who")
    state.remember(-5, 1, talk, now=100.0)
    state.remember(-5, 2, Conversation(), now=900.0)
    assert state.conversation(-5, 1) == talk and state.conversation(-5, 3) is None
    state.set_value(-5, "article", {"path": "a.txt"}, now=100.0)
    assert state.value(-5, "article") == {"path": "a.txt"}
    assert database.prune(now=1000.0, retention=500.0) == 2
    assert state.conversation(-5, 1) is None and state.conversation(-5, 2) == Conversation()
    assert state.value(-5, "article") is None and state.chats() == 1


def test_a_stored_conversation_that_no_longer_fits_reads_as_none(tmp_path):
    database = open_database(tmp_path, SCHEMAS)
    database.execute("INSERT INTO conversation VALUES (1, 1, '[1, 2]', 0), (1, 2, 'nonsense', 0)")
    state = ChatState(database)
    assert state.conversation(1, 1) is None and state.conversation(1, 2) is None


# --- the dispatcher -----------------------------------------------------------------------------


async def _dispatch(tmp_path: Path, updates: list[dict], handle, workers: int = 4) -> Inbox:
    inbox = open_inbox(tmp_path)
    dispatcher = Dispatcher(inbox, handle, workers)
    stop = asyncio.Event()
    running = asyncio.create_task(dispatcher.run(stop, drain_timeout=1))
    dispatcher.add(inbox.store(updates, floor=0, now=1.0).new)
    await asyncio.wait_for(dispatcher.wait_idle(), 10)
    stop.set()
    await running
    return inbox


async def test_each_chat_is_handled_in_order_and_chats_concurrently(tmp_path):
    order: list[tuple[str, int]] = []
    running: set[str] = set()
    overlap: list[int] = []

    async def handle(update: Pending) -> None:
        assert update.lane not in running  # one update of a lane at a time
        running.add(update.lane)
        overlap.append(len(running))
        await asyncio.sleep(0.01)
        order.append((update.lane, update.update_id))
        running.discard(update.lane)

    updates = [message(n, n % 3) for n in range(1, 31)]
    inbox = await _dispatch(tmp_path, updates, handle)
    for lane in ("c0", "c1", "c2"):
        ids = [i for name, i in order if name == lane]
        assert ids == sorted(ids) and len(ids) == 10
    assert max(overlap) == 3 and inbox.pending() == []


async def test_a_slow_chat_delays_only_itself(tmp_path):
    release = asyncio.Event()
    finished: list[int] = []

    async def handle(update: Pending) -> None:
        if update.lane == "c1":
            await release.wait()
        finished.append(update.update_id)
        if len(finished) == 20:
            release.set()  # every other chat was done while chat 1 was stuck

    updates = [message(1, 1), message(2, 1)] + [message(n, n) for n in range(3, 23)]
    await _dispatch(tmp_path, updates, handle, workers=2)
    assert finished[-2:] == [1, 2]


async def _seventh_chat_answered_while_six_wait(tmp_path, hold) -> None:
    """Two slots, chats 1-6 wait inside ``hold(update_id)``: the seventh is answered meanwhile."""
    release = asyncio.Event()
    finished: list[int] = []

    async def handle(update: Pending) -> None:
        async with hold(update.update_id):
            if update.update_id <= 6:
                await release.wait()
        finished.append(update.update_id)
        if update.update_id == 7:
            release.set()

    await _dispatch(tmp_path, [message(n, n) for n in range(1, 8)], handle, workers=2)
    assert finished[0] == 7 and sorted(finished) == list(range(1, 8))


async def test_handlers_waiting_out_telegrams_limits_hold_no_slot(tmp_path):
    """Six chats waiting (as for a 429 pause) hold no slot."""
    await _seventh_chat_answered_while_six_wait(tmp_path, lambda n: set_aside() if n <= 6 else nullcontext())


async def test_handlers_whose_requests_hang_give_their_slot_back(tmp_path):
    """Six chats whose request hangs (past the moment) give their slot back."""
    await _seventh_chat_answered_while_six_wait(tmp_path, lambda n: set_aside_after(0.01 if n <= 6 else 60))


async def test_a_request_answered_at_once_keeps_its_slot(tmp_path):
    """One slot: the second chat can't start while the first one's quick request is out."""
    order: list[str] = []

    async def handle(update: Pending) -> None:
        order.append(f"start {update.update_id}")
        async with set_aside_after(60):
            await _turns(20)  # a response on its way back, well before the moment
        order.append(f"end {update.update_id}")

    await _dispatch(tmp_path, [message(1, 1), message(2, 2)], handle, workers=1)
    assert order == ["start 1", "end 1", "start 2", "end 2"]


async def test_a_failing_handler_is_logged_and_its_update_done(tmp_path, caplog):
    async def handle(update: Pending) -> None:
        if update.update_id == 1:
            raise ValueError("boom")

    inbox = await _dispatch(tmp_path, [message(1, 1), message(2, 1)], handle)
    assert inbox.pending() == []
    assert any("could not be handled" in r.getMessage() for r in caplog.records)


async def test_updates_cut_off_by_a_shutdown_stay_in_the_inbox(tmp_path):
    inbox = open_inbox(tmp_path)
    started = asyncio.Event()

    async def handle(update: Pending) -> None:
        if update.update_id == 2:
            started.set()
            await asyncio.sleep(30)

    dispatcher = Dispatcher(inbox, handle, workers=2)
    stop = asyncio.Event()
    running = asyncio.create_task(dispatcher.run(stop, drain_timeout=0.1))
    dispatcher.add(inbox.store([message(1, 1), message(2, 2), message(3, 2)], floor=0, now=1.0).new)
    await asyncio.wait_for(started.wait(), 5)
    stop.set()
    await running
    assert [p.update_id for p in inbox.pending()] == [2, 3]


# --- the replies in flight (the ones a crash would send again) ----------------------------------


async def _turns(count: int) -> None:
    for _ in range(count):
        await asyncio.sleep(0)


async def _send_held(window: SendWindow, inside: asyncio.Event, release: asyncio.Event) -> None:
    """A send that takes its place in the window, says so, and holds it until released."""
    async with window.sending():
        inside.set()
        await release.wait()


async def test_next_door_one_reply_is_in_flight_at_a_time():
    window = SendWindow(rate=30, patience=60)
    assert window.size == 1  # nothing measured yet: 30 a second at no round trip needs one
    inside, release, order = asyncio.Event(), asyncio.Event(), []

    async def send(name: str) -> None:
        async with window.sending():
            order.append(name)
            if name == "first":
                inside.set()
                await release.wait()

    first = asyncio.create_task(send("first"))
    await inside.wait()
    second = asyncio.create_task(send("second"))
    await _turns(20)
    assert order == ["first"]
    release.set()
    await asyncio.wait_for(asyncio.gather(first, second), 10)
    assert order == ["first", "second"]


async def test_the_window_widens_as_far_as_the_round_trip_needs():
    window = SendWindow(rate=30, patience=60)
    for _ in range(5):
        async with window.sending():
            await asyncio.sleep(0.1)  # at least 0.1 s each: 30 a second then need 3 in flight
    assert window.size >= 3


async def test_a_send_that_hangs_stops_counting_so_others_go_on():
    window = SendWindow(rate=30, patience=0.01)
    inside, hang = asyncio.Event(), asyncio.Event()
    stuck = asyncio.create_task(_send_held(window, inside, hang))
    await inside.wait()
    async with asyncio.timeout(10):
        async with window.sending():
            pass
    assert not stuck.done()
    hang.set()
    await stuck


async def test_a_send_cancelled_while_waiting_leaves_the_window_as_it_was():
    window = SendWindow(rate=30, patience=60)
    inside, release = asyncio.Event(), asyncio.Event()
    holder = asyncio.create_task(_send_held(window, inside, release))
    await inside.wait()
    waiting = asyncio.create_task(_send_held(window, inside, release))
    await _turns(5)
    waiting.cancel()
    with pytest.raises(asyncio.CancelledError):
        await waiting
    release.set()
    await holder
    async with asyncio.timeout(10):
        async with window.sending():
            pass


async def test_replies_go_through_the_window_and_other_requests_do_not():
    limiter = SendLimiter(limits=False)
    started: list[str] = []
    release = asyncio.Event()

    async def call(name: str) -> bool:
        started.append(name)
        await release.wait()
        return True

    def request(name: str, endpoint: str, chat: int) -> asyncio.Task:
        return asyncio.create_task(limiter.process_request(call, (name,), {}, endpoint, {"chat_id": chat}, None))

    calls = [request("reply 1", "sendMessage", 1)]
    await _turns(5)
    calls += [request("reply 2", "sendMessage", 2), request("button", "answerCallbackQuery", 3)]
    await _turns(20)
    assert started == ["reply 1", "button"]  # one reply in flight next door; the button's answer is no reply
    release.set()
    assert await asyncio.wait_for(asyncio.gather(*calls), 10) == [True, True, True]
    assert started[-1] == "reply 2"
