"""Question–answer pairs generated from the facts of an article.

Each fact yields several natural questions per alias of its subject (who / what / when / where /
how many / "what did X say" / "quote X"), a short answer in plain words, and the supporting quote.
Every sentence also gets a plain "what" pair, so anything the article states can be found, and the
article as a whole gets summary, headline and who-is-involved pairs.  The templates are generic:
nothing here knows which article it reads.
"""

from __future__ import annotations

import re
from functools import lru_cache
from collections.abc import Iterable, Iterator

from knowledge.cast import display_name
from knowledge.clauses import clause_at
from knowledge.faithful import deed_words, doubt, names_its_doer, verbatim_clause
from knowledge.identity import owned_role, surely_a_person
from knowledge.lexicon import load_lexicon
from knowledge.model import SPEECH_KINDS, Entity, Fact, Knowledge, QAPair, Quote, Sentence
from knowledge.people import load_people_words

__all__ = ["denied", "describe", "generate_qa", "money_noun", "sentence_quote", "short_clause"]

MAX_ANSWER = 160
_CLAUSE_BREAK = re.compile(r",\s+(?:as|while|whereas|but|although|after|before|because|which|who)\s+|;\s+|\s+-\s+")


def sentence_quote(sentence: Sentence) -> Quote:
    """The whole sentence as a verbatim quote."""
    return Quote(text=sentence.text, start=sentence.start, end=sentence.end)


def short_clause(text: str, limit: int = MAX_ANSWER) -> str:
    """Text cut to at most ``limit`` characters at a clause boundary, else at a comma that does not
    fall inside a quotation; a sentence with neither stays whole (an answer is never cut mid-clause)."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    for match in _CLAUSE_BREAK.finditer(text):
        if 40 <= match.start() <= limit:
            return text[: match.start()].rstrip(" ,;")
    commas = [m.start() for m in re.finditer(r",\s", text[:limit]) if m.start() >= 40 and not _inside_quote(text, m.start())]
    return text[: commas[-1]] if commas else text


def _inside_quote(text: str, at: int) -> bool:
    """Whether offset ``at`` is inside an open quotation (more opening than closing marks before it)."""
    before = text[:at]
    return before.count("“") > before.count("”") or before.count('"') % 2 == 1


def generate_qa(knowledge: Knowledge) -> tuple[QAPair, ...]:
    """Every QA pair for the knowledge's facts, entities, sentences and the article as a whole."""
    entities = {e.id: e for e in knowledge.entities}
    pairs: list[QAPair] = []
    names = {e.id: _names(e, knowledge.text) for e in knowledge.entities}
    pairs += _article_pairs(knowledge)
    for entity in knowledge.entities:
        pairs += _entity_pairs(entity, knowledge, names[entity.id])
    pairs += _shared_role_pairs(knowledge, names)
    fragments = _fragments(knowledge.facts)
    said_in: dict[int, list[Fact]] = {}  # each sentence's reported words, for the replies after them
    for fact in knowledge.facts:
        if fact.kind in SPEECH_KINDS and fact.subject and not denied(fact):
            said_in.setdefault(fact.sentence, []).append(fact)
    for fact in knowledge.facts:
        pairs += _fact_pairs(fact, entities, names, fact.id in fragments)
        pairs += _reply_pairs(fact, said_in, entities, names, knowledge.text)
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
    # people the article makes people ("The article mentions member, M, First Law." lists guesses): a
    # person beyond doubt, one the headline names (the story's actors), a source that speaks
    speakers = {f.subject for f in knowledge.facts if f.kind in SPEECH_KINDS}
    people = [e for e in knowledge.entities if e.mentions and (
        e.kind == "person" and (e.mentions[0] == 0 or surely_a_person(e, knowledge))
        or e.kind == "source" and e.id in speakers)]
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
        # "The article mentions Emmanuel Macron, a military source": a source is a description, with its "a"
        names = ", ".join(_listed(e) for e in people[:6])
        first = min(people, key=lambda e: e.mentions[0])
        sentence = knowledge.sentences[first.mentions[0]]
        pairs.append(QAPair(id="article-people", kind="people", answer=f"The article mentions {names}.",
                            quote=sentence_quote(sentence),
                            questions=("who is involved", "who is mentioned in the article",
                                       "which people are in the story", "who are the key people")))
    return pairs


def _listed(entity: Entity) -> str:
    name = display_name(entity)
    return name[:1].lower() + name[1:] if entity.kind == "source" else name


def _entity_pairs(entity: Entity, knowledge: Knowledge, names: list[str]) -> list[QAPair]:
    if not entity.mentions or entity.kind not in ("person", "source", "organisation", "group"):
        return []
    where = _role_sentence(entity, knowledge)
    described = describe(entity, knowledge.entities)
    pairs: list[QAPair] = []
    if described and where is not None:
        pairs.append(QAPair(
            id=f"who-{entity.id}", kind="identity", answer=described, quote=sentence_quote(where),
            speaker=None, terms=(entity.id,),
            # a body is "what is the commission?", a person "who is Ann Cole?"
            questions=tuple(q for n in names for q in (
                *((f"what is {n}", f"who is {n}") if entity.kind == "organisation" else (f"who is {n}",)),
                f"what is {n}'s role", f"what does {n} do"))
            + (f"who is the {entity.role}", f"what is the name of the {entity.role}"),
        ))
    elif entity.kind in ("group", "organisation") and where is not None:
        # no role to give: what the article first says about it is what it is, here
        # "the Normans", "The Conservatives have lost": a plural name is asked "who are ..."
        plural = re.search(r"[^su]s$", entity.name) is not None and (entity.kind == "group" or re.search(
            rf"\b{re.escape(entity.name)}\s+(?:have|are|were)\b", knowledge.text) is not None)
        pairs.append(QAPair(
            id=f"what-{entity.id}", kind="identity", answer=short_clause(where.text), quote=sentence_quote(where),
            terms=(entity.id,),
            questions=tuple(q for n in names for q in ((f"who are {n}", f"what is {n}") if plural
                                                       else (f"what is {n}", f"who are {n}")) + (f"tell me about {n}", n)),
        ))
    return pairs


_ROLE_CLAUSE = re.compile(r"(?:\d|who\s|which\s|from\s|of\s|at\s|for\s|in\s|with\s|[a-z]+ing\b)")
_DETERMINED = ("the ", "a ", "an ", "their ", "his ", "her ", "its ", "our ")


def _shared_role_pairs(knowledge: Knowledge, names: dict[str, list[str]]) -> list[QAPair]:
    """"Who were Thomas and Hugh Brennan?": people the text gives one role in one sentence ("who founded
    Brennan") are described together, so a question naming them all is answered for them all."""
    together: dict[tuple[str, int], list[Entity]] = {}
    for entity in knowledge.entities:
        if entity.kind == "person" and _ROLE_CLAUSE.match(entity.role) and entity.role.startswith("who "):
            where = _role_sentence(entity, knowledge)
            if where is not None:
                together.setdefault((entity.role, where.index), []).append(entity)
    pairs = []
    for (role, index), people in together.items():
        if len(people) < 2:
            continue
        both = " and ".join(e.name for e in people)
        asked = [" and ".join(forms) for forms in zip(*(names[e.id][:2] for e in people))]
        pairs.append(QAPair(
            id="who-" + "-".join(e.id for e in people), kind="identity", answer=f"{both}, {role}.",
            quote=sentence_quote(knowledge.sentences[index]), terms=tuple(e.id for e in people),
            questions=tuple(q for n in dict.fromkeys([both, *asked]) for q in (f"who are {n}", f"who were {n}"))))
    return pairs


def describe(entity: Entity, entities: Iterable[Entity] = ()) -> str:
    """Who an entity is, in the article's words: "X is the health minister.", and for a role that is no
    noun phrase ("34, from Leeds", "who lives next door", "prosecuting") the name and the phrase as the
    text puts them side by side: "X, who lives next door."; "" without a role.  A role a pronoun owns
    says whose where an alias among ``entities`` does: "Joanne Pellow is Graham Pellow’s sister."."""
    role = owned_role(entity, entities)
    if not role:
        return ""
    if _ROLE_CLAUSE.match(role):
        return f"{entity.name}, {role}."
    owned = re.match(r"(?:[A-Z][\w-]*\s+)*\S+[’']s\s", role)  # "Ray Tolley’s daughter"
    determiner = "" if role.lower().startswith(_DETERMINED) or owned else "the "
    return f"{entity.name} is {determiner}{role}."


def _role_sentence(entity: Entity, knowledge: Knowledge) -> Sentence | None:
    """The first sentence that names the entity's role; failing that, the first body sentence where it
    says or does something (what it is, here: "Acme will pay 315p a share"), else its first mention.
    The headline is the last choice: it names things without saying what they are."""
    if not entity.mentions:
        return None
    mentions = [i for i in entity.mentions if i > 0] or list(entity.mentions)
    role = entity.role.lower()
    for index in mentions:
        if role and role in knowledge.sentences[index].text.lower():
            return knowledge.sentences[index]
    acting = sorted(f.sentence for f in knowledge.facts if f.subject == entity.id and f.sentence > 0
                    and f.kind in (*SPEECH_KINDS, "stance", "action") and not denied(f))
    return knowledge.sentences[acting[0] if acting else mentions[0]]


def _names(entity: Entity, text: str) -> list[str]:
    """How questions name an entity: an anonymous source is "the military source", not a name, and an
    entity the article calls "the Department of Energy", "the coalition of the willing", "the UK" or "the
    Presiding Officer" keeps its "the" ("What did the Department of Energy do?")."""
    names = [entity.name, *entity.aliases]
    if entity.kind == "source":
        names = [n if n.lower().startswith(_ARTICLES) else f"the {n}" for n in names]
    else:  # "the Presiding Officer" as well: a title the article writes with "the" is no personal name
        names = [f"the {n}" if not n.lower().startswith(_ARTICLES) and (entity.kind != "person" or n[:1].isupper())
                 and _takes_the(n, text) else n for n in names]
    return list(dict.fromkeys(names))


_ARTICLES = ("the ", "a ", "an ")


# "the Department", "the newly created Department", "the cabinet-level Department": "the" and adjectives
# (by their endings), not "the campaign group Open Rights Watch", where the name is in apposition.
_THE_BEFORE = re.compile(r"\b[Tt]he\s+(?:[a-z]+(?:-[a-z]+)+\s+|[a-z]+(?:ly|ed|ent|ant|al|ive|ous|ic|ful)\s+){0,2}$")


# A body or a person after a name makes the name a modifier ("the Labour government", "the Conservative
# group", "the Labour leader"), whose "the" belongs to the noun after it.
_BODIES = frozenset("group government party administration leadership side team campaign members".split())


def _takes_the(name: str, text: str) -> bool:
    """Whether the article's body writes "the" before most mentions of ``name`` as a name (a headline
    drops its articles), or it is a common noun phrase that does not open with a quantifier ("the
    coalition of the willing", not "the both companies")."""
    if name[:1].islower():
        return name.split()[0].lower() not in _QUANTIFIERS
    named = re.compile(rf"{re.escape(name)}(?![\w-])", re.IGNORECASE)
    headline, _, body = text.partition("\n")
    text = body if next(_whole_word_matches(named, body), None) else headline
    mentions = [m for m in _whole_word_matches(named, text) if not _modifier_use(text, m.end())]
    with_the = sum(1 for m in mentions if _THE_BEFORE.search(text[max(0, m.start() - 40):m.start()]))
    return bool(mentions) and 2 * with_the > len(mentions)


_QUANTIFIERS = frozenset("both all each every some many several most few".split())
_WORD_BEFORE = re.compile(r"[\w’'-]")


def _whole_word_matches(named: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """The matches of ``named`` that no word character (or apostrophe, hyphen) comes right before, as
    ``finditer`` of the pattern with the lookbehind of :data:`_WORD_BEFORE` in front gives them.

    A pattern opening with that lookbehind is tried at every position of the text, which made the
    search for each of a long article's names cost as much as reading the article; a name's own
    letters are found fast, and the character before is checked only where they are.
    """
    at = 0
    while (found := named.search(text, at)) is not None:
        start = found.start()
        if start and _WORD_BEFORE.match(text, start - 1):
            at = start + 1  # not a match here: the lookbehind version goes on from the next position
            continue
        yield found
        at = found.end() if found.end() > start else start + 1


def _modifier_use(text: str, end: int) -> bool:
    following = re.match(r"\s+([a-z][\w-]*)", text[end:end + 30])
    return following is not None and following.group(1) in _BODIES | load_people_words().person_nouns


def _speaker_label(entity: Entity | None) -> str:
    """How an answer names the subject: "Sir Keir Starmer", "A military source"."""
    if entity is None:
        return "The article"
    name = entity.name
    if entity.kind == "source" and not name.lower().startswith(("a ", "an ", "the ")):
        name = f"{'An' if name[:1].lower() in 'aeiou' else 'A'} {name}"
    return name[0].upper() + name[1:]


def _is_duration(value: str) -> bool:
    units = load_lexicon().compound_units & {*load_lexicon().time_units, "day", "hour", "minute", "second"}
    return any(unit in re.split(r"[\s-]+", value.lower().rstrip("s")) or f"{unit}s" in value.lower().split()
               for unit in units)


def _inner(clause: str) -> str:
    """A sentence's opening words set inside another: "X said the plant will close", not "... The plant"."""
    first = clause.split(maxsplit=1)[0] if clause else ""
    return clause[:1].lower() + clause[1:] if first != "I" and first.casefold() in load_lexicon().sentence_starters \
        else clause


def _sentence_case(text: str) -> str:
    """Capitalised, and closed with a full stop unless it already ends a sentence or a quote."""
    text = text.strip().rstrip(",;:")
    if not text:
        return text
    if not text.endswith((".", "!", "?", "”", '"', "…", ")")):
        text += "."
    return text[:1].upper() + text[1:]


def _without(text: str, phrase: str) -> str:
    """``text`` with ``phrase`` taken out, tidy at the joins."""
    at = text.lower().find(phrase.lower())
    if at < 0 or not phrase:
        return text
    before = re.sub(r"\b(?:on|in|at|during|by|since|from)\s*$", "", text[:at].rstrip(" ,"), flags=re.IGNORECASE)
    return " ".join((before.rstrip(" ,") + " " + text[at + len(phrase):].lstrip(" ,")).split())


def _fact_pairs(fact: Fact, entities: dict[str, Entity], names_of: dict[str, list[str]],
                fragment: bool) -> list[QAPair]:
    """Pairs for one fact; ``fragment`` marks a few quoted words inside a longer statement."""
    subject = entities.get(fact.subject or "")
    label = _speaker_label(subject)
    names = names_of.get(subject.id, []) if subject else []
    base = f"f-{fact.id}"
    content = short_clause(fact.content or fact.quote.text)
    terms = tuple(dict.fromkeys(e for e in (fact.subject, *fact.entities) if e))
    speaker = subject.name if subject and fact.kind in SPEECH_KINDS else None
    pairs: list[QAPair] = []

    def add(suffix: str, kind: str, answer: str, questions: list[str]) -> None:
        if questions and answer:
            pairs.append(QAPair(id=f"{base}-{suffix}", kind=kind, answer=_sentence_case(answer), quote=fact.quote,
                                speaker=speaker, fact=fact.id, terms=terms,
                                questions=tuple(dict.fromkeys(questions))))

    if fact.kind in SPEECH_KINDS and denied(fact):  # "X has not said how it will vote": X said nothing
        add("what", "what", fact.quote.text, [q for n in names for q in (f"what did {n} say", f"quote {n}")])
    elif fact.kind in SPEECH_KINDS:
        told = f" said {_venue_phrase(fact)}" if fact.venue else " said"
        told = told.replace(" said to ", " told ") if fact.verb == "tell" else told
        said = f"{label}{told}: “{content}”" if fact.kind == "quote" else f"{label}{told} {_inner(content)}"
        if not fragment:
            add("what", "what", said,
                [q for n in names for q in (f"what did {n} say", f"what did {n} say about {content}",
                                            f"quote {n}", f"{n} quote", f"what is {n}'s position")]
                + [f"what was said about {content}"])
        said_what = f"“{content}”" if fact.kind == "quote" else content
        add("who", "who", f"{label}{told}." if fact.venue else f"{label}.",
            [f"who said {said_what}", f"who said that {content}", f"according to whom {content}",
             f"who told {fact.venue or 'the press'} {content}", f"who claimed {content}"]
            + [f"who said “{piece}”" if fact.kind == "quote" else f"who said {piece}" for piece in _pieces(fact.content)])
        if fact.venue and not fragment:
            add("venue", "venue", f"{label}{told}.",
                [q for n in names for q in (f"who did {n} speak to", f"who did {n} tell", f"who did {n} say it to",
                                            f"where did {n} say it", f"to whom did {n} speak",
                                            f"who did {n} make the comments to")]
                + [f"who reported {content}", f"which outlet reported {content}"])
    elif fact.kind in ("stance", "action"):
        verb = fact.verb or "do"
        # "deployed by the coalition": a passive whose agent is the subject reads better as the sentence
        passive = subject is not None and any(n.lower() in content.lower() for n in names)
        unsure = subject is not None and doubt(fact) != ""  # the restatement could turn who did what around
        said = verbatim_clause(fact) if unsure else short_clause(fact.quote.text) if passive \
            else f"{label} {content}" if subject else content
        done_to = doubt(fact) == "passive"  # "X was fined": never "what did X fine"
        add("what", "what", said,
            [q for n in names for q in (f"what did {n} do", *([] if done_to else [f"what did {n} {verb}"]),
                                        f"what is {n}'s position", f"how did {n} react")]
            + [f"what happened with {content}"])
        if subject and not passive:  # "bought by Acme": "who bought by Acme?" would name its own answer
            # "What was founded in 1948?": a body or a place a deed is done to is no "who"
            asked = "what" if subject.kind in ("organisation", "place") and doubt(fact) == "passive" else "who"
            # a doer read for sure from words that cannot be restated ("he called me", "fined for passing")
            sure = doubt(fact) in ("", "gerund", "relative", "first-person")
            add("who", "who", f"{label}." if sure else verbatim_clause(fact),
                list(dict.fromkeys([f"{asked} {content}", f"who {content}"])))
        elif names_its_doer(fact):  # "the board had rejected it": the clause's own words say who
            add("who", "who", verbatim_clause(fact), [f"who {deed_words(fact)}"])
    elif fact.kind == "number" and (_AGE.fullmatch(fact.value.strip()) and _aged_person(fact, entities)
                                    or fact.value.strip().endswith("-year-old")):
        aged = _aged_person(fact, entities)
        if aged is not None:  # "Graham Pellow, 52,", "the 34-year-old said": how old someone is, not a span of years
            person, said = aged
            add("how-many", "how_many", said,
                [q for n in names_of.get(person.id, []) for q in (f"how old is {n}", f"what age is {n}")])
    elif fact.kind == "number":
        counts = fact.counts
        plain = fact.counts.lower() in fact.value.lower() or fact.counts == "money"  # "€900 million", not "… money"
        counted = f"{fact.value} {fact.counts}"
        if plain:
            answer = fact.value
        elif counted.lower() in fact.quote.text.lower():
            answer = fact.quote.text[fact.quote.text.lower().index(counted.lower()):][: len(counted)]
        else:  # what it counts is elsewhere in the clause ("the force could be north of 10,000"): the clause
            answer = content if fact.value in content else fact.value
        answer = f"{answer.strip()}." if fact.counts else content
        sum_of = money_noun(fact)
        if sum_of:  # "a payout of up to £3.6m": "how much is the payout"
            worth = " worth" if re.search(rf"\b{re.escape(sum_of)}\s+worth\b", fact.quote.text) else ""
            questions = [f"how much is the {sum_of}{worth}", f"how big is the {sum_of}"]
        elif counts == "money":  # "has been fined £4.2m": the sum is asked with its clause, there is no noun for it
            questions = [*_asked_sum(fact), f"how much {content}", f"how much money {content}"]
        elif _MONEY.match(fact.value) and counted in fact.quote.text and counts.islower():
            # "a £14.5m urgent treatment centre": what it costs, not its size
            questions = [f"how much is the {counts}", f"how big is the {counts}"]
        elif not counts:  # nothing counted in words: asked with its clause, never "how big is the it"
            questions = [f"how many {content}"]
        elif _is_duration(fact.value):
            questions = [f"how long is the {counts}", f"how long did the {counts} last",
                         f"how long has the {counts} gone on", f"what is the length of the {counts}"]
        else:
            questions = [f"how many {counts}", f"how many {counts} {content}", f"what is the number of {counts}",
                         f"how big is the {counts}", f"what size is the {counts}"]
            if not counts.endswith("s"):  # "how big is the peacekeeping force", not "how many peacekeeping force"
                questions = questions[3:] + questions[:3]
        tentative = _tentative(fact)
        if tentative is not None:  # "had proposed a fine of £7.5m": never given as what was paid
            answer, cue = tentative
            noun = sum_of or (counts if counts != "money" else "")
            if noun and cue.endswith(("ed", "sought")):  # asked as what it is: "how much was the proposed fine"
                questions = [f"how much was the {cue} {noun}", f"how big was the {cue} {noun}",
                             f"what was the {cue} {noun}"]
        add("how-many", "how_many", answer, questions + [f"what does {fact.value} refer to"])
    if fact.time and not fragment and len(content.split()) >= 4:
        rest = _without(content, fact.time)
        asked = [_ask_when(n, rest, fact) for n in names] if names else [_ask_when(None, rest, fact)]
        add("when", "when", _when_answer(fact),
            [q for q in asked if q] + [f"when {rest}", f"what date {rest}"]
            + [q for n in names for q in (f"when did {n} say it", f"when did {n} {fact.verb or 'do'} it")])
    return pairs


REPLY_REACH = 2  # how many sentences back a "that" may point to the statement it answers


@lru_cache(maxsize=1)
def _reply_shape() -> re.Pattern[str]:
    """A stance's words that end on what was just said: "rejected that", "firmly disputed the claims"."""
    objects = "|".join(re.escape(o) for o in sorted(load_lexicon().reply_objects, key=len, reverse=True))
    return re.compile(rf"(?P<deed>[a-z][\w\s-]*?)\s+(?:{objects})[.!]?", re.IGNORECASE)


def _reply_pairs(fact: Fact, said_in: dict[int, list[Fact]], entities: dict[str, Entity],
                 names_of: dict[str, list[str]], knowledge_text: str) -> list[QAPair]:
    """"The regulator rejected that." after "Ann Lee said the data was safe": the stance answers who rejected
    what Ann Lee said.  Only when the nearest earlier sentence with reported words (within ``REPLY_REACH``)
    has one speaker, someone else; the answer names the one who rejected it, as the sentence does."""
    subject = entities.get(fact.subject or "")
    if fact.kind != "stance" or subject is None or doubt(fact) != "":
        return []
    deed = _reply_shape().fullmatch(fact.content)
    latest = next((said_in[k] for k in range(fact.sentence - 1, fact.sentence - REPLY_REACH - 1, -1) if k in said_in), [])
    speakers = {f.subject for f in latest}
    if deed is None or len(speakers) != 1 or fact.subject in speakers:
        return []
    claim = max(latest, key=lambda f: (f.kind == "indirect", len(f.content)))
    verb = deed.group("deed")
    claimed = short_clause(claim.content)
    questions = [q for n in names_of.get(claim.subject or "", []) if n[:1].isupper()
                 for q in (f"who {verb} {n}'s claim that {claimed}", f"who {verb} {n}'s claim")]
    # the quote runs from the statement to its rejection: "that" means nothing without what it points to
    text = knowledge_text[claim.quote.start : fact.quote.end]
    # "The regulator rejected that.": the sentence's own words say both who and that it was rejected, when
    # they name the one who did it (not "It rejected that")
    own = verbatim_clause(fact)
    named = any(n.casefold() in own.casefold() for n in names_of.get(subject.id, []) if n[:1].isupper() or " " in n)
    answer = f"{own}." if named and len(own) <= MAX_ANSWER else _speaker_label(subject)
    return [QAPair(id=f"f-{fact.id}-reply", kind="who", answer=_sentence_case(answer),
                   quote=Quote(text, claim.quote.start, fact.quote.end), fact=fact.id, terms=tuple(dict.fromkeys((subject.id, claim.subject or ""))),
                   questions=tuple(dict.fromkeys(questions)))]


_AGE = re.compile(r"\d{1,3}(?:-year-old)?")
_AGE_AFTER_NAME = r"(?P<name>[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){{0,3}}),\s+{age}(?=,)"


def _aged_person(fact: Fact, entities: dict[str, Entity]) -> tuple[Entity, str] | None:
    """Whose age a number is, and the article's words that give it ("Graham Pellow, 52", "the 34-year-old"):
    a name just before ", 52,", or the one person the text calls "the 34-year-old"; None otherwise."""
    value = fact.value.strip()
    text = fact.quote.text
    if value.isdigit():
        found = re.search(_AGE_AFTER_NAME.format(age=re.escape(value)), text)
        if found is None:
            return None
        named = [e for e in (entities.get(i) for i in fact.entities) if e is not None and e.kind == "person"
                 and found.group("name") in (e.name, *e.aliases)]
        return (named[0], f"{found.group()}.") if len(named) == 1 else None
    phrase = re.search(rf"\b(?:[Tt]he\s+)?{re.escape(value)}\b", text)
    called = f"the {value}"
    named = [e for e in entities.values() if e.kind == "person" and called in (a.casefold() for a in e.aliases)]
    if phrase is None or len(named) != 1:
        return None
    return named[0], _sentence_case(phrase.group())


def _when_answer(fact: Fact) -> str:
    """The sentence's opening clause when it holds the time, verbatim ("The deal needs ... at a vote expected
    in June"), else the time phrase alone ("Since 2016"): a time set before words cut from around it would
    date something the sentence does not."""
    text = fact.quote.text
    at = text.casefold().find(fact.time.casefold())
    if at < 0:
        return fact.time
    start, end = clause_at(text, at)
    clause = text[start:end].strip()
    if start == 0 and len(fact.time) < len(clause) <= MAX_ANSWER:
        return clause
    span = _RANGE_END.match(text, at + len(fact.time)) if fact.time.casefold().startswith(("between", "from")) else None
    return fact.time + span.group() if span else fact.time  # "between June 2021 and March 2023", whole


_RANGE_END = re.compile(r"\s+(?:and|to|until)\s+(?:[A-Z][a-z]+|\d[\d,]*)(?:\s+(?:[A-Z][a-z]+|\d[\d,]*)){0,2}")


_MONEY = re.compile(r"(?:(?:about|around|nearly|almost|over|up to|more than)\s+)?[£$€¥]\d")
_BE = ("is", "are", "was", "were")
_MODALS = ("will", "would", "can", "could", "may", "might", "should", "must")
_HAVE = ("has", "have", "had")


# "a club-record fee of £18m", "a deal worth £1.2bn", "the payout of up to £3.6m": the noun a sum is of
_SUM_OF = re.compile(r"\b(?:[Aa]n?|[Tt]he|[Ii]ts|[Tt]heir|[Hh]is|[Hh]er)\s+((?:[a-z]+(?:-[a-z]+)*\s+)?[a-z]+)\s+(?:of|worth)\s+"
                     r"(?:(?:up\s+to|about|around|almost|nearly|more\s+than|over|just\s+over|some)\s+)?$")


# "The fitness app Acme has been fined £4m", "Acme will pay £4m": who, the verb's auxiliaries, the verb
_SUM_DEED = re.compile(r"(?P<who>[A-Z][^,;:]{0,60}?)\s+(?P<aux>(?:(?:has|have|had|will|would|is|are|was|were)\s+)*"
                       r"(?:been\s+|be\s+)?)(?P<verb>[a-z]+)\s+$")


def _asked_sum(fact: Fact) -> list[str]:
    """A sum asked by who paid or was made to pay it, from the words before it: "Acme has been fined £4m"
    -> "how much was Acme fined", "Acme will pay £4m" -> "how much will Acme pay"; [] for other shapes."""
    text = fact.quote.text
    at = text.find(fact.value)
    lo = clause_at(text, at)[0] if at >= 0 else 0
    found = _SUM_DEED.fullmatch(text, lo, at) if at > lo else None
    lexicon = load_lexicon()
    if found is None:
        return []
    verb = found.group("verb")
    lemma = lexicon.action_verbs.get(verb) or lexicon.stance_verbs.get(verb)
    aux = found.group("aux").split()
    if lemma is None or found.group("who").split()[-1].casefold() in lexicon.verb_gap_words:
        return []
    who = re.sub(r"^(?:The|A|An)\b", lambda m: m.group().lower(), found.group("who"))  # no longer a sentence's start
    if {"been", "be"} & set(aux) or (aux and aux[-1] in _BE):  # the passive: "was Acme fined"
        return [f"how much was {who} {verb}", f"how much has {who} been {verb}"]
    if aux and aux[0] in _MODALS:
        return [f"how much {aux[0]} {who} {lemma}"]
    return [f"how much did {who} {lemma}"]


def _tentative(fact: Fact) -> tuple[str, str] | None:
    """For an amount its clause only proposes, seeks or holds possible ("The commission had proposed a
    fine of £7.5m last year"): the clause up to the amount, verbatim ("The commission had proposed a fine
    of £7.5m."), any quotation it opens closed, and the word that says so; None for an amount the sentence
    states as fact."""
    text = fact.quote.text
    at = text.find(fact.value) if fact.value else -1
    if at < 0:
        return None
    lo = clause_at(text, at)[0]
    words = load_lexicon().tentative_amount_words
    cue = re.search(rf"\b(?:{'|'.join(map(re.escape, words))})\b", text[lo:at])
    opening = re.match(r"\w+", text[lo:at])  # "Initially built with three": a cue opening the clause
    if cue is None and opening and opening.group().casefold() in words and opening.group() != "May":
        cue = opening
    if cue is None:
        return None
    start = lo if "," not in text[lo : lo + cue.start()] else lo + cue.start()  # "..., said he expected"
    end = at + len(fact.value)
    if text.count("“", start, end) > text.count("”", start, end):  # "could be “north of 10,000”": the quote whole
        end = text.find("”", end) + 1 or end
    return f"{text[start:end].strip(' ,;')}.", cue.group().casefold()


def money_noun(fact: Fact) -> str:
    """What a sum of money is, in the article's words ("fee", "club-record fee", "payout"), when the
    sentence writes it as "a <noun> of/worth <sum>"; "" otherwise ("earns £31m a year")."""
    if fact.kind != "number" or fact.counts != "money" or not fact.value:
        return ""
    text = fact.quote.text
    value = re.sub(r"^(?:up\s+to|about|around|almost|nearly|more\s+than|over|just\s+over|some)\s+", "",
                   fact.value.strip(), flags=re.IGNORECASE)
    at = text.find(value)
    found = _SUM_OF.search(text[max(0, at - 60):at]) if at >= 0 else None
    return found.group(1) if found else ""


def _ask_when(subject: str | None, clause: str, fact: Fact) -> str | None:
    """ "when did Kyiv agree to a truce", "when was Acme founded", "when will the chiefs meet": the
    clause (its verb first after ``subject``, or its own subject first when ``subject`` is None) turned
    into a question, the verb in its base form after "did"; None when the clause has no such shape."""
    words = clause.split()
    if fact.kind in SPEECH_KINDS:
        return f"when did {subject} say {clause}" if subject and clause else None
    lexicon = load_lexicon()
    forms = {**lexicon.speech_verbs, **lexicon.stance_verbs, **lexicon.action_verbs}
    base = fact.verb.split("_")[0]

    def starts_verb(i: int) -> bool:
        word = words[i].lower()
        return word in _BE + _MODALS + _HAVE or (forms.get(word) == base and word != base)

    at = 0 if subject else next((i for i in range(1, len(words)) if starts_verb(i)), None)
    if at is None or at >= len(words) or not starts_verb(at) or (at == 1 and words[0].lower() in {*lexicon.pronouns, "it"}):
        return None  # no verb, or only "He will be sentenced": nothing to name who
    if not subject and words[0] in ("The", "A", "An") and words[1][:1].islower():
        words[0] = words[0].lower()  # "The first ferry will arrive": no longer a sentence's first word
    who, first, more = subject or " ".join(words[:at]), words[at].lower(), words[at + 1:]
    if first in _BE:  # "was founded in 1948", not "was 31%, down from 36%"
        participle = bool(more) and (forms.get(more[0].lower()) == base or more[0].endswith(("ed", "en")))
        return f"when {first} {who} {' '.join(more)}" if participle else None
    if first in _MODALS:
        return f"when {first} {who} {' '.join(more)}" if more else None
    if first in _HAVE:
        if not more or forms.get(more[0].lower()) != base:
            return None  # "has not yet said", "had a meeting"
        more = more[1:]
    return f"when did {who} {base} {' '.join(more)}".strip()


_NEGATION = frozenset({"not", "never", "no", "neither", "nor", "cannot"})
NEGATION_REACH = 3  # words before the verb of saying that may deny it ("has not yet said")


def denied(fact: Fact) -> bool:
    """Whether the sentence denies the fact: a saying whose verb has "not"/"never" just before it ("has
    not yet said how it will vote", not "said Russia would not accept"), or a deed the faithfulness
    check reads as negated."""
    if fact.kind in SPEECH_KINDS:
        text = fact.quote.text
        at = text.find(fact.content) if fact.content else -1
        if at < 0:
            return False
        before = re.findall(r"[\w’']+", text[:at].lower())
        forms = load_lexicon().speech_verbs
        verb = next((i for i in range(len(before) - 1, -1, -1) if forms.get(before[i]) == fact.verb), None)
        if verb is None:  # what was said comes first ("“...,” she said"): nothing before it denies it
            return False
        return any(w in _NEGATION or w.endswith(("n't", "n’t")) for w in before[max(0, verb - NEGATION_REACH):verb])
    return fact.kind in ("stance", "action") and doubt(fact) == "negated"


def _venue_phrase(fact: Fact) -> str:
    """ "told The Times", "in a statement", "to reporters": the venue as the text would say it."""
    if fact.verb == "tell":
        return f"to {fact.venue}"
    return f"in {fact.venue}" if fact.venue.lower().startswith(("a ", "an ")) else f"to {fact.venue}"


_PIECE_BREAK = re.compile(r"(?<=[.!?])\s+|,\s+(?:and|but)\s+|;\s+")


def _pieces(content: str) -> list[str]:
    """The sentences and main clauses of a long statement, each a way a reader quotes it back
    ("who said the minister knows that?" for one clause of a two-sentence quote)."""
    parts = [p.strip(" ,.!?") for p in _PIECE_BREAK.split(content)]
    return [p for p in parts if len(p.split()) >= 3] if len(parts) > 1 else []


def _fragments(facts: tuple[Fact, ...]) -> set[str]:
    """Quote facts that are a few quoted words inside another statement of the same speaker."""
    out: set[str] = set()
    for fact in facts:
        if fact.kind != "quote" or len(fact.content.split()) >= 8:
            continue
        if any(other.id != fact.id and other.subject == fact.subject and other.sentence == fact.sentence
               and other.kind in SPEECH_KINDS and fact.content in other.content for other in facts):
            out.add(fact.id)
    return out
