"""Answer spans at run time: a clause about the asked event is not its time."""

from __future__ import annotations

from bot.engine.spans import AnswerSpan, SentenceSpans

TEXT = "The mayor resigned two weeks after the vote on the harbour plan."


def _sentence() -> SentenceSpans:
    at = TEXT.index("after")
    clause = AnswerSpan("when", at, len(TEXT) - 1, TEXT[at:-1], frozenset({"vote", "harbour", "plan"}), lead="vote")
    return SentenceSpans((clause,), ((TEXT.index("mayor"), "mayor"), (TEXT.index("vote"), "vote")), TEXT, 0)


def test_a_when_clause_answers_when_something_else_happened() -> None:
    span = _sentence().best("when", frozenset({"mayor", "resign"}))
    assert span is not None and span.label.startswith("after the vote")


def test_a_when_clause_about_the_asked_event_does_not_answer_when_it_was() -> None:
    assert _sentence().best("when", frozenset({"vote"})) is None


ARTICLE = """Van driver jailed over depot crash

A van driver was jailed on Friday for a crash that injured two workers at a parcel depot in Oakfield.
Police found the van three days after the crash in a car park near Oakfield’s town hall.
One of the workers has since had two operations on his knee.
"""


def _built():
    from bot.engine.language import default_language
    from bot.engine.spans import index_spans
    from knowledge.build import build_knowledge

    knowledge = build_knowledge(ARTICLE)
    return knowledge, index_spans(knowledge, default_language())


def _sentence_of(knowledge, offset: int) -> int:
    return next(s.index for s in knowledge.sentences if s.start <= offset < s.end)


def test_a_when_phrase_is_how_long_after_and_the_event_not_the_place_that_follows() -> None:
    knowledge, _ = _built()
    labels = [s.label for s in knowledge.spans if s.kind == "when"]
    assert "three days after the crash" in labels, labels
    assert not any("car park" in label for label in labels), labels


def test_a_when_phrase_is_about_its_event_not_its_clause_word() -> None:
    knowledge, spans = _built()
    found = next(s for sentence in spans.values() for s in sentence.spans if s.label == "three days after the crash")
    assert found.lead == "crash"
    assert spans[_sentence_of(knowledge, found.start)].best("when", frozenset({"crash"})) is None


def test_a_place_keeps_its_possessive() -> None:
    knowledge, _ = _built()
    places = [s.label for s in knowledge.spans if s.kind == "where"]
    assert any("Oakfield’s town hall" in label for label in places), places


def test_since_before_a_verb_is_no_reason() -> None:
    knowledge, _ = _built()
    assert not [s.label for s in knowledge.spans if s.kind == "why" and s.label.startswith("since")]


DEEDS = """Food bank founder honoured for decade of work

A charity worker who set up a food bank in a church hall has been given an award by the city council.
In 2014, Maria Lopez, helped by a grant from businessman Tom Hale, founded the Riverside Food Bank in Oakfield.
The footbridge, designed by Anna Berg, was opened by Tom Reed in 2019.
The food bank now feeds around 200–300 families a week.
The party won 19 of the council’s 45 seats.
Its membership rose from 27 to 31 volunteers last year.
"""


def _deeds():
    from bot.engine.language import default_language
    from bot.engine.spans import index_spans
    from knowledge.build import build_knowledge

    knowledge = build_knowledge(DEEDS)
    language = default_language()
    spans = index_spans(knowledge, language)

    def sentence(words: str) -> SentenceSpans:
        return next(s for s in spans.values() if words in s.text)

    return sentence, lambda text: frozenset(language.terms(text))


def test_who_did_it_is_not_a_name_inside_a_phrase_of_another_word() -> None:
    sentence, terms = _deeds()
    founded = sentence("founded the Riverside")
    assert founded.best("who", terms("founded food bank"), asks_doer=True).label == "Maria Lopez"
    # asked whom the deed names ("who did they thank for the grant?"), nearness alone decides
    assert founded.best("who", terms("founded food bank")).label == "Tom Hale"


def test_a_preposition_after_the_asked_word_names_its_doer() -> None:
    sentence, terms = _deeds()
    assert sentence("founded the Riverside").best("who", terms("grant"), asks_doer=True).label == "Tom Hale"
    bridge = sentence("footbridge")
    assert bridge.best("who", terms("opened"), asks_doer=True).label == "Tom Reed"
    assert bridge.best("who", terms("designed"), asks_doer=True).label == "Anna Berg"


def test_an_amount_in_a_range_answers_as_the_range() -> None:
    sentence, terms = _deeds()
    span = sentence("200–300").best("how_many", terms("food bank feed families"), counted=min(terms("families")))
    assert span is not None and span.label == "around 200–300"


def test_two_amounts_of_a_change_stay_apart() -> None:
    sentence, terms = _deeds()
    span = sentence("rose from 27").best("how_many", terms("membership rose volunteers"),
                                         counted=min(terms("volunteers")))
    assert span is not None and span.label == "31 volunteers"


def test_a_part_counts_what_its_whole_counts() -> None:
    sentence, terms = _deeds()
    seats = sentence("19 of the council")
    seat = min(terms("seats"))
    assert seats.best("how_many", terms("party won seats"), counted=seat).label == "19"
    assert seats.best("how_many", terms("council seats"), counted=seat).label == "45 seats"


ASIDE = "Maria Lopez devised the harbour recovery plan (HRP) with Tom Hale."


def _aside() -> SentenceSpans:
    def name(label: str, entity: str) -> AnswerSpan:
        at = ASIDE.index(label)
        return AnswerSpan("who", at, at + len(label), label, frozenset({label.lower()}), entity)

    spans = (name("Maria Lopez", "lopez"), name("HRP", "hrp"), name("Tom Hale", "hale"))
    positions = tuple((m.start(), m.group().lower()) for m in __import__("re").finditer(r"\w+", ASIDE)
                      if m.group().lower() not in ("the", "with"))
    return SentenceSpans(spans, positions, ASIDE, 0, frozenset({"with"}))


def test_a_bracketed_name_after_the_asked_words_is_their_short_form_not_a_doer() -> None:
    asked = frozenset({"recovery", "plan"})
    assert _aside().best("who", asked).label == "HRP"  # nearest the asked words
    assert _aside().best("who", asked, asks_doer=True).label == "Maria Lopez"  # not an aside, not "with Tom Hale"



def test_a_name_inside_a_participle_aside_is_not_the_doer_of_the_deed_after_it() -> None:
    from bot.engine.engine import Engine
    from knowledge.build import build_knowledge

    knowledge = build_knowledge(DEEDS)
    assert not [f for f in knowledge.facts if f.verb == "found" and f.subject == "hale"]
    reply, _ = Engine(knowledge).reply("Who founded the Riverside Food Bank?")
    assert reply.answered and reply.text == "Maria Lopez."


COUNCIL = """Council vote leaves no party in control

The Conservatives lost control of Ashcombe council after Thursday's election.
The party won 19 of the council’s 45 seats, down from 27.
Its former leader Tom Reed, 58, will receive a payout of up to £3.6m, the council said.
The jury took just under three hours to reach its verdict after a five-day trial.
Staff said 212 of its 780 beds were taken by patients who were well enough to leave.
Crews waited to hand over 1,140 patients, and the average handover took 94 minutes.
About 27% of the 9,860 people who attended A&E in February waited more than 12 hours.
"""


def test_of_a_sentence_with_several_numbers_the_reply_says_the_one_asked() -> None:
    from bot.engine.engine import Engine
    from knowledge.build import build_knowledge

    engine = Engine(build_knowledge(COUNCIL))
    replies = {q: engine.reply(q)[0] for q in (
        "how many seats did the party win?", "how many seats does the council have?",
        "how long did the jury take?", "how long was the trial?",
        "how much will Tom Reed receive?", "how old is Tom Reed?",
        "how many beds were taken by patients?", "how long did the average handover take?",
        "how many people attended A&E in February?")}
    assert all(r.answered for r in replies.values()), replies
    texts = {q: r.text for q, r in replies.items()}
    assert texts["how many seats did the party win?"] == "19.", texts
    assert texts["how many seats does the council have?"] == "45 seats.", texts
    assert texts["how long did the jury take?"] == "Just under three hours.", texts
    assert texts["how long was the trial?"] == "Five-day trial.", texts
    # an age answers only a question about age
    assert texts["how much will Tom Reed receive?"] == "Up to £3.6m.", texts
    assert "58" in texts["how old is Tom Reed?"], texts
    # the part heads "212 of its 780 beds were taken"; the words after "9,860 people who" say which the whole is
    assert texts["how many beds were taken by patients?"] == "212.", texts
    assert texts["how many people attended A&E in February?"] == "9,860 people.", texts
    assert texts["how long did the average handover take?"] == "94 minutes.", texts


def test_as_before_a_noun_phrase_says_in_what_role_not_why() -> None:
    from knowledge.build import build_knowledge

    knowledge = build_knowledge("""Striker joins City

Mateo Varga, who moved to the Netherlands as a teenager, said he chose City because of the manager.
The club grew quickly as a result of the new stadium.
""")
    reasons = [s.label for s in knowledge.spans if s.kind == "why"]
    assert not [r for r in reasons if r.startswith("as a teenager")], reasons
    assert any(r.startswith("because of the manager") for r in reasons), reasons
    assert any(r.startswith("as a result of") for r in reasons), reasons


def test_a_place_keeps_the_thing_it_is_in_before_it() -> None:
    from knowledge.build import build_knowledge

    found = build_knowledge("""Hammer found

Detectives found the hammer two days after the attack in a drain near the station.
""")
    places = [s.label for s in found.spans if s.kind == "where"]
    assert "in a drain near the station" in places, places
