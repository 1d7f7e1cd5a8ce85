"""Score /brief against the briefing rubrics in ../shared/eval/briefing (a dev script, not a test).

    python bench/brief_rubrics.py                 # every rubric, one line each, then the mean
    python bench/brief_rubrics.py -v news_d       # also print the points and the facts missed
    python bench/brief_rubrics.py --tune 800      # random search of the weights on news_a..c, checked on d..f
    python bench/brief_rubrics.py --local         # coordinate search from the current weights, same split
    python bench/brief_rubrics.py --local --swap  # the same, tuned on news_d..f and checked on a..c
    python bench/brief_rubrics.py --tune 800 --swap  # random search tuned on news_d..f, checked on a..c
    python bench/brief_rubrics.py --check [-v]    # the invented articles of bench/briefing_check instead

A key fact is covered when every one of its ``must`` groups has an alternative in the lowercased
text of the points (the rubric README's rule).  Also checked: the points' text stays under 1,000
characters, no point ends in an ellipsis, every quote is verbatim in the article.
"""

from __future__ import annotations

import argparse
import random
import sys
from dataclasses import replace
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from knowledge.briefing import make_brief, make_briefing  # noqa: E402
from knowledge.briefing_rules import BriefingRules, load_rules  # noqa: E402
from knowledge.build import build_knowledge  # noqa: E402

EVAL = ROOT.parent / "shared" / "eval"
CHECK = ROOT / "bench" / "briefing_check"
MAX_CHARS = 1000


def score(rubric: Path, verbose: bool) -> tuple[float, bool]:
    """The share of the rubric's key facts the brief covers, and whether the brief keeps the rules."""
    name = rubric.stem.removeprefix("brief_") + ".txt"
    article = rubric.parent / name if (rubric.parent / name).exists() else EVAL / "news" / name
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


# The coarse grid the weights in knowledge/data/briefing.yaml were picked from.
GRID: dict[str, list[float]] = {
    "word": [0, 0.1, 0.2, 0.4], "actor": [0.5, 1.0, 1.5], "actor_salience": [0, 0.35, 0.7],
    "position": [0.5, 1.0, 1.5, 2.0], "stance": [0, 0.5, 1.0, 1.5], "position_salience": [0, 0.2, 0.35, 0.7], "number": [0.5, 0.8, 1.2], "next": [0.5, 1, 1.5], "plan": [0, 0.5, 1.0, 1.5],
    "early": [0, 0.3, 0.8], "length_power": [0.3, 0.6, 0.9], "harm": [0, 0.5, 1.0, 1.5, 2.0],
}
TUNE_ON, CHECK_ON = ("news_a", "news_b", "news_c"), ("news_d", "news_e", "news_f")


def _cases() -> dict[str, tuple]:
    cases = {}
    for stem in TUNE_ON + CHECK_ON:
        text = (EVAL / "news" / f"{stem}.txt").read_text(encoding="utf-8")
        cases[stem] = (build_knowledge(text), yaml.safe_load((EVAL / "briefing" / f"brief_{stem}.yaml").read_text()))
    return cases


def _mean(cases: dict[str, tuple], rules: BriefingRules, stems: tuple[str, ...]) -> float:
    shares = []
    for stem in stems:
        knowledge, facts = cases[stem]
        joined = " ".join(p.text for p in make_briefing(knowledge, rules)).lower()
        shares.append(sum(all(any(a in joined for a in g) for g in f["must"]) for f in facts) / len(facts))
    return sum(shares) / len(shares)


def local_search(tune_on: tuple[str, ...], check_on: tuple[str, ...]) -> None:
    """From the current weights, change one weight at a time to the GRID value that most raises the mean
    on ``tune_on`` (a tie keeps the current value), until no change helps; ``check_on`` is only reported."""
    cases, rules = _cases(), load_rules()
    best = _mean(cases, rules, tune_on)
    print(f"start: tuned-on {best:.3f}  checked-on {_mean(cases, rules, check_on):.3f}")
    improved = True
    while improved:
        improved = False
        for name, values in GRID.items():
            for value in values:
                trial = replace(rules, weights=dict(rules.weights) | {name: value})
                score = _mean(cases, trial, tune_on)
                if score > best + 1e-9:
                    best, rules, improved = score, trial, True
                    print(f"{name}={value}: tuned-on {best:.3f}  checked-on {_mean(cases, rules, check_on):.3f}")
    print("weights:", {k: rules.weights[k] for k in GRID})


def tune(trials: int, tune_on: tuple[str, ...] = TUNE_ON, check_on: tuple[str, ...] = CHECK_ON) -> None:
    """Random search over GRID (and numbers per point) on ``tune_on``; print the best ten with ``check_on``."""
    cases = _cases()

    def mean(rules: BriefingRules, stems: tuple[str, ...]) -> float:
        return _mean(cases, rules, stems)

    base, rng, results = load_rules(), random.Random(1), []
    for _ in range(trials):
        weights = dict(base.weights) | {k: rng.choice(v) for k, v in GRID.items()}
        rules = replace(base, weights=weights, max_numbers_per_point=rng.choice([1, 2, 3]))
        results.append((mean(rules, tune_on), mean(rules, check_on), rules))
    print(f"current weights: tuned-on {mean(base, tune_on):.3f}  checked-on {mean(base, check_on):.3f}")
    for tuned, checked, rules in sorted(results, key=lambda r: -r[0])[:10]:
        chosen = {k: rules.weights[k] for k in GRID} | {"numbers_per_point": rules.max_numbers_per_point}
        print(f"tuned-on {tuned:.3f}  checked-on {checked:.3f}  {chosen}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("articles", nargs="*", help="article stems (news_a ...); default all")
    parser.add_argument("-v", "--verbose", action="store_true")
    parser.add_argument("--tune", type=int, metavar="TRIALS", help="search the weights instead of scoring")
    parser.add_argument("--local", action="store_true", help="coordinate search from the current weights")
    parser.add_argument("--swap", action="store_true", help="with --local/--tune: tune on news_d..f, check on a..c")
    parser.add_argument("--check", action="store_true", help="score the invented articles of bench/briefing_check")
    args = parser.parse_args()
    if args.local:
        local_search(*((CHECK_ON, TUNE_ON) if args.swap else (TUNE_ON, CHECK_ON)))
        return 0
    if args.tune:
        tune(args.tune, *((CHECK_ON, TUNE_ON) if args.swap else (TUNE_ON, CHECK_ON)))
        return 0
    rubrics = sorted((CHECK if args.check else EVAL / "briefing").glob("brief_*.yaml"))
    if args.articles:
        rubrics = [r for r in rubrics if r.stem.removeprefix("brief_") in args.articles]
    results = [score(r, args.verbose) for r in rubrics]
    mean = sum(s for s, _ in results) / len(results)
    print(f"mean key-fact coverage {mean:.3f} over {len(results)}; rules kept in {sum(ok for _, ok in results)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
