"""Example and suggestion questions read as questions a person would type."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.engine.engine import Engine
from bot.engine.examples import phrasing, reads_as_question
from knowledge.build import build_knowledge
from knowledge.model import QAPair, Quote

FERRY = """Harbourside council approves ferry deal as unions object | Local | News

The Harbourside Transport Authority agreed to a £12m ferry contract on Monday, ending months of talks with the operator Solent Link.

Solent Link was founded in 1987 and runs 14 ferries between Harbourside and the islands.

Authority chair Janet Okafor said the deal would “secure the crossing for a generation”.

The Maritime Workers Union said the contract put 200 jobs at risk and called for a new vote. Union secretary Dev Patel said members felt “betrayed”.

Labour won 12 seats and the Greens five in last year's election to the authority.

The first new ferry will arrive in May, and the authority will meet on 3 June to set fares.
"""
ARTICLES = {"ferry": FERRY, **{p.stem: p.read_text(encoding="utf-8")
                               for p in sorted((Path(__file__).parent / "data").glob("*.txt"))}}

QUOTE = Quote("Kyiv agreed to a truce.", 0, 23)


@pytest.mark.parametrize("question, reads", [
    ("When did Kyiv agree to a ceasefire?", True),
    ("How many troops?", True),
    ("How big is the peacekeeping force?", True),
    ("Who said “under any conditions”?", True),
    ("What did the union do?", True),
    ("When agreed to a 30-day ceasefire?", False),
    ("When did Kyiv agreed to a ceasefire?", False),
    ("When did the deal was announced?", False),
    ("When the deal was announced?", False),
    ("What date was founded?", False),
    ("How big is the shares in Brennan?", False),
    ("How big is the people?", False),
    ("How big is the Brennan?", False),
    ("How many Brennan’s shareholders?", False),
    ("What is the number of Turnout?", False),
    ("Who deployed by the army?", False),
    ("What is coalition of the willing?", False),
    ("What happened with the mayor has not yet said how she will vote?", False),
    ("What is this article about?", True),
    ("When was the deal announced?", True),
    ("When will the council meet to set fares?", True),
    ("Who cut the budget?", True),
    ("Who said he would resign?", True),
    ("What does 19% refer to?", False),
    ("How many people?", False),
    ("How many factories?", True),
    ("Who did the mayor speak to?", True),
    ("How many months’ rent?", False),  # an amount of rent, not a count of months
    ("Summarise the article?", False),
    ("Tell me about the union?", False),
    ("When did a recount in the early hours?", False),
    ("When had broken her hip, was moved to a ward early?", False),
    ("Who plan but would not abandon it?", False),
    ("Who spent 11 days in hospital and has?", False),
    ("Who took 14 and the Liberal Democrats seven?", False),
    ("Who said was already in the flat?", False),
    ("Who said that him he would be first choice?", False),
    ("Who told the press was already in the flat?", False),
    ("When did the mayor accept it?", False),
    ("How big is the money?", False),
    ("How big is the troops per country?", False),
    ("How big is the four years ago?", False),
    ("How long is the councillor?", False),
    ("How long did the it last?", False),
    ("How long has the George Washington gone on?", False),
    ("How big is the reasonable?", False),
    ("How big is the don't come?", False),
    ("How big is the figure?", False),
    ("How many figures?", False),
    ("How big is the savings don’t come?", False),
    ("How many years?", False),
    ("How many reasonable?", False),
    ("What did the both companies say?", False),
    ("What is the number of hours?", False),
    ("How many days the firm has 28 days to appeal?", False),
    ("How many it was beaten by 14 votes?", False),
    ("How many years “We’ve watched him for two years?", False),
    ("What does three refer to?", False),
    ("What does Eighteen million refer to?", False),
    ("When will He be sentenced?", False),
    ("When will The first ferry arrive?", False),
    ("What happened with it can make laws?", False),
    ("Who made experiments with scorpion venom and observed?", False),
    ("What did M say?", False),
    ("When is equivalent to N?", False),
    ("How many forces canceled?", False),
    ("How many days up?", False),
    ("How many meters per second?", False),
    ("How many forces act on the body?", True),
    ("What is M's position?", False),
    ("What is the number of forces canceled?", False),
    ("What date is equivalent to N?", False),
    ("What did Albert Einstein say?", True),
    ("How much did About a quarter of the app’s users pay?", False),  # a sentence's opening pasted in
    ("What did North Korea say?", True),
], ids=lambda v: v if isinstance(v, str) else "")
def test_reads_as_question(question, reads):
    assert reads_as_question(question) is reads


def test_phrasing_is_the_first_of_a_pairs_questions_that_reads_well():
    pair = QAPair("f-1-when", ("when agreed to a truce", "when did Kyiv agree to a truce"), "Monday.", QUOTE,
                  kind="when", fact="f1")
    assert phrasing(pair) == "When did Kyiv agree to a truce?"


def test_phrasing_never_asks_about_an_it_with_nothing_to_refer_to():
    pair = QAPair("f-1-when", ("when did Kyiv say it", "when did Kyiv do it"), "Monday.", QUOTE, kind="when", fact="f1")
    assert phrasing(pair) is None


def test_a_sentence_pair_has_no_phrasing():
    assert phrasing(QAPair("s3", ("Kyiv agreed to a truce.",), "Kyiv agreed.", QUOTE)) is None


def test_how_many_is_not_offered_for_a_share_or_a_sum():
    pair = QAPair("f-2-how-many", ("how many shares in Acme", "what is the number of shares in Acme"),
                  "19% shares in Acme.", QUOTE, kind="how_many", fact="f2")
    assert phrasing(pair) is None


@pytest.fixture(scope="module")
def engines():
    return {name: Engine(build_knowledge(text)) for name, text in ARTICLES.items()}


@pytest.mark.parametrize("name", ARTICLES)
def test_every_offered_question_reads_well_and_is_answered(engines, name):
    engine = engines[name]
    offered = set(engine.examples) | set(engine.suggestible)
    assert len(offered) >= 5
    for question in offered:
        assert reads_as_question(question), question
        assert engine.reply(question)[0].answered, question


def test_when_questions_put_the_verb_after_did_in_its_base_form(engines):
    offered = engines["ferry"].suggestible
    assert "When will the first new ferry arrive?" in offered
    assert not any(q.startswith("When did agreed") or q.endswith(" it?") for q in offered)
    pair = next(p for p in engines["ferry"].knowledge.qa if p.kind == "when" and "agree" in p.questions[0])
    assert pair.questions[0].startswith("when did the Harbourside Transport Authority agree to a £12m ferry contract")


def test_an_organisation_the_article_calls_the_x_keeps_its_the(engines):
    offered = engines["ferry"].suggestible
    assert "What did the Maritime Workers Union say?" in offered and "Who is Janet Okafor?" in offered
    assert not any("is Maritime Workers Union" in q or "did Maritime Workers Union" in q or "the Solent Link" in q
                   for q in offered)


BY_ELECTION = """Labour wins Dunholm by-election | Politics | News

Labour won the Dunholm by-election on Thursday with a majority of 4,000.

The Labour candidate, Iris Vane, said voters wanted change. The Labour group leader Tom Reed said the result was “a clear message”.

The Electoral Commission said turnout was 41%. Both parties said they would respect the result.
"""


def test_the_of_a_modifier_or_a_quantifier_is_not_the_names_own():
    offered = Engine(build_knowledge(BY_ELECTION)).suggestible
    assert "What did Labour do?" in offered and "What did the Electoral Commission say?" in offered
    assert not any("the Labour" in q or "did Electoral Commission" in q for q in offered)
    assert "What did both parties say?" in offered and not any("the both" in q for q in offered)


def test_a_headline_without_articles_does_not_take_the_names_the():
    article = """Council lost after Greens slump | Politics | News

The Greens have lost control of Elmside council after 12 years, winning just nine seats.
"""
    offered = Engine(build_knowledge(article)).suggestible
    assert "What did the Greens do?" in offered and not any("What did Greens" in q for q in offered)
    assert not any(q.startswith("What is Greens") or q.startswith("What is the Greens") for q in offered)



def test_examples_ask_about_the_main_actors_and_a_count_before_an_age():
    article = """Mayor wins vote on tram plan | Local | News

Local shopkeeper Ben Ashby said the tram works had cost him trade.

Mayor Ann Cole won a council vote on the £40m tram plan on Monday.

Ann Cole said the trams would “change the city for good”. Ms Cole has pushed the plan since 2019.

The city will buy 12 trams from a firm in Leeds, and Ms Cole said the first would run in May.

Dr Ivo Rudd, 61, a transport expert, said the plan was sound.
"""
    examples = Engine(build_knowledge(article)).examples
    assert examples[0] == "What did Ann Cole say?"  # the mayor, in most paragraphs, not the shopkeeper
    assert "How many trams?" in examples and not any(e.startswith("How old") for e in examples)
