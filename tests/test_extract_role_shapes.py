"""A role attaches only through a shape news English gives it, and a name's kind comes from generic cues.

Every sentence here is invented for the test.
"""

from __future__ import annotations

import pytest
from extract_helpers import story

from knowledge.extract import extract


def test_a_title_already_used_for_no_one_named_does_not_go_to_the_nearest_person() -> None:
    found = extract(story("Each boiler had a brass governor. The governor was fitted by Tom Reed in 1850. "
                          "The governor could not hold a steady speed."))
    reed = found.entity("reed")
    assert reed.role == "" and "the governor" not in reed.aliases


def test_the_nearest_person_takes_a_title_the_text_has_not_used_before() -> None:
    found = extract(story("Tom Reed visited the mill on Monday. The governor said the boilers were safe."))
    assert found.entity("reed").role == "governor"


def test_an_office_named_after_the_takes_no_other_title() -> None:
    found = extract(story("The date is proposed by the Presiding Officer, and the result is then approved by the Queen."))
    office = next(e for e in found.entities if e.name == "Presiding Officer")
    assert office.role == "" and "the Queen" not in office.aliases


def test_a_title_before_plain_nouns_is_no_person() -> None:
    found = extract(story("A General Question Time takes place each week, when members may ask a question.",
                          "At that time the Mayor's Question Time follows."))
    assert [e.name for e in found.entities if e.kind == "person"] == []


def test_a_name_after_the_is_a_body_or_a_people_not_a_person() -> None:
    kinds = {e.name: e.kind for e in extract(story(
        "Telecom sold several exchanges to the Vastrian Postwerk in 1978.",
        "The valley was raided by the Korvathi Turks.")).entities}
    assert kinds.get("Vastrian Postwerk") == "organisation"
    assert kinds.get("Korvathi Turks") == "group"


@pytest.mark.parametrize("sentence", [
    pytest.param("Ann Hill, 52, was in court on Monday.", id="age"),
    pytest.param("Ann Hill, a retired teacher, was in court on Monday.", id="person-noun-apposed"),
    pytest.param("Ann Hill was in court on Monday. Mrs Hill wept as the verdict was read.", id="honorific-surname"),
    pytest.param("Ann Hill, whose son was hurt, was in court on Monday.", id="whose"),
])
def test_a_given_name_before_a_place_word_is_a_person_the_text_marks_as_one(sentence: str) -> None:
    assert {e.name: e.kind for e in extract(story(sentence)).entities}.get("Ann Hill") == "person"


def test_a_given_name_before_a_place_word_stays_a_place_where_a_place_goes() -> None:
    kinds = {e.name: e.kind for e in extract(story("Walkers gathered on Ann Hill, 52, metres above the bay.")).entities}
    assert kinds.get("Ann Hill") != "person"


def test_a_title_in_the_sentence_that_names_a_person_is_someone_else() -> None:
    lee = extract(story("Ann Lee met the mayor on Monday to discuss the plan.")).entity("lee")
    assert lee.role == "" and "the mayor" not in lee.aliases


def test_a_relative_clause_that_mentions_a_title_holds_no_title() -> None:
    found = extract(story("Tom Reed, who advises the president, said the talks had failed.",
                          "The president later said the talks would resume."))
    assert "the president" not in found.entity("reed").aliases


@pytest.mark.parametrize("sentence", [
    pytest.param("The Class II valves were fitted to every engine in the yard.", id="class"),
    pytest.param("Engineers said the Phase IV works would start in June.", id="phase"),
    pytest.param("The ZQX I receptor binds to the cell.", id="acronym"),
])
def test_a_numbered_thing_is_no_person(sentence: str) -> None:
    assert [e.name for e in extract(story(sentence)).entities if e.kind == "person"] == []


def test_a_long_name_in_capitals_is_a_body() -> None:
    kinds = {e.name: e.kind for e in extract(story("Engineers joined the city to BRAVONET in 1975.",
                                                   "Later BRAVONET carried data for most of the banks.")).entities}
    assert kinds.get("BRAVONET") == "organisation"


def test_a_letter_standing_for_something_is_no_one() -> None:
    found = extract(story("If the set holds an item, then X is larger than the item, and X wins."))
    assert [e.name for e in found.entities if e.kind == "person"] == []


def test_a_plural_body_word_makes_a_body() -> None:
    kinds = {e.name: e.kind for e in extract(story("Members sit on the Standing Committees, and the Tarrow "
                                                   "Committees report each year.")).entities}
    assert kinds.get("Tarrow Committees") == "organisation"


def test_another_name_in_brackets_is_no_role() -> None:
    found = extract(story("Families such as De Varga (Vargas) settled in the valley."))
    assert all(e.role != "Vargas" for e in found.entities)


def test_a_title_before_a_surname_is_the_role_not_the_name() -> None:
    found = extract(story("The crisis led to Prime Minister Wilson calling a vote. Wilson said it would pass."))
    wilson = found.entity("wilson")
    assert (wilson.name, wilson.role) == ("Wilson", "Prime Minister")


def test_a_rulers_name_goes_on_after_the_number_and_a_place_may_be_named_after_him() -> None:
    found = {e.name: e.kind for e in extract(story(
        "The treaty was signed by Basil II Varanos after the siege.",
        "Traffic crossed the Henry IV Bridge into the old town.")).entities}
    assert found.get("Basil II Varanos") == "person" and "Varanos" not in found
    assert found.get("Henry IV Bridge") == "place" and "Henry IV" not in found


@pytest.mark.parametrize("paragraphs", [
    pytest.param(("The study was paid for by the US Coast Guard.", "The Coast Guard said it would publish it."),
                 id="national-first"),
    pytest.param(("The Coast Guard said it would publish the study.", "The US Coast Guard paid for it."),
                 id="national-second"),
])
def test_a_body_with_and_without_its_country_is_one_body(paragraphs: tuple[str, str]) -> None:
    bodies = [e for e in extract(story(*paragraphs)).entities if "Coast Guard" in e.name]
    assert len(bodies) == 1
