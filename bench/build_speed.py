"""Build time against article length: the builder should be linear in the text.

    python bench/build_speed.py [--sizes 20,200,1000]   # sizes in KB

The article is the bundled one and the test articles, paragraph by paragraph, repeated until the
size is reached (one headline on top).  Also times the refusal of a text over the size limit.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from knowledge.article_text import MAX_ARTICLE_BYTES, ArticleError  # noqa: E402
from knowledge.build import BUNDLED_ARTICLE, build_knowledge  # noqa: E402

SOURCES = [BUNDLED_ARTICLE, *sorted((ROOT / "tests" / "data").glob("*.txt"))]


def article_of(size: int) -> str:
    """A headline and body paragraphs from the source articles, cycled up to ``size`` bytes."""
    paragraphs = [line for path in SOURCES for line in path.read_text(encoding="utf-8").splitlines()[1:]
                  if line.strip()]
    out, total, k = ["Long read: a week of news | News"], 0, 0
    while total < size:
        out.append(paragraphs[k % len(paragraphs)])
        total += len(out[-1].encode()) + 2
        k += 1
    return "\n\n".join(out)


def timed(text: str) -> float:
    began = time.perf_counter()
    build_knowledge(text)
    return time.perf_counter() - began


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="20,200", help="article sizes in KB, comma-separated")
    args = parser.parse_args()
    for kb in (int(s) for s in args.sizes.split(",")):
        text = article_of(kb * 1000)
        print(f"build {len(text.encode()) / 1000:7.0f} KB: {timed(text):6.2f} s")
    began = time.perf_counter()
    try:
        build_knowledge(article_of(MAX_ARTICLE_BYTES + 1000))
    except ArticleError as exc:
        print(f"refuse over the limit in {time.perf_counter() - began:.2f} s: {exc}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
