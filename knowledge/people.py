"""The people cue lists of ``knowledge/data/people.yaml``: words that describe people in news English."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from knowledge.store import KnowledgeFileError, read_yaml_data

__all__ = ["PeopleWords", "load_people_words"]

PEOPLE_DATA = Path(__file__).parent / "data" / "people.yaml"


@dataclass(frozen=True, slots=True)
class PeopleWords:
    """Person nouns ("fund manager", "sister"), court roles ("prosecuting"), groups that speak as a body
    ("campaigners") and what a possessive can own that speaks ("Ms Lee's department")."""

    person_nouns: frozenset[str]
    court_roles: frozenset[str]
    speaking_groups: frozenset[str]
    possessed_speakers: frozenset[str]


@lru_cache(maxsize=1)
def load_people_words() -> PeopleWords:
    """The people cue lists; a missing or malformed list is a one-line error naming the file."""
    data = read_yaml_data(PEOPLE_DATA)
    lists = {}
    for name in ("person_nouns", "court_roles", "speaking_groups", "possessed_speakers"):
        words = data.get(name) if isinstance(data, dict) else None
        if not isinstance(words, list) or not words:
            raise KnowledgeFileError(f"{PEOPLE_DATA}: needs a non-empty list {name!r}")
        lists[name] = frozenset(str(w).casefold() for w in words)
    return PeopleWords(**lists)
