"""Dump every public question's decision evidence, verdict and held-out confidence, one JSON line each.

    python tools/decision_rows.py OUT.jsonl [--eval-dir ../shared/eval] [--held-out]

A dev tool for reading what the decision gets wrong: each line has the question, the best
candidate's quote and answer, the evidence (:func:`bot.engine.features.features`), whether the
answer would be right and, with ``--held-out``, the probability a model fitted on the other
articles gives it (cross-validated by article, as ``tools/fit_decision.py`` does).  Filtering the
lines for unanswerable questions answered with high held-out confidence shows which shapes of
question the evidence misses, and a new feature's firing rate on right and wrong rows.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

import fit_decision  # noqa: E402
from bot.engine.conversation import Conversation  # noqa: E402
from bot.engine.features import FEATURES, answer_text  # noqa: E402
from bot.evaluation import read_question_set  # noqa: E402
from bot.loading import load_engine  # noqa: E402


def rows(eval_dir: Path) -> list[dict]:
    """One record per question that has a candidate (smalltalk and empty rankings left out)."""
    out: list[dict] = []
    for set_name, article, path, text_path in fit_decision.question_sets(eval_dir):
        try:
            engine = load_engine(article=text_path)
        except Exception:  # noqa: BLE001 - an article the extraction cannot read has no rows
            continue
        text = engine.knowledge.text
        for entry in read_question_set(path):
            row = fit_decision.question_row(engine, entry, text, set_name, article)
            if row.values is None:
                continue
            said = str(entry["q"]).replace("\n", " ")
            question, ranked = engine.rank(engine.reader.read(said), Conversation())
            best = ranked[0] if ranked else None
            out.append({"set": set_name, "article": article, "file": path.name, "kind": row.kind, "q": said,
                        "right": row.right, "right_at": row.right_at,
                        "quote": best.pair.quote.text if best else "", "answer": answer_text(best) if best else "",
                        "features": row.values})
    return out


def held_out(records: list[dict]) -> np.ndarray:
    """Each record's probability under a model fitted on the other articles (fit_decision's fit)."""
    x = np.array([[r["features"][name] for name in FEATURES] for r in records])
    y = np.array([float(r["right"]) for r in records])
    w = fit_decision.row_weights([fit_decision.Row(r["features"], r["right"], r["kind"], r["set"], r["article"])
                                  for r in records])
    articles = np.array([r["article"] for r in records])
    p = np.zeros(len(records))
    for article in sorted(set(articles)):
        inside = articles == article
        p[inside] = fit_decision.predict(fit_decision.fit(x[~inside], y[~inside], w[~inside]), x[inside])
    return p


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path)
    parser.add_argument("--eval-dir", type=Path, default=ROOT.parent / "shared" / "eval")
    parser.add_argument("--held-out", action="store_true", help="add the cross-validated confidence")
    args = parser.parse_args(argv)
    fit_decision.usable_model()
    records = rows(args.eval_dir)
    if args.held_out:
        for record, p in zip(records, held_out(records)):
            record["held_out"] = float(p)
    with args.out.open("w", encoding="utf-8") as f:
        for record in records:
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"{len(records)} rows -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
