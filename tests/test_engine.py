"""The engine as a user meets it: questions in, one-line answers with verbatim quotes out."""

from __future__ import annotations

import logging
import subprocess
import sys

import pytest

from bot.engine.conversation import Conversation
from bot.engine.engine import ENGINE_FAILURE, Engine
from bot.engine.reply import DECLINE_TEXT


def ask(engine: Engine, text: str, conversation: Conversation | None = None):
    reply, _ = engine.reply(text, conversation)
    return reply


def said(reply) -> str:
    return f"{reply.text} {reply.quote.text if reply.quote else ''}".lower()


# Paraphrases per fact: (question, a phrase the answer or its quote must contain).
PARAPHRASES = [
    ("what did lavrov say", "under any conditions"),
    ("Lavorv's words on nato troops?", "under any conditions"),
    ("does russia accept nato soldiers in ukraine", "under any conditions"),
    ("what did the russian foreign minister say", "under any conditions"),
    ("how many troops could the coalition deploy", "10,000"),
    ("how many soliders could be sent", "10,000"),
    ("what is the size of the force", "10,000"),
    ("how many countries were at the virtual meeting", "26"),
    ("number of nations on the video call", "26"),
    ("who hosted the virtual meeting", "prime minister"),
    ("how long is the cesefire", "30-day"),
    ("how long has the conflict lasted", "three-year"),
    ("when do the military chiefs meet", "thursday"),
    ("what did the french president tell local press", "sovereign"),
    ("what did the senior government source say", "advanced"),
    ("who told the times about 10,000 troops", "military source"),
    ("what did starmer urge putin to do", "negotiations"),
    ("what did the british prime minister urge the russian president to do", "negotiations"),  # overrides
]


@pytest.mark.parametrize(("question", "expected"), PARAPHRASES, ids=[q for q, _ in PARAPHRASES])
def test_paraphrase_is_answered_with_the_fact(engine: Engine, question: str, expected: str) -> None:
    reply = ask(engine, question)
    assert reply.answered, reply
    assert expected in said(reply)
    assert reply.quote.is_verbatim_in(engine.knowledge.text)


# Key-entity confusions: the answer must be about the entity the question names.
CONFUSIONS = [
    ("what did lavrov say", "sovereign"),
    ("what did macron say", "under any conditions"),
    ("what did the military source say", "things are quite advanced"),
    ("how many nations attended", "10,000"),
    ("how many troops could be deployed", "26 nations"),
]


@pytest.mark.parametrize(("question", "wrong"), CONFUSIONS, ids=[q for q, _ in CONFUSIONS])
def test_answer_is_not_about_another_entity(engine: Engine, question: str, wrong: str) -> None:
    reply = ask(engine, question)
    assert reply.answered
    assert wrong not in said(reply)


NEAR_MISSES = [
    "what did the german chancellor say",
    "how many troops will italy send",
    "what did lavrov say about the virtual meeting",
    "who is the president of the united states",
    "how many tanks are being sent",
    "what is the capital of france",
    "when exactly will the ceasefire end",
    "how much money has britain pledged",
    "what is the date of thursday's meeting",
    "what will germany send",
]


@pytest.mark.parametrize("question", NEAR_MISSES)
def test_near_miss_is_declined_with_suggestions(engine: Engine, question: str) -> None:
    reply = ask(engine, question)
    assert not reply.answered
    assert reply.text == DECLINE_TEXT
    assert 1 <= len(reply.suggestions) <= 3


def test_suggestions_are_questions_the_engine_answers(engine: Engine) -> None:
    for suggestion in ask(engine, "what did the pope say").suggestions:
        assert ask(engine, suggestion).answered, suggestion


FOLLOW_UPS = [
    (["what did lavrov say?"], "and when was that?", "last week"),
    (["who hosted the virtual meeting?"], "how many nations were there?", "26"),
    (["what did the military source tell the times?"], "who said that?", "military source"),
    (["who is macron?"], "and starmer?", "prime minister"),
    (["who is macron?", "and starmer?"], "what did he urge?", "negotiations"),
    (["how many troops could be deployed?"], "and how many nations were at the meeting?", "26"),
    (["who hosted the meeting?"], "what did he say?", "sooner or later"),
    (["what's the ceasefire about?", "who agreed to it?"], "and russia?", "firm answer"),
]


@pytest.mark.parametrize(("context", "question", "expected"), FOLLOW_UPS, ids=[q for _, q, _ in FOLLOW_UPS])
def test_follow_up_uses_the_previous_subject(engine: Engine, context, question: str, expected: str) -> None:
    conversation = Conversation()
    for line in context:
        _, conversation = engine.reply(line, conversation)
    reply, _ = engine.reply(question, conversation)
    assert reply.answered
    assert expected in said(reply)


def test_what_else_gives_another_statement(engine: Engine) -> None:
    first, conversation = engine.reply("what did macron say?")
    second, _ = engine.reply("what else did he say?", conversation)
    assert second.answered and "macron" in said(second)
    assert second.quote != first.quote


@pytest.mark.parametrize("text", ["hi", "hello there!", "thanks", "who are you?", "what can you do"])
def test_small_talk_gets_a_friendly_reply_not_a_fact(engine: Engine, text: str) -> None:
    reply = ask(engine, text)
    assert reply.kind == "smalltalk"
    assert not reply.answered and reply.quote is None
    assert reply.suggestions


@pytest.mark.parametrize("text", ["", "   ", "\n\t", "🙂" * 50, "x" * 10_000, "<b>&amp;</b>", "\u200b\u202e",
                                  "what did lavrov say " * 600, "\x00", "???", "/ask", "@bot"],
                         ids=["empty", "spaces", "whitespace", "emoji", "10k-chars", "markup", "invisible",
                              "10k-question", "nul", "punctuation", "bare-command", "bare-mention"])
def test_any_text_gets_a_reply_without_raising(engine: Engine, text: str) -> None:
    reply, conversation = engine.reply(text)
    assert reply.text
    assert isinstance(conversation, Conversation)


def test_mention_and_ask_command_are_stripped(engine: Engine) -> None:
    assert "under any conditions" in said(ask(engine, "@SomeBot /ask what did Lavrov say?"))


def test_every_answer_quote_is_verbatim(engine: Engine) -> None:
    for pair in engine.knowledge.qa:
        reply = ask(engine, pair.questions[0])
        if reply.answered:
            assert reply.quote.is_verbatim_in(engine.knowledge.text)


@pytest.mark.engine_failure_expected
def test_a_failure_inside_the_engine_is_logged_at_error_not_hidden(engine: Engine, caplog, monkeypatch) -> None:
    def broken(*_args, **_kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(engine.matcher, "rank", broken)
    with caplog.at_level(logging.ERROR, logger="bot.engine.engine"):
        reply, _ = engine.reply("what did lavrov say?")
    assert not reply.answered and reply.text == DECLINE_TEXT
    [record] = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert record.getMessage().startswith(ENGINE_FAILURE) and record.exc_info is not None
