"""The rules /brief and its key numbers follow, read from ``data/briefing.yaml``, and the test of
whether a piece of text reads on its own out of context."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from knowledge.cast import display_name
from knowledge.model import SPEECH_KINDS, Entity, Knowledge, Sentence
from knowledge.store import KnowledgeFileError, read_yaml_data

__all__ = ["BriefingRules", "as_written", "drop_context_lead", "first_word", "inside_quotation", "load_rules", "name_a_closing_speaker", "name_an_age_opening", "reads_alone"]

RULES_FILE = Path(__file__).parent / "data" / "briefing.yaml"


@dataclass(frozen=True, slots=True)
class BriefingRules:
    """Limits, weights and cue words for choosing points (from ``data/briefing.yaml``)."""

    max_points: int
    max_characters: int
    point_target: int
    point_max: int
    max_numbers_per_point: int
    weights: dict[str, float]
    next_cues: tuple[str, ...]
    pronouns: frozenset[str]
    context_leads: tuple[str, ...]
    subject_pronouns: dict[str, frozenset[str]]
    context_openers: frozenset[str]
    function_words: frozenset[str]
    body_heads: frozenset[str]
    figure_words: frozenset[str]
    harm: dict[str, re.Pattern[str]]
    condition_cues: re.Pattern[str]


@lru_cache(maxsize=4)
def load_rules(path: Path = RULES_FILE) -> BriefingRules:
    """Read the briefing rules once; a missing entry is a one-line error naming the file."""
    data = read_yaml_data(path)
    try:
        limits, weights = data["limits"], data["weights"]
        return BriefingRules(
            max_points=int(limits["points"]), max_characters=int(limits["characters"]),
            point_target=int(limits["point_target"]),
            point_max=int(limits["point_max"]),
            max_numbers_per_point=int(limits["numbers_per_point"]),
            weights={str(k): float(v) for k, v in weights.items()},
            next_cues=tuple(str(c).lower() for c in data["next_cues"]),
            pronouns=frozenset(str(p).lower() for p in data["pronouns"]),
            context_leads=tuple(str(c).lower() for c in data["context_leads"]),
            subject_pronouns={str(p).lower(): frozenset(kinds) for p, kinds in data["subject_pronouns"].items()},
            context_openers=frozenset(str(p).lower() for p in data["context_openers"]),
            function_words=frozenset(str(w).lower() for w in data["function_words"]),
            body_heads=frozenset(str(w).lower() for w in data["body_heads"]),
            figure_words=frozenset(str(w).lower() for w in data["figure_words"]),
            harm={str(kind): _words_pattern(words) for kind, words in data["harm"].items()},
            condition_cues=_words_pattern(data["condition_cues"]),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise KnowledgeFileError(f"{path}: missing or malformed entry: {exc}") from None


def _words_pattern(words: list[str]) -> re.Pattern[str]:
    """Any of the words or phrases, lower case, as whole words."""
    return re.compile(r"\b(?:" + "|".join(re.escape(str(w).lower()) for w in words) + r")\b")


def first_word(text: str) -> str:
    """The text's first word, lower case, without punctuation."""
    words = text.split()
    return re.sub(r"\W", "", words[0].lower()) if words else ""


def reads_alone(text: str, rules: BriefingRules) -> bool:
    """Whether a line makes sense out of context: its quotation marks are balanced and it does not
    open with a pronoun or a preposition that points back to a sentence the reader has not seen."""
    if text.count("“") != text.count("”") or text.count('"') % 2 or _SAID_BACK.search(text):
        return False
    return first_word(text) not in rules.pronouns and first_word(text) not in rules.context_openers


# "Ms Kinsella said that was not good enough.": what was said is a "that" the reader has not seen
_SAID_BACK = re.compile(r"\b(?:said|says|added|insisted|argued)\s+(?:this|that|these|those|it)\s+"
                        r"(?:was|is|were|are|would|will|had|has)\b")


def drop_context_lead(text: str, rules: BriefingRules) -> str:
    """The text without a lead-in that points back to the sentence before ("This comes after the Prime
    Minister hosted ..." -> "The Prime Minister hosted ...")."""
    lowered = text.lower()
    lead = next((c for c in rules.context_leads if lowered.startswith(c + " ")), None)
    if lead is None:
        return text
    rest = text[len(lead) + 1:]
    return rest[:1].upper() + rest[1:]


def inside_quotation(text: str, at: int) -> bool:
    """Whether offset ``at`` falls inside a quotation opened earlier ("So this is the moment." in the
    middle of someone's words): such a sentence is not the article's own statement."""
    opening, closing = _quote_marks(text)
    return bisect_left(opening, at) > bisect_left(closing, at)  # more opened than closed before ``at``


@lru_cache(maxsize=2)
def _quote_marks(text: str) -> tuple[list[int], list[int]]:
    """Where the text's opening and closing quotation marks stand, found once per text: counting them
    before each sentence again made a long article's brief quadratic."""
    return [m.start() for m in re.finditer("“", text)], [m.start() for m in re.finditer("”", text)]


_AGE_OPENING = re.compile(r"^The (\d{1,3}-year-old)\b")


def name_an_age_opening(text: str, knowledge: Knowledge) -> str:
    """ "The 58-year-old said ..." out of context names nobody: the one person the article calls "the
    58-year-old" is named instead ("Mark Devlin said ..."); with none or two it stays as written."""
    found = _AGE_OPENING.match(text)
    if found is None:
        return text
    alias = f"the {found.group(1)}"
    people = [e for e in knowledge.entities if e.kind == "person" and alias in (a.lower() for a in e.aliases)]
    return f"{display_name(people[0])}{text[found.end():]}" if len(people) == 1 else text


def as_written(entity: Entity, knowledge: Knowledge, opening: bool = False) -> str:
    """The entity's name as the article writes it: a body or a people the article calls "the X" keeps its
    "the" ("the Personal Data Commission found", "The Normans were descended ..."), a person does not;
    ``opening`` capitalises it for the start of a line."""
    name = display_name(entity)
    if entity.kind != "person" and re.search(rf"\bthe {re.escape(name)}\b", knowledge.text, re.IGNORECASE):
        name = f"{'The' if opening else 'the'} {name}"
    return name


_CLOSING_SPEAKER = re.compile(r",\s+(?:it|he|she|they)\s+([a-z]+)\.$")


def name_a_closing_speaker(text: str, sentence: Sentence, knowledge: Knowledge) -> str:
    """ "Data on ... was also included, it found." out of context has an "it" nobody can place: the one
    the extraction resolved as saying the words before it is named instead ("..., the Personal Data
    Commission found."); without such a statement it stays as written."""
    found = _CLOSING_SPEAKER.search(text)
    if found is None:
        return text
    said = text[:found.start()]
    for fact in knowledge.facts_in(sentence.index):
        entity = knowledge.entity(fact.subject) if fact.kind in SPEECH_KINDS else None
        if entity is not None and fact.content.strip() and said.endswith(fact.content.strip()):
            return f"{text[:found.start()]}, {as_written(entity, knowledge)} {found.group(1)}."
    return text
