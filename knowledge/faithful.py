"""Whether restating a deed with its resolved subject keeps who did what to whom.

A stance or action fact is "subject + the sentence's words from the verb on".  Saying "A gave B the
drugs" is only as true as the reading that A is the one who did it, and four shapes of English break
that reading even when A stands right before the verb:
- the passive: "A was given the drugs by B", "A has been fined": A is the one it was done to;
- negation: "A did not attack B" answers "who attacked B?" with the opposite;
- a hedge: "A is alleged to have given", "A was accused of hiding", "A reportedly paid";
- reported speech: "X said A had paid", "according to X, A paid": the article asserts only that X
  said so.
Where any of these holds, or the verb cannot be found, the answer is the sentence's own words
(:func:`verbatim_clause`), never a restatement.  This is the one place the check is made:
:mod:`knowledge.qa` asks it for every deed's answer lines.
"""

from __future__ import annotations

import re

from knowledge.lexicon import Lexicon, load_lexicon
from knowledge.model import Fact, Knowledge

__all__ = ["deed_lemma", "deed_words", "doers_by_sentence", "done_to_by_sentence", "doubt", "names_its_doer",
           "verbatim_clause"]

_WORD = re.compile(r"[A-Za-z][\w’'-]*")
_BE = frozenset({"be", "been", "being", "is", "are", "was", "were", "get", "gets", "got", "getting"})
_NEGATION = frozenset({"not", "never", "n't", "no", "neither", "nor", "cannot"})
_HEDGES = frozenset({"allegedly", "reportedly", "supposedly", "apparently", "purportedly"})
_HEDGED_FRAME = re.compile(r"\b(?:alleged|accused|suspected|said|reported|thought|believed|understood|claimed|"
                           r"rumoured|charged|denies|denied|deny)\s+(?:to\s+have|of|with)?\s*$", re.IGNORECASE)
_BOUNDARY = re.compile(r"[;:]\s|,\s|\s[–—]\s")
_FIRST_PERSON = re.compile(r"\b(?:me|us|my|our|I|we)\b")
_OBJECT_BEFORE = re.compile(r"\b(?:everything|anything|something|nothing|all|what|whatever)\s+(?:it|he|she|they|we)\s+"
                            r"(?:(?:has|had|have|also)\s+)?$", re.IGNORECASE)
MAX_LEAD = 100  # how far before the deed a clause may start and still be quoted whole


def doubt(fact: Fact, lexicon: Lexicon | None = None) -> str:
    """Why the fact's subject may not be the doer of its verb ("passive", "negated", "hedged",
    "reported", "gerund", "relative", "first-person", "unread"), or "" when the sentence says plainly that the subject did it.
    A "gerund" or "relative" deed's doer is sure but "X passing data" or "X passed on" (what was passed stood
    before the doer) says less than the sentence: its answer is the article's words."""
    lexicon = lexicon or load_lexicon()
    at = fact.quote.text.find(fact.content)
    if at < 0 or not fact.content:
        return "unread"
    found, k = _verb_at(fact, lexicon)
    words = [m.group() for m in found]
    if k is None:
        return "unread"
    chain = [w.casefold() for w in words[:k]]
    form = words[k].casefold()
    if _BE & set(chain) and form != fact.verb:
        return "passive"
    if _NEGATION & set(chain) or any(w.endswith("n't") for w in chain):
        return "negated"
    if _HEDGES & set(chain) or _HEDGED_FRAME.search(f"{fact.quote.text[:at]} {' '.join(words[:k])}"):
        return "hedged"
    if k == 0 and form.endswith("ing") and form != fact.verb:
        return "gerund"  # "fined for passing data": the doer is read from the clause it hangs on
    if _FIRST_PERSON.search(fact.content):
        return "first-person"  # a speaker's "he called me": the narrator cannot say it in those words
    if _OBJECT_BEFORE.search(fact.quote.text, 0, at):
        return "relative"  # "everything it passed on": what was done stands before the doer
    return "reported" if fact.reported_by else ""


def _verb_at(fact: Fact, lexicon: Lexicon) -> tuple[list[re.Match[str]], int | None]:
    """The content's words and the index of the fact's verb among them (None: not found)."""
    words = list(_WORD.finditer(fact.content))
    verbs = {**lexicon.action_verbs, **lexicon.stance_verbs, **lexicon.speech_verbs}
    return words, next((i for i, w in enumerate(words) if verbs.get(w.group().casefold()) == fact.verb), None)


def deed_words(fact: Fact, lexicon: Lexicon | None = None) -> str:
    """The deed from its verb on ("rejected an offer of 260p"), as a who-question asks it."""
    words, k = _verb_at(fact, lexicon or load_lexicon())
    return fact.content[words[k].start():] if k is not None else fact.content


def names_its_doer(fact: Fact, lexicon: Lexicon | None = None) -> bool:
    """Whether a deed with no resolved subject still has one in its own words ("the board had
    rejected it", "A landlord who attacked his tenant"): its clause opens with a noun phrase before an
    active, affirmed verb."""
    lexicon = lexicon or load_lexicon()
    found, k = _verb_at(fact, lexicon)
    words = [m.group() for m in found]
    if not k or words[0].casefold() in lexicon.verb_gap_words or words[0].casefold() in lexicon.clause_openers:
        return False
    chain = {w.casefold() for w in words[:k]}
    return not (_BE & chain and words[k].casefold() != fact.verb) and not _NEGATION & chain


def verbatim_clause(fact: Fact) -> str:
    """The sentence's own words for the deed: from the start of its clause to the end of the deed."""
    text = fact.quote.text
    at = text.find(fact.content)
    if at < 0:
        return text
    end = at + len(fact.content)
    start = 0
    if at > MAX_LEAD:
        cuts = [m.end() for m in _BOUNDARY.finditer(text, 0, at) if at - m.end() <= MAX_LEAD]
        start = cuts[0] if cuts else start
    return text[start:end].strip(" ,;")


def done_to_by_sentence(knowledge: Knowledge, lexicon: Lexicon | None = None) -> dict[int, dict[str, frozenset[str]]]:
    """For each sentence, each deed verb and whom the sentence says it was done to in the passive ("Acme
    has been fined"): a question that names Acme as the one who fined is upside down there."""
    lexicon = lexicon or load_lexicon()
    out: dict[int, dict[str, set[str]]] = {}
    for fact in knowledge.facts:
        if fact.kind in ("stance", "action") and fact.subject and doubt(fact, lexicon) == "passive":
            out.setdefault(fact.sentence, {}).setdefault(fact.verb, set()).add(fact.subject)
    return {k: {verb: frozenset(who) for verb, who in verbs.items()} for k, verbs in out.items()}


_BY = re.compile(r"\bby\s+(?:the\s+)?")


def _agent(fact: Fact, entities: dict, lexicon: Lexicon) -> str | None:
    """Who did a passive deed, when the sentence names them right after "by" ("has been fined £4m by the
    UK’s data watchdog" -> the watchdog's entity): an entity of the fact other than its subject."""
    words = deed_words(fact, lexicon)
    by = _BY.search(words)
    if by is None or _BOUNDARY.search(words, 0, by.start()):
        return None
    rest = words[by.end():].casefold()
    for entity_id in fact.entities:
        entity = entities.get(entity_id)
        if entity is None or entity_id == fact.subject:
            continue
        if any(rest.startswith(a.casefold().removeprefix("the ")) for a in (entity.name, *entity.aliases)):
            return entity_id
    return None


def deed_lemma(word: str, lexicon: Lexicon | None = None) -> str | None:
    """The deed verb a word is a form of ("accuse" for "accused"), or None."""
    lexicon = lexicon or load_lexicon()
    folded = word.casefold()
    return lexicon.action_verbs.get(folded) or lexicon.stance_verbs.get(folded)


def doers_by_sentence(knowledge: Knowledge, lexicon: Lexicon | None = None) -> dict[int, dict[str, frozenset[str]]]:
    """For each sentence, each deed verb and who the sentence plainly says did it (active voice, not
    negated or hedged): what a question that names someone else as the doer gets turned around.
    A deed of the same kind counts too ("struck" says who hit), unless the sentence has the verb itself."""
    lexicon = lexicon or load_lexicon()
    out: dict[int, dict[str, set[str]]] = {}
    kin: dict[int, dict[str, set[str]]] = {}
    entities = {e.id: e for e in knowledge.entities}
    for fact in knowledge.facts:
        why = doubt(fact, lexicon) if fact.kind in ("stance", "action") and fact.subject else "unread"
        doer = fact.subject if why in ("", "reported", "gerund", "relative", "first-person") else \
            _agent(fact, entities, lexicon) if why == "passive" else None
        if doer:
            out.setdefault(fact.sentence, {}).setdefault(fact.verb, set()).add(doer)
            for verb in lexicon.deed_kin.get(fact.verb, ()):
                kin.setdefault(fact.sentence, {}).setdefault(verb, set()).add(fact.subject)
    for k, verbs in kin.items():
        for verb, who in verbs.items():
            out.setdefault(k, {}).setdefault(verb, who)
    return {k: {verb: frozenset(who) for verb, who in verbs.items()} for k, verbs in out.items()}
