"""The briefing: up to six points that cover the story, each a whole (shortened) sentence with its quote.

The lead says what happened; the other points are chosen for what they add that the brief does not
have yet — an actor named for the first time, that actor's position, an amount, what happens next —
weighed against their length, so the brief covers different actors and facts rather than the
article's first paragraphs.  Points are shortened only by dropping whole pieces
(:mod:`knowledge.shortening`) and keep the article's order.  The weights live in
``data/briefing.yaml`` with a note of how they were set.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from knowledge.cast import display_name
from knowledge.key_numbers import KeyNumber, is_key_number, key_numbers
from knowledge.lexicon import load_lexicon
from knowledge.model import SPEECH_KINDS, BriefingPoint, Entity, Fact, Knowledge, Quote, Sentence
from knowledge.qa import denied
from knowledge.shortening import shorten
from knowledge.briefing_rules import (BriefingRules, as_written, drop_context_lead, first_word, inside_quotation, load_rules,
                                      name_a_closing_speaker, name_an_age_opening, reads_alone)

__all__ = ["Brief", "make_brief", "make_briefing"]

_ACTOR_KINDS = ("person", "organisation", "group")
_POSITION_KINDS = (*SPEECH_KINDS, "stance")


@dataclass(frozen=True, slots=True)
class Brief:
    """What /brief shows, on every front end: the headline, the points and the key numbers."""

    headline: str
    points: tuple[BriefingPoint, ...]
    numbers: tuple[KeyNumber, ...]

    def to_json(self) -> dict[str, object]:
        """The brief as ``briefbot brief --json`` prints it."""
        return {"headline": self.headline,
                "points": [{"text": p.text, "quote": p.quote.text} for p in self.points],
                "numbers": [{"text": n.text, "quote": n.quote.text} for n in self.numbers]}


def make_brief(knowledge: Knowledge) -> Brief:
    """The brief: the stored points (chosen at build time) or, for knowledge without them, fresh ones."""
    points = knowledge.briefing or make_briefing(knowledge)
    return Brief(headline=knowledge.headline, points=points,
                 numbers=key_numbers(knowledge, tuple(p.text for p in points)))


@dataclass(frozen=True, slots=True)
class _Candidate:
    """One sentence (or two) as a possible point: its shortened text and what it would add to the brief."""

    sentences: tuple[Sentence, ...]
    text: str
    units: frozenset[str]
    penalty: float
    reported: bool = False  # the text is "X said ..." (:func:`_reported`), not the sentences' own


@dataclass(frozen=True, slots=True)
class _Story:
    """What every candidate is judged against: the article, how each actor is named, whose side each
    speaks for, how salient each actor and word is, and the rules."""

    knowledge: Knowledge
    body: tuple[Sentence, ...]
    patterns: dict[str, re.Pattern[str]]
    sides: dict[str, str]
    salience: dict[str, float]
    rules: BriefingRules

    def candidate(self, sentences: tuple[Sentence, ...], said: str = "") -> _Candidate:
        return _candidate(self.knowledge, sentences, self.patterns, self.sides, self.rules, said)


def make_briefing(knowledge: Knowledge, rules: BriefingRules | None = None) -> tuple[BriefingPoint, ...]:
    """The lead and then, greedily, what adds most per character: a new point, or the sentence next to a
    point in its paragraph carried on in it; in article order."""
    rules = rules or load_rules()
    body = [s for s in knowledge.sentences if s.paragraph > 0]
    if not body:
        return ()
    story = _story(knowledge, body, rules)
    candidates = [story.candidate(group) for group in _groups(body, rules)]
    candidates = candidates[:1] + [c for c in candidates[1:] if _can_be_a_point(c, rules)
                                   and not inside_quotation(knowledge.text, c.sentences[0].start)]
    readable = {c.sentences[0].index for c in candidates if len(c.sentences) == 1}
    reported = [story.candidate((knowledge.sentences[f.sentence],), said)
                for f, said in _reported(knowledge, readable)]  # (these may come from inside a quotation)
    candidates += [c for c in reported if _can_be_a_point(c, rules)]
    chosen = [candidates[0]]
    covered = set(candidates[0].units)
    while True:
        used = sum(len(c.text) for c in chosen)
        taken = {s.index for c in chosen for s in c.sentences}
        options = [(None, c) for c in candidates if len(chosen) < rules.max_points]
        full = len(chosen) >= rules.max_points  # then a point may also carry on into the next paragraph
        options += [(at, c) for at, point in enumerate(chosen) for c in _carried_on(story, point, taken, full)]
        best, best_value = None, 0.0
        for at, candidate in options:
            extra = len(candidate.text) - (len(chosen[at].text) if at is not None else 0)
            if at is None and taken & {s.index for s in candidate.sentences} or used + extra > rules.max_characters:
                continue
            new = _new_units(candidate.units, covered)
            if _restates(candidate, new) or at is not None and all(u.startswith(("word:", "actor:")) for u in new):
                continue
            gain = _gain(new, story.salience, rules) - candidate.penalty
            if at is None:
                gain += rules.weights["early"] / candidate.sentences[0].paragraph
            value = gain / (max(extra, 1) / 100) ** rules.weights["length_power"]
            if value > best_value:
                best, best_value = (at, candidate), value
        if best is None:
            break
        at, candidate = best
        if at is None:
            chosen.append(candidate)
        else:
            chosen[at] = candidate
        covered |= candidate.units
        chosen = _joined(story, chosen)
    chosen.sort(key=lambda c: c.sentences[0].index)
    return tuple(BriefingPoint(text=c.text, quote=_quote(knowledge, c.sentences)) for c in chosen)


def _story(knowledge: Knowledge, body: list[Sentence], rules: BriefingRules) -> _Story:
    acting = {f.subject for f in knowledge.facts if f.kind in _POSITION_KINDS}
    actors = [e for e in knowledge.entities if e.kind in _ACTOR_KINDS or e.id in acting
              or e.kind == "place" and _opens_a_sentence(e, body)]
    shared = _shared_names(actors)
    heads = _head_nouns(actors, rules.body_heads)
    patterns = {e.id: _name_pattern(e, shared.get(e.id, frozenset()), heads.get(e.id, "")) for e in actors}
    salience = {e.id: math.log(1 + len(e.mentions)) for e in actors}
    salience |= {f"w-{word}": math.log(count) for word, count in _word_counts(body, rules).items()}
    return _Story(knowledge, tuple(body), patterns, _sides(actors, patterns), salience, rules)


def _carried_on(story: _Story, point: _Candidate, taken: set[int], across: bool) -> list[_Candidate]:
    """The point carried on with the sentence after it in its paragraph, or opened with the one before
    ("Members voted by 88% to turn down the offer." + "The strike will run from 9 to 12 June."): one more
    fact without one more point, as the points are at most ``max_points``.  ``across``: once the brief has
    all its points, the characters left may also go to the sentence after (or before) the point in the
    next (or previous) paragraph, news paragraphs being often one sentence long ("... the centre was busy
    with shoppers." + "A security guard was treated in hospital ...").  Not a reported point, whose text
    is not its sentence's, nor a sentence mostly of quoted words."""
    if point.reported:
        return []
    out = []
    for step in (1, -1):
        neighbour = _neighbour(story, point, step, across)
        if neighbour is None or neighbour.index in taken:
            continue
        longer = _longer(story, (*point.sentences, neighbour) if step > 0 else (neighbour, *point.sentences))
        if longer is not None and not _mostly_quoted(neighbour.text):
            out.append(longer)
    return out


def _mostly_quoted(text: str) -> bool:
    """Whether most of a sentence is someone's quoted words ("Speaking outside court, he said: “I’ve been
    waiting ...”"): carried on in a point it adds a voice, not a fact."""
    return 2 * sum(len(q) for q in _QUOTED.findall(text)) > len(text)


def _neighbour(story: _Story, point: _Candidate, step: int, across: bool = False) -> Sentence | None:
    """The sentence right after (``step`` 1) or before (-1) the point in its paragraph (or, ``across``,
    in the paragraph next to it), if any; not one inside a quotation opened before it, to open a point with."""
    edge = point.sentences[-1] if step > 0 else point.sentences[0]
    i = next(i for i, s in enumerate(story.body) if s.index == edge.index) + step
    if not 0 <= i < len(story.body) or story.body[i].paragraph != edge.paragraph and not across:
        return None
    if step < 0 and inside_quotation(story.knowledge.text, story.body[i].start):
        return None
    return story.body[i]


def _longer(story: _Story, sentences: tuple[Sentence, ...]) -> _Candidate | None:
    """The sentences as one point, if it stays within ``point_max`` and reads alone."""
    longer = story.candidate(sentences)
    return longer if len(longer.text) <= story.rules.point_max and reads_alone(longer.text, story.rules) else None


def _joined(story: _Story, chosen: list[_Candidate]) -> list[_Candidate]:
    """The points with two that are next to each other in one paragraph made one ("Drivers earn an average
    of £29,500 a year. The union is asking for 9%."): the same facts, and a point free for another."""
    chosen = sorted(chosen, key=lambda c: c.sentences[0].index)
    for i in range(1, len(chosen)):
        before, after = chosen[i - 1], chosen[i]
        if before.reported or after.reported or _neighbour(story, before, 1) != after.sentences[0]:
            continue
        joined = _longer(story, (*before.sentences, *after.sentences))
        if joined is not None and joined.units >= before.units | after.units:
            return _joined(story, [*chosen[:i - 1], joined, *chosen[i + 1:]])
    return chosen


def _can_be_a_point(candidate: _Candidate, rules: BriefingRules) -> bool:
    """Whether a candidate other than the lead can be a point: it reads alone and, shortened, it is no
    longer than ``point_max`` (a longer one costs the brief the room of two points for one)."""
    return reads_alone(candidate.text, rules) and len(candidate.text) <= rules.point_max


def _opens_a_sentence(place: Entity, body: list[Sentence]) -> bool:
    """Whether a place is the subject a sentence opens with ("The UK and France have been among the
    countries ready to send troops"): a state acting, one of the sides of the story."""
    names = "|".join(re.escape(n) for n in sorted(_bare_names(place), key=len, reverse=True))
    if not names:
        return False
    opening = re.compile(rf"^(?:The\s+)?(?:{names})(?:\s+and\s+(?:the\s+)?[A-Z][\w-]*)?\s+[a-z]")
    return any(opening.match(s.text) for s in body)


def _groups(body: list[Sentence], rules: BriefingRules) -> list[tuple[Sentence, ...]]:
    """Each sentence on its own and, for one that opens with a pronoun, with the sentence before it
    in its paragraph, which says who the pronoun is."""
    groups: list[tuple[Sentence, ...]] = []
    for i, sentence in enumerate(body):
        groups.append((sentence,))
        if i and body[i - 1].paragraph == sentence.paragraph and (first_word(sentence.text) in rules.pronouns):
            groups.append((body[i - 1], sentence))
    return groups


def _quote(knowledge: Knowledge, sentences: tuple[Sentence, ...]) -> Quote:
    start, end = sentences[0].start, sentences[-1].end
    return Quote(knowledge.text[start:end], start, end)


def _new_units(units: frozenset[str], covered: set[str]) -> frozenset[str]:
    """What a point adds: its units not in the brief yet; an actor's words add nothing once its stance is
    given ("Brennan has agreed to be bought" said, "the chairman said the board recommended the offer"
    is the same side again)."""
    return frozenset(u for u in units - covered
                     if not (u.startswith("position:") and "stance:" + u.partition(":")[2] in covered))


def _restates(candidate: _Candidate, new: frozenset[str]) -> bool:
    """A point that adds no actor, position, amount or next step and whose words are mostly in the
    brief already says again what the brief says ("They said a force could be 'north of 10,000'")."""
    words = [u for u in candidate.units if u.startswith("word:")]
    return all(u.startswith("word:") for u in new) and 2 * len(new) <= len(words)


def _gain(units: frozenset[str], salience: dict[str, float], rules: BriefingRules) -> float:
    """What new units add to the brief; a point's numbers beyond the first few add nothing more
    (a sentence of statistics is one fact, not five)."""
    numbers = sum(1 for u in units if u.startswith("number:"))
    gain = sum(_weight(u, salience, rules) for u in units if not u.startswith("number:"))
    return gain + rules.weights["number"] * min(numbers, rules.max_numbers_per_point)


def _weight(unit: str, salience: dict[str, float], rules: BriefingRules) -> float:
    kind, _, key = unit.partition(":")
    if kind == "actor":
        return rules.weights["actor"] + rules.weights["actor_salience"] * salience.get(key, 0.0)
    if kind == "word":
        return rules.weights["word"] * salience.get(f"w-{key}", 0.0)
    if kind in ("position", "stance", "deed"):  # the main actors' positions matter more than a bystander's
        return rules.weights[kind] + rules.weights["position_salience"] * salience.get(key, 0.0)
    return rules.weights[kind]


def _reported(knowledge: Knowledge, readable: set[int]) -> list[tuple[Fact, str]]:
    """What someone said, as "Name said ...", for a sentence that cannot be a point as it stands ("He was
    frightened,” she said, adding that he would appeal." -> "Joanne Pellow said he would appeal.")."""
    out = []
    for fact in knowledge.facts:
        entity = knowledge.entity(fact.subject) if fact.kind == "indirect" and fact.subject else None
        content = fact.content.strip().rstrip(".")
        if entity is None or fact.sentence in readable or fact.sentence <= 0 or len(content.split()) < 3 \
                or content.count("“") != content.count("”") or content[:1] in "“\"" or denied(fact):
            continue
        out.append((fact, f"{as_written(entity, knowledge, opening=True)} said {content}."))
    return out


def _candidate(knowledge: Knowledge, sentences: tuple[Sentence, ...], patterns: dict[str, re.Pattern[str]],
               sides: dict[str, str], rules: BriefingRules, said: str = "") -> _Candidate:
    """What a point would add, judged on its shortened text (what the reader sees); ``said`` is the text
    of a reported point (:func:`_reported`) instead of the sentence's own."""
    opening = _standalone(sentences[0], knowledge, rules)
    # a closing ", it found." is named in a later sentence too: after two sentences "it" could be either's subject
    text = said or " ".join(shorten(opening if i == 0 else name_a_closing_speaker(s.text, s, knowledge),
                                    rules.point_target) for i, s in enumerate(sentences))
    if text.count("“") == text.count("”") + 1 and text.endswith((".", "!", "?")):
        text += "”"  # the first sentence of a longer quotation: the rest of the quotation left out
    named = _named(text, patterns)
    units = {f"actor:{eid}" for eid in named}
    indices = {s.index for s in sentences}
    facts = [f for i in sorted(indices) for f in knowledge.facts_in(i)]  # what follows is a set: order aside
    for fact in facts:
        unsaid = fact.kind in SPEECH_KINDS and denied(fact)  # "has not yet said how it will vote": no position
        if fact.kind in _POSITION_KINDS and fact.subject in named and not unsaid:
            kind = "stance" if fact.kind == "stance" else "position"
            # "Acme boss Jo Li said ...": the words are Acme's side of the story, one side, not two
            units.add(f"{kind}:{sides.get(fact.subject, fact.subject)}")
        elif fact.kind == "action" and fact.subject in named and not fact.reported_by \
                and not _in_relative_clause(fact, knowledge.sentences[fact.sentence].text):
            units.add(f"deed:{fact.subject}")  # what a named actor did ("Pellow struck Reyes")
        elif fact.value and fact.value.strip() in text \
                and is_key_number(fact, knowledge.sentences[fact.sentence].text):
            units.add(f"number:{_amount(fact.value)}")
    units |= {f"stance:{eid}" for eid in named if _takes_a_stance(text, patterns[eid])}
    # a sum, a price or a share is an amount whether or not the extraction made it a fact ("will pay 315p")
    units |= {f"number:{_amount(m.group())}" for m in _MONEY_OR_SHARE.finditer(text)}
    units |= {f"word:{word}" for word in _content_words(text, rules)}
    lowered = text.lower()
    times = {f.time.lower() for f in facts if f.kind == "time" and f.time}
    if any(_cue_before(lowered, time, rules.next_cues) for time in times):
        units.add("next")  # "will be sentenced on 2 May", "a vote expected in June"
    outside = _QUOTATION.sub(" ", lowered)
    units |= {f"harm:{kind}" for kind, words in rules.harm.items() if words.search(outside)}
    subject = _first_named(text, named, patterns)  # whose step it is: the one the point opens with
    unsaid = {f.subject for f in facts if f.kind in SPEECH_KINDS and denied(f)}
    if subject and subject not in unsaid \
            and any(re.search(rf"\b{re.escape(cue)}\b", outside) for cue in rules.next_cues):
        units.add(f"plan:{subject}")  # "Acme will pay 315p", "Jo Li will step down": a step still to come
    if subject and rules.condition_cues.search(outside):
        units.add(f"stance:{sides.get(subject, subject)}")  # "would back it only if it froze parking charges"
    penalty = rules.weights["quote_only"] if text.startswith(("“", '"')) else 0.0
    return _Candidate(sentences=sentences, text=text, units=frozenset(units), penalty=penalty, reported=bool(said))


def _first_named(text: str, named: set[str], patterns: dict[str, re.Pattern[str]]) -> str:
    """The entity the text names first ("Margaret Hollis pointed out that the council ..." -> Hollis)."""
    starts = {eid: m.start() for eid in named if (m := patterns[eid].search(text)) is not None}
    return min(starts, key=starts.__getitem__) if starts else ""


def _takes_a_stance(text: str, pattern: re.Pattern[str]) -> bool:
    """Whether the text has the actor as the subject of a stance verb, an aside between commas allowed
    ("Pellow, of Orchard Rise, denied both charges"): a stance the extraction may have missed."""
    forms = load_lexicon().stance_verbs
    for found in pattern.finditer(text):
        for aside in _ASIDES:
            verb = aside.match(text, found.end())
            if verb is not None and verb.group(1) in forms:
                return True
    return False


# right after the name: no aside, one or two between commas ("Pellow, of Orchard Rise, Halbury, denied")
_ASIDES = [re.compile(rf"(?:,[^,“”]{{1,40}}){{{n}}}{',' if n else ''}\s+(?:has\s+|have\s+|had\s+)?([a-z]+)\b")
           for n in range(3)]


def _in_relative_clause(fact: Fact, sentence: str) -> bool:
    """Whether a deed is background in an aside (", who founded the company in 2017,")."""
    at = sentence.find(fact.content) if fact.content else -1
    return re.match(r"(?:who|which|whose)\b", fact.content) is not None or at > 0 and re.search(
        r",\s+(?:who|which|whose)\s+(?:\w+\s+){0,2}$", sentence[:at]) is not None


def _named(text: str, patterns: dict[str, re.Pattern[str]]) -> set[str]:
    """The entities a text names: a name inside another entity's longer name is not a mention of it
    ("Pellow" in "Joanne Pellow" is not Graham Pellow, "Brennan" in "Brennan Foods" not Hugh Brennan)."""
    spans = {eid: [m.span() for m in pattern.finditer(text)] for eid, pattern in patterns.items()}
    longer = [(eid, start, end) for eid, found in spans.items() for start, end in found]
    return {eid for eid, found in spans.items()
            if any(not any(other != eid and o_start <= start and end <= o_end and o_end - o_start > end - start
                           for other, o_start, o_end in longer) for start, end in found)}


_MONEY_OR_SHARE = re.compile(r"[£$€¥]\d[\d,.]*(?:\s*(?:m|bn|million|billion)\b)?|\b\d[\d,.]*(?:p\b|%|\s*per ?cent\b)")


def _amount(value: str) -> str:
    """The amount itself, so a restatement is no new number: "over 10,000" and "comfortably north of
    10,000" are both "10,000"; "£18m" stays "£18m"; a value without digits stays as written."""
    core = re.search(r"[£$€¥]?\d[\d,.]*(?:\s*(?:%|m\b|bn\b|million\b|billion\b|per ?cent\b))?", value)
    return (core.group() if core else value.strip()).rstrip(",.").lower()  # "£2,400," as "£2,400"


def _standalone(sentence: Sentence, knowledge: Knowledge, rules: BriefingRules) -> str:
    """The sentence as it reads without the one before it: a lead-in that points back dropped ("This
    comes after ..."), and an opening subject pronoun replaced by the name of whom it stands for when a
    statement of the sentence has that subject right after it ("He urged Putin ..." -> "Sir Keir
    Starmer urged Putin ...").  Anything else is left as the article has it."""
    text = _name_a_possessive_opening(name_an_age_opening(sentence.text, knowledge), knowledge)
    text = name_a_closing_speaker(text, sentence, knowledge)
    without = drop_context_lead(text, rules)
    if without != text:
        return without
    words = text.split(maxsplit=2)
    pronoun = words[0].lower() if words else ""
    if len(words) < 3 or pronoun not in rules.subject_pronouns:
        return text
    lexicon = load_lexicon()
    forms = {**lexicon.speech_verbs, **lexicon.stance_verbs, **lexicon.action_verbs}
    verb = re.sub(r"\W+$", "", words[1].lower())
    for fact in knowledge.facts_in(sentence.index):
        entity = knowledge.entity(fact.subject)
        if entity is not None and entity.kind in rules.subject_pronouns[pronoun] and fact.verb \
                and forms.get(verb) == fact.verb.split("_")[0]:
            return f"{as_written(entity, knowledge, opening=True)} {text[len(words[0]) + 1:]}"
    entity = _only_one_before(sentence, knowledge, rules.subject_pronouns[pronoun])
    return f"{as_written(entity, knowledge, opening=True)} {text[len(words[0]) + 1:]}" if entity is not None else text


_POSSESSIVE_OPENING = re.compile(r"^(?:(?:But|And),?\s+)?(?:[Hh]is|[Hh]er|[Tt]heir|[Ii]ts)\s+[^,“”]{1,40},\s+")


def _name_a_possessive_opening(text: str, knowledge: Knowledge) -> str:
    """ "But his sister, Joanne Pellow, said ..." out of context has a "his" nobody can place; the name in
    apposition says who speaks, so the point opens with it: "Joanne Pellow said ..."."""
    found = _POSSESSIVE_OPENING.match(text)
    if found is None:
        return text
    rest = text[found.end():]
    # the name may close a description of its own ("Their informal leader, the retired headteacher Ruth
    # Kinsella, said"): the words before it are the role, which /who gives
    described = re.match(r"(?:the|a|an)\s+(?:[a-z][\w-]*\s+){1,4}", rest)
    for start in (rest, rest[described.end():] if described else ""):
        for entity in knowledge.entities:
            for name in sorted(_bare_names(entity), key=len, reverse=True):
                if start and entity.kind == "person" and start.startswith(name + ","):
                    return name + start[len(name) + 1:]
    return text


def _only_one_before(sentence: Sentence, knowledge: Knowledge, kinds: frozenset[str]) -> Entity | None:
    """Whom an opening pronoun stands for when nothing can mistake it: the one entity of its kinds that
    the sentence refers to without naming it, and the only one of those kinds the sentence before it
    (same paragraph) mentions ("... to convict Pellow. He was cleared ..." -> Pellow).  With two
    candidates ("Judge Thornton remanded Pellow. He will be sentenced ...") it stays a pronoun."""
    before = knowledge.sentences[sentence.index - 1] if sentence.index > 0 else None
    if before is None or before.paragraph != sentence.paragraph:
        return None
    referred = [e for e in knowledge.entities if e.kind in kinds and sentence.index in e.mentions
                and not _name_pattern(e).search(sentence.text)]
    earlier = [e for e in knowledge.entities if e.kind in kinds and before.index in e.mentions]
    if len(referred) == 1 and [e.id for e in earlier] == [referred[0].id]:
        return referred[0]
    return None


_QUOTATION = re.compile(r"“[^”]*”|\"[^\"]*\"")
_QUOTED = re.compile(r"“[^”]*(?:”|$)|\"[^\"]*(?:\"|$)|^[^“”]*”")  # a quotation, also one the sentence opens or closes
NEXT_REACH = 80  # a cue of what happens next governs a time expression at most this many characters on


def _cue_before(lowered: str, time: str, cues: tuple[str, ...]) -> bool:
    """Whether a cue of the future ("will", "expected") leads up to this time expression."""
    at = lowered.find(time)
    if at < 0:
        return False
    before = lowered[max(0, at - NEXT_REACH):at]
    return any(re.search(rf"\b{re.escape(cue)}\b", before) for cue in cues)


_WORD = re.compile(r"[a-z][a-z’'-]{3,}")


def _content_words(text: str, rules: BriefingRules) -> set[str]:
    """The lower-case content words of a text, a crude stem each (plural and past endings off)."""
    words = {w.strip("’'-") for w in _WORD.findall(text.lower())}
    return {re.sub(r"(?:ies|es|s|ed|ing)$", "", w) for w in words if w not in rules.function_words}


def _word_counts(body: list[Sentence], rules: BriefingRules) -> dict[str, int]:
    """How many sentences of the article use each content word: the story's recurring words."""
    counts: dict[str, int] = {}
    for sentence in body:
        for word in _content_words(sentence.text, rules):
            counts[word] = counts.get(word, 0) + 1
    return counts


def _bare_names(entity: Entity) -> set[str]:
    bare = (re.sub(r"^(?:the|a|an)\s+", "", n, flags=re.IGNORECASE) for n in (entity.name, *entity.aliases))
    return {n for n in bare if n[:1].isupper()}  # "the Kremlin": "Kremlin"


def _shared_names(entities: list[Entity]) -> dict[str, frozenset[str]]:
    """Names two entities share ("Pellow" for Graham and Joanne Pellow), for each entity that is not
    the one mentioned most: there the name means the other one."""
    owners: dict[str, list[Entity]] = {}
    for entity in entities:
        for name in _bare_names(entity):
            owners.setdefault(name, []).append(entity)
    out: dict[str, set[str]] = {}
    for name, sharing in owners.items():
        main = max(sharing, key=lambda e: len(e.mentions))
        for entity in sharing:
            if entity is not main:
                out.setdefault(entity.id, set()).add(name)
    return {eid: frozenset(names) for eid, names in out.items()}


def _sides(actors: list[Entity], patterns: dict[str, re.Pattern[str]]) -> dict[str, str]:
    """Whose side a person speaks for: the organisation their role names ("Calloway boss", "a fund
    manager at Kestrel Capital"), when it names exactly one."""
    out: dict[str, str] = {}
    for person in actors:
        if person.kind != "person" or not person.role:
            continue
        bodies = [e.id for e in actors if e.kind in ("organisation", "group") and patterns[e.id].search(person.role)]
        if len(bodies) == 1:
            out[person.id] = bodies[0]
    return out


def _head_nouns(actors: list[Entity], body_heads: frozenset[str]) -> dict[str, str]:
    """ "the commission" for the Personal Data Commission, "the trust" for Fenwick Health Trust: an
    organisation by the last word of its name when that word names a kind of body (``body_heads``) and
    no other actor's name ends in it."""
    last = {e.id: e.name.split()[-1].lower() for e in actors if e.kind == "organisation" and " " in e.name}
    ends = [e.name.split()[-1].lower() for e in actors if e.name]
    return {eid: f"the {word}" for eid, word in last.items() if word in body_heads and ends.count(word) == 1}


def _name_pattern(entity: Entity, shared: frozenset[str] = frozenset(), head: str = "") -> re.Pattern[str]:
    """How the text names an entity: its proper name or any alias ("the Kremlin"), as whole words, and
    ``head`` ("the commission", :func:`_head_nouns`); a name that means another entity (``shared``) is
    left out unless it is its only one."""
    own = _bare_names(entity)
    names = sorted(own - shared or own, key=len, reverse=True)
    if head:
        names.append(head)
        names.append(head[:1].upper() + head[1:])
    if not names:
        return re.compile(r"(?!x)x")  # never matches: the text never names it
    # "Ms Whitfield’s department", "Dr Pryce’s figures": a possessive names what is theirs, not them acting
    return re.compile(r"\b(?:" + "|".join(re.escape(n) for n in names) + r")\b(?![’']s\b)")
