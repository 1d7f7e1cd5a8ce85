"""Question–answer pairs generated from the facts of an article.

Each fact yields several natural questions per alias of its subject (who / what / when / where /
how many / "what did X say" / "quote X"), a short answer in plain words, and the supporting quote.
Every sentence also gets a plain "what" pair, so anything the article states can be found, and the
article as a whole gets summary, headline and who-is-involved pairs.  The templates are generic:
nothing here knows which article it reads.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from knowledge.model import Entity, Fact, Knowledge, QAPair, Quote, Sentence

__all__ = ["generate_qa", "sentence_quote", "short_clause"]

MAX_ANSWER = 160
SPEECH_KINDS = ("quote", "indirect", "claim")
_CLAUSE_BREAK = re.compile(r",\s+(?:as|while|whereas|but|although|after|before|because|which|who)\s+|;\s+|\s+-\s+")


def sentence_quote(sentence: Sentence) -> Quote:
    """The whole sentence as a verbatim quote."""
    return Quote(text=sentence.text, start=sentence.start, end=sentence.end)


def short_clause(text: str, limit: int = MAX_ANSWER) -> str:
    """Text cut to at most ``limit`` characters at a clause or word boundary."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    for match in _CLAUSE_BREAK.finditer(text):
        if 40 <= match.start() <= limit:
            return text[: match.start()].rstrip(" ,;")
    return text[: text.rfind(" ", 0, limit - 1)].rstrip(" ,;") + "…"


def generate_qa(knowledge: Knowledge) -> tuple[QAPair, ...]:
    """Every QA pair for the knowledge's facts, entities, sentences and the article as a whole."""
    entities = {e.id: e for e in knowledge.entities}
    pairs: list[QAPair] = []
    pairs += _article_pairs(knowledge)
    for entity in knowledge.entities:
        pairs += _entity_pairs(entity, knowledge)
    for fact in knowledge.facts:
        pairs += _fact_pairs(fact, entities)
    for sentence in knowledge.sentences[1:]:
        pairs.append(QAPair(id=f"s{sentence.index}", questions=(sentence.text,), kind="what",
                            answer=short_clause(sentence.text), quote=sentence_quote(sentence)))
    return tuple(_unique_ids(pairs))


def _unique_ids(pairs: list[QAPair]) -> Iterator[QAPair]:
    seen: set[str] = set()
    for pair in pairs:
        if pair.id in seen:
            continue
        seen.add(pair.id)
        yield pair


def _article_pairs(knowledge: Knowledge) -> list[QAPair]:
    if len(knowledge.sentences) < 2:
        return []
    headline, lead = knowledge.sentences[0], knowledge.sentences[1]
    people = [e for e in knowledge.entities if e.kind in ("person", "source") and e.mentions]
    pairs = [
        QAPair(id="article-summary", kind="summary", answer=short_clause(lead.text),
               quote=sentence_quote(lead),
               questions=("what is this article about", "summary", "summarise the article", "tl;dr",
                          "give me the gist of this story", "what is the story", "what happened",
                          "key points", "main points", "brief me", "what is the news", "overview")),
        QAPair(id="article-headline", kind="headline", answer=headline.text, quote=sentence_quote(headline),
               questions=("what is the headline", "headline", "title of the article", "what is the title")),
    ]
    if people:
        names = ", ".join(e.name for e in people[:6])
        first = min(people, key=lambda e: e.mentions[0])
        sentence = knowledge.sentences[first.mentions[0]]
        pairs.append(QAPair(id="article-people", kind="people", answer=f"The article mentions {names}.",
                            quote=sentence_quote(sentence),
                            questions=("who is involved", "who is mentioned in the article",
                                       "which people are in the story", "who are the key people")))
    return pairs


def _entity_pairs(entity: Entity, knowledge: Knowledge) -> list[QAPair]:
    if not entity.mentions or entity.kind not in ("person", "source", "organisation", "group"):
        return []
    names = _names(entity)
    where = _role_sentence(entity, knowledge)
    described = f"{entity.name} is the {entity.role}." if entity.role else ""
    pairs: list[QAPair] = []
    if described and where is not None:
        pairs.append(QAPair(
            id=f"who-{entity.id}", kind="identity", answer=described, quote=sentence_quote(where),
            speaker=None, terms=(entity.id,),
            questions=tuple(q for n in names for q in (f"who is {n}", f"what is {n}'s role", f"what does {n} do"))
            + (f"who is the {entity.role}", f"what is the name of the {entity.role}"),
        ))
    return pairs


def _role_sentence(entity: Entity, knowledge: Knowledge) -> Sentence | None:
    """The first sentence that names the entity's role (or, failing that, mentions it)."""
    if not entity.mentions:
        return None
    role = entity.role.lower()
    for index in entity.mentions:
        if role and role in knowledge.sentences[index].text.lower():
            return knowledge.sentences[index]
    return knowledge.sentences[entity.mentions[0]]


def _names(entity: Entity) -> list[str]:
    return list(dict.fromkeys([entity.name, *entity.aliases]))


def _speaker_label(entity: Entity | None) -> str:
    if entity is None:
        return "The article"
    name = entity.name
    return name[0].upper() + name[1:]


def _fact_pairs(fact: Fact, entities: dict[str, Entity]) -> list[QAPair]:
    subject = entities.get(fact.subject or "")
    label = _speaker_label(subject)
    names = _names(subject) if subject else []
    base = f"f-{fact.id}"
    content = short_clause(fact.content or fact.quote.text)
    terms = tuple(dict.fromkeys(e for e in (fact.subject, *fact.entities) if e))
    speaker = subject.name if subject and fact.kind in SPEECH_KINDS else None
    pairs: list[QAPair] = []

    def add(suffix: str, kind: str, answer: str, questions: list[str]) -> None:
        if questions and answer:
            pairs.append(QAPair(id=f"{base}-{suffix}", kind=kind, answer=answer, quote=fact.quote,
                                speaker=speaker, fact=fact.id, terms=terms,
                                questions=tuple(dict.fromkeys(questions))))

    if fact.kind in SPEECH_KINDS:
        told = f" told {fact.venue}" if fact.venue else " said"
        add("what", "what", f"{label}{told}: {content}",
            [q for n in names for q in (f"what did {n} say", f"what did {n} say about {content}",
                                        f"quote {n}", f"{n} quote", f"what is {n}'s position")]
            + [f"what was said about {content}"])
        add("who", "who", f"{label}{told.replace(':', '')}." if fact.venue else f"{label}.",
            [f"who said {content}", f"who said that {content}", f"according to whom {content}",
             f"who told {fact.venue or 'the press'} {content}", f"who claimed {content}"])
        if fact.venue:
            add("venue", "venue", f"{label} told {fact.venue}.",
                [q for n in names for q in (f"who did {n} tell", f"who did {n} say it to",
                                            f"where did {n} say it", f"to whom did {n} speak",
                                            f"who did {n} make his comments to")]
                + [f"who reported {content}", f"which outlet reported {content}"])
    elif fact.kind in ("stance", "action"):
        verb = fact.verb or "did"
        add("what", "what", f"{label}: {content}" if subject else content,
            [q for n in names for q in (f"what did {n} {verb}", f"what did {n} do", f"what is {n}'s position",
                                        f"how did {n} react")]
            + [f"what happened with {content}"])
        if subject:
            add("who", "who", f"{label}.", [f"who {verb} {content}", f"who {content}"])
    elif fact.kind == "number":
        counts = fact.counts or "it"
        add("how-many", "how_many", f"{fact.value} {fact.counts}".strip() + f": {content}",
            [f"how many {counts}", f"how many {counts} {content}", f"what is the number of {counts}",
             f"how big is the {counts}", f"what does {fact.value} refer to", f"how long is the {counts}",
             f"what size is the {counts}"])
    if fact.time:
        add("when", "when", f"{fact.time[0].upper()}{fact.time[1:]}: {content}",
            [f"when {content}", f"when did {content}", f"what date {content}"]
            + [q for n in names for q in (f"when did {n} say it", f"when did {n} {fact.verb or 'do'} it")])
    return pairs
