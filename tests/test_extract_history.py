"""Extraction on an encyclopedia-style passage written for the tests: dates of every common form,
measured and compared amounts, who did what, what kind of thing a name is, and apposed roles."""

from __future__ import annotations

import pytest
from extract_helpers import load_article

from knowledge.extract import Extraction, extract
from knowledge.lexicon import load_lexicon
from knowledge.measures import find_amounts, find_times
from knowledge.model import Sentence


@pytest.fixture(scope="module")
def history() -> Extraction:
    return load_article("history_passage.txt")[1]


def _sentence(text: str) -> Sentence:
    return Sentence(1, 1, 0, len(text), text)


def _times(text: str) -> list[str]:
    return [t.text for t in find_times(_sentence(text), load_lexicon())]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("The war (1821–1826) was short.", ["1821–1826"], id="year-range-in-brackets"),
        pytest.param("It rose from 1990 to 2005.", ["from 1990 to 2005"], id="from-year-to-year"),
        pytest.param("Raids in 1823, 1824 and 1825 failed.", ["in 1823, 1824 and 1825"], id="year-list"),
        pytest.param("It ended in the last week of March 1821.", ["in the last week of March 1821"], id="part-of-month"),
        pytest.param("It fell in the spring of 1893.", ["in the spring of 1893"], id="season-of-year"),
        pytest.param("They met on 3 June 1826.", ["on 3 June 1826"], id="day-month-year"),
        pytest.param("They met on August 14, 1823.", ["on August 14, 1823"], id="month-day-year"),
        pytest.param("It grew in the 12th and 13th centuries.", ["in the 12th and 13th centuries"], id="centuries"),
        pytest.param("It began in the first half of the 12th century.", ["in the first half of the 12th century"],
                     id="half-century"),
        pytest.param("Unrest grew during the late 1880s.", ["during the late 1880s"], id="decade"),
        pytest.param("It was drafted before 1890.", ["before 1890"], id="before-year"),
        pytest.param("He died a few days later.", ["a few days later"], id="days-later"),
        pytest.param("The town was granted its quay by the Charter Act 1891.", [], id="a-year-that-ends-a-name"),
        pytest.param("Grants rose after Euro 2020 ended in 2021.", ["in 2021"], id="an-event-named-with-its-year"),
        pytest.param("It was first defined (Moss 1961) for dams.", ["1961"], id="a-cited-year"),
        pytest.param("Trade grew, 1891 being the best year.", ["1891"], id="bare-year"),
        pytest.param("He ran 1500 metres in May.", ["in May"], id="not-a-year-but-a-distance"),
        pytest.param("May I ask a question?", [], id="may-is-a-modal"),
    ],
)
def test_time_expressions(text: str, expected: list[str]) -> None:
    assert _times(text) == expected


def test_time_fact_dates_its_clause_without_dangling_words(history: Extraction) -> None:
    fact = next(f for f in history.facts if f.kind == "time" and f.time == "in the last week of March 1821")
    assert fact.content.startswith("The dispute began") and "March" not in fact.content


@pytest.mark.parametrize(
    ("text", "value", "counts"),
    [
        pytest.param("A speed limit of 55 mph was set.", "55 mph", "speed limit", id="measured-with-unit"),
        pytest.param("Winds reached 90 km/h.", "90 km/h", "km/h", id="unit-alone"),
        pytest.param("They had 60,000 settlers, compared with 2 million in the south.", "2 million", "settlers",
                     id="compared-amount-counts-the-same"),
        pytest.param("Four governors met.", "Four", "governors", id="number-word"),
    ],
)
def test_amounts(text: str, value: str, counts: str) -> None:
    assert (value, counts) in {(a.value, a.counts) for a in find_amounts(_sentence(text), load_lexicon())}


def test_number_inside_a_name_is_no_amount() -> None:
    assert find_amounts(_sentence("It was part of the Seven Years' War."), load_lexicon()) == []


@pytest.mark.parametrize(
    ("entity", "kind"),
    [
        pytest.param("sallow-reach", "place", id="unknown-two-word-name-after-to-is-a-place"),
        pytest.param("ashdown", "person", id="bill-is-a-first-name-not-a-law"),
        pytest.param("magnus-ii", "person", id="regnal-number-keeps-the-full-name-as-id"),
        pytest.param("kessmoor", "place", id="ruler-of-place"),
    ],
)
def test_entity_kinds(history: Extraction, entity: str, kind: str) -> None:
    assert history.entity(entity).kind == kind


def test_laws_and_battles_are_not_people(history: Extraction) -> None:
    names = {e.name for e in history.entities}
    assert not names & {"Coastal Charter Act", "Battle of Grey Sound", "Grey Sound", "Varland and Osterby War"}


def test_nationality_adjective_refers_to_a_named_country(history: Extraction) -> None:
    sweden = history.entity("sweden")
    assert 5 in sweden.mentions and "Swedish" not in sweden.aliases  # "a Swedish trading ship"


def test_regnal_number_is_not_an_alias(history: Extraction) -> None:
    assert "II" not in history.entity("magnus-ii").aliases


@pytest.mark.parametrize(
    ("text", "entity", "role"),
    [
        pytest.param("Title\nIn 1822, four governors met with Admiral Henrik Dahl, the newly appointed fleet "
                     "commander, and planned a blockade.\n", "dahl", "newly appointed fleet commander",
                     id="apposed-role-wins-over-bare-title"),
        pytest.param("Title\nOrders were given by Jonas Eke, Commander-in-Chief, East Coast, without delay.\n",
                     "eke", "Commander-in-Chief, East Coast", id="capitalised-title-apposition"),
        pytest.param("Title\nIn 1990, Lund named Carla Voss as the first Director of the Water Board.\n",
                     "voss", "first Director of the Water Board", id="named-as-role"),
        pytest.param("Title\nTheir envoy Lena Maris opened talks.\n", "maris", "their envoy", id="role-before-name"),
    ],
)
def test_roles(text: str, entity: str, role: str) -> None:
    assert extract(text).entity(entity).role == role


def test_body_in_a_title_is_an_organisation() -> None:
    extraction = extract("Title\nIn 1990, Lund named Carla Voss as the first Director of the Water Board.\n")
    assert extraction.entity("water-board").kind == "organisation"


@pytest.mark.parametrize(
    ("verb", "subject"),
    [
        pytest.param("sign", "ashdown", id="first-name-bill-signed"),
        pytest.param("open", "maris", id="relative-clause-between-subject-and-verb"),
        pytest.param("defeat", "dahl", id="passive"),
    ],
)
def test_actors(history: Extraction, verb: str, subject: str) -> None:
    assert subject in {f.subject for f in history.facts if f.verb == verb}


def test_place_in_a_prepositional_phrase_is_no_actor() -> None:
    extraction = extract("Title\nSix governors in North Ostland met with Ida Berg.\n")
    assert all(f.subject is None for f in extraction.facts if f.verb == "meet")


def test_adjective_subject_acts_for_its_country() -> None:
    extraction = extract("Title\nSweden went to war. In 1824, the Swedish captured Sallow Reach.\n")
    assert {f.subject for f in extraction.facts if f.verb == "capture"} == {"sweden"}
