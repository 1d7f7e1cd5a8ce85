"""Score /brief against the briefing rubrics in ../shared/eval/briefing (a dev script, not a test).

    python bench/brief_rubrics.py                 # every rubric, one line each, then the mean
    python bench/brief_rubrics.py -v news_d       # also print the points and the facts missed

A key fact is covered when every one of its ``must`` groups has an alternative in the lowercased
text of the points (the rubric README's rule).  Also checked: the points' text stays under 1,000
characters, no point ends in an ellipsis, every quote is verbatim in the article.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from knowledge.briefing import make_brief  # noqa: E402
from knowledge.build import build_knowledge  # noqa: E402

EVAL = ROOT.parent / "shared" / "eval"
MAX_CHARS = 1000


def score(rubric: Path, verbose: bool) -> tuple[float, bool]:
    """The share of the rubric's key facts the brief covers, and whether the brief keeps the rules."""
    article = EVAL / "news" / (rubric.stem.removeprefix("brief_") + ".txt")
    text = article.read_text(encoding="utf-8")
    brief = make_brief(build_knowledge(text, source=article.name))
    points = brief.points
    joined = " ".join(p.text for p in points).lower()
    facts = yaml.safe_load(rubric.read_text(encoding="utf-8"))
    covered = [f for f in facts if all(any(alt in joined for alt in group) for group in f["must"])]
    chars = sum(len(p.text) for p in points)
    ellipsis = [p.text for p in points if p.text.rstrip().endswith(("…", "..."))]
    not_verbatim = [p.quote.text for p in (*points, *brief.numbers) if not p.quote.is_verbatim_in(text)]
    ok = chars < MAX_CHARS and not ellipsis and not not_verbatim
    share = len(covered) / len(facts)
    print(f"{article.stem}: {len(covered)}/{len(facts)} = {share:.2f}  points={len(points)} chars={chars}"
          f"{'' if ok else '  RULES BROKEN'}{' ellipsis' if ellipsis else ''}"
          f"{' not-verbatim' if not_verbatim else ''}")
    if verbose:
        for p in points:
            print(f"   • {p.text}")
        for n in brief.numbers:
            print(f"   # {n.text}")
        for f in facts:
            if f not in covered:
                print(f"   missed {f['id']}: {f['fact']}")
    return share, ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("articles", nargs="*", help="article stems (news_a ...); default all")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    rubrics = sorted((EVAL / "briefing").glob("brief_*.yaml"))
    if args.articles:
        rubrics = [r for r in rubrics if r.stem.removeprefix("brief_") in args.articles]
    results = [score(r, args.verbose) for r in rubrics]
    mean = sum(s for s, _ in results) / len(results)
    print(f"mean key-fact coverage {mean:.3f} over {len(results)}; rules kept in {sum(ok for _, ok in results)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
