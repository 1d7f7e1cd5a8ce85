"""Who did what: coordinated verbs, who was told, roles as names, and answer lines that never turn a
deed around (invented sentences, one English shape each)."""

from __future__ import annotations

import pytest
from extract_helpers import story

from knowledge.build import build_knowledge
from knowledge.extract import extract
from knowledge.faithful import doubt


def deeds(text: str, verb: str) -> list:
    return [f for f in extract(story(text)).facts if f.kind in ("action", "stance") and f.verb == verb]


def answers(text: str, kind: str, verb: str) -> list[str]:
    knowledge = build_knowledge(story(text))
    facts = {f.id for f in knowledge.facts if f.verb == verb}
    return [p.answer for p in knowledge.qa if p.fact in facts and p.kind == kind]


@pytest.mark.parametrize(("sentence", "verb", "doer"), [
    pytest.param("Judge Ada Crane remanded Tom Vale in custody and warned him he faced jail.", "warn", "crane",
                 id="and-after-an-action"),
    pytest.param("Ola Penn, defending, asked for a report and told the court her client was sorry.", "tell", "penn",
                 id="and-after-a-court-role"),
    pytest.param("Ivo Marsh said he had not been asked and accused Dunlow Rovers of lying.", "accuse", "marsh",
                 id="and-after-his-own-reported-clause"),
])
def test_a_verb_after_and_shares_the_sentence_subject(sentence: str, verb: str, doer: str) -> None:
    assert {f.subject for f in extract(story(sentence)).facts if f.verb == verb} == {doer}


def test_and_inside_someone_elses_reported_clause_is_not_the_speakers_deed() -> None:
    facts = deeds("Ivo Marsh said the board had met and accused Dunlow Rovers of lying.", "accuse")
    assert all(f.subject != "marsh" for f in facts)


def test_who_was_told_is_not_what_was_said() -> None:
    facts = extract(story("Ann Lee told the jury Tom Vale had planned the attack.")).facts
    said = [f for f in facts if f.kind == "indirect"]
    assert [f.content for f in said] == ["Tom Vale had planned the attack"]


def test_a_speech_verb_inside_a_relative_clause_reports_nothing_whole() -> None:
    facts = extract(story("Tom Vale said he picked up the bat, which he claimed was already in the hall.")).facts
    assert not any(f.content.startswith("was ") for f in facts if f.kind == "indirect")


def test_said_that_keeps_that_when_it_is_the_subject() -> None:
    facts = extract(story("Ms Ruth Kell said that was not good enough.")).facts
    assert [f.content for f in facts if f.kind == "indirect"] == ["that was not good enough"]


@pytest.mark.parametrize(("paragraphs", "person", "alias"), [
    pytest.param(["Dunlow boss Mark Fenn said the plant would stay open."], "fenn", "Dunlow boss", id="org-role"),
    pytest.param(["Dunlow boss Mark Fenn said the plant would stay open."], "fenn", "boss", id="title-alone"),
    pytest.param(["Lia Gray, a fund manager at Kestrow Capital, said the price was low.",
                  "Kestrow has not said how it will vote."], "gray", "fund manager at Kestrow", id="body-shortened"),
])
def test_a_role_is_a_name_for_its_holder(paragraphs: list[str], person: str, alias: str) -> None:
    assert alias in extract(story(*paragraphs)).entity(person).aliases


def test_a_title_two_people_hold_names_neither() -> None:
    found = extract(story("Labour leader Ann Cole said the vote was close.",
                          "Green leader Tom Hart said the vote was lost."))
    assert "leader" not in found.entity("cole").aliases and "leader" not in found.entity("hart").aliases


def test_a_nationality_does_not_leave_the_title_free() -> None:
    found = extract(story("French president Paul Marot said the plan was sound."))
    assert "president" not in found.entity("marot").aliases


@pytest.mark.parametrize(("sentence", "verb", "why"), [
    pytest.param("Tom Vale gave Ann Lee the keys on Monday.", "give", "", id="active"),
    pytest.param("Tom Vale was given the keys by Ann Lee on Monday.", "give", "passive", id="passive"),
    pytest.param("Dunlow Rovers has been fined £2m by the league.", "fine", "passive", id="perfect-passive"),
    pytest.param("Tom Vale did not attack Ann Lee in the hall.", "attack", "negated", id="negated"),
    pytest.param("Tom Vale reportedly paid Ann Lee £500 for the car.", "pay", "hedged", id="reportedly"),
    pytest.param("Ann Lee said Tom Vale had paid the fine in cash.", "pay", "reported", id="reported-speech"),
])
def test_doubt_names_what_could_turn_a_deed_around(sentence: str, verb: str, why: str) -> None:
    facts = deeds(sentence, verb)
    assert facts and {doubt(f) for f in facts} == {why}


@pytest.mark.parametrize("sentence", [
    pytest.param("Tom Vale is alleged to have given Ann Lee the drugs.", id="alleged-to-have"),
    pytest.param("Ann Lee accused Tom Vale of giving her the drugs.", id="accused-of"),
    pytest.param("Ann Lee is alleged to have been given the drugs by Tom Vale.", id="alleged-passive"),
    pytest.param("Ann Lee said she was given the drugs by Tom Vale.", id="reported-passive"),
])
def test_a_hedged_or_reported_deed_never_has_a_certain_doer(sentence: str) -> None:
    assert all(doubt(f) for f in deeds(sentence, "give") if f.subject is not None)
    assert all(a.rstrip(".") in story(sentence) for a in answers(sentence, "who", "give"))


@pytest.mark.parametrize(("sentence", "verb", "must", "mustnot"), [
    pytest.param("Tom Vale was given the keys by Ann Lee on Monday.", "give", "by Ann Lee", "Tom Vale.",
                 id="passive"),
    pytest.param("Ann Lee said Tom Vale had paid the fine in cash.", "pay", "Ann Lee said", "Tom Vale.",
                 id="reported"),
    pytest.param("Tom Vale did not attack Ann Lee in the hall.", "attack", "did not attack", "Tom Vale.",
                 id="negated"),
])
def test_an_unsure_deed_is_answered_in_the_sentences_own_words(sentence: str, verb: str, must: str,
                                                                mustnot: str) -> None:
    lines = answers(sentence, "who", verb)
    assert lines and all(must in line and line != mustnot for line in lines)
    assert all(line.rstrip(".") in story(sentence) for line in lines)  # verbatim


def test_a_plain_deed_names_its_doer() -> None:
    assert answers("Tom Vale gave Ann Lee the keys on Monday.", "who", "give") == ["Tom Vale."]


def test_a_passive_deed_asks_no_inverted_question() -> None:
    knowledge = build_knowledge(story("Dunlow Rovers has been fined £2m by the league."))
    questions = [q for p in knowledge.qa for q in p.questions]
    assert not any(q.startswith("what did Dunlow Rovers fine") for q in questions)


@pytest.mark.parametrize(("paragraphs", "entity", "kind"), [
    pytest.param(["The fitness app Trailo has been fined £1m."], "trailo", "organisation", id="app-before-a-name"),
    pytest.param(["Dunmore City have signed the winger Ivo Sand.", "City paid £3m."], "dunmore-city", "organisation",
                 id="plural-verb-after-a-place-word"),
    pytest.param(["Dunmore City manager Ross Pell said the fee was fair."], "dunmore-city", "organisation",
                 id="manager-after-a-place-word"),
    pytest.param(["Tom Vale, of Elm Rise, Brackley, denied the charge."], "brackley", "place", id="town-of-an-address"),
    pytest.param(["The ward was won by Labour, which took 14 seats."], "labour", "organisation", id="party-name"),
])
def test_entity_kinds_from_generic_cues(paragraphs: list[str], entity: str, kind: str) -> None:
    assert extract(story(*paragraphs)).entity(entity).kind == kind


def test_a_short_body_word_is_the_body_it_ends() -> None:
    found = extract(story("Dunmore City have signed the winger Ivo Sand.", "City paid £3m for him."))
    assert "City" in found.entity("dunmore-city").aliases and found.entity("city") is None


def test_a_body_named_by_its_owner_is_one_entity_and_the_owner_does_not_act() -> None:
    found = extract(story("The app Trailo has been fined £1m by the UK’s data watchdog."))
    assert found.entity("uks-data-watchdog").kind == "organisation"


def test_both_companies_speak_as_one_and_are_the_two_companies() -> None:
    found = extract(story("Both companies said the deal would close in May."))
    group = next(e for e in found.entities if e.kind == "group")
    assert "the two companies" in group.aliases
    assert any(f.subject == group.id for f in found.facts if f.kind == "indirect")


def test_a_role_named_inside_a_quote_is_among_its_entities() -> None:
    found = extract(story("Health minister Rosa Vale visited the ward on Monday. The minister said beds would open.",
                          "“The minister knows that the beds are full,” Dr Ivo Pym said."))
    quote = next(f for f in found.facts if f.kind == "quote")
    assert quote.subject == "pym" and "vale" in quote.entities


def test_the_listener_of_told_is_the_venue() -> None:
    found = extract(story("Ann Lee told the jury Tom Vale had planned the attack."))
    assert [f.venue for f in found.facts if f.kind == "indirect"] == ["the jury"]


def test_an_age_between_a_name_and_its_verb_is_no_part_of_the_deed() -> None:
    assert [f.content for f in deeds("Tom Vale, 52, struck Ann Lee in the hall.", "strike")] == \
        ["struck Ann Lee in the hall"]


def test_an_unresolved_doer_is_answered_by_the_clause_that_names_it() -> None:
    lines = answers("A person close to the talks said the board had rejected an offer of 200p.", "who", "reject")
    assert lines and all("the board had rejected" in line for line in lines)


def test_the_n_year_old_is_never_someone_given_another_age() -> None:
    found = extract(story("Tom Vale, 52, struck Ann Lee at the depot, leaving the 31-year-old with a broken arm."))
    assert "the 31-year-old" not in found.entity("vale").aliases
    assert "the 31-year-old" in found.entity("lee").aliases


def test_a_deed_cut_at_a_clause_does_not_end_in_a_dangling_and() -> None:
    facts = deeds("But he said Trailo had never sold data for money and that its partners got little.", "sell")
    assert facts and not any(f.content.endswith((" and", " or", " but")) for f in facts)


def test_a_verb_after_and_shares_a_subject_after_a_fronted_role() -> None:
    facts = deeds("The Dutch club’s head coach, Ivo Marsh, said he had not been asked and accused Dunlow Rovers of lying.",
                  "accuse")
    assert [f.subject for f in facts] == ["marsh"]


@pytest.mark.parametrize(("sentence", "verb", "doer"), [
    pytest.param("Tom Vale, 41, of Elm Court, Dunford, denied both charges.", "deny", "vale", id="denied-after-an-address"),
    pytest.param("Tom Vale was cleared of a second charge of theft.", "clear", "vale", id="cleared-of"),
    pytest.param("Tom Vale pleaded not guilty to fraud.", "plead", "vale", id="pleaded-not-guilty"),
    pytest.param("Tom Vale, from Dunford, pleaded not guilty and was acquitted.", "acquit", "vale", id="and-was-acquitted"),
])
def test_a_court_outcome_is_a_fact_of_the_accused(sentence: str, verb: str, doer: str) -> None:
    assert [f.subject for f in deeds(sentence, verb)] == [doer]


def test_the_adjective_clear_is_no_deed() -> None:
    assert deeds("Tom Vale was clear that the van had gone.", "clear") == []


def test_a_passive_after_and_keeps_its_auxiliary_so_it_is_never_restated_as_the_doers_deed() -> None:
    assert not [a for a in answers("Tom Vale pleaded not guilty and was acquitted on Friday.", "what", "acquit")
                if a.startswith("Tom Vale acquitted")]
    assert [f.content for f in deeds("Tom Vale pleaded not guilty and was acquitted.", "acquit")] == ["was acquitted"]


@pytest.mark.parametrize(("sentence", "person", "role"), [
    pytest.param("Harbour Foods was founded in 1990 as a fish stall by Ann Lee.", "lee", "who founded Harbour Foods",
                 id="founded-by"),
    pytest.param("Harbour Radio, owned by Tom Vale, will close in May.", "vale", "who owns Harbour Radio",
                 id="owned-by-a-participle"),
    pytest.param("Elm Radio was run by Tom Vale until 2019.", "vale", "who ran Elm Radio", id="was-run-by"),
    pytest.param("Elm Radio, led by its chairman Tom Vale, will close.", "vale", "chairman", id="a-role-the-text-gives-stays"),
])
def test_the_agent_of_a_founding_or_owning_passive_is_named_by_the_deed(sentence: str, person: str, role: str) -> None:
    extraction = extract(story("Ola Berg opened a shop.", sentence))
    assert role in extraction.entity(person).role


def test_people_who_founded_a_body_together_are_described_together() -> None:
    knowledge = build_knowledge(story("Harbour Foods was set up in 1990 by the sisters Ann and Mary Lee and sold in 2001."))
    people = {e.name: e.role for e in knowledge.entities if e.kind == "person"}
    assert people == {"Ann Lee": "who set up Harbour Foods", "Mary Lee": "who set up Harbour Foods"}
    joint = [p for p in knowledge.qa if p.kind == "identity" and set(p.terms) == {"lee", "mary-lee"}]
    assert [p.answer for p in joint] == ["Ann Lee and Mary Lee, who set up Harbour Foods."]


def test_it_is_the_one_body_named_before_it_in_the_sentence() -> None:
    extraction = extract(story("Ola Berg opened a shop.",
                               "The Harbour Trust has been told to return everything it took from the quay."))
    assert {f.subject for f in extraction.facts if f.verb == "take"} == {"harbour-trust"}
    many = extract(story("Ola Berg opened a shop.",
                         "The Harbour Trust told the Elm Council it would sell the quay."))
    assert not [f for f in many.facts if f.verb == "sell" and f.subject]  # two bodies: "it" is either


def test_a_deed_whose_object_stands_before_its_doer_is_answered_in_the_sentences_words() -> None:
    found = answers("The Harbour Trust has been told to return everything it took from the quay.", "what", "take")
    assert found and all(a.startswith("The Harbour Trust has been told") for a in found)
