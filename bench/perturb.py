"""How well right answers survive the way people type (a dev script).

    python bench/perturb.py [--eval-dir ../shared/eval] [--show KIND]

Takes the public answerable questions the engine answers right (the dev set on the bundled article,
``news/news_*.yaml`` on their own articles), changes each in one realistic way at a time, and prints
per kind of change how often the reply is still right, how often it declines, and how often it turns
wrong (the worst: a confident answer about something else).  The kinds:

- ``neighbour``: one letter of one word of 3+ letters replaced by a key next to it on a QWERTY board;
- ``transpose``: two neighbouring letters of one such word swapped;
- ``drop``: one letter of one such word left out;
- ``apostrophe``: apostrophes dropped ("what's" -> "whats", "Smith's" -> "Smiths");
- ``lower``: all lower case;  ``no_qmark``: the question mark left off;
- ``lead_filler`` / ``trail_filler``: chat filler before or after ("hey bot, quick one:", "pls");
- ``mention``: an @mention between two words.

Every choice is seeded by the question's text and the kind of change: the same engine gives the
same figures.  ``--show KIND`` prints each question that turned wrong or declined under that kind.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import zlib
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.evaluation import judge, read_question_set  # noqa: E402
from bot.engine.spelling import KEY_NEIGHBOURS  # noqa: E402
from bot.loading import load_engine  # noqa: E402

LEAD = ("hey bot, quick one: ", "hi, ", "ok so ", "um ", "quick question - ", "hey ", "so ", "yo bot ")
TRAIL = (" pls", " please", " thanks", " lol", " ?? thx", " btw", " anyone?", " asap")
MENTIONS = ("@newsbot", "@briefbot", "@bot", "@sam_k")
_WORD = re.compile(r"[A-Za-z]{3,}")


def _typo(question: str, rng: random.Random, slip: Callable[[str, random.Random], str]) -> str | None:
    words = list(_WORD.finditer(question))
    if not words:
        return None
    found = rng.choice(words)
    return question[:found.start()] + slip(found.group(), rng) + question[found.end():]


def _neighbour(word: str, rng: random.Random) -> str:
    i = rng.randrange(len(word))
    key = word[i].lower()
    new = rng.choice(KEY_NEIGHBOURS.get(key, key))
    return word[:i] + (new.upper() if word[i].isupper() else new) + word[i + 1:]


def _transpose(word: str, rng: random.Random) -> str:
    for _ in range(5):
        i = rng.randrange(len(word) - 1)
        if word[i] != word[i + 1]:
            return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    return word


def _drop(word: str, rng: random.Random) -> str:
    i = rng.randrange(len(word))
    return word[:i] + word[i + 1:]


def _mention(question: str, rng: random.Random) -> str | None:
    words = question.split()
    if len(words) < 3:
        return None
    at = rng.randrange(1, len(words))
    return " ".join([*words[:at], rng.choice(MENTIONS), *words[at:]])


def _if_changed(new: str, old: str) -> str | None:
    return new if new != old else None


KINDS: dict[str, Callable[[str, random.Random], str | None]] = {
    "neighbour": lambda q, rng: _typo(q, rng, _neighbour),
    "transpose": lambda q, rng: _typo(q, rng, _transpose),
    "drop": lambda q, rng: _typo(q, rng, _drop),
    "apostrophe": lambda q, rng: _if_changed(q.replace("'", "").replace("\u2019", ""), q),
    "lower": lambda q, rng: _if_changed(q.lower(), q),
    "no_qmark": lambda q, rng: _if_changed(q.rstrip().rstrip("?").rstrip(), q),
    "lead_filler": lambda q, rng: rng.choice(LEAD) + q[:1].lower() + q[1:],
    "trail_filler": lambda q, rng: q.rstrip("?") + rng.choice(TRAIL),
    "mention": _mention,
}


def question_sets(eval_dir: Path) -> list[tuple[str, Path | None]]:
    """(question file, article text or None for the bundled article)."""
    return [(eval_dir / "dev_questions.yaml", None),
            *((f, f.with_suffix(".txt")) for f in sorted((eval_dir / "news").glob("news_*.yaml")))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval-dir", type=Path, default=ROOT.parent / "shared" / "eval")
    parser.add_argument("--show", choices=sorted(KINDS), help="print the questions this kind loses")
    args = parser.parse_args(argv)
    tally = {kind: [0, 0, 0] for kind in KINDS}  # right, declined, wrong
    base = 0
    for path, article in question_sets(args.eval_dir):
        engine = load_engine(article=article)
        text = engine.knowledge.text
        for entry in read_question_set(path):
            if entry.get("kind", "answerable") != "answerable":
                continue
            question = str(entry["q"]).replace("\n", " ")
            if judge(entry, engine.reply(question)[0], text) != "ok":
                continue
            base += 1
            for kind, change in KINDS.items():
                rng = random.Random(zlib.crc32(f"{kind}\0{question}".encode()))
                changed = change(question, rng)
                if changed is None:
                    continue
                verdict = judge(entry, engine.reply(changed)[0], text)
                slot = 0 if verdict == "ok" else 1 if verdict == "declined" else 2
                tally[kind][slot] += 1
                if args.show == kind and slot:
                    print(f"{path.stem}: {'declined' if slot == 1 else verdict}: {changed!r}  (was {question!r})")
    print(f"answered right as asked: {base}")
    print(f"{'kind':<13} {'n':>4} {'right':>7} {'declined':>9} {'wrong':>6}")
    totals = [0, 0, 0]
    for kind, (right, declined, wrong) in tally.items():
        n = right + declined + wrong
        totals = [totals[0] + right, totals[1] + declined, totals[2] + wrong]
        print(f"{kind:<13} {n:>4} {right / n if n else 0:>7.3f} {declined / n if n else 0:>9.3f} {wrong:>6}")
    n = sum(totals)
    print(f"{'all':<13} {n:>4} {totals[0] / n:>7.3f} {totals[1] / n:>9.3f} {totals[2]:>6}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
