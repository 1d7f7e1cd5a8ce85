"""Fit the answer/decline decision on many articles, checked on articles it was not fitted on.

    pip install -e ".[fit]" && python tools/fit_decision.py [--eval-dir ../shared/eval] [--dry-run]

Runs the engine in-process over the public question sets (the bundled article's dev set, the six
news articles, the SQuAD passages of ``external`` and ``squad_pool``), reads the evidence for each
question's best candidate (:func:`bot.engine.features.features`) and whether answering with it
would be right (the scorer's verdict), and fits gradient-boosted trees on the log-odds of being
right.  Cross-validation is by article: each article (a news story, the bundled article, one
Wikipedia article's passages) is predicted by a model fitted on all the others.  The decline
threshold is one at which those held-out predictions give the best scorer's overall (right
answers plus declined unanswerable questions, the mean over the dev, news and SQuAD sets), to
within a tie (broken by right answers less 2 times wrong ones), among the thresholds at which
the model fitted on everything keeps the dev set at its target, and at which at most 5% of the
held-out answers are wrong in every set when any threshold allows that (the notes say whether
one did).  Evidence whose direction is known
(words the sentence lacks, a denial) is held monotone in the trees.  Prints held-out figures
per set at the chosen threshold, again with the threshold chosen without each article (the threshold
choice held out too), at several thresholds (the trade-off between answering and precision), each set's held-out
log-loss, AUC and reliability table (the steadier figures to compare features and settings by:
the scorer's move by about 0.01 from refit to refit), then writes ``bot/engine/data/decision.json``.
Deterministic: same data, same file.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.engine import decision  # noqa: E402
from bot.engine.conversation import Conversation  # noqa: E402
from bot.engine.decision import MODEL_FILE, DecisionModel, Tree  # noqa: E402
from bot.engine.features import FEATURES  # noqa: E402
from bot.engine.structure import STRUCTURE_FEATURES  # noqa: E402
from bot.evaluation import judge, read_question_set  # noqa: E402
from bot.loading import load_engine  # noqa: E402
from knowledge.store import KnowledgeFileError  # noqa: E402

SETS = ("dev", "news", "squad")  # "squad" holds external and squad_pool: one kind of text
# A kind of text weighs in the fit by (how many articles it has) ** ARTICLE_POWER, spread evenly over
# its questions.  0: each kind the same, however many questions it has (the dev set's 114 are not
# lost among 2,700 SQuAD ones).  Measured held out on main 6edfebb (log-loss / AUC per set):
#   0    dev 0.401 / 0.889 · news 0.465 / 0.856 · squad 0.622 / 0.727 · overall at its threshold
#        (0.51) dev 0.868 news 0.700 squad 0.614
#   0.5  dev 0.415 / 0.882 · news 0.446 / 0.866 · squad 0.595 / 0.740 · (0.47) 0.851 0.696 0.617
#   1    (each article the same) squad better still, dev and news worse
# More weight on SQuAD's eleven articles helps SQuAD and news and costs the dev set every time
# (also on 30bc563), so this stays at 0; dev, the one article of its kind, moves by about 0.015 in
# log-loss from any small change of weights: it is the noisiest of the three.
ARTICLE_POWER = 0.0
DEV_TARGET = (0.95, 0.90)  # answerable right, unanswerable declined: binding on the dev set
THRESHOLDS = tuple(round(t, 2) for t in np.arange(0.20, 0.801, 0.01))
# Held-out overall figures within this of the best are a tie (refits on the same sets move them by
# about as much); a tie goes to the threshold with the most right answers less WRONG_COST times the
# wrong ones, since a wrong answer is worse than a decline.
TIE = 0.01
MOST_WRONG = 0.05  # the rule: at most 5% of answers wrong on held-out articles
WRONG_COST = 2.0
# Boosting: small trees, a slow rate and a floor on each leaf's weight, so that no tree learns one
# article's quirks.  Chosen by the held-out overall (depth 2 and 100 rounds lose about 0.01).
ROUNDS, DEPTH, RATE, RIDGE, MIN_LEAF, BINS = 200, 3, 0.05, 1.0, 20.0, 32
MIN_ROWS = 0
# Evidence whose direction is known before any fitting: more of it can only make an answer more
# (+1) or less (-1) likely to be right.  Held to that, the trees cannot learn that a question with
# more words the article never uses is likelier answerable because a few articles happened so.
MONOTONE: dict[str, int] = {name: -1 for name in (
    "unknown", "unknown_capitalised", "missing", "missing_known", "absent", "absent_known", "absent_unmatched",
    "absent_proper", "absent_count", "absent_number", "numbers_missing", "soft_mass", "denied", "contradicted", "opposed",
    "asks_source_name", "denied_near", "swapped_modifier", "number_rival", *STRUCTURE_FEATURES)} | {"answer_fits": 1, "type_fit": 1}
# type_fit orders by construction (a mismatched type 0.4 < a type not asked for 0.8 < a span found in
# passing 0.93+ < a pair made for the type 1.02): held monotone, the held-out log-loss went dev 0.390 ->
# 0.379, news 0.490 -> 0.490, squad 0.6035 -> 0.6025, AUC up on all three (main ff04350 with
# structure's subject_swap); free, a tree could answer "why ...?" with a when-pair at 0.4 because a
# few such rows happened to be right.  Holding score and coverage too did not help (squad 0.605).


@dataclass(frozen=True)
class Row:
    """One question: its evidence (None: nothing ranked), whether the best answer is right, where from."""

    values: dict[str, float] | None
    right: bool
    kind: str
    set: str
    article: str
    right_at: int | None = None  # where the first right candidate is in the ranking (None: none is right)


ANSWER_ALL = DecisionModel(features=(), base=0.0, trees=(), threshold=0.5)  # every probability 0.5: answers


def usable_model() -> str | None:
    """Make sure the engines of the fit can be built; the reason when the bundled model could not be read.

    The fit reads evidence, not the old model's decisions, except for the questions a follow-up
    comes after, whose answers make its conversation.  A model file that names a feature the engine
    no longer computes (a feature removed, the file not yet refitted) would stop every engine from
    being built; then, for this run only, those questions are answered by a model that answers
    everything.
    """
    try:
        decision.default_model()
    except KnowledgeFileError as exc:
        decision.default_model = lambda: ANSWER_ALL
        return str(exc)
    return None


def question_sets(eval_dir: Path) -> list[tuple[str, str, Path, Path | None]]:
    """(set, article group, question file, article text or None for the bundled one)."""
    out: list[tuple[str, str, Path, Path | None]] = [("dev", "bundled", eval_dir / "dev_questions.yaml", None)]
    out += [("news", f.stem, f, f.with_suffix(".txt")) for f in sorted((eval_dir / "news").glob("news_*.yaml"))]
    out += [("squad", f.stem, f, f.with_suffix(".txt")) for f in sorted((eval_dir / "external").glob("*.yaml"))]
    # passages of one Wikipedia article are one article: held out together
    out += [("squad", f.stem.rsplit("_", 1)[0], f, f.with_suffix(".txt"))
            for f in sorted((eval_dir / "squad_pool").glob("*.yaml"))]
    return out


def collect(eval_dir: Path) -> list[Row]:
    """Evidence and verdict for every question of every set."""
    rows: list[Row] = []
    for set_name, article, path, text_path in question_sets(eval_dir):
        try:
            engine = load_engine(article=text_path)
        except Exception as exc:  # an article the extraction cannot read: its questions are all declined
            print(f"# {path.name}: knowledge not built ({exc.__class__.__name__}); counted as declined")
            rows += [Row(None, False, str(e.get("kind", "answerable")), set_name, article)
                     for e in read_question_set(path)]
            continue
        text = engine.knowledge.text
        for entry in read_question_set(path):
            rows.append(question_row(engine, entry, text, set_name, article))
    return rows


def question_row(engine, entry: dict, text: str, set_name: str, article: str) -> Row:
    """One question's row: its evidence as the engine would decide on it and the scorer's verdicts."""
    kind = str(entry.get("kind", "answerable"))
    conversation = Conversation()
    for line in entry.get("context", []) if kind == "followup" else []:
        _, conversation = engine.reply(str(line), conversation)
    said = str(entry["q"]).replace("\n", " ")
    if engine.reply(said, conversation)[0].kind == "smalltalk":
        return Row(None, False, kind, set_name, article)
    question, ranked = engine.rank(engine.reader.read(said), conversation)
    if not ranked:
        return Row(None, False, kind, set_name, article)
    verdicts = [judge(entry, engine.answer(question, match, 1.0)[0], text) == "ok" for match in ranked]
    values = engine.decider.features(question, ranked)
    return Row(values, verdicts[0], kind, set_name, article, verdicts.index(True) if True in verdicts else None)


# -- gradient boosting over binned features ---------------------------------------------------------
def bin_edges(x: np.ndarray) -> list[np.ndarray]:
    """Per feature, the values a split may fall at: between distinct values, or at quantiles."""
    edges = []
    for column in x.T:
        distinct = np.unique(column)
        if len(distinct) <= BINS:
            edges.append((distinct[:-1] + distinct[1:]) / 2)
        else:
            edges.append(np.unique(np.quantile(column, np.linspace(0, 1, BINS + 1)[1:-1])))
    return edges


def _best_split(cells: np.ndarray, g: np.ndarray, h: np.ndarray, w: np.ndarray, sizes: np.ndarray,
                signs: np.ndarray, bounds: tuple[float, float]) -> tuple[int, int] | None:
    """The (feature, bin) split with the largest gain in the second-order log-loss, or None.

    ``cells`` is each row's bin per feature, offset so that every feature has a block of
    ``sizes.max() + 1`` cells of its own: one ``bincount`` sums every feature's bins at once, in the
    rows' order (the same floats as summing feature by feature).  A feature with a sign in
    ``signs`` may only split so that the side with the larger value has the larger (+1) or smaller
    (-1) leaf weight, within ``bounds``.
    """
    features, width = len(sizes), int(sizes.max()) + 1
    if width == 1:
        return None
    flat = cells.ravel()

    def below(values: np.ndarray | None) -> np.ndarray:
        weights = None if values is None else np.repeat(values, features)
        return np.cumsum(np.bincount(flat, weights, features * width).reshape(features, width), axis=1)[:, :-1]

    gl, hl, wl, nl = below(g), below(h), below(w), below(None)
    total_g, total_h = g.sum(), h.sum()
    allowed = ((np.arange(width - 1) < sizes[:, None]) & (wl >= MIN_LEAF) & (w.sum() - wl >= MIN_LEAF)
               & (nl >= MIN_ROWS) & (len(g) - nl >= MIN_ROWS))
    left = np.clip(-gl / (hl + RIDGE), *bounds)
    right = np.clip(-(total_g - gl) / (total_h - hl + RIDGE), *bounds)
    allowed &= (signs[:, None] == 0) | (signs[:, None] * (right - left) >= 0)
    gain = np.where(allowed, gl ** 2 / (hl + RIDGE) + (total_g - gl) ** 2 / (total_h - hl + RIDGE)
                    - total_g ** 2 / (total_h + RIDGE), -1.0)
    at = int(np.argmax(gain))  # the first best: the lowest feature, then the lowest bin
    return divmod(at, width - 1) if gain.flat[at] > 1e-12 else None


@dataclass(frozen=True)
class Binned:
    """The rows' features as bins: where a split may fall per feature, each row's bin, and the same
    bins offset into one block of cells per feature (see :func:`_best_split`)."""

    edges: list[np.ndarray]
    bins: np.ndarray
    cells: np.ndarray
    sizes: np.ndarray
    signs: np.ndarray

    @classmethod
    def of(cls, x: np.ndarray) -> Binned:
        edges = bin_edges(x)
        bins = np.stack([np.searchsorted(e, x[:, j], side="left") for j, e in enumerate(edges)], axis=1)
        sizes = np.array([len(e) for e in edges])
        cells = bins + np.arange(len(edges)) * (int(sizes.max()) + 1)
        return cls(edges, bins, cells, sizes, np.array([MONOTONE.get(name, 0) for name in FEATURES]))


def _grow(data: Binned, g: np.ndarray, h: np.ndarray, w: np.ndarray, depth: int, rows: np.ndarray,
          out: np.ndarray, bounds: tuple[float, float] = (-np.inf, np.inf)) -> Tree:
    """One tree over ``rows`` (raw-value thresholds); writes each row's leaf value into ``out``.

    ``bounds`` hold a leaf's weight between its monotone neighbours' (see :data:`MONOTONE`).
    """
    split = _best_split(data.cells[rows], g[rows], h[rows], w[rows], data.sizes, data.signs, bounds) if depth else None
    if split is None:
        leaf = float(RATE * np.clip(-g[rows].sum() / (h[rows].sum() + RIDGE), *bounds))
        out[rows] = leaf
        return leaf
    j, k = split
    below = data.bins[rows, j] <= k
    left_bounds = right_bounds = bounds
    sign = data.signs[j]
    if sign:
        def weight(part: np.ndarray) -> float:
            return float(np.clip(-g[part].sum() / (h[part].sum() + RIDGE), *bounds))
        middle = (weight(rows[below]) + weight(rows[~below])) / 2
        left_bounds = (bounds[0], middle) if sign > 0 else (middle, bounds[1])
        right_bounds = (middle, bounds[1]) if sign > 0 else (bounds[0], middle)
    return [j, float(data.edges[j][k]),
            _grow(data, g, h, w, depth - 1, rows[below], out, left_bounds),
            _grow(data, g, h, w, depth - 1, rows[~below], out, right_bounds)]


def fit(x: np.ndarray, y: np.ndarray, w: np.ndarray) -> tuple[float, list]:
    """Boosted trees on the weighted log-loss: the base log-odds and the trees."""
    w = w / w.mean()
    data = Binned.of(x)
    rate = float(np.clip((w * y).sum() / w.sum(), 1e-3, 1 - 1e-3))
    base = float(np.log(rate / (1 - rate)))
    z = np.full(len(x), base)
    trees = []
    step = np.zeros(len(x))
    for _ in range(ROUNDS):
        p = 1.0 / (1.0 + np.exp(-z))
        trees.append(_grow(data, w * (p - y), w * p * (1 - p), w, DEPTH, np.arange(len(x)), step))
        z += step
    return base, trees


def _leaves(tree: Tree, x: np.ndarray, rows: np.ndarray, out: np.ndarray) -> None:
    """Write the leaf ``tree`` sends each of ``rows`` to into ``out``."""
    if not isinstance(tree, list):
        out[rows] = tree
        return
    below = x[rows, tree[0]] <= tree[1]
    _leaves(tree[2], x, rows[below], out)
    _leaves(tree[3], x, rows[~below], out)


def predict(model: tuple[float, list], x: np.ndarray) -> np.ndarray:
    """The model's probabilities: its trees' leaves added in order, as the engine adds them."""
    base, trees = model
    total, leaf = np.zeros(len(x)), np.zeros(len(x))
    for tree in trees:
        _leaves(tree, x, np.arange(len(x)), leaf)
        total += leaf
    return 1.0 / (1.0 + np.exp(-(base + total)))


# -- figures ------------------------------------------------------------------------------------------
def row_weights(rows: list[Row]) -> np.ndarray:
    """Each row's weight in the fit (mean 1): its kind of text's share (see :data:`ARTICLE_POWER`)
    spread evenly over that kind's rows."""
    count = {s: sum(r.set == s for r in rows) for s in SETS}
    share = {s: len({r.article for r in rows if r.set == s}) ** ARTICLE_POWER if count[s] else 0.0 for s in SETS}
    return np.array([len(rows) * share[r.set] / (sum(share.values()) * count[r.set]) for r in rows])


def outcome(rows: list[Row], p: np.ndarray, t: float, set_name: str) -> dict[str, int]:
    """The scorer's counts for one set, had the engine answered where p >= t."""
    counts = dict(answerable=0, right=0, unanswerable=0, declined=0, answered=0)
    for r, q in zip(rows, p):
        if r.set != set_name:
            continue
        answered = r.values is not None and q >= t
        counts["answered"] += answered
        if r.kind == "unanswerable":
            counts["unanswerable"] += 1
            counts["declined"] += not answered
        else:
            counts["answerable"] += 1
            counts["right"] += answered and r.right
    return counts


def _rate(a: int, b: int) -> float:
    return a / b if b else 0.0


def overall(c: dict[str, int]) -> float:
    return _rate(c["right"] + c["declined"], c["answerable"] + c["unanswerable"])


def figures(c: dict[str, int], set_name: str) -> str:
    return (f"{set_name:6s} answerable {c['right']}/{c['answerable']} ({_rate(c['right'], c['answerable']):.3f}) · "
            f"unanswerable declined {c['declined']}/{c['unanswerable']} "
            f"({_rate(c['declined'], c['unanswerable']):.3f}) · wrong-confident {c['answered'] - c['right']} · "
            f"precision {_rate(c['right'], c['answered']):.3f} · overall {overall(c):.3f}")


def ranking_figures(rows: list[Row], set_name: str) -> str:
    """How often a right answer is ranked first, or anywhere, for the set's answerable questions.

    Whatever the decision does, it can answer right only where the ranking has a right candidate.
    """
    answerable = [r for r in rows if r.set == set_name and r.kind != "unanswerable"]
    first = sum(r.right_at == 0 for r in answerable)
    anywhere = sum(r.right_at is not None for r in answerable)
    n = max(len(answerable), 1)
    return f"{set_name:6s} right answer ranked first {first / n:.3f} · among the ranked {anywhere / n:.3f}"


def reliability(p: np.ndarray, y: np.ndarray) -> tuple[list[str], float]:
    """A reliability table in tenths of confidence, and the expected calibration error."""
    lines, ece = [], 0.0
    for lo in np.arange(0.0, 1.0, 0.1):
        inside = (p >= lo) & (p < lo + 0.1 if lo < 0.9 else p <= 1.0)
        if inside.any():
            ece += inside.mean() * abs(p[inside].mean() - y[inside].mean())
            lines.append(f"{lo:.1f}-{lo + 0.1:.1f}  n={inside.sum():5d}  mean confidence {p[inside].mean():.3f}"
                         f"  right {y[inside].mean():.3f}")
    return lines, float(ece)


def log_loss(p: np.ndarray, y: np.ndarray) -> float:
    """The mean log-loss of probabilities ``p`` for outcomes ``y`` (what the trees minimise)."""
    p = np.clip(p, 1e-6, 1 - 1e-6)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def auc(p: np.ndarray, y: np.ndarray) -> float:
    """The chance that a right answer gets a higher probability than a wrong one (ties count half).

    Unlike the scorer's figures it does not move with the threshold, so it compares feature sets
    and fitting settings with less noise.
    """
    _, tie, count = np.unique(p, return_inverse=True, return_counts=True)
    rank = (np.cumsum(count) - (count - 1) / 2)[tie]  # 1-based ranks, ties at their mean
    right, n = y == 1, int((y == 1).sum())
    return float((rank[right].sum() - n * (n + 1) / 2) / (n * (len(y) - n))) if 0 < n < len(y) else float("nan")


def dev_meets_target(c: dict[str, int]) -> bool:
    return _rate(c["right"], c["answerable"]) >= DEV_TARGET[0] and _rate(c["declined"], c["unanswerable"]) >= DEV_TARGET[1]


def choose_threshold(rows: list[Row], held_out: np.ndarray, fitted: np.ndarray) -> float:
    """The threshold with the best held-out overall (the mean over the kinds of text) with dev at target,
    among those at which at most :data:`MOST_WRONG` of the held-out answers are wrong in every set
    when any threshold allows that (none has so far: then among all).

    Of those within :data:`TIE` of the best, the one that does best by :func:`cost_gain`.  The
    bundled article counts among the kinds: other writers' questions on it are one of the sets the
    bot is judged on, and its held-out figure is the one that says how they will fare.

    ``fitted`` are the final model's own probabilities: the dev set is its article, so the target
    is checked on them; the held-out ones choose among the thresholds that meet it.
    """
    allowed = [t for t in THRESHOLDS if dev_meets_target(outcome(rows, fitted, t, "dev"))] or list(THRESHOLDS)
    allowed = [t for t in allowed if few_wrong(rows, held_out, t)] or allowed
    gain = [np.mean([overall(outcome(rows, held_out, t, s)) for s in SETS]) for t in allowed]
    tied = [t for t, g in zip(allowed, gain) if g >= max(gain) - TIE]
    return max(tied, key=lambda t: (sum(cost_gain(outcome(rows, held_out, t, s)) for s in SETS), t))


def nested_answers(rows: list[Row], held_out: np.ndarray, fitted: np.ndarray) -> np.ndarray:
    """1 where a question is answered at the threshold chosen without its article, else 0.

    The threshold choice held out as well: what the whole procedure would give an article it never
    saw (with the bundled article left out, nothing holds the choice to the dev set's target).
    """
    articles = np.array([r.article for r in rows])
    answered = np.zeros(len(rows))
    for article in sorted(set(articles)):
        inside = articles == article
        others = [r for r, o in zip(rows, ~inside) if o]
        answered[inside] = held_out[inside] >= choose_threshold(others, held_out[~inside], fitted[~inside])
    return answered


def few_wrong(rows: list[Row], held_out: np.ndarray, t: float) -> bool:
    """Whether at most :data:`MOST_WRONG` of the answers given at ``t`` are wrong, in every set, held out."""
    counts = [outcome(rows, held_out, t, s) for s in SETS]
    return all(c["answered"] - c["right"] <= MOST_WRONG * c["answered"] for c in counts)


def cost_gain(c: dict[str, int]) -> float:
    """Right answers less WRONG_COST times wrong ones, per question."""
    wrong = c["answered"] - c["right"]
    return _rate(c["right"] - WRONG_COST * wrong, c["answerable"] + c["unanswerable"])


def write_model(model: tuple[float, list], threshold: float, notes: list[str], path: Path = MODEL_FILE) -> None:
    """The model in the format :meth:`bot.engine.decision.DecisionModel.load` reads, one tree a line."""
    base, trees = model
    lines = ['{"notes": [',
             ",\n".join(f"  {json.dumps(n, ensure_ascii=False)}" for n in notes), "],",
             f'"features": {json.dumps(list(FEATURES))},',
             f'"base": {base!r},', f'"threshold": {threshold},', '"trees": [',
             ",\n".join(json.dumps(t) for t in trees), "]}"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--eval-dir", type=Path, default=ROOT.parent / "shared" / "eval")
    parser.add_argument("--dry-run", action="store_true", help="print the figures, write nothing")
    args = parser.parse_args(argv)
    unreadable = usable_model()
    if unreadable:
        print(f"# {unreadable}: the questions before follow-ups are answered by a model that answers everything")
    rows = collect(args.eval_dir)
    usable = [r for r in rows if r.values is not None]
    if not usable:
        print(f"no question has a candidate answer: is {args.eval_dir} the public eval directory?", file=sys.stderr)
        return 1
    x = np.array([[r.values[name] for name in FEATURES] for r in usable])
    y = np.array([float(r.right) for r in usable])
    w = row_weights(usable)
    articles = np.array([r.article for r in usable])
    held = np.zeros(len(usable))
    for article in sorted(set(articles)):
        inside = articles == article
        held[inside] = predict(fit(x[~inside], y[~inside], w[~inside]), x[inside])
    model = fit(x, y, w)
    own = predict(model, x)
    by_row = {id(r): (h, o) for r, h, o in zip(usable, held, own)}
    held_all = np.array([by_row.get(id(r), (0.0, 0.0))[0] for r in rows])
    own_all = np.array([by_row.get(id(r), (0.0, 0.0))[1] for r in rows])
    threshold = choose_threshold(rows, held_all, own_all)
    nested = nested_answers(rows, held_all, own_all)
    rule = (f"at most {MOST_WRONG:.0%} of held-out answers wrong in every set" if few_wrong(rows, held_all, threshold)
            else f"no threshold keeps held-out wrong answers at most {MOST_WRONG:.0%} in every set")
    notes = [f"threshold {threshold:.2f}: within {TIE} of the best held-out overall (mean of dev, news and squad), with "
             f"dev at {DEV_TARGET[0]:.2f} / {DEV_TARGET[1]:.2f} under the final model, the best by right - "
             f"{WRONG_COST:g} x wrong; {rule}",
             "held out (each article predicted by a model fitted on the others):",
             *(figures(outcome(rows, held_all, threshold, s), s) for s in SETS),
             "held out, the threshold too (each article at the threshold chosen without it):",
             *(figures(outcome(rows, nested, 0.5, s), s) for s in SETS),
             "the final model on its own questions (the dev set's target is checked here):",
             *(figures(outcome(rows, own_all, threshold, s), s) for s in SETS),
             "trade-off, held out: threshold -> answerable / precision / overall per set"]
    for t in (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.8):
        cells = []
        for s in SETS:
            c = outcome(rows, held_all, t, s)
            cells.append(f"{s} {_rate(c['right'], c['answerable']):.3f} / {_rate(c['right'], c['answered']):.3f}"
                         f" / {overall(c):.3f}")
        notes.append(f"  {t:.2f}  " + " · ".join(cells))
    notes += ["the ranking, before the decision (answerable questions):", *(ranking_figures(rows, s) for s in SETS)]
    table, ece = reliability(held, y)
    notes += ["reliability of held-out confidence (every question with a candidate):", *table, f"ECE {ece:.4f}"]
    for s in SETS:
        inside = np.array([r.set == s for r in usable])
        table, ece = reliability(held[inside], y[inside])
        notes.append(f"{s} held out: log-loss {log_loss(held[inside], y[inside]):.4f} · AUC "
                     f"{auc(held[inside], y[inside]):.4f} · ECE {ece:.4f}")
        notes += [f"  {s} {line}" for line in table]
    print("\n".join(notes))
    if not args.dry_run:
        write_model(model, threshold, notes)
        print(f"-> {MODEL_FILE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
