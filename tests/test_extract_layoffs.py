"""Extraction on a business-news article written for the tests: companies, business roles, market numbers.

The rules are generic; the short texts in the second half of this file check that each one holds
beyond the article (other names, other nouns, other word order).
"""

from __future__ import annotations

import pytest
from extract_helpers import load_article

from knowledge.extract import Extraction, extract


@pytest.fixture(scope="module")
def layoffs() -> Extraction:
    return load_article("layoffs.txt")[1]


def _mini(body: str) -> Extraction:
    return extract("Headline\n" + body + "\n")


def _kind(extraction: Extraction, name: str) -> str | None:
    entity = next((e for e in extraction.entities if e.name == name), None)
    return entity.kind if entity else None


# --- the article -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("entity", "kind"),
    [
        pytest.param("voltix", "organisation", id="company-with-apposed-description"),
        pytest.param("barclays", "organisation", id="analysts-at-x-is-an-organisation"),
        pytest.param("de-vries", "person", id="surname-particle-stays-a-person"),
        pytest.param("lindqvist", "person", id="person-after-lower-case-role"),
        pytest.param("amsterdam", "place", id="city-after-in-is-its-own-place"),
        pytest.param("netherlands", "place", id="country"),
    ],
)
def test_layoffs_entity_kind(layoffs: Extraction, entity: str, kind: str) -> None:
    assert layoffs.entity(entity).kind == kind


@pytest.mark.parametrize(
    ("entity", "role"),
    [
        pytest.param("voltix", "Dutch chipmaker", id="x-the-dutch-chipmaker"),
        pytest.param("lindqvist", "chief executive", id="chief-executive-x-at-sentence-start"),
        pytest.param("de-vries", "union leader", id="union-leader-x-at-sentence-start"),
        pytest.param("bos", "Dutch economy minister", id="the-dutch-economy-minister-comma-x"),
    ],
)
def test_layoffs_role(layoffs: Extraction, entity: str, role: str) -> None:
    assert layoffs.entity(entity).role == role


def test_layoffs_the_company_is_the_main_organisation(layoffs: Extraction) -> None:
    assert {r.sentence for r in layoffs.references if r.text.casefold() == "the company"} == {1, 4}
    assert {r.entity for r in layoffs.references if r.text.casefold() == "the company"} == {"voltix"}


def test_layoffs_company_mentioned_in_headline_and_first_sentence(layoffs: Extraction) -> None:
    assert {0, 1, 4, 5, 8} <= set(layoffs.entity("voltix").mentions)


def test_layoffs_city_after_in_is_no_alias_of_its_country(layoffs: Extraction) -> None:
    assert "Amsterdam" not in layoffs.entity("netherlands").aliases


def test_layoffs_surname_with_particle_is_an_alias(layoffs: Extraction) -> None:
    assert "de Vries" in layoffs.entity("de-vries").aliases


@pytest.mark.parametrize(
    ("value", "counts"),
    [
        pytest.param("4,000", "jobs worldwide", id="cut-4000-jobs"),
        pytest.param("38 per cent", "quarterly profit", id="profit-fell-by-percent"),
        pytest.param("7 per cent", "shares in Voltix", id="shares-fell-percent"),
        pytest.param("about €900 million", "money", id="currency-amount"),
        pytest.param("around 52,000", "people", id="employs-people"),
    ],
)
def test_layoffs_number_counts(layoffs: Extraction, value: str, counts: str) -> None:
    assert {f.counts for f in layoffs.facts if f.kind == "number" and f.value == value} == {counts}


def test_layoffs_half_of_a_period_is_no_number(layoffs: Extraction) -> None:
    assert [f.value for f in layoffs.facts if f.kind == "number" and "half" in f.value] == []


@pytest.mark.parametrize(
    ("time", "words"),
    [
        pytest.param("before the second half of next year", "unlikely to recover", id="part-of-next-year"),
        pytest.param("Wednesday", "will cut 4,000 jobs", id="trailing-said-on-day-dates-the-statement"),
        pytest.param("by 2027", "save about €900 million", id="by-year"),
        pytest.param("Friday", "meet Voltix bosses", id="on-day"),
    ],
)
def test_layoffs_time(layoffs: Extraction, time: str, words: str) -> None:
    assert any(words in f.content for f in layoffs.facts if f.kind == "time" and f.time == time)


def test_layoffs_trailing_attribution_reports_what_comes_before(layoffs: Extraction) -> None:
    said = [f for f in layoffs.facts if f.kind == "indirect" and f.sentence == 1]
    assert [(f.subject, f.time) for f in said] == [("voltix", "Wednesday")]
    assert said[0].content.startswith("Voltix, the Dutch chipmaker, will cut 4,000 jobs")


def test_layoffs_according_to_analysts_at_x_is_a_claim_of_x(layoffs: Extraction) -> None:
    claims = [f for f in layoffs.facts if f.kind == "claim"]
    assert [(f.subject, f.content) for f in claims] == [
        ("barclays", "the industry is unlikely to recover before the second half of next year")]


@pytest.mark.parametrize(
    ("words", "speaker"),
    [
        pytest.param("collapsed faster than anyone expected", "lindqvist", id="role-name-told-analysts"),
        pytest.param("save about €900 million", "lindqvist", id="she-said"),
        pytest.param("a betrayal of loyal workers", "de-vries", id="particle-name-said"),
        pytest.param("meet Voltix bosses", "bos", id="apposed-name-said"),
    ],
)
def test_layoffs_attribution(layoffs: Extraction, words: str, speaker: str) -> None:
    assert {f.subject for f in layoffs.facts if f.kind in ("quote", "indirect") and words in f.content} == {speaker}


def test_layoffs_partitive_pronoun_is_not_the_company(layoffs: Extraction) -> None:
    assert [r for r in layoffs.references if r.text == "them"] == []


# --- the same rules on other wording ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "name", "kind"),
    [
        pytest.param("Carmaker Orvo said it would close a plant. Orvo, the carmaker, has 900 staff.", "Orvo",
                     "organisation", id="noun-before-name"),
        pytest.param("Shares in Kelda rose 3%. Kelda will report on Monday.", "Kelda", "organisation",
                     id="shares-in-x"),
        pytest.param("Economists at Fennick expect a rate cut.", "Fennick", "organisation", id="economists-at-x"),
        pytest.param("The lender said Brisco bosses would meet on Monday.", "Brisco", "organisation",
                     id="x-bosses"),
        pytest.param("Analysts at Harlow Sachs cut their forecast.", "Harlow Sachs", "organisation",
                     id="analysts-at-two-word-name"),
        pytest.param("Workers from Kelda joined the strike.", "Kelda", "organisation", id="workers-from-x"),
        pytest.param("Flooding hit homes in Marlby. Residents of Marlby were moved.", "Marlby", "place",
                     id="in-x-is-still-a-place"),
        pytest.param("Ursula van der Lint said the plan was fair.", "Ursula van der Lint", "person",
                     id="two-particles"),
        pytest.param("The talks took place in Moscow on Monday.", "Moscow", "place", id="capital-after-in"),
    ],
)
def test_kind_from_context(body: str, name: str, kind: str) -> None:
    assert _kind(_mini(body), name) == kind


def test_capital_as_subject_still_stands_for_its_country() -> None:
    extraction = _mini("Moscow has yet to respond to the offer.")
    assert "Moscow" in extraction.entity("russia").aliases


@pytest.mark.parametrize(
    ("body", "entity", "role"),
    [
        pytest.param("The deal was approved, said chief executive Tom Harker.", "harker", "chief executive",
                     id="lower-case-role-mid-sentence"),
        pytest.param("Spokesperson Lina Morr said the firm would appeal.", "morr", "Spokesperson",
                     id="title-at-sentence-start"),
        pytest.param("The Swedish finance minister, Eva Strand, said rates would rise.", "strand",
                     "Swedish finance minister", id="apposed-national-role"),
    ],
)
def test_role_from_context(body: str, entity: str, role: str) -> None:
    assert _mini(body).entity(entity).role == role


def test_the_firm_refers_to_the_most_mentioned_organisation() -> None:
    extraction = _mini("Shares in Kelda fell. Kelda bosses met union officials. The firm said it would appeal.")
    assert [r.entity for r in extraction.references if r.text == "The firm"] == ["kelda"]


def test_the_company_stays_unresolved_without_an_organisation() -> None:
    extraction = _mini("Maria Ost said the company would appeal.")
    assert [r for r in extraction.references if r.text == "the company"] == []


@pytest.mark.parametrize(
    ("body", "value", "counts"),
    [
        pytest.param("Its annual revenue rose by 12 per cent.", "12 per cent", "annual revenue",
                     id="revenue-rose-by"),
        pytest.param("Sales have fallen 4%, the retailer said.", "4%", "sales", id="sales-have-fallen"),
        pytest.param("Profits at the retailer rose 12% to £400m.", "12%", "profits at the retailer",
                     id="noun-with-prepositional-phrase"),
    ],
)
def test_change_verb_counts_its_subject(body: str, value: str, counts: str) -> None:
    facts = _mini(body).facts
    assert {f.counts for f in facts if f.kind == "number" and f.value == value} == {counts}


def test_members_at_x_said_is_a_claim_of_x() -> None:
    facts = _mini("Analysts at Harlow Sachs said the bank would cut rates.").facts
    assert [(f.kind, f.subject, f.content) for f in facts if f.kind in ("claim", "indirect")] == [
        ("claim", "harlow-sachs", "the bank would cut rates")]


def test_said_the_noun_followed_by_a_verb_is_not_an_inverted_speaker() -> None:
    facts = _mini("Shares in Kelda fell. Maria Ost said the company would appeal.").facts
    assert {f.subject for f in facts if f.kind == "indirect"} == {"ost"}
