"""Extraction on articles written for the tests: the rules are general, not tuned to one article."""

from __future__ import annotations

import pytest
from extract_helpers import load_article, speakers_of

from knowledge.extract import Extraction, extract

ARTICLES = ["rail_strike.txt", "flood.txt", "history_passage.txt"]


@pytest.fixture(scope="module")
def rail() -> Extraction:
    return load_article("rail_strike.txt")[1]


@pytest.fixture(scope="module")
def flood() -> Extraction:
    return load_article("flood.txt")[1]


@pytest.mark.parametrize(
    ("words", "speaker"),
    [
        pytest.param("We have made a fair offer", "scholz", id="the-chancellor-told-reporters"),
        pytest.param("an insult to every driver", "weselsky", id="mr-surname-said"),
        pytest.param("Nobody wants a strike", "keller", id="she-said"),
        pytest.param("would not reopen talks", "scholz", id="the-german-leader-added"),
        pytest.param("€100 million a day", "federal-rail-authority", id="according-to-organisation"),
        pytest.param("ready to walk out", "senior-union-official", id="source-told-paper"),
        pytest.param("three-day stoppage", "senior-union-official", id="they-said-source"),
    ],
)
def test_rail_attribution(rail: Extraction, words: str, speaker: str) -> None:
    assert speakers_of(rail, words) == {speaker}


@pytest.mark.parametrize(
    ("words", "speaker"),
    [
        pytest.param("nothing like it in living memory", "shah", id="apposed-role-said"),
        pytest.param("doing everything we can", "shah", id="quote-then-dame-first-name-said"),
        pytest.param("next 48 hours will be critical", "shah", id="continued-quote"),
        pytest.param("14 flood warnings", "holloway", id="according-to-person"),
        pytest.param("more rain was expected", "holloway", id="mr-surname-said"),
        pytest.param("never built for this", "carter", id="mp-told-broadcaster"),
        pytest.param("raise the issue in Parliament", "carter", id="he-added"),
        pytest.param("emergency funding", "reed", id="the-prime-minister-said"),
    ],
)
def test_flood_attribution(flood: Extraction, words: str, speaker: str) -> None:
    assert speakers_of(flood, words) == {speaker}


@pytest.mark.parametrize(
    ("entity", "alias"),
    [
        pytest.param("scholz", "the Chancellor", id="title-mention"),
        pytest.param("scholz", "the German leader", id="nationality-role-mention"),
        pytest.param("weselsky", "Mr Weselsky", id="honorific-surname"),
        pytest.param("germany", "Berlin", id="capital-for-country"),
    ],
)
def test_rail_alias(rail: Extraction, entity: str, alias: str) -> None:
    assert alias in rail.entity(entity).aliases


@pytest.mark.parametrize(
    ("entity", "alias"),
    [
        pytest.param("shah", "Dame Priya", id="dame-first-name"),
        pytest.param("shah", "the council leader", id="apposed-role"),
        pytest.param("reed", "the Prime Minister", id="title-alone"),
    ],
)
def test_flood_alias(flood: Extraction, entity: str, alias: str) -> None:
    assert alias in flood.entity(entity).aliases


def test_role_from_title_before_name(rail: Extraction) -> None:
    assert rail.entity("keller").role == "Transport Minister"


def test_anonymous_source_is_a_source(rail: Extraction) -> None:
    assert rail.entity("senior-union-official").kind == "source"


@pytest.mark.parametrize(
    ("article", "value", "counts"),
    [
        pytest.param("rail_strike.txt", "12 percent", "rise", id="percent"),
        pytest.param("rail_strike.txt", "40,000", "members", id="thousands"),
        pytest.param("rail_strike.txt", "three-day", "stoppage", id="duration"),
        pytest.param("flood.txt", "Hundreds of", "residents", id="vague"),
        pytest.param("flood.txt", "14", "flood warnings", id="compound-noun"),
        pytest.param("flood.txt", "£2 million", "money", id="currency"),
    ],
)
def test_number_counts(article: str, value: str, counts: str) -> None:
    numbers = {(f.value, f.counts) for f in load_article(article)[1].facts if f.kind == "number"}
    assert (value, counts) in numbers


@pytest.mark.parametrize(
    ("article", "time"),
    [
        pytest.param("rail_strike.txt", "next week", id="next-week"),
        pytest.param("rail_strike.txt", "Tuesday", id="weekday"),
        pytest.param("flood.txt", "later this week", id="later-this-week"),
        pytest.param("history_passage.txt", "in the 12th and 13th centuries", id="centuries"),
        pytest.param("history_passage.txt", "on August 14, 1823", id="us-date"),
    ],
)
def test_time_expressions(article: str, time: str) -> None:
    assert time in {f.time for f in load_article(article)[1].facts if f.kind == "time"}


def test_meeting_action_has_actor_and_time(rail: Extraction) -> None:
    meet = next(f for f in rail.facts if f.verb == "meet")
    assert (meet.kind, meet.subject, meet.time) == ("action", "keller", "Tuesday")


@pytest.mark.parametrize("name", ARTICLES)
def test_every_fact_quote_is_verbatim(name: str) -> None:
    text, extraction = load_article(name)
    assert all(f.quote.is_verbatim_in(text) for f in extraction.facts)


@pytest.mark.parametrize("name", ARTICLES)
def test_references_are_verbatim(name: str) -> None:
    text, extraction = load_article(name)
    assert all(text[r.start : r.end] == r.text for r in extraction.references)


@pytest.mark.parametrize("name", ARTICLES)
def test_extraction_is_deterministic(name: str) -> None:
    assert load_article(name)[1] == load_article(name)[1]


def test_unresolvable_pronoun_stays_unresolved() -> None:
    extraction = extract("Title\nIt was a cold day. He said the talks had failed.\n")
    assert extraction.references == () and all(f.subject is None for f in extraction.facts)


def test_purpose_clause_has_no_actor() -> None:
    extraction = extract("Title\nLeaders met in Oslo, including Olaf Berg, to discuss the plan.\n")
    assert all(f.verb != "discuss" for f in extraction.facts)
