"""Replies, owners and ages: "The council rejected that.", "Their chief negotiator, X,", "the 41-year-old".

Every sentence here is invented for the test.
"""

from __future__ import annotations

from extract_helpers import story

from knowledge.build import build_knowledge
from knowledge.extract import extract


def _reply_pairs(knowledge):
    return [p for p in knowledge.qa if p.id.endswith("-reply")]


def test_a_body_that_rejects_that_answers_who_rejected_the_claim_before_it() -> None:
    knowledge = build_knowledge(story(
        "Harbour boss Neil Carver said the ferry had never missed a safety check.",
        "The Maritime Authority rejected that. Its inspectors found three missed checks in May."))
    [pair] = _reply_pairs(knowledge)
    assert pair.answer == "The Maritime Authority rejected that."  # who, and that it was rejected, in its words
    assert "who rejected Neil Carver's claim" in pair.questions
    assert any("never missed a safety check" in q for q in pair.questions)
    assert pair.quote.text.startswith("Harbour boss Neil Carver said") and pair.quote.text.endswith("rejected that.")
    assert pair.quote.text == knowledge.text[pair.quote.start:pair.quote.end]
    assert set(pair.terms) == {"maritime-authority", "carver"}


def test_a_reply_needs_one_earlier_speaker_who_is_someone_else() -> None:
    two_speakers = build_knowledge(story(
        "Harbour boss Neil Carver said the ferry was safe, and union leader Ann Price said it was not.",
        "The Maritime Authority rejected that."))
    assert _reply_pairs(two_speakers) == []
    no_claim = build_knowledge(story("The ferry sailed at noon.", "The Maritime Authority rejected that."))
    assert _reply_pairs(no_claim) == []
    a_plain_object = build_knowledge(story(
        "Harbour boss Neil Carver said the ferry was safe.", "The Maritime Authority rejected the new timetable."))
    assert _reply_pairs(a_plain_object) == []


def test_a_reply_with_its_verb_negated_is_no_rejection() -> None:
    knowledge = build_knowledge(story(
        "Harbour boss Neil Carver said the ferry had never missed a safety check.",
        "The Maritime Authority did not dispute that."))
    assert _reply_pairs(knowledge) == []


def test_their_role_before_a_name_is_also_the_role_of_the_plural_subject_before_it() -> None:
    found = extract(story(
        "The three rebels, all of whom voted against the budget, will meet the chair on Friday. Their "
        "spokesman, the former teacher Ian Coyle, said they would not back down."))
    coyle = next(e for e in found.entities if e.name == "Ian Coyle")
    assert "the rebels’ spokesman" in coyle.aliases


def test_its_role_before_a_name_is_the_role_of_the_body_just_named() -> None:
    found = extract(story(
        "The Harbour Trust has lost its appeal. Its chairman, Ian Coyle, said the trust would now sell the quay."))
    coyle = next(e for e in found.entities if e.name == "Ian Coyle")
    assert "Harbour Trust’s chairman" in coyle.aliases


def test_a_possessive_role_with_no_owner_in_sight_gets_no_owner() -> None:
    found = extract(story("The vote was close. Their spokesman, Ian Coyle, said they would not back down."))
    coyle = next(e for e in found.entities if e.name == "Ian Coyle")
    assert not [a for a in coyle.aliases if "’" in a]


def test_an_age_answers_how_old_someone_is_never_how_many_years() -> None:
    knowledge = build_knowledge(story(
        "Tom Vale, 41, was fined £300 for speeding on the coast road.",
        "“I made a mistake,” the 41-year-old said."))
    aged = [p for p in knowledge.qa if p.kind == "how_many" and any(q.startswith("how old") for q in p.questions)]
    assert aged and all(p.answer in ("Tom Vale, 41.", "The 41-year-old.") for p in aged)
    assert "how old is Tom Vale" in aged[0].questions
    for pair in knowledge.qa:
        assert not any(q.startswith(("how long", "how many years")) and "41" in pair.answer for q in pair.questions)
    assert not [s for s in knowledge.spans if s.kind == "how_many" and s.label.endswith("-year-old")]


def test_an_age_of_nobody_the_text_names_gives_no_number_pair() -> None:
    knowledge = build_knowledge(story("Police said a 19-year-old had been arrested near the quay."))
    assert not [p for p in knowledge.qa if p.kind == "how_many" and "19" in p.answer]


def test_a_number_that_counts_nothing_in_words_is_never_asked_about_the_it() -> None:
    knowledge = build_knowledge(story(
        "The ferry company said its fares could rise to 40 if fuel stayed dear, and the council agreed."))
    questions = [q for p in knowledge.qa for q in p.questions]
    assert not [q for q in questions if " the it" in q or q.endswith(" it") and q.startswith("how")]
    assert not [q for q in questions if "the money" in q]
