"""Reliability figures for the README: head-of-line blocking, Telegram's limits, scale, crashes.

    python bench/inbox.py slow       # 300 chats ask once each: alone, behind one chat whose sends take 8 s,
                                     # and behind one chat Telegram answers 429 (--repeat rounds)
    python bench/inbox.py many       # 100 chats get a 429 on every send (more than the 64 slots), 300 others ask
    python bench/inbox.py hung       # 100 chats' sends take 8 s each (more than the 64 slots), 300 others ask
    python bench/inbox.py group      # a 200-member group asks at once (Telegram's limits on),
                                     # 50 private questions 2 s later
    python bench/inbox.py flood      # one private user sends 1,000 messages; 100 others ask once
    python bench/inbox.py scale      # 10,000 private chats ask once, 10,000 groups only chat
                                     # (--rate updates/s)
    python bench/inbox.py restarts   # 2,000 questions with a SIGKILL and a SIGTERM every 500 (--rate per second)
    python bench/inbox.py all

Starts ``tests/telegram_emulator.py`` on 127.0.0.1 and ``run_bot.py run`` against it.  Latency is
what a user sees: from the message entering the emulator to the bot's reply reaching it.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from botproc import TOKEN, BotProcess
from telegram_emulator import Fault, TelegramEmulator

BOT = "BriefBenchBot"
QUESTIONS = ("What did Lavrov say?", "Who is Sergei Lavrov?", "What did Macron say?", "How many troops?")


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p * len(ordered)))] if ordered else float("nan")


def rss_mb(bot: BotProcess) -> float:
    status = Path(f"/proc/{bot.proc.pid}/status").read_text()
    return int(next(line for line in status.splitlines() if line.startswith("VmRSS:")).split()[1]) / 1024


def dir_kb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.iterdir() if p.is_file()) / 1024


class Run:
    """An emulator, a bot on a fresh data dir, and the time each asked message went in."""

    def __init__(self, workdir: Path, **env: str) -> None:
        workdir.mkdir(parents=True, exist_ok=True)
        self.emulator = TelegramEmulator(TOKEN, username=BOT).start()
        self.bot = BotProcess(self.emulator, workdir / "data", workdir / "bot.log",
                              BRIEFBOT_LOG_LEVEL="WARNING", **env).start()
        self.asked_at: dict[tuple[int, int], float] = {}

    def ask(self, chat: dict, user: dict, text: str) -> dict:
        message = self.emulator.user_says(chat, user, text)
        self.asked_at[(chat["id"], message["message_id"])] = time.time()
        return message

    def latencies(self, messages: list[dict]) -> list[float]:
        first: dict[tuple[int, int], float] = {}
        for sent in list(self.emulator.sent):
            first.setdefault((sent.chat_id, sent.reply_to), sent.at)
        return [first[(m["chat"]["id"], m["message_id"])] - self.asked_at[(m["chat"]["id"], m["message_id"])]
                for m in messages]

    def wait(self, messages: list[dict], timeout: float) -> None:
        """Wait for a reply to each message (first by count: the emulator waits while this checks)."""
        wanted = {(m["chat"]["id"], m["message_id"]) for m in messages}
        deadline = time.monotonic() + timeout
        while not wanted <= {(s.chat_id, s.reply_to) for s in list(self.emulator.sent)}:
            if time.monotonic() > deadline:
                raise TimeoutError(f"not every reply within {timeout:g} s")
            time.sleep(0.2)


    def close(self) -> None:
        self.bot.stop()
        self.emulator.stop()


def users(start: int, count: int, name: str) -> list[dict]:
    return [TelegramEmulator.user(start + n, f"{name}{n}") for n in range(count)]


#: The chat that holds things up in ``slow``: what Telegram does to its sends.
HOLDUPS: dict[str, Callable[[], Fault]] = {
    "slow": lambda: Fault(delay=8),  # every send takes 8 s
    "throttled": lambda: Fault(status=429, retry_after=5),  # every send gets a 429: wait 5 s
}


def _others_behind(workdir: Path, holdup: str, held_up: int = 1) -> tuple[list[float], float]:
    """300 chats ask once at 50/s behind ``held_up`` chats held up as ``HOLDUPS[holdup]`` says (or none: "alone").

    One held-up chat asks 12 questions; several ask one each, and the others start once 20 of
    them are held up (the rest still coming).  Returns the 300 chats' latencies
    and the highest load average seen.
    """
    load = os.getloadavg()[0]
    run = Run(workdir, BRIEFBOT_RATE_LIMITS="off")
    try:
        if holdup != "alone":
            stuck_ids = range(10, 10 + held_up)
            run.emulator.faults.append(lambda call: HOLDUPS[holdup]() if call.method == "sendMessage"
                                       and call.params.get("chat_id") in stuck_ids else None)
            for n in stuck_ids:
                stuck = TelegramEmulator.user(n, f"Stuck{n}")
                for q in QUESTIONS * 3 if held_up == 1 else QUESTIONS[:1]:
                    run.ask(run.emulator.private_chat(stuck), stuck, q)
            run.emulator.wait_for(lambda: len(run.emulator.calls_to("sendMessage")) >= min(held_up, 20), 30,
                                  "the held-up chats' first sends")
        others = []
        for n, user in enumerate(users(1000, 300, "Other")):
            others.append(run.ask(run.emulator.private_chat(user), user, QUESTIONS[n % 4]))
            time.sleep(0.02)
        run.wait(others, 120)
        return run.latencies(others), max(load, os.getloadavg()[0])
    finally:
        run.close()


def slow(workdir: Path, repeat: int) -> str:
    """Each round runs the baseline and both held-up chats back to back, so they share the machine's load."""
    got: dict[str, list[tuple[float, float, float]]] = {name: [] for name in ("alone", *HOLDUPS)}
    for round_ in range(repeat):
        for name in got:
            latencies, load = _others_behind(workdir / f"{name}-{round_}", name)
            got[name].append((percentile(latencies, .5), percentile(latencies, .95), load))
            print(f"  round {round_ + 1} {name:9}: p50 {got[name][-1][0]:.3f} s, p95 {got[name][-1][1]:.3f} s, "
                  f"load average {load:.1f}", flush=True)

    def span(values: list[float]) -> str:
        return f"{min(values):.2f}-{max(values):.2f}" if len(values) > 1 else f"{values[0]:.2f}"

    parts = [f"{name} p50 {span([r[0] for r in rows])} s, p95 {span([r[1] for r in rows])} s"
             for name, rows in got.items()]
    loads = [r[2] for rows in got.values() for r in rows]
    return (f"slow: 300 chats asking at 50/s, {repeat} round(s), load average {span(loads)}: " + "; ".join(parts)
            + " (slow: one chat's sends take 8 s; throttled: one chat gets 429 retry_after 5 on every send)")


def many(workdir: Path, holdup: str = "throttled") -> str:
    """More held-up chats than ``BRIEFBOT_CONCURRENCY`` (64) slots: 100 chats get a 429 on every
    send, or (``hung``) every send of theirs takes 8 s."""
    latencies, load = _others_behind(workdir, holdup, held_up=100)
    what = "get 429 retry_after 5 on every send" if holdup == "throttled" else "have every send take 8 s"
    return (f"{'many' if holdup == 'throttled' else 'hung'}: 100 chats {what} (64 slots), then 300 others ask "
            f"at 50/s: others p50 {percentile(latencies, .5):.2f} s, p95 {percentile(latencies, .95):.2f} s, "
            f"max {max(latencies):.2f} s, load average up to {load:.1f}")


def group(workdir: Path) -> str:
    run = Run(workdir)  # Telegram's sending limits: 30 messages/s, 20 a minute per group
    try:
        chat = run.emulator.group(-100200, "Two hundred", supergroup=True)
        for n, member in enumerate(users(2000, 200, "Member")):
            run.ask(chat, member, f"@{BOT} {QUESTIONS[n % 4]}")
        time.sleep(2)
        private = [run.ask(run.emulator.private_chat(u), u, QUESTIONS[n % 4])
                   for n, u in enumerate(users(3000, 50, "Private"))]
        run.wait(private, 150)
        got = run.latencies(private)
        group_replies = sum(1 for s in run.emulator.sent if s.chat_id == chat["id"])
    finally:
        run.close()
    return (f"group: 200-member group at once under Telegram's limits, 50 private questions 2 s later: all "
            f"answered, p50 {percentile(got, .5):.2f} s, p95 {percentile(got, .95):.2f} s, max {max(got):.2f} s "
            f"(the group had {group_replies} of its 200 answers by then, at 20 a minute)")


def flood(workdir: Path) -> str:
    run = Run(workdir)
    try:
        flooder = TelegramEmulator.user(20, "Flooder")
        for n in range(1000):
            run.ask(run.emulator.private_chat(flooder), flooder, QUESTIONS[n % 4])
        others = [run.ask(run.emulator.private_chat(u), u, QUESTIONS[n % 4])
                  for n, u in enumerate(users(4000, 100, "Calm"))]
        run.wait(others, 120)
        got = run.latencies(others)
        flooder_got = sum(1 for s in run.emulator.sent if s.chat_id == 20)
    finally:
        run.close()
    return (f"flood: one private user sends 1,000 messages, 100 others ask once (Telegram's limits on): others "
            f"p50 {percentile(got, .5):.2f} s, p95 {percentile(got, .95):.2f} s; the flooder got {flooder_got} "
            f"replies by then (it is allowed 30 answers a minute, then one 'slow down')")


def scale(workdir: Path, rate: float) -> str:
    """10,000 private chats ask once while 10,000 groups chat, ``rate`` updates/s offered in all.

    The bot's RSS and the data dir are sampled twice a second, so the peaks are reported along
    with the values 6 s after everything is answered.
    """
    run = Run(workdir, BRIEFBOT_RATE_LIMITS="off")
    peaks = {"rss": 0.0, "dir": 0.0}
    sampling = threading.Event()

    def sample() -> None:
        while not sampling.wait(0.5):
            peaks["rss"] = max(peaks["rss"], rss_mb(run.bot))
            peaks["dir"] = max(peaks["dir"], dir_kb(run.bot.data_dir))

    try:
        warm = TelegramEmulator.user(30, "Warm")
        run.wait([run.ask(run.emulator.private_chat(warm), warm, QUESTIONS[0])], 30)
        time.sleep(1)
        before = rss_mb(run.bot)
        sampler = threading.Thread(target=sample, name="sampler")
        sampler.start()
        asked = []
        groups = [run.emulator.group(-200_000 - n, f"G{n}") for n in range(10_000)]
        members = users(6_000_000, 4, "Chatter")
        start = time.monotonic()
        for n, user in enumerate(users(5_000_000, 10_000, "Once")):
            asked.append(run.ask(run.emulator.private_chat(user), user, QUESTIONS[n % 4]))
            run.emulator.user_says(groups[n], members[n % 4], "lol, see you tomorrow")
            if n % 50 == 49:
                time.sleep(max(0.0, start + 2 * (n + 1) / rate - time.monotonic()))
        offered = time.monotonic() - start
        run.wait(asked, 600)
        answered = time.monotonic() - start
        time.sleep(6)  # the bot gives freed pages back every 5 s
        sampling.set()
        sampler.join()
        after = rss_mb(run.bot)
        size = dir_kb(run.bot.data_dir)
    finally:
        sampling.set()
        run.close()
    return (f"scale: 10,000 private chats asking once + 10,000 groups chatting, {20_000 / offered:.0f} "
            f"updates/s offered: bot RSS {before:.0f} -> {after:.0f} MB (+{after - before:.1f} MB, peak "
            f"+{peaks['rss'] - before:.1f}), data dir {size:.0f} KB (peak {max(peaks['dir'], size):.0f} KB), "
            f"offered in {offered:.0f} s, all answered {answered:.0f} s after the first")


def restarts(workdir: Path, rate: float) -> str:
    """2,000 questions offered at ``rate``/s while the bot is killed or stopped and restarted every 500.

    Questions keep coming while the bot is down (as they would).  A duplicate is counted against
    the first stop after its first copy (or up to 0.1 s before it: the emulator may take the dead
    bot's last request just after the kill); how long before that stop the first copy arrived is
    the window in which Telegram had accepted a reply whose update was not marked done yet.  (Its
    second copy can come after a later restart: one right after another stops the bot before it
    got to the update again.)
    """
    rng = random.Random(5)
    run = Run(workdir, BRIEFBOT_RATE_LIMITS="off")
    stops: list[tuple[str, float]] = []
    try:
        people = users(7000, 100, "Load")
        chats = [run.emulator.private_chat(u) for u in people]
        asked: list[dict] = []

        def offer() -> None:
            start = time.monotonic()
            for n in range(2000):
                who = rng.randrange(len(people))
                asked.append(run.ask(chats[who], people[who], QUESTIONS[n % 4]))
                time.sleep(max(0.0, start + (n + 1) / rate - time.monotonic()))

        asker = threading.Thread(target=offer, name="asker")
        asker.start()
        for at, how in sorted((block + offset, how) for block in range(0, 2000, 500)
                              for offset, how in ((150, "SIGKILL"), (400, "SIGTERM"))):
            while len(asked) < at:
                time.sleep(0.005)
            stops.append((how, time.time()))
            if how == "SIGKILL":
                run.bot.kill()
            else:
                run.bot.stop()
            run.bot.start()
        asker.join()
        run.wait(asked, 300)
        time.sleep(1)
        copies: dict[tuple[int, int], list[float]] = {}
        for sent in list(run.emulator.sent):
            copies.setdefault((sent.chat_id, sent.reply_to), []).append(sent.at)
    finally:
        run.close()
    got = [copies.get((m["chat"]["id"], m["message_id"]), []) for m in asked]
    duplicated = {how: [0] * sum(1 for h, _ in stops if h == how) for how in ("SIGKILL", "SIGTERM")}
    windows: list[float] = []
    for times in got:
        if len(times) < 2:
            continue
        index = next(i for i, (_, when) in enumerate(stops) if when >= times[0] - 0.1)
        how, when = stops[index]
        duplicated[how][sum(1 for h, _ in stops[:index] if h == how)] += len(times) - 1
        windows.append(when - times[0])
    window = (f", first copies {min(windows) * 1000:.0f} to {max(windows) * 1000:.0f} ms before the stop"
              if windows else "")
    return (f"restarts: 2,000 questions offered at {rate:g}/s, a SIGKILL and a SIGTERM every 500: "
            f"lost {sum(1 for times in got if not times)}; duplicates per SIGKILL {duplicated['SIGKILL']}, "
            f"per SIGTERM {duplicated['SIGTERM']}{window}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenario", choices=["slow", "many", "hung", "group", "flood", "scale", "restarts", "all"])
    parser.add_argument("--repeat", type=int, default=3, help="slow: rounds of the three runs")
    parser.add_argument("--rate", type=float, help="restarts: questions offered per second (default 40); "
                        "scale: updates per second (default 200)")
    args = parser.parse_args()
    scenarios: dict[str, Callable[[Path], str]] = {
        "slow": lambda workdir: slow(workdir, args.repeat), "many": many,
        "hung": lambda workdir: many(workdir, "slow"), "group": group, "flood": flood,
        "scale": lambda workdir: scale(workdir, args.rate or 200.0),
        "restarts": lambda workdir: restarts(workdir, args.rate or 40.0)}
    for name in scenarios if args.scenario == "all" else [args.scenario]:
        before = os.getloadavg()[0]
        with tempfile.TemporaryDirectory(prefix=f"briefbot-{name}-") as workdir:
            result = scenarios[name](Path(workdir))
        print(f"{result} [load average {before:.1f} before, {os.getloadavg()[0]:.1f} after]", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
