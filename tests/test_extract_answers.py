"""Answer lines never assert more than their quote: whole clauses, the article's own words, no inversions."""

from __future__ import annotations

from extract_helpers import speakers_of, story

from knowledge.build import build_knowledge
from knowledge.extract import extract
from knowledge.qa import short_clause


def test_a_long_sentence_is_cut_at_a_clause_never_with_an_ellipsis() -> None:
    sentence = ("The harbour board, which met on Monday to settle the long dispute over the new quay and the "
                "road that serves it, agreed that the work would start next spring, and that the costs would be "
                "shared by the three towns.")
    answer = short_clause(sentence)
    assert "…" not in answer and sentence.startswith(answer)
    assert answer.endswith("would start next spring")


def test_a_sentence_without_a_break_stays_whole() -> None:
    sentence = " ".join(["word"] * 60)
    assert short_clause(sentence) == sentence


def test_no_answer_line_holds_an_ellipsis() -> None:
    knowledge = build_knowledge(story(
        "The harbour board, which met on Monday to settle the long dispute over the new quay and the road that "
        "serves it and the car park beside it and the old fish market, agreed the plan on a vote of seven to two "
        "after the chairman Ian Moss told members that the town could not wait for another year.",
        "Mr Moss said the work would cost £4m."))
    assert not [p.answer for p in knowledge.qa if "…" in p.answer]


def test_a_how_many_answer_names_what_it_counts_in_the_article_words() -> None:
    knowledge = build_knowledge(story("The peacekeeping force could be north of 10,000, officials said.",
                                      "The council hired 40 new wardens last year."))
    spans = {s.label for s in knowledge.spans if s.kind == "how_many"}
    assert "40 new wardens" in spans
    assert not any("10,000 peacekeeping force" in label for label in spans)
    answers = {p.answer for p in knowledge.qa if p.kind == "how_many"}
    assert not any("10,000 peacekeeping force" in a for a in answers)


def test_a_why_answer_is_the_whole_clause() -> None:
    knowledge = build_knowledge(story("The ferry was cancelled because the harbour wall at the northern end of the "
                                      "bay had been damaged by the storm on Tuesday night and was not yet safe."))
    reasons = [s.label for s in knowledge.spans if s.kind == "why"]
    assert any(label.endswith("was not yet safe") for label in reasons), reasons


def test_the_owner_in_a_passive_agent_is_not_the_agent() -> None:
    extraction = extract(story("The app Runly has been fined £2m by the UK’s data watchdog for sharing users’ data."))
    assert {f.subject for f in extraction.facts if f.kind in ("action", "stance")} <= {None, "runly"}


def test_the_last_name_of_an_address_is_not_read_as_the_actor() -> None:
    extraction = extract(story("Mr Ivo Lark, of Mill Rise, Halden, denied both charges."))
    assert "halden" not in {f.subject for f in extraction.facts}


def test_an_outlet_that_is_told_is_not_credited_with_the_words() -> None:
    extraction = extract(story("Nina Ross, the mayor, spoke after the vote.",
                               "“The town deserves better,” she told the Westbury Gazette."))
    assert speakers_of(extraction, "The town deserves better") == {"ross"}


def when_answers(*paragraphs: str) -> set[str]:
    return {p.answer for p in build_knowledge(story(*paragraphs)).qa if p.kind == "when"}


def test_a_when_answer_is_the_opening_clause_verbatim_or_the_time_alone() -> None:
    answers = when_answers("The quay needs the backing of two thirds of the harbour board at a vote expected in "
                           "June.", "Ivo Marsh, who has chaired the board since 2016, said the work was overdue.")
    assert "The quay needs the backing of two thirds of the harbour board at a vote expected in June." in answers
    assert "Since 2016." in answers
    assert not any(":" in a for a in answers)  # never a time glued onto words cut from around it


def test_a_when_clause_ends_before_a_relative_with_its_preposition() -> None:
    answers = when_answers("After a ballot in 2019, in which the fishermen backed the plan, the quay was paid for "
                           "by the Harbour Trust.")
    assert "After a ballot in 2019." in answers
    assert not any(a.endswith(", in.") for a in answers)


def test_a_time_range_is_answered_whole() -> None:
    answers = when_answers("Regulators said the firm, which has 2,000 staff, shared the data with nine brokers "
                           "between May 2020 and April 2022.")
    assert "Between May 2020 and April 2022." in answers and "Between May 2020." not in answers


def test_a_time_opening_the_sentence_takes_its_preposition_with_it() -> None:
    extraction = extract(story("On Monday, Ivo Marsh, 61, told the board the quay was unsafe."))
    dated = next(f for f in extraction.facts if f.kind == "time")
    assert not dated.content.startswith("On") and dated.content.startswith("Ivo Marsh")


def test_a_name_after_a_sum_is_who_paid_it_not_what_it_counts() -> None:
    extraction = extract(story("The fee beats the £3m Harbour Town paid for the old ferry."))
    assert [f.counts for f in extraction.facts if f.kind == "number"] == ["money"]
    answers = {p.answer for p in build_knowledge(story("The fee beats the £3m Harbour Town paid for the old ferry.")).qa
               if p.kind == "how_many"}
    assert answers == {"£3m."}


def test_a_proposed_sum_is_never_answered_as_the_one_paid() -> None:
    knowledge = build_knowledge(story("The firm Dockly has been fined £2m by the Harbour Board for dumping oil.",
                                      "The board had proposed a fine of £5m last year but cut it after Dockly "
                                      "co-operated."))
    proposed = next(p for p in knowledge.qa if p.kind == "how_many" and "£5m" in p.answer)
    assert proposed.answer == "The board had proposed a fine of £5m."
    assert "how much is the fine" not in proposed.questions
    fined = next(p for p in knowledge.qa if p.kind == "how_many" and p.answer == "£2m.")
    assert "how much was the firm Dockly fined" in fined.questions


def spans_of(kind: str, *paragraphs: str) -> set[str]:
    return {s.label for s in build_knowledge(story(*paragraphs)).spans if s.kind == kind}


def test_after_a_row_is_why_it_happened_not_when() -> None:
    paragraphs = ("A skipper who punched his deckhand after a row over unpaid wages has been jailed.",
                  "The quay reopened after the storm.")
    assert "after a row over unpaid wages" in spans_of("why", *paragraphs)
    assert "after a row over unpaid wages" not in spans_of("when", *paragraphs)
    assert "after the storm" in spans_of("when", *paragraphs)



def test_a_deed_ends_before_a_saying_joined_to_it() -> None:
    extraction = extract(story("Ivo Marsh visited the quay and said that it was safe."))
    visit = next(f for f in extraction.facts if f.verb == "visit")
    assert visit.content == "visited the quay"


def test_who_rejected_a_claim_is_answered_in_the_sentences_own_words() -> None:
    knowledge = build_knowledge(story("Ivo Marsh, the Dockly boss, said the oil had never reached the beach.",
                                      "The Harbour Board rejected that."))
    reply = next(p for p in knowledge.qa if p.id.endswith("-reply"))
    assert reply.answer == "The Harbour Board rejected that."
