"""Load figures for the README: many chats' questions through the emulated Bot API into the real bot.

    python bench/load.py                      # 5,000 questions, 500 chats, 150 questions/s offered
    python bench/load.py --rate 0             # everything at once: the bot's capacity
    python bench/load.py -n 2000 --chats 200 --rate 120

Starts ``tests/telegram_emulator.py`` on 127.0.0.1 and ``run_bot.py run`` against it with
Telegram's sending limits lifted (``BRIEFBOT_RATE_LIMITS=off``); prints replies/s, the latency the
bot adds (p50/p95/p99, from getUpdates handing an update over to its sendMessage arriving) and the
bot's peak RSS, and checks that every question was answered exactly once, in order per chat.
Exit code 1 if anything was lost, duplicated or out of order.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from load_driver import LoadConfig, run_load


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--questions", type=int, default=5000)
    parser.add_argument("--chats", type=int, default=500)
    parser.add_argument("--rate", type=float, default=150.0, help="questions offered per second (0: all at once)")
    parser.add_argument("--group-share", type=float, default=0.3, help="share of the chats that are groups")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    config = LoadConfig(questions=args.questions, chats=args.chats, rate=args.rate, group_share=args.group_share,
                        seed=args.seed, timeout=max(120.0, args.questions / 20))
    with tempfile.TemporaryDirectory(prefix="briefbot-load-") as workdir:
        report = run_load(config, Path(workdir))
    print(report.summary())
    for problem in report.problems[:10]:
        print("problem:", problem, file=sys.stderr)
    return 1 if report.problems else 0


if __name__ == "__main__":
    sys.exit(main())
