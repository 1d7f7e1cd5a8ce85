"""Load the generic linguistic data (honorifics, roles, verbs, countries) the extractors share.

The words live in YAML (``knowledge/data/lexicon.yaml`` and ``places.yaml``) rather than in Python
literals, so that the rules stay free of any one article and the tables can grow without code changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from knowledge.store import KnowledgeFileError, entry_error, read_yaml_data

__all__ = ["Country", "Lexicon", "load_common_words", "load_lexicon", "read_vocabulary", "verb_forms"]

DATA = Path(__file__).parent / "data"


@dataclass(frozen=True, slots=True)
class Country:
    """A country or region: its names, nationality adjectives and seats of government."""

    name: str
    aliases: tuple[str, ...]
    adjectives: tuple[str, ...]
    seats: tuple[str, ...]


@dataclass(frozen=True, slots=True, eq=False)
class Lexicon:
    """Word lists keyed by what the extractors use them for."""

    honorifics: dict[str, str]
    first_name_honorifics: frozenset[str]
    abbreviations: frozenset[str]
    roles: tuple[str, ...]
    role_gender: dict[str, str]
    source_heads: frozenset[str]
    organisation_nouns: frozenset[str]
    organisation_generic_nouns: frozenset[str]
    regulator_nouns: frozenset[str]
    regulator_name_words: frozenset[str]
    public_body_words: frozenset[str]
    company_nouns: frozenset[str]
    organisation_cues_before: tuple[str, ...]
    organisation_members: frozenset[str]
    organisation_cues_after: frozenset[str]
    body_cues_after: frozenset[str]
    party_names: frozenset[str]
    party_forms: dict[str, tuple[str, ...]]  # each form of a party's name -> all its forms, the usual first
    change_verbs: dict[str, str]
    group_heads: frozenset[str]
    speech_verbs: dict[str, str]
    stance_verbs: dict[str, str]
    action_verbs: dict[str, str]
    deed_kin: dict[str, frozenset[str]]
    reply_objects: frozenset[str]  # "rejected that": a stance whose object is the statement just reported
    agent_roles: dict[str, tuple[str, str]]  # "founded" (by X) -> X's deed, present and past  # a deed lemma -> the lemmas of deeds of its kind, itself included
    past_forms: frozenset[str]  # irregular inflections ("struck", "took"): finite verbs the lexicon need not list
    verb_gap_words: frozenset[str]
    clause_openers: frozenset[str]
    subordinators: frozenset[str]  # clause openers that hang their clause on another
    pronouns: dict[str, tuple[str, str]]
    number_words: frozenset[str]
    number_vague: tuple[str, ...]
    number_modifiers: tuple[str, ...]
    compound_units: frozenset[str]  # durations and other units a hyphen joins to a number
    measure_units: tuple[str, ...]
    comparison_words: tuple[str, ...]
    tentative_amount_words: tuple[str, ...]  # "had proposed a fine of": a sum that is not the actual one
    copulas: frozenset[str]
    weekdays: tuple[str, ...]
    common_capitals: frozenset[str]
    numbered_things: frozenset[str]  # "Class" of "Class II": a numbered thing, no monarch
    months: tuple[str, ...]
    time_units: tuple[str, ...]
    time_relative: tuple[str, ...]
    time_anchors: tuple[str, ...]
    time_edges: tuple[str, ...]
    time_prepositions: tuple[str, ...]
    time_parts: tuple[str, ...]
    time_part_modifiers: tuple[str, ...]
    time_plural_units: tuple[str, ...]
    sentence_starters: frozenset[str]
    organisation_words: frozenset[str]
    place_words: frozenset[str]
    place_prefixes: frozenset[str]
    event_words: frozenset[str]
    name_connectors: frozenset[str]
    surname_particles: frozenset[str]
    place_prepositions: frozenset[str]
    area_prepositions: frozenset[str]
    person_cues: frozenset[str]
    address_cues_before: tuple[str, ...]
    seat_holders: frozenset[str]
    client_nouns: frozenset[str]
    area_words_after: frozenset[str]
    given_names: frozenset[str]
    countries: tuple[Country, ...]
    country_index: dict[str, Country]

    def is_organisation_noun(self, word: str) -> bool:
        """A lower-case noun for an organisation: "company", "lender", "chipmaker"."""
        word = word.casefold()
        return word in self.organisation_nouns or (word.endswith("maker") and len(word) > 6)

    def country_of(self, word: str) -> Country | None:
        """The country a name, alias, adjective or seat stands for ("Downing Street" -> United Kingdom)."""
        return self.country_index.get(word.casefold())


def _index(countries: tuple[Country, ...]) -> dict[str, Country]:
    index: dict[str, Country] = {}
    for country in countries:
        for word in (*country.seats, *country.adjectives, *country.aliases, country.name):
            index.setdefault(word.casefold(), country)
    return index


def verb_forms(lemma: str, irregular: list[str]) -> list[str]:
    """The inflected forms of a verb: its irregular forms plus the regular -s, -ed and -ing."""
    if " " in lemma or "_" in lemma:
        return list(irregular)
    stem = lemma.removesuffix("e")
    if lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
        regular = [lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"]
    else:
        ending = "es" if lemma.endswith(("s", "sh", "ch", "x")) else "s"
        regular = [lemma + ending, stem + "ed", stem + "ing"]
    return [lemma, *irregular, *regular]


def _verbs(table: dict[str, list[str]], where: str) -> dict[str, str]:
    forms: dict[str, str] = {}
    for lemma, irregular in table.items():
        if not isinstance(irregular, list):
            raise KnowledgeFileError(f"{where}: verb {lemma!r} needs a list of irregular forms")
        base = lemma.split("_")[0]
        for form in verb_forms(lemma, irregular):
            forms.setdefault(form, base)
    return forms


def _countries(data: dict[str, Any], where: str) -> tuple[Country, ...]:
    out = []
    for key in ("countries", "regions"):
        for i, row in enumerate(data.get(key) or []):
            if not isinstance(row, dict) or "name" not in row:
                raise KnowledgeFileError(f"{where}: {key}[{i}] needs a 'name'")
            out.append(Country(row["name"], tuple(row.get("aliases", ())), tuple(row.get("adjectives", ())),
                               tuple(row.get("seats", ()))))
    return tuple(out)


def _longest_first(words: list[str]) -> tuple[str, ...]:
    """The words, longest first, so that a longer alternative is tried before its prefix."""
    return tuple(sorted(words, key=lambda w: -len(w)))


COMMON_WORDS = "common_words.txt"


@lru_cache(maxsize=1)
def load_common_words(directory: Path = DATA) -> frozenset[str]:
    """The commonest plain English words (``common_words.txt``, see tools/export_common_words.py)."""
    lines = (directory / COMMON_WORDS).read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


VOCABULARY = "vocabulary.yaml"


def read_vocabulary(directory: Path = DATA) -> dict[str, Any]:
    """The word lists both sides share (months, speech verbs, number words, answer-span phrases)."""
    path = directory / VOCABULARY
    data = read_yaml_data(path)
    _check_words(data, path)
    return data


def _check_words(data: dict[str, Any], path: Path) -> None:
    """YAML reads a bare on/off/no/yes as a boolean: say which entry (file and line) needs quotes."""
    bad = next(((k, i, w) for k, ws in data.items() if isinstance(ws, list)
                for i, w in enumerate(ws) if not isinstance(w, str)), None)
    if bad is not None:
        raise entry_error(path, f"{bad[0]}[{bad[1]}]", f"{bad[2]!r} is not a word; quote it")


@lru_cache(maxsize=1)
def load_lexicon(directory: Path = DATA) -> Lexicon:
    """Read ``lexicon.yaml``, ``vocabulary.yaml`` (shared with the question side) and ``places.yaml`` once."""
    path = directory / "lexicon.yaml"
    d = read_yaml_data(path)
    shared = read_vocabulary(directory)
    places = read_yaml_data(directory / "places.yaml")
    _check_words(d, path)
    try:
        countries = _countries(places, str(directory / "places.yaml"))
        return Lexicon(
            honorifics={k: v or "" for k, v in d["honorifics"].items()},
            first_name_honorifics=frozenset(d["first_name_honorifics"]),
            abbreviations=frozenset(d["abbreviations"]),
            roles=_longest_first(d["roles"]),
            role_gender=dict(d["role_gender"]),
            source_heads=frozenset(d["source_heads"]),
            organisation_nouns=frozenset(d["organisation_nouns"]),
            organisation_generic_nouns=frozenset(d["organisation_generic_nouns"]),
            regulator_nouns=frozenset(d["regulator_nouns"]),
            regulator_name_words=frozenset(d["regulator_name_words"]),
            public_body_words=frozenset(d["public_body_words"]),
            company_nouns=frozenset(d["company_nouns"]),
            organisation_cues_before=tuple(d["organisation_cues_before"]),
            organisation_members=frozenset(d["organisation_members"]),
            organisation_cues_after=frozenset(d["organisation_cues_after"]),
            body_cues_after=frozenset(d["body_cues_after"]),
            party_names=frozenset(d["parties"]) | frozenset(f for forms in d["parties"].values() for f in forms),
            party_forms={form: (name, *forms) for name, forms in d["parties"].items() for form in (name, *forms)},
            change_verbs=_verbs(d["change_verbs"], str(path)),
            group_heads=frozenset(d["group_heads"]),
            speech_verbs=_verbs(shared["speech_verbs"], str(directory / VOCABULARY)),
            stance_verbs=_verbs(d["stance_verbs"], str(path)),
            action_verbs=_verbs(d["action_verbs"], str(path)),
            agent_roles={verb: (forms[0], forms[1]) for verb, forms in d["agent_roles"].items()},
            reply_objects=frozenset(d["reply_objects"]),
            deed_kin={lemma: frozenset(group) for group in d["deed_kin"].values() for lemma in group},
            past_forms=frozenset(str(w).casefold() for w in shared["irregular_forms"]),
            verb_gap_words=frozenset(d["verb_gap_words"]),
            clause_openers=frozenset(d["clause_openers"]),
            subordinators=frozenset(d["subordinators"]),
            pronouns={k: (v[0], v[1]) for k, v in d["pronouns"].items()},
            number_words=frozenset(shared["number_words"]) | frozenset(shared["number_words_unvalued"]),
            number_vague=_longest_first(d["number_vague"]),
            number_modifiers=_longest_first(d["number_modifiers"]),
            compound_units=frozenset(shared["duration_units"]) | frozenset(d["compound_units"]),
            measure_units=tuple(d["measure_units"]),
            comparison_words=tuple(d["comparison_words"]),
            tentative_amount_words=_longest_first(d["tentative_amount_words"]),
            copulas=frozenset(d["copulas"]),
            weekdays=tuple(d["weekdays"]),
            common_capitals=frozenset(map(str, d["common_capitals"])),
            numbered_things=frozenset(d["numbered_things"]),
            months=tuple(shared["months"]),
            time_units=tuple(d["time_units"]),
            time_relative=_longest_first(d["time_relative"]),
            time_anchors=tuple(d["time_anchors"]),
            time_edges=_longest_first(d["time_edges"]),
            time_prepositions=tuple(d["time_prepositions"]),
            time_parts=tuple(d["time_parts"]),
            time_part_modifiers=tuple(d["time_part_modifiers"]),
            time_plural_units=tuple(d["time_plural_units"]),
            sentence_starters=frozenset(d["sentence_starters"]),
            organisation_words=frozenset(d["organisation_words"]),
            place_words=frozenset(d["place_words"]),
            place_prefixes=frozenset(d["place_prefixes"]),
            event_words=frozenset(d["event_words"]),
            name_connectors=frozenset(d["name_connectors"]),
            surname_particles=frozenset(d["surname_particles"]),
            place_prepositions=frozenset(d["place_prepositions"]),
            area_prepositions=frozenset(d["area_prepositions"]),
            person_cues=frozenset(d["person_cues"]),
            address_cues_before=tuple(d["address_cues_before"]),
            seat_holders=frozenset(d["seat_holders"]),
            client_nouns=frozenset(d["client_nouns"]),
            area_words_after=frozenset(d["area_words_after"]),
            given_names=frozenset(d["given_names"]),
            countries=countries,
            country_index=_index(countries),
        )
    except (KeyError, TypeError, AttributeError, IndexError) as exc:
        raise KnowledgeFileError(f"{path}: missing or malformed entry: {exc}") from None
