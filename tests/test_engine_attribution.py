"""Who said and did what, end to end on an invented court story: the one-line answer names the right
person, and a question about a deed the article only reports or states in the passive is never
answered with the wrong doer."""

from __future__ import annotations

import pytest

from bot.engine.engine import Engine
from bot.engine.language import default_language
from knowledge.build import build_knowledge

STORY = """Baker cleared of assault after row over van | Local | News

A baker accused of attacking a delivery driver has been cleared by a jury at Elmbridge Crown Court.

Tom Vale, 41, of Mill Rise, Dunford, denied the charge. He told the court he had only pushed Ann Lee away after she swung at him with a crate.

Ruth Kell, prosecuting, said the attack had been planned. Dunford Rovers manager Ivo Pym said Mr Vale had always been calm at the club.

Ruth Kell later accused Dunford Rovers of hiding the van from the police.

Judge Mary Holt discharged Mr Vale and warned him to stay away from the depot.

Mr Vale has been fined £200 by the council for parking on the pavement.
"""


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine(build_knowledge(STORY))


def answer(engine: Engine, question: str) -> str:
    reply, _ = engine.reply(question)
    return reply.text if reply.answered else ""


def test_say_in_court_asks_for_his_words(engine: Engine) -> None:
    assert "pushed Ann Lee away" in answer(engine, "what did Tom Vale say in court?")


def test_a_role_names_its_holder(engine: Engine) -> None:
    assert "Pym" in answer(engine, "what did the Dunford Rovers manager say?")


def test_a_verb_after_and_is_the_judges(engine: Engine) -> None:
    assert "Holt" in answer(engine, "who warned him to stay away from the depot?")


def test_a_passive_fine_is_never_turned_around(engine: Engine) -> None:
    line = answer(engine, "who fined Tom Vale?")
    assert line == "" or "by the council" in line


def test_a_deed_asked_with_its_roles_swapped_is_declined(engine: Engine) -> None:
    assert "Kell" in answer(engine, "who accused Dunford Rovers of hiding the van?")
    assert answer(engine, "what did Dunford Rovers accuse Ruth Kell of?") == ""


BODY_STORY = """Union attacks bakery job cuts | Business | News

Nora Quill, regional secretary of the Bakers and Millers Union, said the cuts were "a betrayal".

"We have heard this promise before, and the staff know that," she said, adding that members would vote on a strike.

Dan Rook, who lives above the shop, said the ovens had been cold for weeks.
"""


@pytest.fixture(scope="module")
def body_engine() -> Engine:
    return Engine(build_knowledge(BODY_STORY))


def test_what_an_officer_says_is_what_her_body_says(body_engine: Engine) -> None:
    assert "Quill" in answer(body_engine, "what did the bakers and millers union say?")


def test_a_participle_clause_is_answered_with_its_speaker(body_engine: Engine) -> None:
    assert "Quill" in answer(body_engine, "who said members would vote on a strike?")


def test_one_clause_of_a_long_quote_names_its_speaker(body_engine: Engine) -> None:
    assert "Quill" in answer(body_engine, "who said the staff know that?")


def test_a_relative_clause_after_what_does_not_make_a_who_question(body_engine: Engine) -> None:
    assert "ovens" in answer(body_engine, "what did the one who lives above the shop say?")


def test_a_later_what_does_not_change_a_who_question() -> None:
    language = default_language()
    words = language.words("who said a fine is roughly what the company makes in a week?")
    assert language.answer_type(words)[0] == "who"


LEAD_STORY = """Builder jailed for stabbing apprentice | Local | News

A builder who stabbed his apprentice outside a depot has been jailed for a year.

Owen Tate, 47, hit Cal Rudd twice on Station Road in Brookfield, leaving the 19-year-old with a broken nose.

Tate, of Elm Court, Brookfield, denied the charge.
"""


@pytest.fixture(scope="module")
def lead_engine() -> Engine:
    return Engine(build_knowledge(LEAD_STORY))


def test_who_is_gives_the_role_the_lead_gave(lead_engine: Engine) -> None:
    assert "builder" in answer(lead_engine, "who is Owen Tate?")
    assert "apprentice" in answer(lead_engine, "who is Cal Rudd?")


def test_the_doer_of_the_leads_deed_is_named(lead_engine: Engine) -> None:
    assert "Tate" in answer(lead_engine, "who stabbed Cal Rudd?")


def test_whom_the_victim_did_it_to_is_never_answered(lead_engine: Engine) -> None:
    assert answer(lead_engine, "who did Cal Rudd stab?") == ""


def test_the_lawyer_speaks_of_her_client_by_the_clients_name() -> None:
    engine = Engine(build_knowledge(STORY.replace(
        "Judge Mary Holt", "Joe Marr, defending, told the court his client had never been in trouble. Judge Mary Holt")))
    assert "Marr" in answer(engine, "who told the court Tom Vale had never been in trouble?")


def test_a_tail_report_restates_the_words_inside_the_sentence() -> None:
    engine = Engine(build_knowledge(STORY + "\nThe depot will shut next year, the Dunford Echo said on Monday.\n"))
    line = answer(engine, "what did the Dunford Echo say?")
    assert "said the depot will shut" in line and "to Monday" not in line


def test_words_asked_of_the_one_they_were_said_about_are_declined() -> None:
    engine = Engine(build_knowledge(STORY + "\nDunford Rovers said it did not recognise Ruth Kell’s figures.\n"))
    assert "did not recognise" in answer(engine, "what did Dunford Rovers say about the figures?")
    assert answer(engine, "which of the Dunford Rovers figures did Ruth Kell say she did not recognise?") == ""


SWAP_STORY = """Courier firm fined over customer data | Business | News

The courier firm Swiftline has been fined £2m by the Transport Data Board for passing customers’ home addresses to debt collectors.

Ian Cole struck his neighbour Rob Hart with a spade during a row over a fence in Elmford.

Mr Cole said the fence had been moved without his permission.

But his brother, Sam Cole, said the family would pay for the damage.
"""


@pytest.fixture(scope="module")
def swap_engine() -> Engine:
    return Engine(build_knowledge(SWAP_STORY))


def test_a_deed_in_an_ing_clause_is_done_by_the_one_fined() -> None:
    passing = [f for f in build_knowledge(SWAP_STORY).facts if f.verb == "pass"]
    assert [f.subject for f in passing] == ["swiftline"]


def test_a_deed_done_to_its_doer_by_someone_no_entity_names_is_declined(swap_engine: Engine) -> None:
    assert answer(swap_engine, "what did the debt collectors pass to swiftline?") == ""


def test_a_why_question_with_a_deed_of_the_same_kind_turned_around_is_declined(swap_engine: Engine) -> None:
    assert answer(swap_engine, "why did rob hart hit ian cole with a spade?") == ""
    assert not swap_engine.matcher.rank(swap_engine.reader.read("why did rob hart hit ian cole with a spade?"))
    assert swap_engine.matcher.rank(swap_engine.reader.read("why did ian cole hit rob hart with a spade?"))


def test_a_role_owned_by_a_pronoun_is_named_with_its_owner(swap_engine: Engine) -> None:
    sam = next(e for e in swap_engine.knowledge.entities if e.name == "Sam Cole")
    assert "Cole’s brother" in sam.aliases and "Cole" not in sam.aliases  # the text's "Mr Cole" is Ian
    assert "Sam Cole" in answer(swap_engine, "what did cole's brother say?")


QUOTED_DEED_STORY = """Rovers sign striker | Sport | News

Ola Berg, 24, joined Elm Rovers from Dunford Town on Friday for an undisclosed fee.

Berg said he had chosen Elm Rovers because of its manager, Ivo Penn. “He phoned me himself, twice, and that meant a lot,” Berg said.
"""


@pytest.fixture(scope="module")
def quoted_engine() -> Engine:
    return Engine(build_knowledge(QUOTED_DEED_STORY))


def test_a_deed_a_quote_says_was_done_to_its_speaker_names_the_doer(quoted_engine: Engine) -> None:
    phoned = [f for f in quoted_engine.knowledge.facts if f.verb == "phone"]
    assert [(f.subject, f.kind) for f in phoned] == [("penn", "action")]
    assert "Penn" in answer(quoted_engine, "who phoned ola berg?")


def test_a_quoted_deed_asked_the_other_way_round_is_declined(quoted_engine: Engine) -> None:
    assert answer(quoted_engine, "how many times did berg phone ivo penn?") == ""


def test_a_sum_someone_was_fined_is_asked_by_who_was_fined(swap_engine: Engine) -> None:
    assert answer(swap_engine, "how much was Swiftline fined?") == "£2m."


def test_a_sum_asked_of_the_one_fined_as_the_one_fining_is_declined(swap_engine: Engine) -> None:
    assert answer(swap_engine, "how much did swiftline fine the transport data board?") == ""
    assert answer(swap_engine, "how much did swiftline fine?") == ""


def test_a_quotes_speaker_answers_who_said_it_not_who_its_words_are_about() -> None:
    engine = Engine(build_knowledge("""Builder cleared of assault | Local | News

Owen Tate, 47, was cleared of assault at Brookfield Crown Court on Friday.

His mother, Ann Tate, said: “My son has never hurt anyone in his life.”
"""))
    assert answer(engine, "who got hurt?") == ""
    assert "Ann Tate" in answer(engine, "who said her son has never hurt anyone?")
