"""Example questions: the one picker behind /start, "hi", declines' suggestions and buttons.

It lives with the engine because the engine's own replies (greetings, declines) offer examples,
and every example must be a question the engine answers.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from knowledge.lexicon import load_lexicon
from knowledge.model import Knowledge, QAPair
from knowledge.people import load_people_words
from knowledge.store import KnowledgeFileError, read_yaml_data

__all__ = ["EXAMPLE_KINDS", "QuestionGrammar", "as_question", "example_questions", "phrasing", "reads_as_question"]

GRAMMAR_FILE = Path(__file__).parent / "data" / "questions.yaml"
PHRASING_MAX_CHARS = 60

EXAMPLE_KINDS = ("what", "identity", "how_many", "where", "when", "who", "why", "summary", "headline")
EXAMPLE_MAX_CHARS = 48
_ACTOR_KINDS = ("person", "organisation", "group")  # who the story is about; a place is where it happens
_ABOUT_SOMEONE = ("what", "identity")  # "What did X say?", "Who is X?": the main actors' first


def example_questions(
    knowledge: Knowledge, count: int = 3, answerable: Callable[[str], bool] | None = None
) -> tuple[str, ...]:
    """Up to ``count`` short questions the article answers, about different subjects and of
    different kinds where possible.

    Kinds are taken in :data:`EXAMPLE_KINDS` order; within a kind, "What did X say?" and "Who is X?"
    about the story's main actors (the people and bodies the article mentions in most sentences) come
    first, a count of something before an age, then questions with more stored phrasings.  ``answerable`` (e.g. "the engine answers it") filters them.  They are shown
    capitalised, with a question mark.
    """
    mentions = {e.id: len(e.mentions) for e in knowledge.entities if e.kind in _ACTOR_KINDS}
    facts = {f.id: f for f in knowledge.facts}
    candidates = []
    for order, pair in enumerate(knowledge.qa):
        question = phrasing(pair, EXAMPLE_MAX_CHARS)
        if not question:
            continue
        rank = EXAMPLE_KINDS.index(pair.kind) if pair.kind in EXAMPLE_KINDS else len(EXAMPLE_KINDS)
        subject = pair.terms[0] if pair.terms else None
        salience = -mentions.get(subject or "", 0) if pair.kind in _ABOUT_SOMEONE else 0
        fact = facts.get(pair.fact or "")
        # an age ("the 45-year-old councillor") or a figure that counts nothing says less than a count
        bare = fact is not None and fact.kind == "number" and (not fact.counts.strip() or fact.value.endswith("-year-old"))
        candidates.append(((rank, salience, bare, -len(pair.questions), order), question, pair.kind,
                           pair.fact or pair.id, subject))
    candidates.sort(key=lambda c: c[0])
    chosen: list[str] = []
    kinds: set[str] = set()
    seen: set[str] = set()  # facts and subjects already shown
    for strict in (True, False):
        for _, question, kind, fact, subject in candidates:
            if len(chosen) >= count:
                return tuple(chosen)
            if question in chosen or fact in seen:
                continue
            if strict and (kind in kinds or (subject is not None and subject in seen)):
                continue
            if answerable is not None and not answerable(question):
                continue
            chosen.append(question)
            kinds.add(kind)
            seen.update(x for x in (fact, subject) if x is not None)
    return tuple(chosen)


def as_question(text: str) -> str:
    """A stored phrasing as a person would type it: capitalised, ending in a question mark."""
    text = " ".join(text.split())
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    text = re.sub(r"[.,](?=[”\"]$)", "", text)  # 'Who said “He walked out.”': the quote's full stop goes
    return text if text.endswith("?") else text.rstrip(".!") + "?"


@dataclass(frozen=True, slots=True)
class QuestionGrammar:
    """The word lists :func:`reads_as_question` checks a phrasing against (``data/questions.yaml``),
    with the article-independent verb forms of the knowledge lexicon."""

    question_words: frozenset[str]
    needs_auxiliary: frozenset[str]
    auxiliaries: frozenset[str]
    singular_questions: tuple[str, ...]
    plurals_without_s: frozenset[str]
    mass_nouns: frozenset[str]
    bare_units: frozenset[str]
    vague_counts: frozenset[str]
    empty_adjectives: frozenset[str]
    count_openers: tuple[str, ...]
    pronouns: frozenset[str]
    noun_phrase_openers: tuple[str, ...]
    noun_phrase_words: int
    finite_verbs: frozenset[str]
    past_forms: frozenset[str]
    same_past_verbs: frozenset[str]
    needs_article: tuple[str, ...]
    determiners: frozenset[str]
    dangling_ends: frozenset[str]
    object_pronouns: frozenset[str]
    particles: frozenset[str]
    common_verbs: frozenset[str]
    base_verbs: frozenset[str]  # verbs the lexicon knows, in their base form ("plan", "name")
    number_words: frozenset[str]
    roles: frozenset[str]  # "councillor", "minister": a person, which has no size or length
    # "the", "a", "about", "nearly", "several": words that open a noun phrase or an amount, lower case
    # inside a question ("How much did About a quarter ..." is a sentence's opening pasted in)
    phrase_openers: frozenset[str]


_LISTS = ("question_words", "needs_auxiliary", "auxiliaries", "plurals_without_s", "mass_nouns", "bare_units",
          "vague_counts", "empty_adjectives",
          "finite_verbs", "past_forms", "same_past_verbs", "determiners", "dangling_ends", "object_pronouns", "particles",
          "pronouns", "common_verbs")


@lru_cache(maxsize=1)
def load_grammar(path: Path = GRAMMAR_FILE) -> QuestionGrammar:
    """Read the question grammar once; a missing entry is a one-line error naming the file."""
    data = read_yaml_data(path)
    lexicon = load_lexicon()
    forms = {**lexicon.speech_verbs, **lexicon.stance_verbs, **lexicon.action_verbs}
    try:
        return QuestionGrammar(
            **{name: frozenset(data[name]) for name in _LISTS},
            singular_questions=tuple(data["singular_questions"]), count_openers=tuple(data["count_openers"]),
            noun_phrase_openers=tuple(data["noun_phrase_openers"]),
            noun_phrase_words=int(data["noun_phrase_words"]), needs_article=tuple(data["needs_article"]),
            base_verbs=frozenset(form for form, base in forms.items() if form == base and " " not in form),
            number_words=lexicon.number_words,
            roles=frozenset(r.split()[-1] for r in lexicon.roles) | load_people_words().person_nouns,
            phrase_openers=frozenset({"the", "a", "an"} | {m.split()[0] for m in (*lexicon.number_modifiers,
                                                                               *lexicon.number_vague)}),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise KnowledgeFileError(f"{path}: missing or malformed entry: {exc}") from None


def phrasing(pair: QAPair, max_chars: int = PHRASING_MAX_CHARS) -> str | None:
    """The first of a pair's phrasings that reads as a question a person would type, or None.

    Sentence pairs (their "question" is the sentence itself) have none.
    """
    if pair.id.startswith("s") and pair.fact is None and pair.kind == "what":
        return None
    for text in pair.questions:
        question = as_question(text)
        if re.match(r"how many\b|what is the number of\b", question.lower()) and _SHARE_OR_MONEY.search(pair.answer):
            continue  # "How many shares in Acme?" answered "19%": a share or a sum is no count
        if question and len(question) <= max_chars and reads_as_question(question):
            return question
    return None


_WORD = re.compile(r"[\w’'-]+")
_SHARE_OR_MONEY = re.compile(r"%|[£$€¥]|\bper ?cent\b", re.IGNORECASE)
_QUOTED = re.compile(r'“[^”]*”?|"[^"]*"?')
# "When may (i.e., 5 2011, ...)?" is a cut-out aside; "Who lost Dyrrachium, Valona?", "Who invaded Scotland
# in 1072, riding?": one word after the last comma is the stump of a list or a clause cut short.
_TRAILING_WORD = re.compile(r",\s*[\w’'-]+\s*\?$")


def reads_as_question(question: str, grammar: QuestionGrammar | None = None) -> bool:
    """Whether a question is grammatical as people ask: "When did Kyiv agree?" yes, "When agreed to a
    ceasefire?", "How big is the shares?", "When was founded?", "Who plan but would not abandon it?" and
    "Who deployed by the army?" no.  Quoted words are the article's own and are not checked."""
    grammar = grammar or load_grammar()
    plain = _QUOTED.sub(" something ", question)
    words = _WORD.findall(plain)
    if len(words) < 2 or words[0].lower() not in grammar.question_words | grammar.auxiliaries \
            or _joins_clauses(plain, grammar) or question.count("“") != question.count("”") or '"' in plain \
            or "(" in plain or _TRAILING_WORD.search(plain):
        return False
    return not any(broken(words, [w.lower() for w in words], grammar, plain) for broken in _BROKEN)


def _lost_auxiliary(words: list[str], lowered: list[str], grammar: QuestionGrammar, plain: str) -> bool:
    """ "When agreed to ...", "When was founded?", "When did Kyiv agreed ...": the auxiliary, its subject
    and a base verb after "did" are each where English puts them."""
    opener = 2 if " ".join(lowered[:2]) in grammar.needs_auxiliary else 1
    if not (opener == 2 or lowered[0] in grammar.needs_auxiliary) or len(words) <= opener \
            or lowered[opener] in ("many", "much", "big", "long", "old", "far"):
        return False
    aux = lowered[opener]
    if aux not in grammar.auxiliaries or len(words) <= opener + 1 or _verb_like(words[opener + 1], grammar):
        return True
    if aux not in ("did", "does", "do"):
        return False
    rest = lowered[opener + 1:]
    return any(w in grammar.past_forms or (w.endswith("ed") and len(w) > 4) for w in rest) \
        or not any(w in grammar.common_verbs | grammar.base_verbs for w in rest)


def _plural_is(words: list[str], lowered: list[str], grammar: QuestionGrammar, plain: str) -> bool:
    """ "Who is the Presiding Officers?", "What were made?": "is" with a plural name (or "Officers's"),
    or a bare passive that says nothing of what was done to what."""
    if lowered[0] == "what" and len(words) == 3 and lowered[1] in ("was", "were") and _participle(words[2], grammar):
        return True
    if re.search(r"\ws[’']s\b", plain):
        return True  # "What is the Presiding Officers's role?"
    if lowered[:3] == ["what", "does", "the"] and lowered[-1] == "do" and words[-2][:1].isupper() \
            and _plural(lowered[-2], grammar):
        return True  # "What does the Presiding Officers do?"
    return lowered[:3] in (["who", "is", "the"], ["what", "is", "the"]) and len(words) > 3 \
        and words[-1][:1].isupper() and _plural(lowered[-1], grammar)


def _participle(word: str, grammar: QuestionGrammar) -> bool:
    return word[:1].islower() and (word.endswith("ed") or word in grammar.past_forms)


def _bad_who(words: list[str], lowered: list[str], grammar: QuestionGrammar, plain: str) -> bool:
    """ "Who deployed by ..." (a passive without its auxiliary), "Who plan ..." (a verb that does not
    agree with "who"), "Who said him he ...", "Who said was ..." (no clause after "said")."""
    if lowered[0] != "who" or len(words) < 2:
        return False
    verb = lowered[1]
    if len(words) == 2 or verb in grammar.determiners or verb == "to":
        return True  # "Who proposed?" (proposed what?), "Who to release the prisoners?"
    if len(words) == 3 and verb in ("was", "were") and _participle(words[2], grammar):
        return True  # "Who were expelled?": by whom, from where? ("Who is involved?" is a state)
    if len(words) > 2 and verb.endswith("ed") and lowered[2] == "by":
        return True
    if verb in grammar.base_verbs and verb not in grammar.same_past_verbs and not words[1][:1].isupper():
        return True
    if verb not in ("said", "claimed", "told"):
        return False
    said = lowered[2:]  # "Who said (that) him he ...", "Who told the press was ..."
    while said[:1] in (["that"], ["the"], ["press"]):
        said = said[1:]
    return bool(said) and said[0] in grammar.object_pronouns | grammar.finite_verbs


def _bad_count(words: list[str], lowered: list[str], grammar: QuestionGrammar, plain: str) -> bool:
    """ "How many Brennan’s shareholders?", "How many years?", "What is the number of hours?", "How many
    days Pacely has 28 days ...", "How big is the money?", "How long is the councillor?", "How big is the
    four years ago?", "How big is the don't come?" (a verb, not a thing), "What is the number of Brennan?", "How many people?", "What does £18m refer to?"."""
    text = " ".join(lowered)
    for opener in grammar.count_openers:
        if text.startswith(opener + " "):
            at = len(opener.split())
            counted = lowered[at] if len(words) > at else ""
            per_unit = len(words) == at + 3 and lowered[at + 1] == "per"  # "how many metres per second"
            if not words[at:] or not words[at][:1].islower() or ((len(words) == at + 1 or per_unit) and (
                    counted in grammar.bare_units | grammar.vague_counts or _modifier(counted))):
                return True
            if any(w[:1].isdigit() and not re.fullmatch(r"(?:1[89]|20)\d\d", w) for w in lowered[at:]):
                return True  # "How many accelerates at 1 m·s−2?": a number inside what is counted
            if len(words) > at + 1 and lowered[-1] in grammar.bare_units | grammar.vague_counts \
                    and all(w in grammar.empty_adjectives for w in lowered[at:-1]):
                return True  # "How many different ways?", "How many cubic metres?": only qualified, still vague
            if any(lowered[i] == counted and _is_number(lowered[i - 1], grammar) for i in range(at + 2, len(words))):
                return True  # the count itself in the question: a clause pasted after "how many days"
            if opener != "how much" and _not_a_plural_count(lowered[at:], grammar):
                return True
    for opener in grammar.singular_questions:
        if text.startswith(opener + " "):
            at = len(opener.split())
            head = [w for w in lowered[at:] if w not in ("of", "the")]
            if not head or not words[at][:1].islower() or _plural(head[0], grammar) or any(
                    w in grammar.mass_nouns | grammar.roles | grammar.bare_units | grammar.vague_counts
                    or _is_number(w, grammar)
                    or w.endswith(("’", "'", "n't", "n’t")) for w in lowered[at:]) or _modifier(head[-1]) \
                    or head[-1] in grammar.past_forms or head[-1].endswith(_ADVERB_ENDINGS):
                return True  # "How big is the came?" ("a few came"), "How big is the usually?": no thing
    # "What does £18m refer to?" names nothing the number counts: the reader must guess the question
    return lowered[:2] == ["what", "does"] and lowered[-2:] == ["refer", "to"]


_ADVERB_ENDINGS = ("ally", "ously", "ively", "ently", "antly", "arly")


def _not_a_plural_count(counted: list[str], grammar: QuestionGrammar) -> bool:
    """ "How many months’ rent?" (an amount of rent, not a count of months), "How many forces act?",
    "How many ships landing?", "How many questions available?": what "how many" counts is a plural noun,
    and a two-word phrase ends on it ("how many extra nurses", not "how many forces act")."""
    if any(w.endswith(("’", "'")) for w in counted) or not any(_plural(w, grammar) for w in counted):
        return True
    last = counted[-1]  # "forces act", "questions available": a word after the noun, and nothing more
    return len(counted) == 2 and not _plural(last, grammar) or len(counted) > 1 and _modifier(last)


def _modifier(word: str) -> bool:
    """ "How big is the reasonable?", "... the compared?": an adjective or participle, by its ending, is no
    head noun."""
    return word.endswith(("able", "ible", "ous", "ful")) or (word.endswith("ed") and not word.endswith("eed")
                                                             and len(word) > 4)


def _is_number(word: str, grammar: QuestionGrammar) -> bool:
    return word[:1].isdigit() or word in grammar.number_words


def _stray_pronoun(words: list[str], lowered: list[str], grammar: QuestionGrammar, plain: str) -> bool:
    """ "How long did the it last?", "What happened with it ...", "When will He be sentenced?": a pronoun
    with nothing before it to stand for; "What does Eighteen million refer to?": a capital left over from
    the sentence the words were taken from; "Who warned him he faced ...?": whom, the reader cannot know."""
    if lowered[0] == "who" and len(words) > 2 and lowered[2] in grammar.object_pronouns - {"her"}:
        return True  # ("her" may be a possessive: "Who held her seat?")
    for i in range(1, len(words)):
        word = lowered[i]
        if word in grammar.pronouns and (words[i][:1].isupper() or lowered[i - 1] in grammar.determiners
                                         or lowered[i - 1] in ("with", "many", "much", "about", "of")):
            return True
        if lowered[i - 1] == "the" and word in ("both", "all", "each", "every"):
            return True  # "the both companies"
        if words[i][:1].isupper() and (word in grammar.number_words or word in grammar.phrase_openers
                                       and i + 1 < len(words) and words[i + 1][:1].islower()):
            return True  # "What does Eighteen million ...", "When will The first ferry arrive?", "How much
            # did About a quarter of users pay?" (not "What did North Korea say?")
    return False


def _no_determiner(words: list[str], lowered: list[str], grammar: QuestionGrammar, plain: str) -> bool:
    """ "What is coalition of the willing?": a common noun needs its determiner."""
    text = " ".join(lowered)
    for start in grammar.needs_article:
        at = len(start.split())
        if text.startswith(start + " ") and words[at][:1].islower() and lowered[at] not in grammar.determiners:
            return True
    return False


def _long_noun_phrase(words: list[str], lowered: list[str], grammar: QuestionGrammar, plain: str) -> bool:
    """ "What happened with the mayor has not yet said how she will vote?", "What happened with briefing
    B-265, later published?": not a noun phrase."""
    text = " ".join(lowered)
    for opener in grammar.noun_phrase_openers:
        if text.startswith(opener + " "):
            rest = text[len(opener) + 1:].split()
            if len(rest) > grammar.noun_phrase_words or any(w in grammar.finite_verbs for w in rest) or "," in plain:
                return True
    return False


def _unfinished(words: list[str], lowered: list[str], grammar: QuestionGrammar, plain: str) -> bool:
    """ "... and has?", "When did Russia accept it?", "... and the Liberal Democrats seven?" (a verb
    left out): the question stops short."""
    last = lowered[-1]
    if last in grammar.dangling_ends and not (last == "have" and {"did", "does", "do"} & set(lowered[1:-1])):
        return True  # ("How many operations did she have?" ends on its verb)
    if len(words) > 3 and lowered[-2] == "and" and _verb_like(words[-1], grammar):
        return True  # "Who made experiments with venom and observed?": observed what?
    return (last.isdigit() or last in grammar.number_words) and len(words) > 2 and words[-2][:1].isupper()


def _symbol_name(words: list[str], lowered: list[str], grammar: QuestionGrammar, plain: str) -> bool:
    """ "What did M say?", "What did X do?": a single capital letter is a symbol of a formula, not
    someone who says or does things."""
    bare = (re.sub(r"[’']s$", "", w) for w in words[1:])
    return any(len(w) == 1 and w.isupper() and w not in ("I", "A") for w in bare)


def _adjective_after_auxiliary(words: list[str], lowered: list[str], grammar: QuestionGrammar, plain: str) -> bool:
    """ "When is equivalent to N?": "when/where/why is" needs a subject, not an adjective."""
    at = 2 if " ".join(lowered[:2]) in grammar.needs_auxiliary else 1
    return len(words) > at + 1 and (at == 2 or lowered[0] in grammar.needs_auxiliary) \
        and lowered[at] in grammar.auxiliaries and words[at + 1][:1].islower() \
        and words[at + 1].endswith(("ent", "ant", "able", "ible", "ous"))


def _count_then_loose_word(words: list[str], lowered: list[str], grammar: QuestionGrammar, plain: str) -> bool:
    """ "How many forces canceled?", "How many days up?", "How many vectors represented?": a count
    and one loose word after it, neither a question nor a noun phrase."""
    text = " ".join(lowered)
    opener = next((o for o in grammar.count_openers if text.startswith(o + " ")), None)
    if opener is None or len(words) != len(opener.split()) + 2:
        return False
    last = lowered[-1]
    return _verb_like(words[-1], grammar) or last in grammar.particles or last in grammar.base_verbs


def _left_over_tail(words: list[str], lowered: list[str], grammar: QuestionGrammar, plain: str) -> bool:
    """ "Who was given the medal the committee said?", "When did William invade Scotland riding?": the
    start of the next clause (a speaker and "said", a participle whose comma went) left at the end."""
    if len(words) > 4 and lowered[-1] in ("said", "says", "told", "added", "wrote") \
            and lowered[-2] not in grammar.question_words | grammar.auxiliaries:
        return True
    return len(words) > 4 and lowered[-1].endswith("ing") and words[-2][:1].isupper() \
        and lowered[1] in ("did", "does", "do")


_BROKEN = (_lost_auxiliary, _plural_is, _bad_who, _bad_count, _stray_pronoun, _no_determiner, _long_noun_phrase, _unfinished,
           _symbol_name, _adjective_after_auxiliary, _count_then_loose_word, _left_over_tail)


def _joins_clauses(text: str, grammar: QuestionGrammar) -> bool:
    """ "When had broken her hip, was moved to a ward?": a comma followed by a verb with no subject."""
    return any(word.lower() in grammar.finite_verbs for word in re.findall(r",\s+([\w’']+)", text))


def _verb_like(word: str, grammar: QuestionGrammar) -> bool:
    """A word right after "When was" that cannot be a subject: a participle or a finite verb."""
    lowered = word.lower()
    return word[:1].islower() and (lowered.endswith("ed") or lowered in grammar.finite_verbs)


def _plural(noun: str, grammar: QuestionGrammar) -> bool:
    return noun in grammar.plurals_without_s or (noun.endswith("s") and not noun.endswith(("ss", "us", "is")))
