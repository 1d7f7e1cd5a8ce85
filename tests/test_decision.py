"""The answer/decline decision: a probability from fitted weights, gates on the evidence."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.engine.conversation import Conversation
from bot.engine.decision import FEATURES, DecisionModel, default_model, features
from bot.loading import load_engine
from knowledge.store import KnowledgeFileError


@pytest.fixture(scope="module")
def engine():
    return load_engine()


def test_the_bundled_model_weighs_only_known_features() -> None:
    model = default_model()
    assert set(model.weights) == set(FEATURES)
    assert 0.0 < model.threshold < 1.0


def test_every_feature_is_computed_for_a_ranked_question(engine) -> None:
    question, ranked = engine.rank(engine.reader.read("what did lavrov say?"), Conversation())
    values = features(question, ranked, engine.language)
    assert set(values) >= set(FEATURES)


def test_confidence_is_the_models_probability_of_the_evidence(engine) -> None:
    question, ranked = engine.rank(engine.reader.read("what did lavrov say?"), Conversation())
    reply, _ = engine.reply("what did lavrov say?")
    expected = default_model().probability(engine.decider.features(question, ranked))
    assert reply.answered and reply.confidence == pytest.approx(expected)


def test_a_question_the_article_cannot_answer_gets_low_confidence(engine) -> None:
    reply, _ = engine.reply("what is the capital of peru?")
    assert not reply.answered and reply.confidence < default_model().threshold


def test_a_model_file_without_gates_is_one_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "decision.yaml"
    path.write_text("weights: {score: 1.0}\nbias: 0.0\nthreshold: 0.5\n", encoding="utf-8")
    with pytest.raises(KnowledgeFileError, match="not a decision model"):
        DecisionModel.load(path)


def test_a_model_with_an_unknown_feature_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "decision.yaml"
    path.write_text("weights: {shoe_size: 1.0}\nbias: 0.0\nthreshold: 0.5\n"
                    "gates: {score: 0.5, coverage: 0.6, span_coverage: 0.65, torn_margin: 0.01,\n"
                    "        gist_similarity: 0.75, gist_similarity_with_coverage: 0.6, gist_coverage: 0.5}\n",
                    encoding="utf-8")
    with pytest.raises(KnowledgeFileError, match="shoe_size"):
        DecisionModel.load(path)
