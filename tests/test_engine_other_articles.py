"""The same engine on articles it has never seen: nothing in the code knows these names."""

from __future__ import annotations

import pytest
from engine_helpers import engine_for, said

from bot.engine.engine import Engine


@pytest.fixture(scope="module")
def rail() -> Engine:
    return engine_for("rail_strike.txt")


@pytest.fixture(scope="module")
def flood() -> Engine:
    return engine_for("flood.txt")


@pytest.fixture(scope="module")
def layoffs() -> Engine:
    return engine_for("layoffs.txt")


RAIL = [
    ("what did the chancellor tell reporters?", "fair offer"),
    ("what did weselsky say about the offer?", "insult"),
    ("how many members does the union have?", "40,000"),
    ("when did the transport minister meet union leaders?", "tuesday"),
    ("how much would a strike cost each day?", "100 million"),
    ("who is anna keller?", "transport minister"),
    ("who told the financial times that members were ready to walk out?", "union official"),
    ("who leads the drivers' union?", "weselsky"),
]


@pytest.mark.parametrize(("question", "expected"), RAIL, ids=[q for q, _ in RAIL])
def test_rail_strike_article_is_answered(rail: Engine, question: str, expected: str) -> None:
    assert expected in said(rail, question)


FLOOD = [
    ("where were residents evacuated from?", "marlow green"),
    ("when were people evacuated?", "sunday"),
    ("who is priya shah?", "council leader"),
    ("how many flood warnings were in force?", "14"),
    ("what did the mp tell the bbc?", "never built for this"),
    ("which river burst its banks?", "tamsin"),
    ("how much emergency funding will the government give?", "2 million"),
    ("who is expected to visit the area?", "thomas reed"),
]


@pytest.mark.parametrize(("question", "expected"), FLOOD, ids=[q for q, _ in FLOOD])
def test_flood_article_is_answered(flood: Engine, question: str, expected: str) -> None:
    assert expected in said(flood, question)


LAYOFFS = [
    ("how many jobs will be cut?", "4,000"),
    ("by how much did profit fall?", "38 per cent"),
    ("who is the chief executive of the company?", "lindqvist"),
    ("how much will the cuts save?", "900 million"),
    ("how many people does the company employ?", "52,000"),
    ("where did shares fall?", "amsterdam"),
    ("who warned of strikes?", "de vries"),
    ("when will the government meet the bosses?", "friday"),
    ("what did barclays say?", "second half of next year"),
]


@pytest.mark.parametrize(("question", "expected"), LAYOFFS, ids=[q for q, _ in LAYOFFS])
def test_layoffs_article_is_answered(layoffs: Engine, question: str, expected: str) -> None:
    assert expected in said(layoffs, question)


@pytest.mark.parametrize("question", ["what did macron say?", "how many troops are being deployed?",
                                      "what did the fire brigade say?", "who won the election?"])
def test_questions_about_other_stories_are_declined(flood: Engine, question: str) -> None:
    reply, _ = flood.reply(question)
    assert not reply.answered
