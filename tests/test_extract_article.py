"""Extraction on the bundled article: attribution of every quote, numbers with what they count."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.extract import Extraction, extract

ARTICLE = Path(__file__).parent.parent / "knowledge" / "data" / "article.txt"


@pytest.fixture(scope="module")
def text() -> str:
    return ARTICLE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def extraction(text: str) -> Extraction:
    return extract(text)


def _speaker_of(extraction: Extraction, words: str) -> set[str | None]:
    return {f.subject for f in extraction.facts
            if f.kind in ("quote", "indirect", "claim") and words in f.content}


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
    assert _speaker_of(extraction, words) == {speaker}


def test_every_fact_quote_is_verbatim(extraction: Extraction, text: str) -> None:
    assert all(f.quote.is_verbatim_in(text) for f in extraction.facts)


def test_prime_minister_hosted_the_meeting(extraction: Extraction) -> None:
    hosts = [f for f in extraction.facts if f.verb == "host"]
    assert [f.subject for f in hosts] == ["starmer"]
