"""List every question the bot would offer (examples and decline suggestions) per article (a dev script).

    python bench/offered_questions.py                  # the six public news articles and the external passages
    python bench/offered_questions.py --bundled --squad 200  # also the bundled article and every SQuAD passage

Each line is ``article<TAB>question``; examples are marked with ``*``.  Used to read the
offered questions before and after a change to the checker (diff two runs).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.engine.engine import Engine  # noqa: E402
from knowledge.build import BUNDLED_ARTICLE, build_knowledge  # noqa: E402

EVAL = ROOT.parent / "shared" / "eval"


def articles(squad: int) -> list[Path]:
    """The public news articles, the external passages, then the first ``squad`` SQuAD passages."""
    news = sorted((EVAL / "news").glob("news_*.txt")) + sorted((EVAL / "external").glob("*.txt"))
    return news + sorted((EVAL / "squad_pool").glob("*.txt"))[:squad]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--squad", type=int, default=0, help="how many SQuAD passages to add")
    parser.add_argument("--bundled", action="store_true", help="also the bundled article")
    args = parser.parse_args()
    paths = ([BUNDLED_ARTICLE] if args.bundled else []) + articles(args.squad)
    sources = [(p.stem, p.read_text(encoding="utf-8")) for p in paths]
    for name, text in sources:
        engine = Engine(build_knowledge(text, source=name))
        examples = set(engine.examples)
        for question in engine.suggestible:
            print(f"{name}\t{'*' if question in examples else ' '}{question}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
