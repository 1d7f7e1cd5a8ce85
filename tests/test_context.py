"""Context never hurts: a question complete on its own gets the same reply after any earlier ones.

Checked over the development set's single questions (``tests/data/dev_questions.yaml``), asked
after conversations made of other questions from the same set.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.engine.conversation import Conversation
from bot.engine.engine import Engine
from knowledge.build import build_knowledge

DEV_SET = Path(__file__).parent / "data" / "dev_questions.yaml"
REFERS_BACK = {"he", "him", "his", "she", "her", "they", "them", "their", "it", "its"}
FOLLOW_UP_OPENERS = ("and ", "so ", "also ", "what about ", "how about ")
QUESTIONS = [str(e["q"]) for e in yaml.safe_load(DEV_SET.read_text(encoding="utf-8"))
             if e.get("kind") != "followup"]
COMPLETE = [q for q in QUESTIONS if not REFERS_BACK & set(q.lower().replace("?", " ").split())
            and not q.lower().startswith(FOLLOW_UP_OPENERS)]


def _shown(reply) -> tuple:
    return reply.kind, reply.text, reply.quote


def _after(engine: Engine, earlier: list[str]) -> Conversation:
    conversation = Conversation()
    for text in earlier:
        _, conversation = engine.reply(text, conversation)
    return conversation


def test_most_of_the_dev_set_counts_as_complete() -> None:
    assert len(COMPLETE) >= 0.8 * len(QUESTIONS)


@settings(max_examples=300, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(question=st.sampled_from(COMPLETE), earlier=st.lists(st.sampled_from(QUESTIONS), min_size=1, max_size=3))
def test_a_complete_question_gets_the_same_reply_after_any_earlier_ones(engine: Engine, question: str,
                                                                         earlier: list[str]) -> None:
    alone, _ = engine.reply(question)
    after, _ = engine.reply(question, _after(engine, earlier))
    assert _shown(after) == _shown(alone)


@pytest.mark.parametrize(("earlier", "follow_up"), [
    ("what did lavrov say?", "when did he say that?"),
    ("who is macron?", "and starmer?"),
], ids=["pronoun", "and-name"])
def test_an_incomplete_question_does_use_the_conversation(engine: Engine, earlier: str, follow_up: str) -> None:
    alone, _ = engine.reply(follow_up)
    after, _ = engine.reply(follow_up, _after(engine, [earlier]))
    assert after.answered and _shown(after) != _shown(alone)


FIRM_ARTICLE = """Watchdog fines delivery firm Quickbox over late refunds

The delivery firm Quickbox has been fined £3m by the consumer watchdog for refunding customers late.
Quickbox said no customer had lost money because of the delays.
Maria Olsen, director of the watchdog, said some customers had waited more than six months for a refund.
"""


def test_a_person_pronoun_is_the_last_person_even_when_the_question_names_a_firm() -> None:
    engine = Engine(build_knowledge(FIRM_ARTICLE))
    conversation = _after(engine, ["who is maria olsen?"])
    question, _ = engine.rank(engine.reader.read("what did she say about quickbox's refunds?"), conversation)
    people = {e.id for e in engine.knowledge.entities if e.kind == "person" and "Olsen" in e.name}
    assert people and people <= question.entities
    alone, _ = engine.rank(engine.reader.read("what did she say about quickbox's refunds?"), Conversation())
    assert not people & alone.entities
