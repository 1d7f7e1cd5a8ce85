"""Whether the sentence puts the question's words in the same relations the question does.

A question can use only words its best sentence has and still ask something the sentence does
not say: "Who did King Charles swear fealty to?" of "Rollo agreed to swear fealty to King
Charles" (the king is the one sworn to, not the one swearing), "Frame Relay requires a handshake
from what?" of "X.25 requires a handshake" (the sentence gives the deed to another name), "What
cannot be solved?" of "problems that can be solved" (the denial is the question's own).  Coverage
and phrasing similarity cannot see these; the evidence here reads the order of the words around
the ones the question and the sentence share.

Everything works on word sequences, each word's content term (``None`` for a stopword) and which
words are written with a capital (names), so it holds in any English text: no verb list, no parser.
The decision model (:mod:`bot.engine.decision`) learns what each piece of evidence is worth.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from bot.engine.language import Language
from bot.engine.reader import Question
from bot.engine.related import opposite_terms

__all__ = ["STRUCTURE_FEATURES", "Reading", "read_question", "read_text", "structure_evidence"]

# One feature, how many of the checks below find the sentence relating the question's words
# otherwise: each alone fires on 1-5% of the questions, too few for a leaf of the fitted trees
# (tools/fit_decision.py MIN_LEAF); together they are one kind of evidence.  Held out by article,
# the count took the SQuAD log-loss from 0.622 to 0.612 and its AUC from 0.727 to 0.739
# (tools/fit_decision.py --dry-run on main c1ff296, with and without it).
# Counting the opposite of a word the question asks with (its own words, not only the kept terms)
# and a "-less" suffix took the SQuAD log-loss from 0.611 to 0.605 and its AUC from 0.737 to 0.745
# (main e155b03).
# The question's subject after what it says of it in the sentence (subject_swap), and a name's
# neighbour measured from the name's end ("King Charles III swear" is a name and its verb): the
# SQuAD log-loss 0.6050 -> 0.6035, AUC 0.7443 -> 0.7454 (main ff04350); they fire on 15 SQuAD
# questions, 3 of them answered right, none in the news or dev sets.
STRUCTURE_FEATURES = ("structure_conflict",)

# How far a word's neighbours reach: a denial covers the first content word within the next few
# words ("is not always practical"), a name's next word stands across at most one stopword ("swear
# fealty to King Charles").  Set by reading the public SQuAD and news questions, not fitted.
NEGATION_REACH = 3
NEIGHBOUR_REACH = 2
PAIR_REACH = 4  # two words further apart in the sentence than this are in different phrases: their order says nothing
# Words that deny what follows them, besides the language's own negations ("not", "never", ...);
# "non" is written joined to the one word it denies ("non-zero").
NEGATIVE_WORDS = frozenset({"fail", "fails", "failed", "failing", "unable", "lack", "lacks", "lacked", "lacking"})
JOINED_NEGATIONS = frozenset({"non"})
NEGATIVE_PREFIXES = ("un", "in", "im", "il", "ir", "dis", "non")
NEGATIVE_SUFFIX = "less"  # "motionless" denies "motion", "frictionless" "friction"
SHORTEST_PREFIXED = 4  # "likely"/"unlikely": shorter words make chance pairs ("do"/"undo" is no denial)
# Words between two that turn their order round: a passive's doer ("corrected by Galileo"), its
# subject ("the building was designed"), "the problem of Mercury" for "the Mercury problem".
TURNING_WORDS = frozenset({"by", "of", "is", "are", "was", "were", "be", "been", "being"})
# Words that tie a phrase to the one before it ("a packet in connectionless mode", "plants and
# animals"): the next phrase then belongs to the subject, or qualifies what was said, not says it.
JOINING_WORDS = frozenset({"of", "in", "on", "at", "for", "from", "to", "with", "by", "about", "into", "onto", "over",
                           "under", "between", "against", "through", "during", "after", "before", "since", "without",
                           "within", "across", "per", "and", "or", "than", "as"})
# A question opening with one of these fronts its wh-phrase up to the first auxiliary ("how many
# customaries | does Norman law have"): those words stand first whatever their role.
WH_OPENERS = frozenset({"who", "whom", "whose", "what", "which", "when", "where", "why", "how",
                        "in", "on", "at", "for", "from", "to", "by", "with"})
AUXILIARIES = frozenset({"did", "does", "do", "is", "are", "was", "were", "has", "have", "had", "can", "could",
                         "will", "would", "should", "may", "might", "must"})

_POSSESSIVE = re.compile(r"(\w+)['\u2019]s\b")
_POSSESSIVE_END = re.compile(r"['\u2019]s?$")
_CAPITALISED = re.compile(r"(?<![.!?] )(?<![.!?]\" )(?<!^)(?<!^\")\b[A-Z][\w'-]*")


@dataclass(frozen=True, slots=True)
class Reading:
    """A text as the evidence reads it: its words, each word's content term (None: a stopword), the
    positions of the words that are names (written with a capital inside a sentence, or with a
    digit) and of those written as possessives; worked out once for a sentence, since the decision
    reads each quote again and again: where each term stands, and the words it has with a negative
    prefix or suffix, without it ("independent" -> "dependent", "motionless" -> "motion").  ``own``
    holds the terms of all its words: a question's ``terms`` keep only those the reader kept, but
    the word a related one stood in for is still the word asked ("exit" asked, "release" standing in)."""

    words: tuple[str, ...]
    terms: tuple[str | None, ...]
    named: frozenset[int]
    possessive: frozenset[int]  # written with 's: "Watt's designs" stands before what it owns
    where: dict[str, list[int]] = field(compare=False)
    unprefixed: frozenset[str] = field(compare=False)
    own: frozenset[str] = field(compare=False)


def _reading(words: tuple[str, ...], terms: tuple[str | None, ...], named: frozenset[int],
             possessive: frozenset[int], own: frozenset[str] | None = None) -> Reading:
    where: dict[str, list[int]] = {}
    for i, term in enumerate(terms):
        if term is not None:
            where.setdefault(term, []).append(i)
    unprefixed = frozenset(w[len(p):] for w in set(words) for p in NEGATIVE_PREFIXES
                           if w.startswith(p) and len(w) - len(p) >= SHORTEST_PREFIXED) | frozenset(
        w[:-len(NEGATIVE_SUFFIX)] for w in set(words)
        if w.endswith(NEGATIVE_SUFFIX) and len(w) - len(NEGATIVE_SUFFIX) >= SHORTEST_PREFIXED)
    return Reading(words, terms, named, possessive, where, unprefixed, frozenset(where) if own is None else own)


def read_text(language: Language, text: str, words: Sequence[str] | None = None) -> Reading:
    """A text's :class:`Reading`; ``words``: the text's words if already read (a question's)."""
    words = tuple(language.words(text) if words is None else words)
    terms = tuple(next(iter(language.terms(w)), None) for w in words)  # language.terms remembers each word
    # a name written as a possessive is still a name: "Robert's son" is Robert's
    capitalised = {_POSSESSIVE_END.sub("", w.lower()) for w in _CAPITALISED.findall(text.strip())}
    named = frozenset(i for i, w in enumerate(words) if w in capitalised or any(c.isdigit() for c in w))
    owners = {w.lower() for w in _POSSESSIVE.findall(text)}
    return _reading(words, terms, named, frozenset(i for i, w in enumerate(words) if w in owners))


def read_question(language: Language, question: Question) -> Reading:
    """A question's :class:`Reading`, its words' terms only those the reader kept.

    A word the article never uses that a related article word stands in for ("migrate" asked,
    "move" written) is a paraphrase, not another word; nor is the kind of answer asked for ("what
    year") content the sentence must have.
    """
    reading = read_text(language, question.text, question.words)
    kept = frozenset(question.terms)
    return _reading(reading.words, tuple(t if t in kept else None for t in reading.terms), reading.named,
                    reading.possessive, reading.own)


# -- denials --------------------------------------------------------------------------------------------
def _denied_terms(reading: Reading, negations: frozenset[str]) -> dict[str, bool]:
    """Each term -> whether every one of its occurrences is the first content word within reach after
    a denial ("cannot be solved": "solved"; "no movement, the static force": "movement" only)."""
    out: dict[str, bool] = {}
    words, terms = reading.words, reading.terms
    denied_at: set[int] = set()
    for i, word in enumerate(words):
        if word in JOINED_NEGATIONS and i + 1 < len(words):
            denied_at.add(i + 1)
        elif word in negations:
            first = next((j for j in range(i + 1, min(i + 1 + NEGATION_REACH, len(words))) if terms[j] is not None), None)
            if first is not None:
                denied_at.add(first)
    for i, term in enumerate(terms):
        if term is not None:
            out[term] = out.get(term, True) and i in denied_at
    return out


def _denials(reading: Reading, negations: frozenset[str]) -> int:
    return sum(w in negations or w in JOINED_NEGATIONS for w in reading.words)


def negation_flip(question: Reading, sentence: Reading, negations: frozenset[str]) -> bool:
    """Whether a word both have is denied on one side only, that side making more denials.

    "What cannot be solved?" of "problems that can be solved", "what kind of cells fail to send
    signals?" of "stressed cells send signals", "what is in P?" of "shown not to be in P": one side
    says the opposite about that word.  A whole-question negation check misses the first two (a
    denial in a relative clause narrows a noun).  Counting the denials keeps one both make in
    another order ("no internal forces that are unbalanced" for "no unbalanced internal forces")
    from counting.
    """
    negations = negations | NEGATIVE_WORDS
    more = _denials(question, negations) - _denials(sentence, negations)
    if not more:
        return False
    asked, said = _denied_terms(question, negations), _denied_terms(sentence, negations)
    return any(said[t] != denied and (more > 0) == denied for t, denied in asked.items() if t in said)


def prefix_opposite(question: Reading, sentence: Reading) -> bool:
    """Whether one side has a word the other has only with a negative prefix or suffix.

    "makes the bounds dependent" of "makes the bounds independent", "consistent" of "inconsistent",
    "objects in motion" of "motionless objects".
    """
    asked, said = set(question.words), set(sentence.words)
    return not (asked - said).isdisjoint(sentence.unprefixed) or not (said - asked).isdisjoint(question.unprefixed)


def opposite_word(question: Reading, sentence: Reading) -> bool:
    """Whether the sentence has the opposite of a word the question asks with and lacks that word.

    "What lets the water exit the tank?" of "... lets the water enter the tank", "the concrete
    question" of "the abstract question".  The question's own words count, not only the terms the
    reader kept: a word the article never uses may have been matched to a related article word
    ("exit" to "release"), and then its opposite in the sentence was no longer seen.  A question
    that names both ("abstract or concrete?") asks which.
    """
    for term in question.own - sentence.own:
        opposites = opposite_terms(term)
        if opposites and opposites.isdisjoint(question.own) and not opposites.isdisjoint(sentence.own):
            return True
    return False


# -- words in another place ------------------------------------------------------------------------------
def _content(reading: Reading, start: int = 0) -> list[tuple[int, str]]:
    return [(i, t) for i, t in enumerate(reading.terms) if t is not None and i >= start]


def swapped_word(question: Reading, sentence: Reading) -> bool:
    """Whether the sentence has another word where the question has one it lacks, between two it has.

    "a deterministic machine with a supply of random ribbons" of "... random bits" is one-sided;
    "what makes the bounds dependent of the details" of "makes the bounds independent of the
    details" has the words on either side in the same places and another word between.  Both
    neighbours must be in place: a word the sentence lacks with only one neighbour kept is as
    often a paraphrase.
    """
    has = sentence.where
    asked = {t for t in question.terms if t is not None}
    content = _content(question)
    n = len(sentence.terms)
    for k in range(1, len(content) - 1):
        (i, before), (j, term), (m, after) = content[k - 1], content[k], content[k + 1]
        if term in has or before not in has or after not in has or j - i > NEIGHBOUR_REACH:
            continue
        for at in sentence.where[before]:
            slot, then = at + j - i, at + m - i
            other = sentence.terms[slot] if then < n and sentence.terms[then] == after else None
            if other is not None and other not in asked and not other.isdigit():
                return True  # a number in a word's place is what a how-much question asks, not another word
    return False


def _fronted(words: Sequence[str]) -> int:
    """Where the question's fronted wh-phrase ends (the first auxiliary), 0 when none."""
    if not words or words[0] not in WH_OPENERS:
        return 0
    return next((i for i, w in enumerate(words) if w in AUXILIARIES), 0)


def _is_name(reading: Reading, i: int) -> bool:
    """A name the question puts in a relation: capitalised words, not numbers ("in 1781" moves about
    freely) or single letters (a formula's "X")."""
    return i in reading.named and reading.words[i].isalpha() and len(reading.words[i]) > 1


def _name_neighbours(question: Reading) -> list[tuple[str, str, int]]:
    """The question's first name outside a fronted wh-phrase with the word right after or before it:
    (name term, neighbour term, +1 if the neighbour follows else -1), where no word between them
    turns their order round and the neighbour is no adverb ("originally")."""
    content = _content(question, _fronted(question.words))
    out = []
    for k, (i, term) in enumerate(content):
        if not _is_name(question, i):
            continue
        for step in (1, -1):
            n, edge = k + step, i
            while 0 <= n < len(content) and content[n][0] in question.named:
                edge = content[n][0]  # a name's neighbour is measured from its own end: "King Harold II conquer"
                n += step  # the rest of the same name
            if not 0 <= n < len(content):
                continue
            at, other = content[n]
            if abs(at - edge) <= NEIGHBOUR_REACH and not question.words[at].endswith("ly") \
                    and not TURNING_WORDS.intersection(question.words[min(edge, at) + 1:max(edge, at)]):
                out.append((term, other, step))
        return out  # the first name decides: the others are the first one's company
    return out


def _passive(question: Reading) -> bool:
    """Whether the question may be passive ("when was Scotland invaded by William?": a "by", or a
    be-form among its first words): its names stand where an active sentence's do not."""
    return "by" in question.words or any(w in TURNING_WORDS for w in question.words[:3])


def side_swap(question: Reading, sentence: Reading) -> bool:
    """Whether a name the question puts before its next word stands after it in the sentence, or the reverse.

    "Who did King Charles swear fealty to?" names the king before "swear" (he swears); "Rollo
    agreed to swear fealty to King Charles" has him after it (he is sworn to).  Word pairs whose
    order a passive, "of" or a possessive turns round ("designed by Miralles", "the problem of
    Mercury", "Watt's engine") are not counted, nor words in different phrases.
    """
    if _passive(question):
        return False
    where = sentence.where
    for term, other, step in _name_neighbours(question):
        if term not in where or other not in where or other == term:
            continue
        name_at, other_at = min(((a, b) for a in where[term] for b in where[other]), key=lambda p: abs(p[0] - p[1]))
        between = sentence.words[min(name_at, other_at) + 1:max(name_at, other_at)]
        if step * (other_at - name_at) < 0 and abs(other_at - name_at) <= PAIR_REACH \
                and name_at not in sentence.possessive and not TURNING_WORDS.intersection(between):
            return True
    return False


def _next_content(sentence: Reading, at: int, step: int) -> int | None:
    """The position of the nearest content word from ``at`` in direction ``step`` within reach, None
    if there is none or a word between turns the order round or opens an infinitive ("to promote")."""
    for d in range(1, NEIGHBOUR_REACH + 1):
        i = at + step * d
        if not 0 <= i < len(sentence.words) or sentence.words[i] in TURNING_WORDS or sentence.words[i] == "to":
            return None
        if sentence.terms[i] is not None:
            return i
    return None


def given_to_other(question: Reading, sentence: Reading) -> bool:
    """Whether the sentence gives the question's name's place next to a word to another name.

    "Frame Relay requires a handshake from what?" of "the difference between X.25 and Frame Relay
    is that X.25 requires a handshake": every word is there, but the name right before "requires"
    is X.25.  Counted only where, each time the sentence has the word, another name the question
    never uses stands on the question's name's side of it and the question's own name is not
    close by ("Edward the Confessor returned" is still Edward returning).
    """
    where = sentence.where
    asked = {t for t in question.terms if t is not None}
    for term, other, step in _name_neighbours(question):
        if term not in where or other not in where or other == term:
            continue
        taken = 0
        for at in where[other]:
            beside = _next_content(sentence, at, -step)  # where the question's name would stand
            if beside is None or any(abs(n - at) <= PAIR_REACH for n in where[term]):
                break
            if beside in sentence.named and sentence.terms[beside] not in asked:
                taken += 1
        else:
            if taken:
                return True
    return False


def _runs(reading: Reading, start: int) -> list[list[tuple[int, str]]]:
    """The content words from ``start`` in runs that no stopword breaks: roughly a question's phrases."""
    runs: list[list[tuple[int, str]]] = []
    for i, term in _content(reading, start):
        if runs and runs[-1][-1][0] == i - 1:
            runs[-1].append((i, term))
        else:
            runs.append([(i, term)])
    return runs


def subject_swap(question: Reading, sentence: Reading) -> bool:
    """Whether the question's subject stands after what it says of it in the sentence.

    "Who did the Irish culture have a profound effect on?" makes Irish culture the one with the
    effect; "The Normans had a profound effect on Irish culture" has it after "effect", the one
    the effect is on.  The subject is the first phrase after a fronted wh-phrase's auxiliary, what
    is said of it the lower-case words of the next (a name or number there is as often a time or
    place, which stands anywhere).  A passive question says nothing, nor does one whose next phrase
    a preposition or "and" ties to the subject ("what does a packet include in connectionless
    mode?", "what do plants and animals have?"), nor a sentence with a turning word between the two
    ("the effect of Irish culture").
    """
    start = _fronted(question.words)
    if not start or _passive(question):
        return False
    runs = _runs(question, start + 1)
    if len(runs) < 2 or JOINING_WORDS.intersection(question.words[runs[0][-1][0] + 1:runs[1][0][0]]):
        return False
    where = sentence.where
    subject = {t for _, t in runs[0]}
    head = runs[0][-1][1]
    said = [t for i, t in runs[1] if i not in question.named and t not in subject and t in where]
    if head not in where or not said:
        return False
    head_at, said_at = min(((a, b) for t in said for a in where[head] for b in where[t]),
                           key=lambda p: abs(p[0] - p[1]))
    return said_at < head_at <= said_at + PAIR_REACH and head_at not in sentence.possessive \
        and not TURNING_WORDS.intersection(sentence.words[said_at + 1:head_at])


def structure_evidence(question: Reading, sentence: Reading, negations: frozenset[str],
                       yes_no: bool) -> dict[str, float]:
    """The evidence of :data:`STRUCTURE_FEATURES` for a question against its best sentence.

    A yes/no question's denial or opposite is its answer ("did they find a knife?" of "no knife was
    found", "did the court accept it?" of "the court rejected it"), so those count only for the other
    kinds of question.
    """
    found = (not yes_no and negation_flip(question, sentence, negations), prefix_opposite(question, sentence),
             not yes_no and opposite_word(question, sentence),
             swapped_word(question, sentence), side_swap(question, sentence), given_to_other(question, sentence),
             subject_swap(question, sentence))
    return {"structure_conflict": float(sum(found))}
