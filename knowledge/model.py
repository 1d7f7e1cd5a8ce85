"""The knowledge model: what briefbot knows about one article.

Every piece of evidence is a :class:`Quote`, a verbatim span of the article text with its
character offsets, so any answer can be backed by the article's own words.  The classes are
frozen dataclasses that round-trip through plain dicts (``to_dict`` / ``from_dict``), which is
what :mod:`knowledge.store` writes as YAML.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any, TypeVar

__all__ = [
    "SPEECH_KINDS",
    "BriefingPoint",
    "TypedSpan",
    "Entity",
    "Fact",
    "Knowledge",
    "QAPair",
    "Quote",
    "SchemaError",
    "Sentence",
]

ENTITY_KINDS = ("person", "organisation", "place", "source", "group")
FACT_KINDS = ("quote", "indirect", "claim", "stance", "action", "number", "time", "event")
SPEECH_KINDS = ("quote", "indirect", "claim")  # facts that report someone's words

T = TypeVar("T")


class SchemaError(ValueError):
    """A stored knowledge entry does not have the shape the model needs."""


def _require(condition: bool, where: str, message: str) -> None:
    if not condition:
        raise SchemaError(f"{where}: {message}")


@dataclass(frozen=True, slots=True)
class Quote:
    """A verbatim span of the article: ``article[start:end] == text``."""

    text: str
    start: int
    end: int

    def __post_init__(self) -> None:
        _require(isinstance(self.text, str) and self.text != "", "quote", "text must be a non-empty string")
        _require(
            isinstance(self.start, int) and isinstance(self.end, int) and 0 <= self.start < self.end,
            "quote",
            f"offsets must satisfy 0 <= start < end, got {self.start!r}..{self.end!r}",
        )
        _require(
            self.end - self.start == len(self.text),
            "quote",
            f"offsets {self.start}..{self.end} do not span {len(self.text)} characters",
        )

    def is_verbatim_in(self, article: str) -> bool:
        """Whether the span really is the article's text at its offsets."""
        return article[self.start : self.end] == self.text


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of the article; ``paragraph`` 0 is the headline."""

    index: int
    paragraph: int
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Entity:
    """A person, organisation, place, anonymous source or group the article talks about.

    ``aliases`` are every way the text itself names it ("Sir Keir", "the Prime Minister");
    ``mentions`` are the indices of the sentences that refer to it, pronouns resolved.
    """

    id: str
    name: str
    kind: str
    aliases: tuple[str, ...] = ()
    role: str = ""
    mentions: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        _require(bool(self.id), "entity", "id must not be empty")
        _require(self.kind in ENTITY_KINDS, f"entity {self.id}", f"kind {self.kind!r} not in {ENTITY_KINDS}")


@dataclass(frozen=True, slots=True)
class Fact:
    """One thing the article states: who said or did what, a number, a time.

    ``subject`` is the resolved entity id of the speaker or actor (None when the text gives none);
    ``content`` says what was said or done in plain words; ``quote`` is the supporting span.
    For numbers, ``value`` is the amount as written ("over 10,000") and ``counts`` what it counts.
    ``reported_by`` marks a deed the article only reports ("X said A had paid"): the id of who said
    so, or "?" when that speaker is not resolved.
    """

    id: str
    kind: str
    sentence: int
    quote: Quote
    subject: str | None = None
    verb: str = ""
    content: str = ""
    venue: str = ""
    time: str = ""
    value: str = ""
    counts: str = ""
    entities: tuple[str, ...] = ()
    reported_by: str = ""

    def __post_init__(self) -> None:
        _require(bool(self.id), "fact", "id must not be empty")
        _require(self.kind in FACT_KINDS, f"fact {self.id}", f"kind {self.kind!r} not in {FACT_KINDS}")


@dataclass(frozen=True, slots=True)
class QAPair:
    """Natural questions one fact answers, the short answer, and the quote backing it.

    ``terms`` are the key terms (entity ids, numbers) the question has to agree with;
    ``kind`` is the question type the pair answers (who, what, when, where, how_many, why,
    yesno, summary, ...).
    """

    id: str
    questions: tuple[str, ...]
    answer: str
    quote: Quote
    kind: str = "what"
    speaker: str | None = None
    fact: str | None = None
    terms: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        _require(bool(self.questions), f"qa {self.id}", "needs at least one question")
        _require(bool(self.answer), f"qa {self.id}", "answer must not be empty")


@dataclass(frozen=True, slots=True)
class BriefingPoint:
    """One bullet of the briefing, backed by a sentence of the article."""

    text: str
    quote: Quote


@dataclass(frozen=True, slots=True)
class TypedSpan:
    """A phrase of one answer type (who / when / where / how_many / why / kind ...) in a sentence.

    ``label`` is how the phrase is said as an answer; ``salience`` how much the article is about
    it (a describing word it keeps using).  Found at build time by :mod:`knowledge.spans`.
    """

    sentence: int
    kind: str
    start: int
    end: int
    label: str
    entity: str | None = None
    quoted: bool = False  # inside a speaker's quoted words
    salience: float = 0.0

    def __post_init__(self) -> None:
        _require(0 <= self.start < self.end, f"span in sentence {self.sentence}", "needs 0 <= start < end")


@dataclass(frozen=True, slots=True)
class Knowledge:
    """Everything derived from one article; offsets refer to ``text``."""

    headline: str
    text: str
    sentences: tuple[Sentence, ...] = ()
    entities: tuple[Entity, ...] = ()
    facts: tuple[Fact, ...] = ()
    qa: tuple[QAPair, ...] = ()
    briefing: tuple[BriefingPoint, ...] = ()
    spans: tuple[TypedSpan, ...] = ()
    source: str = ""
    # entities by id and facts by sentence, made on first use: building asks for them once per fact or
    # sentence, and a scan each time made a long article's build quadratic; never written out
    _index: dict[str, dict] = field(default_factory=dict, init=False, repr=False, compare=False)

    def entity(self, entity_id: str | None) -> Entity | None:
        """The entity with this id (the first, were two to share it), or None."""
        by_id = self._index.get("entities")
        if by_id is None:
            by_id = self._index["entities"] = {}
            for e in self.entities:
                by_id.setdefault(e.id, e)
        return by_id.get(entity_id)

    def facts_in(self, sentence: int) -> tuple[Fact, ...]:
        """The facts of one sentence, in their order among all the facts."""
        by_sentence = self._index.get("facts")
        if by_sentence is None:
            grouped: dict[int, list[Fact]] = {}
            for fact in self.facts:
                grouped.setdefault(fact.sentence, []).append(fact)
            by_sentence = self._index["facts"] = {i: tuple(fs) for i, fs in grouped.items()}
        return by_sentence.get(sentence, ())

    def quotes(self) -> list[Quote]:
        """Every quote stored anywhere in the knowledge."""
        spans = [f.quote for f in self.facts] + [q.quote for q in self.qa] + [b.quote for b in self.briefing]
        return spans

    def to_dict(self) -> dict[str, Any]:
        return _to_plain(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Knowledge:
        return _from_plain(cls, data, "knowledge")


# Nested dataclass fields, by (class, field name) -> element class.
_NESTED: dict[tuple[type, str], type] = {
    (Knowledge, "sentences"): Sentence,
    (Knowledge, "entities"): Entity,
    (Knowledge, "facts"): Fact,
    (Knowledge, "qa"): QAPair,
    (Knowledge, "briefing"): BriefingPoint,
    (Knowledge, "spans"): TypedSpan,
    (Fact, "quote"): Quote,
    (QAPair, "quote"): Quote,
    (BriefingPoint, "quote"): Quote,
}


def _to_plain(obj: Any) -> Any:
    if hasattr(obj, "__dataclass_fields__"):
        out: dict[str, Any] = {}
        for f in fields(obj):
            if not f.init:
                continue  # a cache (``Knowledge._index``), not data
            value = getattr(obj, f.name)
            if (value in ("", (), None) or isinstance(value, (bool, float)) and value == f.default) \
                    and f.name not in ("text",):
                continue  # keep the YAML small: defaults are not written
            out[f.name] = _to_plain(value)
        return out
    if isinstance(obj, tuple):
        return [_to_plain(v) for v in obj]
    return obj


def _from_plain(cls: type[T], data: Any, where: str) -> T:
    _require(isinstance(data, dict), where, f"expected a mapping, got {type(data).__name__}")
    known = {f.name: f for f in fields(cls)}  # type: ignore[arg-type]
    unknown = sorted(set(data) - set(known))
    _require(not unknown, where, f"unknown field(s) {', '.join(map(str, unknown))}")
    kwargs: dict[str, Any] = {}
    for name, value in data.items():
        nested = _NESTED.get((cls, name))
        label = f"{where}.{name}"
        if nested is not None and isinstance(value, list):
            kwargs[name] = tuple(_from_plain(nested, v, f"{label}[{i}]") for i, v in enumerate(value))
        elif nested is not None:
            kwargs[name] = _from_plain(nested, value, label)
        elif isinstance(value, list):
            kwargs[name] = tuple(value)
        else:
            kwargs[name] = value
    try:
        return cls(**kwargs)
    except TypeError as exc:
        raise SchemaError(f"{where}: {exc}") from None
    except SchemaError as exc:
        raise SchemaError(f"{where}: {exc}") from None

