"""One entity per referent, and the kind the text's generic cues give it, on invented sentences."""

from __future__ import annotations

from extract_helpers import story

from bot.engine.engine import Engine
from knowledge.build import build_knowledge
from knowledge.extract import extract
from knowledge.words import stem


def entity_of(extraction, words: str) -> str | None:
    """The entity the first reference whose text is ``words`` resolves to."""
    return next((r.entity for r in extraction.references if r.text == words), None)


def test_a_partys_singular_plural_and_short_forms_are_one_entity() -> None:
    extraction = extract(story("The Conservatives lost four seats in Brookfield on Thursday.",
                               "Ann Vale, who has led the Conservative group since 2019, kept hers.",
                               "The Liberal Democrats took two. Lib Dem members said they were delighted."))
    assert entity_of(extraction, "Conservatives") == entity_of(extraction, "Conservative") is not None
    assert entity_of(extraction, "Liberal Democrats") == entity_of(extraction, "Lib Dem") is not None
    parties = [e for e in extraction.entities if e.kind == "organisation"]
    assert [e.name for e in parties] == ["Conservatives", "Liberal Democrats"]


def test_a_party_title_answers_to_the_partys_short_form() -> None:
    engine = Engine(build_knowledge(story(
        "The Liberal Democrats won three seats on Thursday.",
        "Liberal Democrat leader Ivo Stone said his group would back the budget if bus fares were frozen.")))
    reply, _ = engine.reply("what did the lib dem leader say?")
    assert reply.answered and "bus fares" in reply.quote.text


REGULATOR = story(
    "Running app Strideline has been fined £2m by Britain’s data watchdog for sharing users’ locations with "
    "advertisers.",
    "Jo Marsh, deputy commissioner at the National Privacy Office, said it was one of the worst cases the "
    "regulator had seen.",
    "Strideline said no one could be identified from the data. The regulator rejected that.")


def test_a_described_regulator_is_the_body_named_after_it() -> None:
    extraction = extract(REGULATOR)
    office = entity_of(extraction, "National Privacy Office")
    assert office is not None and entity_of(extraction, "Britain’s data watchdog") == office
    assert extraction.entity(office).role == "Britain’s data watchdog"


def test_the_regulator_is_the_one_body_described_as_one() -> None:
    extraction = extract(REGULATOR)
    rejected = [f for f in extraction.facts if f.verb == "reject"]
    assert [f.subject for f in rejected] == [entity_of(extraction, "National Privacy Office")]


def test_who_fined_names_the_regulator_by_its_name() -> None:
    reply, _ = Engine(build_knowledge(REGULATOR)).reply("who fined Strideline?")
    assert reply.answered and "National Privacy Office" in reply.text and "fined £2m" in reply.quote.text


def test_a_verb_and_its_silent_e_noun_share_a_stem() -> None:
    assert stem("fined") == stem("fine") == stem("fines")
    assert stem("voting") == stem("voted") == stem("vote")
    assert stem("noted") == stem("note") != "not"


def kinds(text: str) -> dict[str, str]:
    return {e.name: e.kind for e in extract(story(text)).entities}


def test_an_address_is_a_place_whatever_its_last_word() -> None:
    found = kinds("Tom Vale, 41, of Elm Court, Dunford, denied the charge. Ann Hay, who lives at Ash House, saw him.")
    assert (found["Elm Court"], found["Dunford"], found["Ash House"]) == ("place", "place", "place")


def test_a_representatives_seat_is_a_place_not_a_person() -> None:
    found = kinds("Sam Cole, the councillor for Millbank, said the vote was close. Ruth Dey, MP for Eastwick, said no. "
                  "Amy Ross, who represents Brookside ward, agreed.")
    assert (found["Millbank"], found["Eastwick"], found["Brookside"]) == ("place", "place", "place")
    assert found["Sam Cole"] == found["Ruth Dey"] == "person"


def test_coordinated_given_names_share_the_surname_written_once() -> None:
    extraction = extract(story("The bakery was set up in 1951 by the sisters Maud and Alice Carrow.",
                               "Ann and Joe Lee ran it from 1980."))
    people = {e.name for e in extraction.entities if e.kind == "person"}
    assert {"Maud Carrow", "Alice Carrow", "Ann Lee", "Joe Lee"} <= people
    assert entity_of(extraction, "Maud") != entity_of(extraction, "Alice Carrow")


def test_a_surname_before_and_is_no_given_name() -> None:
    extraction = extract(story("Tom Reyes was questioned.", "Reyes and Ann Vale were later released."))
    assert entity_of(extraction, "Reyes") == entity_of(extraction, "Tom Reyes")
    assert "Reyes Vale" not in {e.name for e in extraction.entities}


def test_the_firm_is_never_a_council_or_a_newspaper_however_often_named() -> None:
    extraction = extract(story("Dunford Borough Council said it would fine Acme Foods.",
                               "Dunford Borough Council had warned before, and the Dunford Borough Council repeated it.",
                               "Acme Foods said the company would appeal.",
                               "The Weekly Courier said the firm had lost money."))
    assert entity_of(extraction, "the company") == entity_of(extraction, "the firm") == "acme-foods"


def test_a_surname_the_text_uses_for_one_relative_is_no_alias_of_the_other() -> None:
    knowledge = build_knowledge(story(
        "Owen Tally, a builder, punched his neighbour Carl Fenn outside a pub in Dunmore.",
        "Tally owed Mr Fenn £900 for a fence, the court heard.",
        "His wife, Mary Tally, said the family would appeal."))
    owen = next(e for e in knowledge.entities if e.name == "Owen Tally")
    mary = next(e for e in knowledge.entities if e.name == "Mary Tally")
    assert "Tally" in owen.aliases and "Tally" not in mary.aliases
    assert Engine(knowledge).reader.read("how much did tally owe fenn?").entities == {owen.id, "fenn"}


def test_the_company_is_the_body_the_nearest_sentence_names_not_the_most_named() -> None:
    extraction = extract(story(
        "Harbour Foods has agreed to be bought by Elm Group for £40m.",
        "Harbour Foods shares rose 10%. Harbour Foods was founded in 1950.",
        "Elm boss Ann Vale said the company would keep every Harbour Foods bakery open.",
        "Harbour Foods chairman Ivo Stone said the company had been sold at a fair price."))
    firms = [r.entity for r in extraction.references if r.text == "the company"]
    assert firms == ["elm-group", "harbour-foods"]
