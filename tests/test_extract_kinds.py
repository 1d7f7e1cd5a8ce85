"""Entity kinds from generic cues: a person noun before a name, a body named once, common-word phrases,
laws and rulers, one body per referent, and who is no speaker of "were told".

Every sentence here is invented for the test.
"""

from __future__ import annotations

from extract_helpers import story

from knowledge.extract import extract


def kinds(text: str) -> dict[str, str]:
    return {e.name: e.kind for e in extract(text).entities}


def test_a_person_noun_before_a_name_makes_a_person_whatever_its_last_word() -> None:
    found = kinds(story("Rovers winger Callum Bridge has signed a new deal. Bridge, 23, said he was delighted."))
    assert found.get("Callum Bridge") == "person"
    assert "Bridge" not in found  # the surname is the same person, not a bridge


def test_a_name_read_once_as_a_body_is_that_body_in_every_mention() -> None:
    found = extract(story("Workers at Hartley Looms heard the news on Monday.",
                          "Hartley Looms employs 300 people in the valley."))
    assert [(e.name, e.kind) for e in found.entities if "Hartley" in e.name] == [("Hartley Looms", "organisation")]


def test_being_told_makes_no_speaker_of_the_ones_told() -> None:
    found = extract(story("Workers at Hartley Looms were told on Monday that the mill would close."))
    assert not [f for f in found.facts if f.kind in ("quote", "indirect", "claim")]


def test_a_phrase_of_common_words_is_no_person_unless_the_text_says_so() -> None:
    found = kinds(story("Scientists say the Great Freeze ended when the Long Winter gave way to spring."))
    assert found.get("Great Freeze") != "person" and found.get("Long Winter") != "person"
    spoken = kinds(story("The river rose, and Golden Bell said the town was ready."))
    aged = kinds(story("On Monday, Golden Bell, 61, told the council the town was ready."))
    assert spoken.get("Golden Bell") == "person" and aged.get("Golden Bell") == "person"


def test_laws_and_theories_are_no_actors() -> None:
    found = extract(story("The Second Law of Cooling says heat flows one way, and the Drift Theory said the opposite."))
    assert not [e for e in found.entities if "Law" in e.name or "Theory" in e.name]


def test_a_numbered_common_noun_is_no_ruler_but_a_ruler_of_somewhere_is() -> None:
    found = kinds(story("Type II cells differ from type I cells.", "Edmund II of Wessex ruled the south."))
    assert "Type II" not in found
    assert found.get("Edmund II") == "person" and found.get("Wessex") == "place"


def test_the_short_name_of_the_one_body_before_its_full_name_is_that_body() -> None:
    found = extract(story("The Assembly met on Monday.", "Members of the Harbour Assembly voted to close the quay."))
    bodies = [e for e in found.entities if "Assembly" in e.name]
    assert [e.name for e in bodies] == ["Harbour Assembly"] and bodies[0].mentions == (1, 2)


def test_a_name_does_not_run_on_across_the_into_the_next_one() -> None:
    found = kinds(story("Under the Rules of the Harbour the Board chooses its chair."))
    assert not [n for n in found if "Harbour the Board" in n]


def test_whose_clause_leaves_the_speaker_its_name_and_keeps_its_deed_inside() -> None:
    found = extract(story("Tom Vale, whose firm Vale Homes built the estate, said the cracks were cosmetic."))
    said = [f for f in found.facts if f.kind in ("quote", "indirect", "claim")]
    assert [(f.subject, f.content) for f in said] == [("vale", "the cracks were cosmetic")]
    built = [f for f in found.facts if f.verb == "build"]
    assert [(f.subject, f.content) for f in built] == [("vale-homes", "built the estate")]


def test_whose_role_names_its_owner() -> None:
    found = extract(story("Ann Hill, whose son Mark Hill was injured, told the inquiry she was angry."))
    people = {e.name: e for e in found.entities}
    assert people["Mark Hill"].role == "Ann Hill’s son"
    assert people["Ann Hill"].kind == "person" and not people["Ann Hill"].role
    told = [f for f in found.facts if f.verb == "tell"]
    assert [f.subject for f in told] == [people["Ann Hill"].id]
    hurt = [f for f in found.facts if f.verb == "injure"]
    assert [f.content for f in hurt] == ["was injured"]  # never "was injured, told the inquiry ..."


def test_initials_or_an_alternative_in_brackets_are_no_role() -> None:
    found = extract(story("Velmar Tordex (VT) said the quay was safe. Ian Coyle (or his deputy) will chair the board.",
                          "Tom Vale (Labour) said the plan was sound."))
    roles = {e.name: e.role for e in found.entities}
    assert roles["Velmar Tordex"] == "" and roles["Ian Coyle"] == ""
    assert roles["Tom Vale"] == "Labour"
