"""Speed of the answer engine: answers/s, p50/p99 latency, cold start and peak memory.

    python bench/benchmark.py [-n 5000] [--article PATH | --knowledge PATH]

Questions are the knowledge's own phrasings, the same with typos, and off-topic ones, so the
run mixes answers and declines the way real traffic does.  One process, one core.
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.engine.conversation import Conversation
from bot.loading import load_engine

OFF_TOPIC = ("what's the weather like today", "who won the football", "tell me a joke", "hi there",
             "how much does it cost", "what did the mayor say about taxes", "", "🙂🙂🙂", "<b>&amp;</b>")


def questions(engine, count: int, seed: int = 7) -> list[str]:
    """A reproducible mix of phrasings, typo'd phrasings and off-topic messages."""
    rng = random.Random(seed)
    phrasings = [q for pair in engine.knowledge.qa for q in pair.questions if len(q) < 120]
    out: list[str] = []
    while len(out) < count:
        roll = rng.random()
        if roll < 0.15:
            out.append(rng.choice(OFF_TOPIC))
            continue
        text = rng.choice(phrasings)
        if roll < 0.45 and len(text) > 6:  # swap two neighbouring letters
            i = rng.randrange(1, len(text) - 2)
            text = text[:i] + text[i + 1] + text[i] + text[i + 2:]
        out.append(text)
    return out


def cold_start(args: argparse.Namespace) -> float:
    """Seconds from a fresh interpreter to its first answer (imports and loading included)."""
    source = f"article=Path({str(args.article)!r})" if args.article else (
        f"knowledge=Path({str(args.knowledge)!r})" if args.knowledge else "")
    code = ("import time; t=time.perf_counter(); from pathlib import Path; from bot.loading import load_engine; "
            f"e=load_engine({source}); e.reply('what is this about?'); print(time.perf_counter()-t)")
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    wall = time.perf_counter() - start
    return max(float(done.stdout.strip()), 0.0) if done.stdout.strip() else wall


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", "--questions", type=int, default=5000)
    parser.add_argument("--article", type=Path)
    parser.add_argument("--knowledge", type=Path)
    args = parser.parse_args(argv)
    engine = load_engine(article=args.article, knowledge=args.knowledge)
    batch = questions(engine, args.questions)
    latencies: list[float] = []
    answered = 0
    conversation = Conversation()
    start, cpu_start = time.perf_counter(), time.process_time()
    for text in batch:
        t0 = time.perf_counter()
        reply, conversation = engine.reply(text, conversation if len(latencies) % 4 else Conversation())
        latencies.append(time.perf_counter() - t0)
        answered += reply.answered
    elapsed = time.perf_counter() - start
    cpu = time.process_time() - cpu_start  # what the answers cost this core, whatever else the machine runs
    latencies.sort()
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{len(batch)} questions ({answered} answered) in {elapsed:.2f} s wall, {cpu:.2f} s CPU: "
          f"{len(batch) / elapsed:,.0f} answers/s wall, {len(batch) / cpu:,.0f} per CPU-second · "
          f"p50 {statistics.median(latencies) * 1000:.2f} ms · p99 {p99 * 1000:.2f} ms · "
          f"cold start {cold_start(args) * 1000:.0f} ms · peak RSS {peak_mb:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
