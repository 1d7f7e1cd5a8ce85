"""Extraction on the bundled article: attribution of every quote, numbers with what they count."""

from __future__ import annotations

from pathlib import Path

import pytest
from extract_helpers import speakers_of

from knowledge.extract import Extraction, extract

ARTICLE = Path(__file__).parent.parent / "knowledge" / "data" / "article.txt"


@pytest.fixture(scope="module")
def text() -> str:
    return ARTICLE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def extraction(text: str) -> Extraction:
    return extract(text)


@pytest.mark.parametrize(
    ("words", "speaker"),
    [
        pytest.param("Ukraine is sovereign", "macron", id="macron-sovereign"),
        pytest.param("a few thousand troops per country", "macron", id="macron-few-thousand"),
        pytest.param("under any conditions", "lavrov", id="lavrov-any-conditions"),
        pytest.param("over 10,000 troops", "military-source", id="military-source-10000"),
        pytest.param("comfortably north of 10,000", "military-source", id="military-source-north"),
        pytest.param("Things are quite advanced", "senior-goverment-source", id="government-source"),
        pytest.param("Sooner or later", "starmer", id="starmer-sooner"),
        pytest.param("Let the guns fall silent", "starmer", id="starmer-guns"),
        pytest.param("operational phase", "starmer", id="starmer-added"),
    ],
)
def test_quote_is_attributed_to(extraction: Extraction, words: str, speaker: str) -> None:
    assert speakers_of(extraction, words) == {speaker}


def test_every_fact_quote_is_verbatim(extraction: Extraction, text: str) -> None:
    assert all(f.quote.is_verbatim_in(text) for f in extraction.facts)


def test_prime_minister_hosted_the_meeting(extraction: Extraction) -> None:
    hosts = [f for f in extraction.facts if f.verb == "host"]
    assert [f.subject for f in hosts] == ["starmer"]


@pytest.mark.parametrize(
    ("value", "counts"),
    [
        pytest.param("over 10,000", "troops", id="over-10000-troops"),
        pytest.param("comfortably north of 10,000", "peacekeeping force", id="north-of-10000-force"),
        pytest.param("a few thousand", "troops per country", id="troops-per-country"),
        pytest.param("26", "nations", id="26-nations"),
        pytest.param("30-day", "ceasefire", id="ceasefire-duration"),
        pytest.param("three-year-long", "conflict", id="conflict-duration"),
    ],
)
def test_number_counts(extraction: Extraction, value: str, counts: str) -> None:
    assert (value, counts) in {(f.value, f.counts) for f in extraction.facts if f.kind == "number"}


@pytest.mark.parametrize(
    ("entity", "alias"),
    [
        pytest.param("starmer", "Starmer", id="surname"),
        pytest.param("starmer", "Sir Keir", id="sir-first-name"),
        pytest.param("starmer", "Keir Starmer", id="full-name"),
        pytest.param("starmer", "the Prime Minister", id="role-mention"),
        pytest.param("lavrov", "Sergei Lavrov", id="name-after-title"),
        pytest.param("macron", "Mr Macron", id="mr-surname"),
        pytest.param("macron", "the French president", id="nationality-role"),
        pytest.param("russia", "the Kremlin", id="seat-of-government"),
        pytest.param("ukraine", "Kyiv", id="capital"),
    ],
)
def test_alias(extraction: Extraction, entity: str, alias: str) -> None:
    assert alias in extraction.entity(entity).aliases


@pytest.mark.parametrize(
    ("entity", "kind"),
    [
        pytest.param("military-source", "source", id="military-source"),
        pytest.param("coalition-of-the-willing", "group", id="quoted-group"),
        pytest.param("times", "organisation", id="outlet"),
        pytest.param("france", "place", id="country"),
    ],
)
def test_entity_kind(extraction: Extraction, entity: str, kind: str) -> None:
    assert extraction.entity(entity).kind == kind


def test_lavrov_role(extraction: Extraction) -> None:
    assert extraction.entity("lavrov").role == "Russian Foreign Secretary"


def test_they_is_the_military_source(extraction: Extraction) -> None:
    assert ("They", "military-source") in {(r.text, r.entity) for r in extraction.references}


def test_indirect_speech_keeps_its_time(extraction: Extraction) -> None:
    lavrov = next(f for f in extraction.facts if f.kind == "indirect" and f.subject == "lavrov")
    assert lavrov.time == "Last week"


@pytest.mark.parametrize(
    ("subject", "venue"),
    [pytest.param("macron", "local press", id="told-local-press"),
     pytest.param("military-source", "The Times", id="told-the-times")],
)
def test_venue(extraction: Extraction, subject: str, venue: str) -> None:
    assert venue in {f.venue for f in extraction.facts if f.subject == subject}


def test_multi_sentence_quote_cited_whole(extraction: Extraction, text: str) -> None:
    quote = next(f.quote for f in extraction.facts if f.kind == "quote" and "Sooner or later" in f.content)
    assert quote.text.startswith("He said:") and quote.text.endswith("ceasefire now.”")


@pytest.mark.parametrize(
    ("verb", "subject", "kind"),
    [
        pytest.param("reject", "russia", "stance", id="kremlin-rejected"),
        pytest.param("urge", "starmer", "stance", id="he-urged"),
        pytest.param("agree", "ukraine", "stance", id="kyiv-agreed"),
        pytest.param("accept", "russia", "stance", id="would-not-accept"),
    ],
)
def test_stance(extraction: Extraction, verb: str, subject: str, kind: str) -> None:
    assert (subject, kind) in {(f.subject, f.kind) for f in extraction.facts if f.verb == verb}


@pytest.mark.parametrize("time", ["Last week", "earlier in the week", "Thursday"])
def test_time_expressions(extraction: Extraction, time: str) -> None:
    assert time in {f.time for f in extraction.facts if f.kind == "time"}


def test_fact_ids_are_unique(extraction: Extraction) -> None:
    ids = [f.id for f in extraction.facts]
    assert len(ids) == len(set(ids))
