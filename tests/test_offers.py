"""Offered questions (examples, suggestion buttons) say what their sentence says, not only read well."""

from __future__ import annotations

import pytest

from bot.engine.engine import Engine
from bot.engine.offers import answers_from, offer_fault
from knowledge.build import build_knowledge
from knowledge.model import Entity, Fact, Knowledge, QAPair, Quote, Sentence

TAKEOVER = """Harlow Mills agrees £300m sale to Bexley Brands | Business | News

Harlow Mills, the maker of Oakridge biscuits, has agreed to be bought by Bexley Brands in a deal worth £300m.

The company employs about 900 people at four bakeries across Wessex. Bexley will pay 210p in cash for each Harlow share.

Pinecrest Partners, which owns about 8% of Harlow, has not said how it will vote. Union official Mary Ode said the deal was “a gamble with our jobs”.

The buyer had offered a payout of £4m to staff in March, and Harlow chairman Tom Reeve said a payout of £6m was now agreed.

In the council vote, Labour won 12 seats and the Greens won five seats.
"""


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine(build_knowledge(TAKEOVER))


def _faults(engine: Engine) -> dict[str, str]:
    """Each pair's phrasing and why it is not offered ("" when nothing is wrong with its meaning)."""
    from bot.engine.examples import phrasing
    out = {}
    for pair in engine.knowledge.qa:
        question = phrasing(pair)
        if question:
            out.setdefault(question, offer_fault(pair, question, engine.knowledge))
    return out


def test_good_questions_of_the_invented_takeover_are_offered(engine):
    offered = set(engine.suggestible)
    for question in ("What did Mary Ode say?", "Who said “a gamble with our jobs”?", "How much is the deal worth?",
                     "Who will pay 210p in cash for each Harlow share?", "How many bakeries?", "Who is Tom Reeve?"):
        assert question in offered, question
    assert set(engine.examples) <= offered


def test_a_denied_saying_is_not_offered_nor_answered_as_said(engine):
    offered = set(engine.suggestible)
    assert "What did Pinecrest Partners say?" not in offered
    assert not any(q.startswith("Who said how it will vote") for q in offered)
    assert _faults(engine)["What did Pinecrest Partners say?"] == "negated"
    reply, _ = engine.reply("What did Pinecrest Partners say?")
    assert "has not said" in reply.text  # the sentence's own words, never "Pinecrest Partners said how ..."


def test_a_name_inside_a_phrase_is_not_the_doer(engine):
    # "for each Harlow share": Harlow is no doer of "share"
    assert "What did Harlow Mills do?" in _faults(engine)
    pair = next(p for p in engine.knowledge.qa if p.fact and p.quote.text.startswith("Bexley will pay")
                and "Harlow" in p.questions[0] and p.kind == "what")
    assert offer_fault(pair, "What did Harlow Mills do?", engine.knowledge) == "not the doer"


def test_a_count_the_article_gives_twice_is_not_offered(engine):
    offered = set(engine.suggestible)
    assert "How many seats?" not in offered and "How much is the payout?" not in offered
    assert _faults(engine)["How many seats?"] == "ambiguous count"
    assert _faults(engine)["How much is the payout?"] == "ambiguous count"


def test_a_vague_count_and_a_refers_to_question_are_not_offered(engine):
    offered = set(engine.suggestible)
    assert "How many people?" not in offered
    assert not any(q.endswith("refer to?") for q in offered)


def test_a_passive_deed_asks_no_who_question_that_names_its_own_answer(engine):
    questions = {q for p in engine.knowledge.qa for q in p.questions}
    assert not any(q.startswith("who bought by") for q in questions)


# Unit checks of each reason on hand-made knowledge: one invented sentence each.
def _knowledge(sentence: str, entities: tuple[Entity, ...], facts: tuple[Fact, ...]) -> Knowledge:
    text = f"Headline\n\n{sentence}"
    start = text.index(sentence)
    return Knowledge(headline="Headline", text=text, entities=entities, facts=facts,
                     sentences=(Sentence(0, 0, 0, 8, "Headline"), Sentence(1, 1, start, len(text), sentence)))


def _fact(knowledge_text: str, sentence: str, **fields) -> Fact:
    start = knowledge_text.index(sentence)
    return Fact(id="s1-x-1", sentence=1, quote=Quote(sentence, start, start + len(sentence)), **fields)


def _pair(fact: Fact, kind: str, question: str) -> QAPair:
    return QAPair(id=f"f-{fact.id}-{kind}", questions=(question,), answer="x.", quote=fact.quote, kind=kind,
                  fact=fact.id, terms=(fact.subject,) if fact.subject else ())


SENTENCES = {
    "negated": ("Orbis has not yet said whether it will appeal.", "orbis", "Orbis", "indirect", "say",
                "whether it will appeal", "What did Orbis say?"),
    "possessive": ("The app was fined by Wessex’s data watchdog.", "wessex", "Wessex", "action", "fine",
                   "fined by Wessex’s data watchdog", "What did Wessex do?"),
    "phrase": ("The firm, which has 2,000 users in Wessex, shared their data.", "wessex", "Wessex", "action",
               "share", "shared their data", "What did Wessex do?"),
    "modifier": ("A source said the party would pause the Fallow Fields plan.", "fallow", "Fallow Fields",
                 "action", "pause", "pause the Fallow Fields plan", "What did Fallow Fields do?"),
    "doer": ("However, the Kremlin has rejected the plan with fury.", "kremlin", "Kremlin", "stance", "reject",
             "has rejected the plan with fury", "What did the Kremlin do?"),
}


@pytest.mark.parametrize("case, reason", [("negated", "negated"), ("possessive", "not the doer"),
                                          ("phrase", "not the doer"), ("modifier", "not the doer"), ("doer", "")])
def test_each_reason_on_one_invented_sentence(case, reason):
    sentence, eid, name, kind, verb, content, question = SENTENCES[case]
    text = f"Headline\n\n{sentence}"
    fact = _fact(text, sentence, kind=kind, subject=eid, verb=verb, content=content)
    knowledge = _knowledge(sentence, (Entity(eid, name, "organisation", mentions=(1,)),), (fact,))
    assert offer_fault(_pair(fact, "what", question), question, knowledge) == reason


def test_a_said_negation_inside_what_was_said_is_no_denial():
    sentence = "Mayor Ann Cole said the city would not accept the plan."
    text = f"Headline\n\n{sentence}"
    fact = _fact(text, sentence, kind="indirect", subject="cole", verb="say",
                 content="the city would not accept the plan")
    knowledge = _knowledge(sentence, (Entity("cole", "Ann Cole", "person", mentions=(1,)),), (fact,))
    assert offer_fault(_pair(fact, "what", "What did Ann Cole say?"), "What did Ann Cole say?", knowledge) == ""


def test_a_pronoun_doer_is_the_doer_whatever_else_names_the_entity():
    sentence = "It followed Dr Vale’s 1901 paper, for which he was awarded a medal."
    text = f"Headline\n\n{sentence}"
    fact = _fact(text, sentence, kind="action", subject="vale", verb="award", content="was awarded a medal")
    knowledge = _knowledge(sentence, (Entity("vale", "Dr Vale", "person", mentions=(1,)),), (fact,))
    assert offer_fault(_pair(fact, "who", "Who was awarded a medal?"), "Who was awarded a medal?", knowledge) == ""


def test_an_answer_from_another_pair_of_the_sentence_is_only_good_of_the_same_kind():
    quote = Quote("Ann Cole, the mayor, told reporters the plan was dead.", 0, 54)
    venue = QAPair("f-s1-venue", ("who did Ann Cole speak to",), "Reporters.", quote, kind="venue", fact="s1")
    role = QAPair("who-cole", ("who is Ann Cole",), "Ann Cole is the mayor.", quote, kind="identity")
    said = QAPair("f-s1-what", ("what did Ann Cole say",), "She said ...", quote, kind="what", fact="s1")
    elsewhere = QAPair("f-s4-what", ("what did Ann Cole say",), "She said ...", Quote("Later.", 90, 96), kind="what")
    assert answers_from(venue, venue) and answers_from(said, venue)  # the pair itself, or one of its fact
    assert not answers_from(role, venue)  # "Who did Ann Cole speak to?" answered with her role
    assert answers_from(said, QAPair("what-x", ("what is X",), "x.", quote, kind="identity"))
    assert not answers_from(elsewhere, said) and not answers_from(None, said)


def test_one_sentence_of_a_long_quotation_is_offered_in_quotation_marks():
    article = """Mayor backs tram plan | Local | News

Mayor Ann Cole said the tram would open next year.

“We have waited long enough for this. The city needs it now,” she said.
"""
    offered = Engine(build_knowledge(article)).suggestible
    pieces = [q for q in offered if q.startswith("Who said") and ("We have" in q or "The city" in q)]
    assert pieces and all(q.startswith("Who said “") and q.endswith("”?") for q in pieces)


def test_what_is_x_is_not_offered_from_a_sentence_where_x_says_and_does_nothing():
    sentence = "Jo Lee, director of the privacy group Open Rights Watch, said the fine was small."
    text = f"Headline\n\n{sentence}"
    said = _fact(text, sentence, kind="indirect", subject="lee", verb="say", content="the fine was small")
    body = Entity("orw", "Open Rights Watch", "organisation", mentions=(1,))
    knowledge = _knowledge(sentence, (body, Entity("lee", "Jo Lee", "person", role="director", mentions=(1,))),
                           (said,))
    what = QAPair("what-orw", ("what is Open Rights Watch",), "x.", said.quote, kind="identity", terms=("orw",))
    assert offer_fault(what, "What is Open Rights Watch?", knowledge) == "not the doer"
    acting = Fact(id="s1-y-1", kind="indirect", sentence=1, quote=said.quote, subject="orw", verb="say",
                  content="the fine was small")
    knowledge = _knowledge(sentence, (body,), (acting,))
    assert offer_fault(what, "What is Open Rights Watch?", knowledge) == ""
