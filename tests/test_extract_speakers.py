"""Speakers and roles from the generic shapes of news English, on invented sentences (one shape each)."""

from __future__ import annotations

import pytest
from extract_helpers import speakers_of, story

from knowledge.build import build_knowledge
from knowledge.extract import extract
from knowledge.qa import describe


ROLES = [
    pytest.param("Jane Doe, director of the Institute of Fiscal Work, said costs would rise.", "doe",
                 "director of the Institute of Fiscal Work", id="name-comma-role-of-org"),
    pytest.param("Acme boss John Smith said the plant would close.", "smith", "Acme boss", id="org-role-name"),
    pytest.param("The plan was backed by health minister Rosa Vale on Monday.", "vale", "health minister",
                 id="role-name"),
    pytest.param("Health minister Rosa Vale said the plan was sound.", "vale", "health minister",
                 id="role-name-opening-a-sentence"),
    pytest.param("The claim was denied by his lawyer Ann Lee.", "lee", "his lawyer", id="possessive-role-name"),
    pytest.param("Carl Ray, from the Budget Office, said growth had stalled.", "ray", "from the Budget Office",
                 id="name-from-org"),
    pytest.param("Mia Holt, 34, from Leeds, said she had waited all night.", "holt", "34, from Leeds",
                 id="name-age-from-place"),
    pytest.param("The Institute’s head of policy, Raj Patel, said the figures were wrong.", "patel",
                 "Institute’s head of policy", id="org-possessive-role-comma-name"),
    pytest.param("Sam Cole (Labour) said the vote was close.", "cole", "Labour", id="name-bracketed-party"),
    pytest.param("“It will not work,” said Tom Hart, a senior analyst at Bayfield Bank.", "hart",
                 "a senior analyst at Bayfield Bank", id="said-name-comma-role"),
    pytest.param("Ann Lee, prosecuting, told the jury the attack was planned.", "lee", "prosecuting",
                 id="name-court-role"),
    pytest.param("Ola Berg, who lives next door, said she heard a crash.", "berg", "who lives next door",
                 id="name-who-clause"),
    pytest.param("Among those who lost was her deputy, Joe Marr, who had served for years.", "marr", "her deputy",
                 id="possessive-role-comma-name"),
    pytest.param("Liberal Democrat leader Ivo Stone, the 45-year-old councillor for Brook, said no.", "stone",
                 "Liberal Democrat leader", id="title-before-wins-over-apposition"),
]


@pytest.mark.parametrize(("sentence", "entity", "role"), ROLES)
def test_the_role_beside_a_name_is_read(sentence: str, entity: str, role: str) -> None:
    assert extract(story(sentence)).entity(entity).role == role


@pytest.mark.parametrize(("sentence", "speaker", "not_speaker"), [
    pytest.param("Jane Doe, director of the Institute of Fiscal Work, said costs would rise.", "doe",
                 "institute-of-fiscal-work", id="not-the-org-in-the-apposition"),
    pytest.param("Lia Fenn, a fund manager at Kestrow Capital, which owns 6% of the firm, said costs would rise.",
                 "fenn", "kestrow-capital", id="not-the-org-in-a-relative-clause"),
    pytest.param("Carl Ray, from the Budget Office, said costs would rise.", "ray", "budget-office",
                 id="not-the-org-after-from"),
])
def test_the_speaker_is_the_person_the_apposition_describes(sentence: str, speaker: str, not_speaker: str) -> None:
    found = speakers_of(extract(story(sentence)), "costs would rise")
    assert found == {speaker} and not_speaker not in found


def test_an_outlet_the_speaker_talks_to_is_not_the_speaker() -> None:
    extraction = extract(story("Mayor Nina Ross defended the budget.",
                               "“We will not back down,” she told the Daily Courier."))
    assert speakers_of(extraction, "We will not back down") == {"ross"}


def test_an_outlet_that_reports_is_the_speaker() -> None:
    extraction = extract(story("The fire began at 2am, according to the Daily Courier."))
    assert speakers_of(extraction, "The fire began at 2am") == {"daily-courier"}


def test_an_organisation_speaks_when_no_person_is_named() -> None:
    extraction = extract(story("The Regional Water Authority said supplies were safe."))
    assert speakers_of(extraction, "supplies were safe") == {"regional-water-authority"}


def test_a_group_speaks_when_no_person_is_named() -> None:
    extraction = extract(story("Campaigners said the fine was far too small."))
    assert speakers_of(extraction, "the fine was far too small") == {"campaigners"}


def test_what_a_named_one_owns_speaks_for_itself() -> None:
    extraction = extract(story("Health minister Rosa Vale praised the staff.",
                               "Ms Vale’s department said it did not recognise the figures."))
    assert speakers_of(extraction, "it did not recognise the figures") == {"ms-vales-department"}


def test_an_age_names_the_person_just_named() -> None:
    extraction = extract(story("Acme boss John Smith apologised to staff.",
                               "“We got this wrong,” the 58-year-old said."))
    assert speakers_of(extraction, "We got this wrong") == {"smith"}


def test_an_unnamed_person_who_speaks_is_a_source() -> None:
    extraction = extract(story("A former Acme engineer, who asked not to be named, said staff raised concerns.",
                               "“We were told it was normal,” the engineer said."))
    assert speakers_of(extraction, "staff raised concerns") == {"former-acme-engineer"}
    assert speakers_of(extraction, "We were told it was normal") == {"former-acme-engineer"}


def test_speech_continues_across_sentences_and_into_the_next_paragraph() -> None:
    extraction = extract(story("“The river rose fast,” said Lena Cray, the harbour master. “We had no warning.”",
                               "“Nobody could have stopped it.”",
                               "Mayor Nina Ross said the town would recover."))
    assert speakers_of(extraction, "We had no warning") == {"cray"}
    assert speakers_of(extraction, "Nobody could have stopped it") == {"cray"}


def test_a_quote_with_its_own_unresolved_tag_does_not_continue_the_last_speaker() -> None:
    extraction = extract(story("“The river rose fast,” said Lena Cray.",
                               "“We were never told,” the stranger said."))
    assert "cray" not in speakers_of(extraction, "We were never told")


def test_a_role_mention_goes_to_the_person_it_introduces_not_an_earlier_holder() -> None:
    extraction = extract(story("Labour group leader Dan Ore said his party was ready.",
                               "Their informal leader, the retired teacher Ruth Kell, said no deal was done."))
    assert "Their informal leader" not in extraction.entity("ore").aliases


@pytest.mark.parametrize(("role", "line"), [
    ("health minister", "Rosa Vale is the health minister."),
    ("her daughter", "Rosa Vale is her daughter."),
    ("who lives next door", "Rosa Vale, who lives next door."),
    ("34, from Leeds", "Rosa Vale, 34, from Leeds."),
    ("prosecuting", "Rosa Vale, prosecuting."),
    ("of Westbury Police", "Rosa Vale, of Westbury Police."),
])
def test_who_is_answers_put_the_role_as_the_text_does(role: str, line: str) -> None:
    knowledge = build_knowledge(story(f"Rosa Vale said the plan was sound. The {role} spoke first."))
    entity = knowledge.entity("vale")
    assert describe(type(entity)(entity.id, entity.name, entity.kind, role=role)) == line


def test_a_participle_after_a_quote_is_the_same_speakers_words() -> None:
    extraction = extract(story("But his aunt, Vera Moss, said the family was shocked. “He is a kind boy,” she said, "
                               "adding that he would fight the ruling."))
    assert speakers_of(extraction, "he would fight the ruling") == {"moss"}


def test_a_body_tagged_by_it_is_the_body_that_spoke_last() -> None:
    extraction = extract(story("The Coastal Safety Board said the ferry, which carries 300 people in the bay, "
                               "left port with a faulty pump. Two lifeboats were also missing, it found."))
    assert speakers_of(extraction, "Two lifeboats were also missing") == {"coastal-safety-board"}


def test_it_after_a_person_speaks_is_nobody() -> None:
    extraction = extract(story("Mayor Nina Ross said the pier was safe. The storm was the worst in years, it found."))
    assert speakers_of(extraction, "The storm was the worst in years") == set()


def test_a_place_inside_a_relative_clause_is_not_the_doer() -> None:
    extraction = extract(story("Shares in Bayline fell after the company was fined.",
                               "The Coastal Safety Board said the firm, which has 40 boats in the UK, "
                               "shared the passenger list."))
    doers = {f.subject for f in extraction.facts if f.verb == "share"}
    assert doers == {"bayline"}


def test_a_nationality_and_a_body_noun_name_the_one_body_described_so() -> None:
    extraction = extract(story("Harbour Town have signed the winger Leo Dane from the Danish side FC Aalvik.",
                               "The Danish club’s head coach, Nils Brand, said he had not been told."))
    club = extraction.entity("fc-aalvik")
    assert "the Danish club" in club.aliases
    assert 2 in club.mentions


def test_a_nationality_two_bodies_share_names_neither() -> None:
    extraction = extract(story("Harbour Town have signed Leo Dane from the Danish side FC Aalvik.",
                               "The Danish side FC Brom had also bid.",
                               "The Danish club said nothing."))
    assert not any("the Danish club" in e.aliases for e in extraction.entities)


def test_a_relative_clause_role_names_the_person_by_the_pronouns_used() -> None:
    extraction = extract(story("Ola Berg, who lives next door, said she heard a crash."))
    assert "the woman who lives next door" in extraction.entity("berg").aliases


LEAD = ("A builder who stabbed his apprentice outside a depot has been jailed for a year.",
        "Owen Tate, 47, hit Cal Rudd twice on Station Road in Brookfield, leaving the 19-year-old with a broken nose.",
        "Tate, of Elm Court, Brookfield, denied the charge.")


def test_the_lead_names_its_people_by_what_they_are() -> None:
    extraction = extract(story(*LEAD))
    assert extraction.entity("tate").role == "builder"
    assert extraction.entity("rudd").role == "apprentice"
    assert {f.subject for f in extraction.facts if f.verb == "stab"} == {"tate"}


def test_a_lead_that_names_someone_gives_no_role_from_its_noun() -> None:
    extraction = extract(story("A builder, Owen Tate, stabbed his apprentice.", LEAD[1]))
    assert extraction.entity("rudd").role != "apprentice"


def test_a_plain_noun_in_the_lead_gives_no_role() -> None:
    extraction = extract(story("A man who stabbed his apprentice has been jailed.", LEAD[1]))
    assert extraction.entity("tate").role != "man"


def test_a_plural_possessive_inside_a_name_keeps_the_name_whole() -> None:
    extraction = extract(story("Ian Pell, secretary of the Shipping and General Workers' Union, said no."))
    names = {e.name for e in extraction.entities}
    assert "Shipping and General Workers Union" in names and not {"General Workers", "Workers"} & names


def test_the_last_of_a_list_of_places_is_a_place() -> None:
    extraction = extract(story("The Greens won seats in Redford, Upper Redford and Redford Vale."))
    assert extraction.entity("redford-vale").kind == "place"


def test_a_number_counts_its_noun_not_the_verb_after_it() -> None:
    extraction = extract(story("Ana Soto said about 4,000 drivers used the road each day."))
    assert [f.counts for f in extraction.facts if f.kind == "number"] == ["drivers"]


def test_a_word_in_capitals_that_names_no_one_is_no_entity() -> None:
    extraction = extract(story("“It is OK to be angry,” Ian Pell told the Redford Gazette."))
    assert not any(e.name == "OK" for e in extraction.entities)


def test_an_outlet_reporting_at_the_end_of_a_sentence_is_its_speaker() -> None:
    extraction = extract(story("The Dunford plant will close in June with the loss of 300 jobs, the Weekly Lantern "
                               "reported.", "Police reported a rise in thefts."))
    assert speakers_of(extraction, "will close in June") == {"weekly-lantern"}


def test_said_on_a_weekday_is_when_not_to_whom() -> None:
    extraction = extract(story("The mill had been losing money for years, the Weekly Lantern said on Monday."))
    said = next(f for f in extraction.facts if f.kind == "indirect")
    assert said.venue == "" and said.subject == "weekly-lantern"


def test_his_client_is_the_person_the_court_story_is_about() -> None:
    extraction = extract(story("Tom Vale, 41, was charged with assault after a fight with Ivo Pym.",
                               "Mr Vale denied it. Pym said Vale had hit him.",
                               "Ann Lee, defending, told the court her client had no previous convictions."))
    client = next(r for r in extraction.references if r.text == "her client")
    assert client.entity == "vale"
    assert speakers_of(extraction, "no previous convictions") == {"lee"}


@pytest.mark.parametrize(("opening", "name", "role"), [
    pytest.param("Builder Ian Cole, 45, struck his neighbour with a spade.", "Ian Cole", "builder", id="builder"),
    pytest.param("Landlord Tom Vale said the rent was late.", "Tom Vale", "landlord", id="landlord"),
])
def test_what_someone_is_before_their_name_at_a_sentences_start_is_no_part_of_it(opening: str, name: str, role: str) -> None:
    extraction = extract(story(opening))
    person = next(e for e in extraction.entities if e.kind == "person")
    assert (person.name, person.role) == (name, role)


def test_he_who_did_something_to_the_speaker_of_a_quote_is_the_person_named_before_it() -> None:
    extraction = extract(story("Tom Vale, 50, was jailed for two years for fraud on Monday.",
                               "Ivo Penn, a neighbour, said: “He paid me every week, without fail.”",
                               "Ola Berg, who ran the shop, said: “She paid me too.”"))
    helped = next(f for f in extraction.facts if f.kind == "quote" and "every week" in f.content)
    assert helped.subject == "penn" and "vale" in helped.entities
    assert [f.subject for f in extraction.facts if f.kind == "action" and f.verb == "pay"] == ["vale"]
    too = next(f for f in extraction.facts if f.kind == "quote" and "paid me too" in f.content)
    assert too.subject == "berg" and not {"vale", "penn"} & set(too.entities)  # "she" is neither man


def test_a_quote_paragraph_after_reported_speech_is_the_same_speakers() -> None:
    extraction = extract(story("Council leader Tom Vale said the pier was safe.",
                               "“We checked it twice. Nobody was hurt.”",
                               "“It will reopen in May.”"))
    assert speakers_of(extraction, "Nobody was hurt") == {"vale"}
    assert speakers_of(extraction, "It will reopen in May") == {"vale"}


def test_a_quote_paragraph_after_a_sentence_of_narrative_is_nobodys() -> None:
    extraction = extract(story("Council leader Tom Vale said the pier was safe. Residents were not convinced.",
                               "“We checked it twice.”"))
    assert speakers_of(extraction, "We checked it twice") == set()


@pytest.mark.parametrize("sentence", [
    pytest.param("Ross told the Weekly Lantern she was sure.", id="the-outlet"),
    pytest.param("Ross told BBC Radio Dunford she was sure.", id="a-many-word-outlet"),
    pytest.param("Ross told the Weekly Lantern’s politics podcast she was sure.", id="what-of-an-outlet"),
])
def test_whom_she_told_is_no_part_of_what_she_said(sentence: str) -> None:
    extraction = extract(story("Mayor Nina Ross defended the budget.", sentence))
    said = [f.content for f in extraction.facts if f.kind == "indirect"]
    assert said == ["she was sure"]


def test_the_outlet_told_is_never_the_one_telling() -> None:
    extraction = extract(story("The Weekly Lantern revealed the plan last week.",
                               "The firm told the Weekly Lantern it would appeal."))
    assert "weekly-lantern" not in {f.subject for f in extraction.facts if f.kind in ("quote", "indirect", "claim")}


def test_a_pronoun_opening_a_quote_is_the_person_named_before_it() -> None:
    extraction = extract(story("Tom Vale, 50, was jailed for fraud on Monday.",
                               "Ivo Penn, a neighbour, said: “He was always honest with us. We are shocked.”"))
    quote = next(f for f in extraction.facts if f.kind == "quote" and "always honest" in f.content)
    assert quote.subject == "penn" and "vale" in quote.entities


def test_according_to_a_body_a_nationality_describes_is_not_the_country() -> None:
    extraction = extract(story("The plant will close, according to the French ministry.",
                               "The plant will close, according to France."))
    said = [(f.sentence, f.subject) for f in extraction.facts if f.kind == "indirect"]
    assert said == [(2, "france")]
