"""Offered questions (examples, suggestion buttons) say what their sentence says, not only read well."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.engine.engine import Engine
from bot.engine.examples import as_question, reads_as_question
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
    # nor the deed that denied saying only reports: nobody says anyone will vote
    assert "Who will vote?" not in offered and _faults(engine)["Who will vote?"] == "negated"
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
    "adjective": ("The first sitting of the new Senate took place on 2 May.", "senate", "Senate", "action",
                  "take", "took place on 2 May", "What did the Senate do?"),
    "new doer": ("The new Senate met on 2 May.", "senate", "Senate", "action", "meet", "met on 2 May",
                 "What did the Senate do?"),
    "possessive before": ("Those who swore the oath to His Majesty King Orm were expelled.", "orm", "King Orm",
                          "action", "expel", "were expelled", "What did King Orm do?"),
    "event": ("Question Hour takes place on Thursdays.", "hour", "Question Hour", "action", "take",
              "takes place on Thursdays", "What did Question Hour do?"),
}


@pytest.mark.parametrize("case, reason", [("negated", "negated"), ("possessive", "not the doer"),
                                          ("phrase", "not the doer"), ("modifier", "not the doer"), ("doer", ""),
                                          ("adjective", "not the doer"), ("new doer", ""),
                                          ("possessive before", "not the doer"), ("event", "an event")])
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


def test_what_is_x_is_offered_only_from_a_sentence_that_says_what_x_is():
    said = "Jo Lee, director of the privacy group Open Rights Watch, said the fine was small."
    acting = "Open Rights Watch said the fine was small."
    described = "Open Rights Watch, a privacy charity in Leeds, said the fine was small."
    listed = "The Tamar Trust and Open Rights Watch, the ministry and the council all met."
    cases = {said: "not what it is", acting: "not what it is", described: "", listed: "not what it is"}
    for sentence, reason in cases.items():
        text = f"Headline\n\n{sentence}"
        fact = _fact(text, sentence, kind="indirect", subject="orw", verb="say", content="the fine was small")
        body = Entity("orw", "Open Rights Watch", "organisation", mentions=(1,))
        what = QAPair("what-orw", ("what is Open Rights Watch",), "x.", fact.quote, kind="identity", terms=("orw",))
        assert offer_fault(what, "What is Open Rights Watch?", _knowledge(sentence, (body,), (fact,))) == reason, sentence


GROUPS = """Two mills agree to merge | Business | News

Harlow Mills and Tamar Foods said on Monday that they would merge.

Both companies said they expected the deal to be completed by the end of the year.

Tamar Foods was founded in 1952 in Exeter, and has agreed to pay £2m to its staff.

The merged firm will build a new £9.5m bakery in Truro, with 40 extra bakers.

Its ovens use 12 kg of flour per minute, and the night shift starts at 10 pm.
"""


@pytest.fixture(scope="module")
def groups() -> Engine:
    return Engine(build_knowledge(GROUPS))


def test_a_description_with_a_count_is_not_asked_who_it_is(groups):
    assert not any(q.startswith(("Who are the two", "Who are both", "What are both")) for q in groups.suggestible)


def test_a_body_a_deed_is_done_to_is_asked_what_not_who(groups):
    offered = set(groups.suggestible)
    assert "Who was founded in 1952 in Exeter?" not in offered
    pair = next(p for p in groups.knowledge.qa if p.kind == "who" and "founded" in p.questions[0])
    assert pair.questions[0] == "what was founded in 1952 in Exeter"
    assert groups.reply("What was founded in 1952 in Exeter?")[0].text.startswith("Tamar Foods")


def test_a_price_is_asked_how_much_and_a_unit_has_no_size(groups):
    offered = set(groups.suggestible)
    assert "How big is the new bakery?" not in offered and "How big is the bakery?" not in offered
    assert any(q.startswith("How much is the") and "bakery" in q for q in offered)
    assert not any(q in offered for q in ("How big is the kg?", "How big is the pm?", "How many kg?"))


@pytest.mark.parametrize("question", [
    "How many months’ rent?",  # an amount of rent, not a count of months
    "How many forces act?", "How many ships landing?",  # a count and a loose verb
    "How big is the kg?", "How big is the pm?", "How big is the horsepower?",  # units
    "Who proposed?", "Who to release the prisoners?",  # a who-question with no deed
    "Who lost Dyrrachium, Valona?", "Who invaded Scotland in 1072, riding?",  # a list or a clause cut short
    "When may (i.e., 5 2011, 7 May 2015, etc.)?",  # an aside in brackets
    "What happened with briefing B-265, later published?", "Who names such?",
    "Who warned him he faced “a long sentence”?",  # him: the reader cannot know whom
    "How big is the came?", "How big is the usually?",  # a verb or an adverb where the thing should be
    "Who is the Presiding Officers?", "What were made?", "Who were expelled?",  # "is" with a plural, a bare passive
    "What does the Presiding Officers do?", "What is the Presiding Officers's role?",
    "Who was given the medal the committee said?", "When did Oswin invade Wessex riding?",  # the next clause's start
    "How many types?", "How many ways?",  # types or ways of what?
    "How many different ways?", "How many key ideas?", "How many cubic metres?",  # only qualified, still vague
    "How many accelerates at 1 m·s−2?",  # a number inside what is counted
])
def test_a_question_nobody_would_type_does_not_read_as_one(question):
    assert not reads_as_question(question)


@pytest.mark.parametrize("question", [
    "How many troops per country?", "How many revolutions per minute?", "How many extra nurses?",
    "Who refused the offer?", "How many complexity classes?",
    "How much is the payout?", "How much is the deal worth?", "What was founded in 1948?",
    "Who held her seat by 86 votes?", "Who is involved?", "What does Ann Jones do?", "When did the meeting start?",
    "Who said the plan was dead?",
])
def test_a_question_a_person_would_type_reads_as_one(question):
    assert reads_as_question(question)


def test_a_number_before_a_singular_noun_is_a_label_not_a_size():
    for sentence, value, counts, reason in (
            ("Relay is a version of the layer two protocol.", "two", "protocol", "not a size"),
            ("Turbines now supply the 80% regime for steam.", "80%", "regime", "not a size"),
            ("Kyiv agreed to a 30-day ceasefire.", "30-day", "ceasefire", ""),
            ("The firm has seven factories in Wessex.", "seven", "factories", "")):
        text = f"Headline\n\n{sentence}"
        fact = _fact(text, sentence, kind="number", value=value, counts=counts, content=sentence)
        question = f"How big is the {counts}?" if reason else f"How many {counts}?"
        assert offer_fault(_pair(fact, "how_many", question), question, _knowledge(sentence, (), (fact,))) == reason


def test_a_quoted_sentence_is_asked_without_its_full_stop():
    assert as_question("who said “He walked out.”") == "Who said “He walked out”?"


def test_a_role_that_is_a_stump_of_a_clause_or_unshown_is_not_offered():
    debate = "During debates Speaker Ann Cole (or the deputy) is helped by the clerks."
    elsewhere = "Each member may speak for five minutes."
    beside = "During debates Ann Cole, the deputy speaker, is helped by the clerks."
    theory = "Ann Cole wrote on the general theory of relativity."
    for sentence, role, reason in ((debate, "or the deputy", "role not shown"), (debate, "Speaker", ""),
                                   (debate, "deputy", "role not shown"),  # the deputy is someone else
                                   (elsewhere, "head of the house", "role not shown"),
                                   (elsewhere, "member", "role not shown"),  # named nowhere near her
                                   (beside, "deputy speaker", ""),
                                   (theory, "general", "role not shown")):  # a word of another phrase
        text = f"Headline\n\n{sentence}"
        fact = _fact(text, sentence, kind="action", subject="spk", verb="help", content=sentence)
        speaker = Entity("spk", "Ann Cole", "person", role=role, mentions=(1,))
        who = QAPair("who-spk", ("who is Ann Cole",), "x.", fact.quote, kind="identity", terms=("spk",))
        assert offer_fault(who, "Who is Ann Cole?", _knowledge(sentence, (speaker,), (fact,))) == reason, role


@pytest.mark.parametrize("sentence, name, role, reason", [
    # guessed people: a hall named with a word before it, an acronym, a role from another sentence
    ("The General Assembly Hall hosted the members on Monday.", "Assembly Hall", "General", "not surely a person"),
    ("Asynchronous Transfer Mode (ATM) sends cells of a fixed size.", "Asynchronous Transfer Mode", "ATM",
     "not surely a person"),
    ("National Lottery money goes to the arts; the minister reports on it.", "National Lottery", "minister",
     "not surely a person"),
    # a title, a given name, a regnal number, an age or a role beside the name makes a person
    ("Dr Lena Voss, who chairs the panel, opened the inquiry.", "Dr Lena Voss", "who chairs the panel", ""),
    ("Helen Cole met the board on Monday, the chairman said.", "Helen Cole", "chairman",
     "role not shown"),  # the chairman who said so is someone else: the sentence names her as well
    ("In 1072 King Malcolm III met the fleet.", "Malcolm III", "King", ""),
    ("Orrin Pellby, 52, a landlord, struck his tenant at the flat.", "Orrin Pellby", "landlord", ""),
    ("Orrin Pellby, prosecuting, told the jury about the flat.", "Orrin Pellby", "prosecuting", ""),
    ("Harbour chief executive Orrin Pellby will step down.", "Orrin Pellby", "Harbour chief executive", ""),
])
def test_who_is_is_offered_only_for_someone_the_article_makes_a_person(sentence, name, role, reason):
    text = f"Headline\n\n{sentence}"
    fact = _fact(text, sentence, kind="action", subject="p", verb="meet", content=sentence)
    person = Entity("p", name, "person", aliases=(name,), role=role, mentions=(1,))
    who = QAPair("who-p", (f"who is {name}",), "x.", fact.quote, kind="identity", terms=("p",))
    assert offer_fault(who, f"Who is {name}?", _knowledge(sentence, (person,), (fact,))) == reason


def test_a_who_question_needs_a_named_doer():
    for sentence, subject, answer, reason in (
            ("Critics say the plan has led to criticism.", None, "The plan has led to criticism.", "no doer"),
            ("They are called hierarchy theorems.", "dt", "They are called hierarchy theorems.", "no doer"),
            ("But he said Vela Foods had joined the group.", "dt", "But he said Vela Foods had joined the group.",
             "no doer"),
            ("Vela Foods joined the group in May.", "dt", "Vela Foods.", "")):
        text = f"Headline\n\n{sentence}"
        fact = _fact(text, sentence, kind="action", subject=subject, verb="join", content=sentence)
        pair = replace(_pair(fact, "who", "Who joined the group?"), answer=answer)
        body = (Entity("dt", "Vela Foods", "organisation", mentions=(1,)),)
        assert offer_fault(pair, "Who joined the group?", _knowledge(sentence, body, (fact,))) == reason


def test_a_who_question_answered_with_a_description_taken_for_a_name_is_not_offered():
    sentence = "In 1051 Early Norman made Ralph Vane earl of Hereford."
    text = f"Headline\n\n{sentence}"
    fact = _fact(text, sentence, kind="action", subject="x", verb="make", content="made Ralph Vane earl of Hereford")
    for name, reason in (("Early Norman", "no one"), ("Edward Norman", "")):
        doer = Entity("x", name, "person", aliases=(name,), mentions=(1,))
        pair = replace(_pair(fact, "who", "Who made Ralph Vane earl of Hereford?"), answer=f"{name}.")
        knowledge = _knowledge(sentence.replace("Early Norman", name), (doer,), (fact,))
        assert offer_fault(pair, "Who made Ralph Vane earl of Hereford?", knowledge) == reason, name


def test_a_share_a_measure_a_rank_or_a_cut_compound_is_not_asked_as_a_count_or_size():
    for sentence, value, counts, question, reason in (
            ("The vote was 51.6% in favour.", "51.6%", "vote", "How big is the vote?", "not a size"),
            ("A speed limit of 55 mph was imposed.", "55 mph", "speed limit", "How big is the speed limit?",
             "not a size"),
            ("The force could be over 10,000 strong.", "over 10,000", "force", "How big is the force?", ""),
            ("Is there a route through all of Wessex's 15 largest cities?", "15", "largest cities",
             "How many largest cities?", "superlative"),
            ("The trust hired 60 extra nurses.", "60", "extra nurses", "How many extra nurses?", ""),
            ("The trust approved a three-year recovery plan, which includes a new centre.", "three-year",
             "recovery", "How long is the recovery?", "cut compound"),
            ("Kyiv agreed to a 30-day ceasefire earlier in the week.", "30-day", "ceasefire",
             "How long is the ceasefire?", ""),
            # a word for "some" is no count; an estimate of a figure is one
            ("Several layers of felt are laid by hand.", "Several", "layers", "How many layers?", "vague count"),
            ("The pain can last up to several months.", "up to several", "months", "How many months?",
             "vague count"),
            ("A few thousand troops per country could go.", "a few thousand", "troops per country",
             "How many troops per country?", "")):
        text = f"Headline\n\n{sentence}"
        fact = _fact(text, sentence, kind="number", value=value, counts=counts, content=sentence)
        assert offer_fault(_pair(fact, "how_many", question), question, _knowledge(sentence, (), (fact,))) == reason, \
            question


def test_a_title_the_article_writes_with_the_keeps_it():
    article = """Chamber rules | Politics | News

The Presiding Officer opened the session on Monday and said the chamber would sit late.

Later the Presiding Officer closed the debate.
"""
    offered = Engine(build_knowledge(article)).suggestible
    assert any(" the Presiding Officer " in q for q in offered)
    assert not any(" Presiding Officer " in q and " the Presiding Officer " not in q for q in offered)


def test_a_count_is_asked_with_its_verb_and_whose_it_is():
    article = """Cyclist recovers after crash | Local | News

Ms Ada Fenn, a cyclist from Tolby, was hurt in a crash on the ring road in May.

Ms Fenn spent nine days in Tolby General Hospital and has since had three operations on her knee.
"""
    offered = Engine(build_knowledge(article)).suggestible
    assert "How many operations did Ms Ada Fenn have?" in offered
    assert "How many operations?" not in offered


@pytest.mark.parametrize("sentence, name, kind, fact_kind, question, reason", [
    # the name is followed by no verb of its own in the past or perfect
    ("Dunmore published his report in 1985, recommending an assembly.", "Harold Wray", "person", "action",
     "What did Harold Wray do?", "deed not shown"),  # named nowhere, no pronoun: someone else's deed
    ("Wray report in 1985 recommending an assembly.", "Wray", "person", "action", "What did Wray do?",
     "deed not shown"),  # "report" is no past verb
    ("The Records Committees are established at the start of each session.", "Records Committees",
     "organisation", "action", "What did Records Committees do?", "deed not shown"),
    ("The Normans are noted for their castles.", "Normans", "group", "indirect", "What did the Normans say?",
     "deed not shown"),  # a passive is no saying
    ("Tarn's Second Law of Storage states that paper must stay dry.", "Second Law of Storage", "organisation",
     "indirect", "What did Second Law of Storage say?", "deed not shown"),  # a thing of someone's
    ("He ordered Isak to release the prisoners.", "Isak", "person", "action", "What did Isak do?",
     "deed not shown"),  # the one ordered, not the one who ordered
    ("Speakers are drawn from across Wessex each year.", "Wessex", "place", "indirect", "What did Wessex say?",
     "not the doer"),
    ("He appointed Ada Vane archbishop of Canterbury.", "Early Norman", "person", "action",
     "What did Early Norman do?", "deed not shown"),  # "he" for a name only guessed to be someone's
    # the name (past an aside, "who", an adverb) and its verb, a pronoun after the name, a past passive's agent
    ("Harlow Mills, the maker of Oakridge biscuits, has agreed to be bought.", "Harlow Mills", "organisation",
     "action", "What did Harlow Mills do?", ""),
    ("But his sister, Ada Reyes, said the family would appeal.", "Ada Reyes", "person", "indirect",
     "What did Ada Reyes say?", ""),
    ("Ada Reyes, who visited in May, later told the court she was sorry.", "Ada Reyes", "person", "indirect",
     "What did Ada Reyes say?", ""),
    ("Sarah Reyes is risking a row as she stated the plan was dead.", "Sarah Reyes", "person", "indirect",
     "What did Sarah Reyes say?", ""),
    ("The first engine was built by Ada Reyes in 1804.", "Ada Reyes", "person", "action",
     "What did Ada Reyes do?", ""),
    ("The trust has approved a recovery plan.", "Fenwick Health Trust", "organisation", "action",
     "What did Fenwick Health Trust do?", ""),  # "the trust": the body by its head noun
    # a participle after a comma names the thing, it is not its verb
    ("The Harbour Board built the first Harbour Line, called Seaway, in 1998.", "Harbour Line", "organisation",
     "action", "What did Harbour Line do?", "deed not shown"),
])
def test_what_did_x_do_needs_a_sentence_that_shows_x_doing_it(sentence, name, kind, fact_kind, question, reason):
    text = f"Headline\n\n{sentence}"
    fact = _fact(text, sentence, kind=fact_kind, subject="x", verb="say", content=sentence)
    entity = Entity("x", name, kind, aliases=(name,), mentions=(1,))
    assert offer_fault(_pair(fact, "what", question), question, _knowledge(sentence, (entity,), (fact,))) == reason


@pytest.mark.parametrize("sentence, name, aliases, reason", [
    # no known given name, but a middle initial, the role set "as" beside the name, "he", a said-verb
    ("In 1973 the mayor named Ovid K. Marlow as the first director of the archive.", "Ovid K. Marlow",
     ("Marlow",), ""),
    ("In 1973 the mayor named Marlow as the first director of the archive.", "Marlow", (), ""),
    ("Brannock said the archive would open on Sundays.", "Brannock", (), ""),
    # a capitalised phrase with none of these is only guessed to be someone
    ("Records Hall will open on Sundays.", "Records Hall", (), "not surely a person"),
])
def test_who_is_offered_for_a_person_the_article_makes_one_without_a_known_given_name(sentence, name, aliases,
                                                                                     reason):
    text = f"Headline\n\n{sentence}"
    role = "first director of the archive" if "director" in sentence else ""
    kind = "indirect" if " said " in sentence else "action"
    fact = _fact(text, sentence, kind=kind, subject="p", verb="say", content=sentence)
    person = Entity("p", name, "person", aliases=(name, *aliases), role=role, mentions=(1,))
    question = f"Who is {(aliases or (name,))[0]}?"
    who = QAPair("who-p", (question.lower(),), "x.", fact.quote, kind="identity", terms=("p",))
    knowledge = _knowledge(sentence, (person,), (fact,))
    if not role:  # "Brannock said ...": no role, but a description of what they said answers who they are
        knowledge = replace(knowledge, entities=(replace(person, role="who said the archive would open"),))
    assert offer_fault(who, question, knowledge) == reason


def test_a_role_a_pronoun_owns_is_offered_only_when_an_alias_says_whose():
    sentence = "But his son, Duncan Reyes, said the family would appeal."
    fact = _fact(f"Headline\n\n{sentence}", sentence, kind="indirect", subject="d", verb="say", content=sentence)
    father = Entity("g", "Graham Reyes", "person", aliases=("Graham Reyes",), mentions=(1,))
    for aliases, reason in ((("Duncan Reyes",), "role not whose"), (("Duncan Reyes", "Graham Reyes’s son"), "")):
        son = Entity("d", "Duncan Reyes", "person", aliases=aliases, role="his son", mentions=(1,))
        who = QAPair("who-d", ("who is Duncan Reyes",), "x.", fact.quote, kind="identity", terms=("d",))
        knowledge = _knowledge(sentence, (son, father), (fact,))
        assert offer_fault(who, "Who is Duncan Reyes?", knowledge) == reason


def test_a_deed_answered_with_a_clause_torn_from_its_sentence_or_cut_short_is_not_offered():
    sentence = "Trade spread to the coast, where their prince Orm Vale founded a port."
    text = f"Headline\n\n{sentence}"
    fact = _fact(text, sentence, kind="action", subject="x", verb="found", content="founded a port")
    knowledge = _knowledge(sentence, (Entity("x", "Orm Vale", "person", aliases=("Orm Vale",), mentions=(1,)),),
                           (fact,))
    pair = _pair(fact, "what", "What did Orm Vale do?")
    for answer, reason in (("Where their prince Orm Vale founded a port.", "deed not shown"),
                           ("Orm Vale founded a port and found.", "deed not shown"),  # found what?
                           ("Orm Vale founded a port in 1072, riding.", "deed not shown"),
                           ("Orm Vale founded a port.", "")):
        assert offer_fault(replace(pair, answer=answer), "What did Orm Vale do?", knowledge) == reason, answer


def _two_sentences(first: str, second: str, entity: Entity) -> Knowledge:
    text = f"Headline\n\n{first} {second}"
    one, two = text.index(first), text.index(second)
    return Knowledge(headline="Headline", text=text, entities=(entity,), facts=(),
                     sentences=(Sentence(0, 0, 0, 8, "Headline"), Sentence(1, 1, one, one + len(first), first),
                                Sentence(2, 1, two, two + len(second), second)))


@pytest.mark.parametrize("first, second, name, role, quoted, reason", [
    # the line's own sentence names the person, and the role there is a machine's
    ("The rotary governor was fitted by Dr Orm Vale in 1790.", "The governor was able to hold the speed.",
     "Dr Orm Vale", "governor", 1, "role not quoted"),
    # a role-only sentence lists the role among others: nobody there is called by it as a doer
    ("Two seats are for the Lord Keeper and the Clerk.", "The First Reader, the ministers and the clerks sit in front.",
     "Lord Keeper", "First Reader", 2, "role not quoted"),
    # a role-only sentence whose subject is the role: the person the story calls so
    ("French President Orm Vale visited Kyiv.", "The French president told reporters he would go back.",
     "Orm Vale", "French president", 2, ""),
    ("A landlord who attacked his tenant was convicted.", "Orm Vale, 52, denied the charge.",
     "Orm Vale", "landlord", 1, ""),
])
def test_an_identity_line_is_offered_only_where_its_own_sentence_backs_the_role(first, second, name, role,
                                                                               quoted, reason):
    entity = Entity("x", name, "person", aliases=(name, role), role=role, mentions=(1, 2))
    knowledge = _two_sentences(first, second, entity)
    sentence = knowledge.sentences[quoted]
    who = QAPair("who-x", (f"who is {name}",), f"{name} is the {role}.",
                 Quote(sentence.text, sentence.start, sentence.end), kind="identity", terms=("x",))
    assert offer_fault(who, f"Who is {name}?", knowledge) == reason

