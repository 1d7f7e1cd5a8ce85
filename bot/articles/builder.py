"""The build child: article text on stdin, the pickled engine on stdout.

Run by :func:`bot.articles.library.build_engine` as ``python -m bot.articles.builder``, so a build
has a process (and an interpreter lock) of its own and can be stopped when it takes too long.
"""

from __future__ import annotations

import pickle
import sys

from bot.engine.engine import Engine
from knowledge.build import build_knowledge

__all__ = ["build_engine_here", "main"]


def build_engine_here(text: str, source: str = "") -> Engine:
    """An engine for ``text``, built in this process."""
    return Engine(build_knowledge(text, source=source))


def main() -> int:
    """Build the engine for the text on stdin and write it, pickled, to stdout."""
    text = sys.stdin.buffer.read().decode("utf-8")
    try:
        engine = build_engine_here(text)
    except Exception as exc:  # noqa: BLE001 - one line for the parent, which logs it and refuses the article
        print(f"{exc.__class__.__name__}: {exc}".splitlines()[0], file=sys.stderr)
        return 1
    sys.stdout.buffer.write(pickle.dumps(engine, protocol=pickle.HIGHEST_PROTOCOL))
    return 0


if __name__ == "__main__":
    sys.exit(main())
