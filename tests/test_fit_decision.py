"""tools/fit_decision.py, on small invented tables of evidence (never the eval sets): the trees it
fits are the same on every run, find a planted signal, keep evidence of known direction monotone,
and are written in the very format the engine reads back to the same probabilities."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

from bot.engine.decision import FEATURES, DecisionModel

TOOL = Path(__file__).resolve().parent.parent / "tools" / "fit_decision.py"


@pytest.fixture(scope="module")
def tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("fit_decision", TOOL)
    module = importlib.util.module_from_spec(spec)
    sys.modules["fit_decision"] = module  # its dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def _table(seed: int, n: int, column: str, noise: float = 0.1) -> tuple[np.ndarray, np.ndarray]:
    """Rows of evidence, all zero but ``column`` (uniform in 0..1) and "terms" (a distractor); an
    answer is right when ``column`` is above one half, with a share ``noise`` of labels flipped."""
    rng = np.random.default_rng(seed)
    x = np.zeros((n, len(FEATURES)))
    x[:, FEATURES.index(column)] = rng.random(n)
    x[:, FEATURES.index("terms")] = rng.integers(1, 8, n)
    right = x[:, FEATURES.index(column)] > 0.5
    flip = rng.random(n) < noise
    return x, np.where(flip, ~right, right).astype(float)


def test_fitting_the_same_rows_twice_gives_the_same_trees(tool) -> None:
    x, y = _table(1, 300, "coverage")
    assert tool.fit(x, y, np.ones(len(y))) == tool.fit(x, y, np.ones(len(y)))


def test_the_trees_separate_a_planted_signal_on_rows_they_were_not_fitted_on(tool) -> None:
    x, y = _table(2, 400, "coverage")
    model = tool.fit(x, y, np.ones(len(y)))
    x_new, y_new = _table(3, 400, "coverage", noise=0.0)
    p = tool.predict(model, x_new)
    assert tool.auc(p, y_new) > 0.95
    assert p[y_new == 1].mean() > 0.75 and p[y_new == 0].mean() < 0.25


def test_evidence_of_known_direction_stays_monotone_whatever_the_rows_say(tool) -> None:
    # words the article never uses ("unknown") can only lower the probability, even on rows where
    # more of them went with right answers; a feature of no fixed direction follows the rows
    assert tool.MONOTONE["unknown"] == -1 and "similarity" not in tool.MONOTONE
    grid = np.zeros((11, len(FEATURES)))
    for column in ("unknown", "similarity"):
        x, y = _table(4, 400, column)
        model = tool.fit(x, y, np.ones(len(y)))
        grid[:] = 0.0
        grid[:, FEATURES.index(column)] = np.linspace(0, 1, 11)
        p = tool.predict(model, grid)
        if column == "unknown":
            assert (np.diff(p) <= 1e-12).all()
        else:
            assert p[-1] - p[0] > 0.5

def test_a_heavier_row_weighs_more_in_the_fit(tool) -> None:
    # the same rows, once with the right answers among high "coverage" weighted up: the fit must move
    x, y = _table(5, 300, "coverage", noise=0.3)
    heavy = np.where((y == 1) & (x[:, FEATURES.index("coverage")] > 0.5), 5.0, 1.0)
    probe = np.zeros((1, len(FEATURES)))
    probe[0, FEATURES.index("coverage")] = 0.9
    plain = tool.predict(tool.fit(x, y, np.ones(len(y))), probe)[0]
    assert tool.predict(tool.fit(x, y, heavy), probe)[0] > plain + 0.05


def test_the_written_model_is_read_back_by_the_engine_to_the_same_probabilities(tool, tmp_path: Path) -> None:
    x, y = _table(6, 300, "coverage")
    model = tool.fit(x, y, np.ones(len(y)))
    path = tmp_path / "decision.json"
    tool.write_model(model, 0.5, ["invented rows"], path)
    loaded = DecisionModel.load(path)
    assert loaded.threshold == 0.5 and len(loaded.trees) == tool.ROUNDS
    for row, p in zip(x[:50], tool.predict(model, x[:50])):
        assert loaded.probability(dict(zip(FEATURES, row))) == pytest.approx(p, rel=1e-12)


def test_auc_counts_ties_as_half_and_log_loss_is_lowest_for_the_truth(tool) -> None:
    y = np.array([1.0, 0.0, 1.0, 0.0])
    assert tool.auc(np.array([0.9, 0.1, 0.8, 0.2]), y) == 1.0
    assert tool.auc(np.array([0.5, 0.5, 0.5, 0.5]), y) == 0.5
    assert tool.auc(np.array([0.9, 0.9, 0.1, 0.1]), y) == 0.5
    assert tool.log_loss(np.array([0.9, 0.1, 0.9, 0.1]), y) < tool.log_loss(np.array([0.6, 0.4, 0.6, 0.4]), y)


def test_each_kind_of_text_weighs_by_its_articles_not_its_questions(tool, monkeypatch) -> None:
    def rows(kind: str, articles: int, each: int) -> list:
        return [tool.Row({}, True, "answerable", kind, f"{kind}{a}") for a in range(articles) for _ in range(each)]
    table = rows("dev", 1, 10) + rows("news", 4, 5) + rows("squad", 9, 30)
    kinds = np.array([r.set for r in table])
    for power, shares in ((0.0, (1, 1, 1)), (0.5, (1, 2, 3))):
        monkeypatch.setattr(tool, "ARTICLE_POWER", power)
        w = tool.row_weights(table)
        assert w.mean() == pytest.approx(1.0)
        totals = [w[kinds == kind].sum() for kind in ("dev", "news", "squad")]
        assert totals == pytest.approx([len(table) * s / sum(shares) for s in shares])
        assert len({*w[kinds == "squad"]}) == 1  # evenly over a kind's questions
