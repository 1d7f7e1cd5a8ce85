"""Drive many chats' questions through the emulated Bot API into the real bot, and measure.

Used by ``tests/test_load.py`` (a CI-sized run with loose assertions) and ``bench/load.py`` (the
figures in the README).  Questions are sent open-loop at a fixed rate, spread over private chats
and groups, with group chatter that must be ignored mixed in.  Afterwards every addressed message
must have exactly one reply, each chat's replies must come in the order of its questions, and no
chatter may be answered.

"Latency added by the bot" is measured from the moment ``getUpdates`` handed an update to the bot
to the moment its ``sendMessage`` reached the emulator, so it excludes time an update spent
waiting on the emulator's side before the bot asked for it.
"""

from __future__ import annotations

import random
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path

from botproc import TOKEN, BotProcess
from telegram_emulator import TelegramEmulator

from knowledge.build import BUNDLED_KNOWLEDGE
from knowledge.store import load_knowledge

__all__ = ["LoadConfig", "LoadReport", "run_load"]

BOT = "BriefLoadBot"
OFF_TOPIC = ("what's the weather like today", "who won the football", "tell me a joke", "hi there",
             "how much does it cost", "what did the mayor say about taxes", "🙂🙂🙂", "<b>&amp;</b> & <i>",
             "¿Qué dijo Lavrov?", "Что сказал Лавров?")
CHATTER = ("lol", "anyone here?", "brb", "what did Lavrov say?", "ok", "see you tomorrow", "😂")


@dataclass(frozen=True)
class LoadConfig:
    """What to send: ``questions`` spread over ``chats`` (a ``group_share`` of them groups) at
    ``rate`` questions a second (0: all at once), plus ``chatter`` unaddressed group messages per
    group question."""

    questions: int = 2000
    chats: int = 200
    group_share: float = 0.3
    users_per_group: int = 4
    chatter: float = 0.5
    rate: float = 150.0
    seed: int = 7
    timeout: float = 120.0


@dataclass
class LoadReport:
    """What the run measured, and every problem found (empty when all was answered once, in order)."""

    config: LoadConfig
    private_chats: int
    groups: int
    messages: int
    replies: int
    seconds: float
    replies_per_second: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float
    peak_rss_mb: float
    cpu_ms_per_question: float
    problems: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (f"{self.replies} replies to {self.config.questions} questions from {self.private_chats + self.groups} "
                f"chats ({self.private_chats} private, {self.groups} groups; {self.messages} messages incl. "
                f"chatter) in {self.seconds:.1f} s: {self.replies_per_second:.0f} replies/s · added latency "
                f"p50 {self.p50_ms:.0f} ms · p95 {self.p95_ms:.0f} ms · p99 {self.p99_ms:.0f} ms · "
                f"max {self.max_ms:.0f} ms · bot CPU {self.cpu_ms_per_question:.1f} ms a question · "
                f"bot peak RSS {self.peak_rss_mb:.0f} MB · "
                f"{'no problems' if not self.problems else f'{len(self.problems)} problems'}")


def _questions(count: int, rng: random.Random) -> list[str]:
    """A mix of the article's own phrasings, the same with a typo, and off-topic messages."""
    knowledge = load_knowledge(BUNDLED_KNOWLEDGE)
    phrasings = [q for pair in knowledge.qa for q in pair.questions if len(q) < 120]
    out = []
    for _ in range(count):
        roll = rng.random()
        if roll < 0.15:
            out.append(rng.choice(OFF_TOPIC))
            continue
        text = rng.choice(phrasings)
        if roll < 0.45 and len(text) > 6:
            i = rng.randrange(1, len(text) - 2)
            text = text[:i] + text[i + 1] + text[i] + text[i + 2:]
        out.append(text)
    return out


def _plan(emulator: TelegramEmulator, config: LoadConfig, rng: random.Random) -> list[tuple[dict, dict, str, bool]]:
    """(chat, user, text, addressed) in sending order; each chat's messages keep their order."""
    groups = round(config.chats * config.group_share)
    private = config.chats - groups
    chats: list[tuple[dict, list[dict]]] = []
    for n in range(private):
        user = TelegramEmulator.user(100_000 + n, f"User{n}")
        chats.append((emulator.private_chat(user), [user]))
    for n in range(groups):
        group = emulator.group(-1_000_000_000_000 - n, f"Group {n}", supergroup=n % 2 == 0)
        members = [TelegramEmulator.user(500_000 + n * 100 + k, f"Member{n}_{k}") for k in range(config.users_per_group)]
        chats.append((group, members))
    texts = _questions(config.questions, rng)
    per_chat: list[list[tuple[dict, dict, str, bool]]] = [[] for _ in chats]
    for index, text in enumerate(texts):
        chat, members = chats[index % len(chats)]
        queue = per_chat[index % len(chats)]
        user = members[len(queue) % len(members)]
        if chat["type"] == "private":
            queue.append((chat, user, text, True))
            continue
        while rng.random() < config.chatter:
            queue.append((chat, rng.choice(members), rng.choice(CHATTER), False))
        form = rng.choice((f"@{BOT} {text}", f"/ask@{BOT} {text}", f"/ask {text}"))
        queue.append((chat, user, form, True))
    # interleave the chats at random, keeping each chat's order
    order = [i for i, queue in enumerate(per_chat) for _ in queue]
    rng.shuffle(order)
    cursors = [0] * len(per_chat)
    plan = []
    for i in order:
        plan.append(per_chat[i][cursors[i]])
        cursors[i] += 1
    return plan


def run_load(config: LoadConfig, workdir: Path, **bot_env: str) -> LoadReport:
    """Start an emulator and the bot, send the plan, wait for the replies, check and measure."""
    rng = random.Random(config.seed)
    workdir.mkdir(parents=True, exist_ok=True)
    env = {"BRIEFBOT_RATE_LIMITS": "off", "BRIEFBOT_LOG_LEVEL": "WARNING", **bot_env}
    with TelegramEmulator(TOKEN, username=BOT) as emulator:
        plan = _plan(emulator, config, rng)
        bot = BotProcess(emulator, workdir / "data", workdir / "bot.log", **env)
        bot.start()
        cpu_at_start = bot.cpu_seconds()
        try:
            asked: list[dict] = []
            chatter: list[dict] = []
            started = time.monotonic()
            for n, (chat, user, text, addressed) in enumerate(plan):
                if config.rate > 0:
                    delay = started + n / (config.rate * len(plan) / config.questions) - time.monotonic()
                    if delay > 0:
                        time.sleep(delay)
                message = emulator.user_says(chat, user, text)
                (asked if addressed else chatter).append(message)
            try:
                emulator.wait_for(lambda: len(emulator.sent) >= len(asked), config.timeout, "every reply")
            except TimeoutError:
                pass
            peak_rss = bot.peak_rss_mb()
            cpu_ms = (bot.cpu_seconds() - cpu_at_start) * 1000 / config.questions
        finally:
            code = bot.stop()
        # read after the bot has stopped: a late duplicate reply is in emulator.sent by now
        return _report(config, emulator, plan, asked, chatter, peak_rss, cpu_ms, code, bot.log_text())


def _report(config: LoadConfig, emulator: TelegramEmulator, plan: list, asked: list[dict], chatter: list[dict],
            peak_rss: float, cpu_ms: float, code: int | None, log: str) -> LoadReport:
    problems: list[str] = []
    expected: dict[int, list[int]] = {}
    for message in asked:
        expected.setdefault(message["chat"]["id"], []).append(message["message_id"])
    got: dict[int, list[int | None]] = {}
    for sent in list(emulator.sent):
        got.setdefault(sent.chat_id, []).append(sent.reply_to)
    for chat_id, ids in expected.items():
        if got.get(chat_id, []) != ids:
            problems.append(f"chat {chat_id}: expected replies to {ids}, got {got.get(chat_id, [])}")
    for chat_id in set(got) - set(expected):
        problems.append(f"chat {chat_id}: unexpected messages {got[chat_id]}")
    failed = [c for c in emulator.calls_to("sendMessage") if c.status != 200]
    if failed:
        problems.append(f"{len(failed)} sendMessage calls failed, e.g. {failed[0].response}")
    if code != 0:
        problems.append(f"the bot exited with {code}")
    if "Traceback" in log or " ERROR " in log:
        problems.append("errors in the bot's log:\n" + log[-2000:])

    message_at = {(m["chat"]["id"], m["message_id"]): m for m in asked}
    latencies = []
    for sent in emulator.sent:
        question = message_at.get((sent.chat_id, sent.reply_to))
        if question is None:
            continue
        delivered = emulator.delivered_at.get(emulator.update_id_of(question))
        if delivered is not None:
            latencies.append((sent.at - delivered) * 1000)
    first = min(emulator.delivered_at.values(), default=0.0)
    last = max((s.at for s in emulator.sent), default=first)
    seconds = max(last - first, 1e-9)
    latencies.sort()

    def percentile(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))] if latencies else float("nan")

    groups = sum(1 for chat_id in expected if chat_id < 0)
    return LoadReport(
        config=config, private_chats=len(expected) - groups, groups=groups, messages=len(plan),
        replies=len(emulator.sent), seconds=seconds, replies_per_second=len(emulator.sent) / seconds,
        p50_ms=statistics.median(latencies) if latencies else float("nan"), p95_ms=percentile(0.95),
        p99_ms=percentile(0.99), max_ms=latencies[-1] if latencies else float("nan"), peak_rss_mb=peak_rss,
        cpu_ms_per_question=cpu_ms, problems=problems,
    )
