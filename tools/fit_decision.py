"""Fit the answer/decline decision on many articles, checked on articles it was not fitted on.

    pip install -e ".[fit]" && python tools/fit_decision.py [--eval-dir ../shared/eval] [--dry-run]

Runs the engine in-process over the public question sets (the bundled article's dev set, the six
news articles, the SQuAD passages of ``external`` and ``squad_pool``), reads the evidence for each
question's best candidate (:func:`bot.engine.decision.features`) and whether answering with it
would be right (the scorer's verdict), and fits a logistic regression on the questions that pass
the evidence gates (the answers the engine can give).  Cross-validation is by article: each article
(a news story, the bundled article, one Wikipedia article's passages) is predicted by a model
fitted on all the others.  The decline threshold is the lowest at which at most 5% of the held-out
answers are wrong; where no threshold gets there, the one that does best by right answers minus
WRONG_COST times wrong ones.  Prints held-out figures per set and a reliability table, then writes
``bot/engine/data/decision.yaml`` (keeping its gates).  Deterministic: same data, same file.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.engine.conversation import Conversation  # noqa: E402
from bot.engine.decision import FEATURES, MODEL_FILE, default_model  # noqa: E402
from bot.evaluation import judge, read_question_set  # noqa: E402
from bot.loading import load_engine  # noqa: E402

MAX_WRONG = 0.05  # the share of answers that may be wrong on held-out articles
WRONG_COST = 1.5  # a wrong answer costs one and a half right ones: declining beats a coin-flip guess
L2 = 1.0  # ridge penalty on standardised weights: keeps rare features from deciding alone
SETS = ("dev", "news", "squad")  # "squad" holds external and squad_pool: one kind of text


@dataclass(frozen=True)
class Row:
    """One question: its evidence (None: nothing ranked), whether the best answer is right, where from."""

    values: dict[str, float] | None
    right: bool
    kind: str
    set: str
    article: str
    right_at: int | None = None  # where the first right candidate is in the ranking (None: none is right)


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
            rows.append(_row(engine, entry, text, set_name, article))
    return rows


def _row(engine, entry: dict, text: str, set_name: str, article: str) -> Row:
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


def fit(x: np.ndarray, y: np.ndarray, w: np.ndarray) -> tuple[np.ndarray, float]:
    """Weighted logistic regression by Newton's method; weights and bias on the raw features."""
    mean, scale = x.mean(0), x.std(0)
    scale[scale == 0] = 1.0
    z = np.hstack([(x - mean) / scale, np.ones((len(x), 1))])
    beta = np.zeros(z.shape[1])
    ridge = np.diag([L2] * (z.shape[1] - 1) + [0.0])
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-z @ beta))
        gradient = z.T @ (w * (p - y)) + ridge @ beta
        hessian = (z * (w * p * (1 - p))[:, None]).T @ z + ridge
        step = np.linalg.solve(hessian, gradient)
        beta -= step
        if np.abs(step).max() < 1e-9:
            break
    weights = beta[:-1] / scale
    return weights, float(beta[-1] - weights @ mean)


def predict(x: np.ndarray, weights: np.ndarray, bias: float) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-(x @ weights + bias)))


def threshold_for(p: np.ndarray, y: np.ndarray, w: np.ndarray) -> tuple[float, bool]:
    """The decline threshold, and whether it keeps held-out wrong answers within MAX_WRONG.

    The lowest threshold at which (weighted) at most MAX_WRONG of the answers are wrong; failing
    that, the one with the most right answers less WRONG_COST times the wrong ones.
    """
    candidates = [float(t) for t in np.round(np.arange(0.05, 0.955, 0.01), 2)]
    for t in candidates:
        answered = p >= t
        if (w * answered).sum() >= 0.05 * w.sum() and (w * answered * (1 - y)).sum() <= MAX_WRONG * (w * answered).sum():
            return t, True
    gain = [(w * (p >= t) * (y - WRONG_COST * (1 - y))).sum() for t in candidates]
    return candidates[int(np.argmax(gain))], False


def figures(rows: list[Row], p: np.ndarray, t: float, set_name: str) -> str:
    """The scorer's figures for one set, had the engine answered where p >= t."""
    chosen = [(r, q) for r, q in zip(rows, p) if r.set == set_name]
    answerable = [(r, q) for r, q in chosen if r.kind != "unanswerable"]
    unanswerable = [(r, q) for r, q in chosen if r.kind == "unanswerable"]
    answered = [(r, q) for r, q in chosen if q >= t]
    right = sum(r.right for r, _ in answered)
    declined = sum(q < t for _, q in unanswerable)

    def rate(a: int, b: int) -> str:
        return f"{a / b:.3f}" if b else "n/a"

    return (f"{set_name:6s} answerable {right}/{len(answerable)} ({rate(right, len(answerable))}) · "
            f"unanswerable declined {declined}/{len(unanswerable)} ({rate(declined, len(unanswerable))}) · "
            f"wrong-confident {len(answered) - right} · precision {rate(right, len(answered))}")


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


def write_model(weights: np.ndarray, bias: float, threshold: float, notes: list[str]) -> None:
    gates = default_model().gates
    lines = ["# The answer/decline decision, fitted by tools/fit_decision.py; do not edit the weights by hand.",
             "# Held-out figures (each article predicted by a model fitted on the others):",
             *(f"#   {n}" for n in notes),
             "weights:", *(f"  {name}: {w:.6f}" for name, w in zip(FEATURES, weights)),
             f"bias: {bias:.6f}", f"threshold: {threshold:.3f}",
             "# Minimum evidence for any answer, set by hand on the bundled article's dev set (kept by the fit):",
             "gates:", *(f"  {name}: {getattr(gates, name)}" for name in gates.__dataclass_fields__)]
    MODEL_FILE.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--eval-dir", type=Path, default=ROOT.parent / "shared" / "eval")
    parser.add_argument("--dry-run", action="store_true", help="print the figures, write nothing")
    args = parser.parse_args(argv)
    rows = collect(args.eval_dir)
    gates = default_model().gates
    gated = [r for r in rows if r.values is not None and gates.passed(r.values)]
    x = np.array([[r.values[name] for name in FEATURES] for r in gated])
    y = np.array([float(r.right) for r in gated])
    # each kind of text weighs the same, however many questions it has
    per_set = {s: sum(r.set == s for r in gated) for s in SETS}
    w = np.array([len(gated) / (len(SETS) * per_set[r.set]) for r in gated])
    articles = np.array([r.article for r in gated])
    held_out = np.zeros(len(gated))
    for article in sorted(set(articles)):
        inside = articles == article
        weights, bias = fit(x[~inside], y[~inside], w[~inside])
        held_out[inside] = predict(x[inside], weights, bias)
    threshold, within = threshold_for(held_out, y, w)
    by_row = {id(r): q for r, q in zip(gated, held_out)}
    p_all = np.array([by_row.get(id(r), 0.0) for r in rows])
    rule = (f"at most {MAX_WRONG:.0%} of held-out answers wrong" if within else
            f"no threshold keeps held-out wrong answers within {MAX_WRONG:.0%}: best right - {WRONG_COST:g} x wrong")
    notes = [f"threshold {threshold:.2f} ({rule}; sets weighted equally)"]
    notes += [figures(rows, p_all, threshold, s) for s in SETS]
    notes += ["gates alone (threshold 0):", *(figures(rows, p_all, 1e-9, s) for s in SETS)]
    notes += ["the ranking, before any gate (answerable questions):", *(ranking_figures(rows, s) for s in SETS)]
    table, ece = reliability(held_out, y)
    notes += ["reliability of held-out confidence over the answers the gates allow:", *table, f"ECE {ece:.4f}"]
    print("\n".join(notes))
    weights, bias = fit(x, y, w)
    if not args.dry_run:
        write_model(weights, bias, threshold, notes)
        print(f"-> {MODEL_FILE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
