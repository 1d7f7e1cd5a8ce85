"""Whether a question the bot offers (an example or a suggestion button) says what its sentence says.

A phrasing can read well and still be false: "Who said how it will vote?" from "Kestrel has not yet
said how it will vote", or "What did the UK do?" from "fined by the UK's data watchdog".  Before a
pair's question is offered it must pass :func:`offer_fault` (the meaning of the pair against its own
sentence) and the engine must answer it with that pair, or one of its fact or sentence
(:func:`answers_from`).
Generic English only: nothing here knows an article.
"""

from __future__ import annotations

import re

from bot.engine.examples import load_grammar
from knowledge.identity import (opens_with_adjective, owned_role, owner_unsaid, role_beside_name, role_shown,
                                surely_a_person, whole_name)
from knowledge.model import SPEECH_KINDS, Entity, Fact, Knowledge, QAPair, Quote
from knowledge.lexicon import load_lexicon
from knowledge.qa import denied, money_noun

__all__ = ["answers_from", "count_with_doer", "offer_fault"]

# Words before a name that make it the object of a preposition or a part of a phrase ("users in the
# UK", "each Acme share"), not the doer of the sentence's verb; "by" is left out: a passive's agent acts.
_NOT_DOER_BEFORE = frozenset({"in", "of", "at", "from", "for", "with", "to", "on", "into", "about", "against",
                              "over", "under", "between", "among", "each", "every", "any", "all", "per", "than",
                              "across", "throughout", "within", "around", "near", "toward", "towards", "through",
                              "via", "upon", "beyond", "outside", "behind", "beside", "despite", "including"})
_SKIPPED_BEFORE = frozenset({"the", "a", "an", "his", "her", "its", "their"})  # "the oath to His Majesty"
_POSSESSIVE_AFTER = re.compile(r"^[’']s?\b")


def offer_fault(pair: QAPair, question: str, knowledge: Knowledge) -> str:
    """Why offering ``question`` (a phrasing of ``pair``) would mislead, or "" when it would not:

    - "negated": the sentence denies the saying or the deed ("has not said", "did not attack"), or the
      saying that reports the deed ("has not yet said how it will vote"), and the question leaves the
      denial out;
    - "not the doer": the sentence names the pair's subject only as a possessive or inside a phrase
      ("the UK's watchdog", "users in the UK", "the Fallow Fields plan"), so it is not who said or did
      it; or "What is X?" for an X with no role is answered by a sentence where X says and does nothing;
    - "no doer": a who-question whose answer opens with no name ("They are ...", "But he said ...");
    - "no one": a who-question answered with a description taken for a name ("Early Norman.");
    - "names its answer": a who-question that holds the name it is answered with ("Who bought by Acme?",
      from a passive whose agent is Acme);
    - "ambiguous count": another number in the article counts the same thing, so "How many seats?"
      has two answers;
    - "not what it is": "What is X?" / "Who are X?" for an X the article gives no role, answered by a
      sentence that does not say what X is either ("Who are the two companies?" answered with what both
      companies said): only a sentence that describes X ("X, the maker of ...", "X is a ...") answers it;
    - "not surely a person": "Who is X?" for an X the article does not make a person beyond doubt (no
      title, no given name, no role beside its name): "Who is Assembly Hall?";
    - "an event": a deed that only an event does ("takes place", "happened"), asked as someone's deed;
    - "role not shown": "Who is X?" answered from a sentence that names neither X nor the role, or with a
      role that is a stump of a clause ("or the deputy", "whose elder brother");
    - "role not shown": (a person) the role is set beside no name and never calls the person ("X is the
      general." from "the general theory of relativity"); "role not whose": "Duncan is his son.";
    - "role not quoted": the identity line's own sentence does not back its role: the role is not beside
      the name there, and the sentence names the entity elsewhere or calls nobody by the role as a doer;
    - "deed not shown": "What did X do/say?" from a sentence where X (by a name or a pronoun for it) is
      not followed by its verb in the past or perfect, nor the agent of a past passive: "Harold Wilson
      report in 1973", "The Normans are noted for", "Newton's First Law of Motion states"; or whose answer
      is a clause torn from its sentence ("Where their prince Bohemond I founded ...");
    - "vague count": "How many layers?" answered "Several layers.": a word for "some" is no count;
    - "not a size": "How big is the protocol?" from "layer two protocol", "How big is the urgent treatment
      centre?" from "a £14.5m urgent treatment centre": a number right before a singular noun is a label
      or a price of it, not its size or a count.
    """
    fact = next((f for f in knowledge.facts if f.id == pair.fact), None) if pair.fact else None
    if fact is not None and (denied(fact) or _report_denied(fact, knowledge)) and not _WORDS_NOT.search(question):
        return "negated"
    subject = knowledge.entity(fact.subject if fact is not None else (pair.terms[0] if pair.terms else None))
    if subject is not None and pair.kind != "how_many" and not _pronoun_does(fact) \
            and not _named_as_doer(subject, pair.quote):
        return "not the doer"
    if subject is not None and pair.kind == "identity" and not subject.role and not _describes(subject, pair.quote):
        return "not what it is"  # "What is Open Rights Watch?" answered with what Jess Adeyemi pointed out
    if subject is not None and pair.kind == "identity" and subject.role and (
            _BROKEN_ROLE.match(subject.role) or not _mentions(subject, pair.quote.text)
            and subject.role.lower() not in pair.quote.text.lower()):
        return "role not shown"  # "X is the head." from a sentence with neither; "X is the or the deputy."
    if subject is not None and pair.kind == "identity" and subject.kind == "person" \
            and question.lower().startswith("who is ") and not surely_a_person(subject, knowledge):
        return "not surely a person"  # "Who is National Lottery?" from a role mistaken for its alias
    if subject is not None and pair.kind == "identity" and subject.kind == "person" and subject.role \
            and not role_shown(subject, knowledge):
        return "role not shown"  # "Albert Einstein is the general." from "the general theory of relativity"
    if subject is not None and pair.kind == "identity" and subject.role and _role_unquoted(subject, pair.quote.text):
        return "role not quoted"  # "James Watt is the governor." from "The centrifugal governor was adopted by James Watt"
    if subject is not None and pair.kind == "identity" and owner_unsaid(owned_role(subject, knowledge.entities)):
        return "role not whose"  # "Duncan is his son.": whose son, the line cannot say
    if subject is not None and pair.kind == "who" and _names_in(subject, question):
        return "names its answer"
    if subject is not None and pair.kind == "who" and subject.kind == "person" and opens_with_adjective(subject.name):
        return "no one"  # "Who made Ralph the Timid earl of Hereford?" answered "Early Norman."
    if pair.kind == "who" and (fact is None or fact.subject is None
                               or pair.answer.split()[:1] and pair.answer.split()[0].lower() in _NO_NAME_OPENINGS):
        return "no doer"  # "Who backed policies?" from a sentence with no named doer; "They are called ..."
    if fact is not None and pair.kind in ("who", "what") and _EVENT_DEED.match(fact.content.strip()):
        return "an event"  # "Who takes place?", "What did Question Time do?": an event takes place, nobody does it
    if fact is not None and fact.kind == "number" and _counted_twice(fact, knowledge):
        return "ambiguous count"
    if fact is not None and fact.kind == "number" and _SIZE_OR_COUNT.match(question) and _labels(fact):
        return "not a size"
    if fact is not None and fact.kind == "number" and _HOW_BIG.match(question) and _MEASURED.search(fact.value):
        return "not a size"  # "How big is the vote?" for "51.6%", "How big is the speed limit?" for "55 mph"
    if fact is not None and fact.kind == "number" and _cut_compound(fact):
        return "cut compound"  # "How long is the recovery?" from "a three-year recovery plan"
    if fact is not None and fact.kind == "number" and _vague(fact.value):
        return "vague count"  # "How many layers?" answered "Several layers.": a guess at a number is no count
    if pair.kind == "how_many" and _SUPERLATIVE.match(question):
        return "superlative"  # "How many largest cities?" from "Germany's 15 largest cities": a rank, no count
    if subject is not None and fact is not None and fact.kind in ("quote", "indirect", "claim", "stance", "action") \
            and (_deed_unshown(subject, fact, question, knowledge)
                 or _WHAT_DID.match(question) is not None and (_deed_answer_cut(subject, pair)
                                                               or _torn_clause(pair.answer))):
        return "deed not shown"  # "What did Harold Wilson do?" from "the Kilbrandon Commission's report"
    return ""


_HAVE_FORMS = {"had": "have", "has": "have"}
_JOINING = frozenset({"and", "or", "but", "nor", "that", "which", "who", "whom", "whose", "as", "than", "so", "if"})
_EVENT_DEED = re.compile(r"(?:take|takes|took|taken|taking)\s+place\b|(?:happen|occur)(?:s|ed|red|s)?\b", re.IGNORECASE)
# an answer to "who" opening so names nobody first: "They are called ...", "But he said Pacely had ..."
_NO_NAME_OPENINGS = frozenset({"he", "she", "they", "it", "this", "these", "those", "but", "and", "yet", "so", "however"})
_HOW_BIG = re.compile(r"(?:how big|what size)\b", re.IGNORECASE)
# a share or a measure has a unit, not a size: "51.6%", "55 mph", "30 per cent"
_MEASURED = re.compile(r"%|\bper ?cent\b|\d\s*[a-z]{1,4}\b(?<!\bm)(?<!bn)|[£$€¥]", re.IGNORECASE)
_SUPERLATIVE = re.compile(r"how many (?:most|least|best|worst|[a-z]+(?:iest|gest|[lhtw]est))\b(?<!interest)", re.IGNORECASE)


def _report_denied(fact: Fact, knowledge: Knowledge) -> bool:
    """Whether a deed is only reported by a saying the sentence denies ("Kestrel has not yet said how it
    will vote"): nobody says the deed happens, so "Who will vote?" asks about nothing the article states."""
    return fact.reported_by not in ("", "?") and any(
        other.sentence == fact.sentence and other.kind in SPEECH_KINDS and other.subject == fact.reported_by
        and denied(other) for other in knowledge.facts)


def _vague(value: str) -> bool:
    """Whether an amount is only a word for "some" ("several", "millions of", "a handful of"), with no
    figure or scale after it ("a few thousand" is an estimate of a figure, and stays)."""
    lexicon = load_lexicon()
    lowered = " ".join(value.lower().split())
    modifier = next((m for m in lexicon.number_modifiers if lowered.startswith(m + " ")), "")
    lowered = lowered[len(modifier):].strip()  # "up to several"
    return any(lowered == vague or lowered.startswith(vague + " ") and not re.match(
        r"\s*(?:hundred|thousand|million|billion)\b", lowered[len(vague):]) for vague in lexicon.number_vague)


def _cut_compound(fact: Fact) -> bool:
    """Whether what the number counts stops short of its noun: "a three-year recovery plan, which ..."
    counts the plan, so "recovery" alone is no thing that lasts three years.  The word after the
    counted words, closed by a comma, is then the head noun (no function word, verb or number)."""
    counted = fact.counts.strip()
    if not counted:
        return False
    found = re.search(rf"{re.escape(fact.value.strip())}\s+{re.escape(counted)}\s+([a-z]+)\s*[,;]", fact.quote.text)
    if found is None:
        return False
    word = found.group(1)
    grammar = load_grammar()
    small = _NOT_DOER_BEFORE | grammar.determiners | grammar.auxiliaries | grammar.particles | _JOINING
    return not (word in small or word in grammar.finite_verbs or word in grammar.number_words
                or word.endswith(("ed", "ing", "ly")))


def count_with_doer(pair: QAPair, knowledge: Knowledge) -> str:
    """ "How many operations did Nathan Reyes have?" for a count the sentence gives as "Mr Reyes ... has
    since had two operations": asked with its verb and whose it is, when the clause opens with the verb
    right before the number and the sentence names one person (or, with none, one body) before it; ""
    otherwise.  Only offered: the pair's own questions, which the engine matches users' questions
    against, stay as they are."""
    fact = next((f for f in knowledge.facts if f.id == pair.fact), None) if pair.kind == "how_many" else None
    words = fact.content.split() if fact is not None and fact.value.strip() else []
    if len(words) < 2 or not fact.counts.endswith("s") or fact.value.split()[0] not in words[1:4]:
        return ""
    verb = words[0].lower()
    lexicon = load_lexicon()
    base = {**lexicon.speech_verbs, **lexicon.stance_verbs, **lexicon.action_verbs, **_HAVE_FORMS}.get(verb, verb)
    at = fact.quote.text.find(fact.content)
    named = [e for e in map(knowledge.entity, fact.entities) if e is not None]
    doers = [e for e in named if e.kind == "person"] or [e for e in named if e.kind == "organisation"]
    if base == verb or at <= 0 or len(doers) != 1 or not _mentions(doers[0], fact.quote.text[:at]):
        return ""
    aux = "does" if verb in (base + "s", base + "es") or verb == "has" else "did"
    return f"How many {fact.counts} {aux} {doers[0].name} {base}?"


def _role_unquoted(entity: Entity, quote: str) -> bool:
    """Whether the sentence an identity line quotes fails to back the role it gives: the role is not set
    beside a name of the entity there, and the sentence either names the entity elsewhere ("The centrifugal
    governor was adopted by James Watt": the governor is a machine) or does not call anyone by the role as
    the subject of a verb ("The First Minister, Scottish cabinet ministers and Law officers sit": an item
    of a list, not the Lord Advocate).  A role that is a clause or an age ("who founded Brennan", "84") is
    read beside the name by construction."""
    role = re.sub(r"^(?:the|a|an)\s+", "", entity.role, flags=re.IGNORECASE)
    if not role or role.startswith("who ") or role[:1].isdigit() or role_beside_name(entity, quote, titles=True):
        return False
    own = [n for n in (entity.name, *entity.aliases)
           if n[:1].isupper() and role.lower() not in n.lower() and n.lower() not in role.lower()]
    if any(whole_name(n).search(quote) for n in own):
        return True
    lexicon = load_lexicon()
    verbs = {**lexicon.speech_verbs, **lexicon.stance_verbs, **lexicon.action_verbs}
    called = re.compile(rf"\b(the|a|an|his|her|their|its)\s+{re.escape(role)}(?:,\s+(who|\d)|\s+([a-z]+))",
                        re.IGNORECASE)
    for found in called.finditer(quote):
        after = (found.group(3) or "").lower()
        if found.group(1).lower() in ("his", "her", "their") or found.group(2) or after in _VERB_WORDS \
                or after == "who" or after.endswith("ed") or verbs.get(after, after) != after:
            return False  # "The French president told ...", "A landlord who attacked his tenant"
    return True


def _describes(entity: Entity, quote: Quote) -> bool:
    """Whether the sentence says what the entity is: an apposition after its name ("Brennan Foods, the
    maker of pies,") or a copula ("Acme is a chain of bakeries")."""
    text = quote.text
    return any(_DESCRIPTION.match(text[m.end():]) and not _LISTED.search(text[:m.start()])
               and not _inside_phrase(text, m.start(), m.end()) for m in _mentions(entity, text))


# ", the maker of pies and ready meals," (closed by a comma: not the next item of a list) or " is a ..."
_DESCRIPTION = re.compile(r",\s+(?:the|a|an)\s[^,;.]{3,80},|\s+(?:is|are|was|were)\s+(?:the|a|an)\s")
_LISTED = re.compile(r"(?:,|\band|\bor)\s+(?:the\s+)?$")  # "William of Volpiano and John of Ravenna, the system"


_BROKEN_ROLE = re.compile(r"(?:or|and|nor|but|whose|which|that)\b", re.IGNORECASE)
_SIZE_OR_COUNT = re.compile(r"(?:how big|what size|how many)\b", re.IGNORECASE)
_PLAIN_AMOUNT = re.compile(r"(?:[£$€¥]\s?)?[\d,.]+\s*(?:%|m|bn|million|billion)?|[a-z]+", re.IGNORECASE)


def _labels(fact: Fact) -> bool:
    """Whether the number stands right before a singular noun it counts nothing of: "layer two protocol",
    "the 80% regime", "a £14.5m urgent treatment centre", "fifty steam"; not "a 30-day ceasefire" (a
    length), "one win", "a deal worth £1.2bn" (what it counts is elsewhere)."""
    value, counted = fact.value.strip(), fact.counts.strip()
    if not counted or not _PLAIN_AMOUNT.fullmatch(value) or value.lower() in ("1", "one", "a", "an", "a few") \
            or f"{value} {counted}" not in fact.quote.text:
        return False
    words = counted.lower().split()
    head = words[:words.index("per")][-1] if "per" in words[1:] else words[-1]  # "revolutions per minute"
    return not (head.endswith("s") and not head.endswith(("ss", "us", "is"))) \
        and head not in load_grammar().plurals_without_s


def answers_from(answering: QAPair | None, pair: QAPair) -> bool:
    """Whether the pair the engine answers with is the one the question was made for: that pair, one
    of the same fact, or one of the same kind whose quote lies in the pair's own sentence.  A question
    answered from elsewhere ("Who did X speak to?" answered with X's role) is not offered."""
    if answering is None:
        return False
    if answering.id == pair.id or (pair.fact is not None and answering.fact == pair.fact):
        return True
    overlaps = answering.quote.start < pair.quote.end and pair.quote.start < answering.quote.end
    return overlaps and _kind_group(answering.kind) == _kind_group(pair.kind)


def _kind_group(kind: str) -> str:
    """ "What is Acme?" is answered as well by what the sentence says Acme did as by an identity line."""
    return "what" if kind in ("what", "identity") else kind


_WORDS_NOT = re.compile(r"\b(?:not|never|no)\b|n[’']t\b", re.IGNORECASE)


_SUBJECT_PRONOUNS = frozenset({"he", "she", "they", "we", "i", "it", "who", "which"})


def _pronoun_does(fact: Fact | None) -> bool:
    """Whether a pronoun stands right before the deed ("Koch's proofs, for which he was awarded"): the
    doer is that pronoun, which the extraction resolved, whatever else names the entity."""
    if fact is None or fact.kind not in ("stance", "action"):
        return False
    text = fact.quote.text
    at = text.find(fact.content) if fact.content else -1
    before = re.findall(r"[\w’']+", text[:at].lower()) if at > 0 else []
    return bool(before) and before[-1] in _SUBJECT_PRONOUNS


def _mentions(entity: Entity, text: str) -> list[re.Match[str]]:
    """Where ``text`` names the entity by its proper name or an alias, "the" left off."""
    names = {n for n in (entity.name, *entity.aliases) if n[:1].isupper()}
    names |= {re.sub(r"^(?:the|a|an)\s+", "", n, flags=re.IGNORECASE) for n in names}
    return [m for n in names for m in whole_name(n).finditer(text)]


def _names_in(entity: Entity, question: str) -> bool:
    return bool(_mentions(entity, question))


def _named_as_doer(entity: Entity, quote: Quote) -> bool:
    """Whether the sentence names the entity where a doer stands, or does not name it at all (a pronoun
    or a description stands for it, which the extraction resolved)."""
    text = quote.text
    spans = _mentions(entity, text)
    if not spans:
        return True
    return any(not _inside_phrase(text, m.start(), m.end()) for m in spans)


def _inside_phrase(text: str, start: int, end: int) -> bool:
    """Whether a name stands where no doer does: a possessive ("the UK's watchdog"), after a preposition
    ("users in the UK"), or between "the" and the noun it modifies ("the Fallow Fields plan")."""
    if _POSSESSIVE_AFTER.match(text[end:]):
        return True
    before = [w for w in re.findall(r"[\w’']+", text[max(0, start - 40):start].lower())]
    determined = bool(before) and before[-1] in _SKIPPED_BEFORE
    while before and before[-1] in _SKIPPED_BEFORE:
        before.pop()
    if not determined and len(before) > 2 and before[-2] in _SKIPPED_BEFORE and before[-1].isalpha() \
            and before[-3] in _NOT_DOER_BEFORE:
        return True  # "the first meeting of the new Parliament": an adjective between "the" and the name
    if before and before[-1] in _NOT_DOER_BEFORE:
        return True
    return determined and _noun_follows(text[end:])


def _noun_follows(rest: str) -> bool:
    """Whether the words after a name make it a modifier: a lower-case word that is no verb of its own
    ("plan but", "board had"), not "has rejected", "said", "agreed", "plans to"."""
    following = re.match(r"\s+([a-z][\w’'-]*)(?:\s+([\w’'-]+))?", rest)
    lexicon = load_lexicon()
    if following is None:
        return False
    word, after = following.group(1), following.group(2) or ""
    forms = {**lexicon.speech_verbs, **lexicon.stance_verbs, **lexicon.action_verbs}
    if word in _VERB_WORDS or word in lexicon.number_words or word.endswith(("ed", "s")) or after.lower() == "to":
        return False
    return forms.get(word) in (None, word)  # a base form ("plan") is a noun here; a past form is a verb


_VERB_WORDS = frozenset("has have had is are was were will would can could may might must should did does do "
                        "also then now still later".split())


def _counted_twice(fact: Fact, knowledge: Knowledge) -> bool:
    """Whether another number of the article counts the same thing with another value: two seat counts,
    two fines ("a fine of £7.5m" proposed, "a fine of £4.2m" imposed)."""
    counted = _counted(fact)
    return bool(counted) and any(other.kind == "number" and other.id != fact.id and _counted(other) == counted
                                 and other.value != fact.value for other in knowledge.facts)


def _counted(fact: Fact) -> str:
    return money_noun(fact).lower() if fact.counts == "money" else fact.counts.lower()


# "an expedition on behalf of their duke, William the Conqueror, led to ...": the name is in apposition to
# the object of a preposition, so the verb after it is another subject's
_OBJECT_IN_APPOSITION = re.compile(r"\b(?:of|to|for|with|from|by|against|under)\s+(?:the|their|his|her|its|a|an)\s+"
                                   r"[a-z]+,\s+$")
_WHAT_DID = re.compile(r"what did (.+) (do|say)\?$", re.IGNORECASE)
_SUBJECT_PRONOUN = re.compile(r"\b(?:he|she|they|it|we)\b", re.IGNORECASE)
# a comma-closed aside between a name and its verb ("Brennan Foods, the maker of pies, has agreed"), "who",
# and adverbs that may stand before the verb
_ASIDE = re.compile(r"^\s*,[^,;“”]{1,120},")
_ADVERBS = r"(?:(?:also|then|later|now|previously|once|yesterday|today|recently|first|finally|eventually|again|still|" \
           r"already|never|not|[a-z]+ly)\s+)*"
# no comma between the name and its verb but before "who": "the first Internet2 Network, called Abilene," is named,
# not calling; "The 45-year-old, who joined the company" did join it
_BEFORE_VERB = re.compile(rf"^\s*(?:,?\s*who\s+)?{_ADVERBS}([\w’'-]+)")
_PERFECT_OR_FUTURE = frozenset({"has", "have", "had", "will", "would"})
_BE_FORMS = frozenset({"is", "are", "was", "were", "be", "been", "being"})


def _deed_unshown(entity: Entity, fact: Fact, question: str, knowledge: Knowledge) -> bool:
    """Whether "What did X do/say?" would be answered from a sentence that does not show X doing it: X
    (by a name, or a pronoun standing for it) is followed by no verb of its own in
    the past or perfect ("Harold Wilson report in 1973", "Law Officers may attend", "the Normans are
    noted for"; for saying, "says" too) and is no agent of a past passive ("was built by X")."""
    found = _WHAT_DID.match(question)
    if found is None:
        return False
    saying = found.group(2).lower() == "say"
    text = fact.quote.text
    names = sorted({n for n in (entity.name, *entity.aliases) if n}, key=len, reverse=True)
    names += [re.sub(r"^(?:the|a|an)\s+", "", n, flags=re.IGNORECASE) for n in names]
    if entity.kind == "organisation":
        names.append(f"the {entity.name.split()[-1]}")  # "the trust" for "Fenmouth and District NHS Trust"
    spans = [m for n in dict.fromkeys(names)
             for m in re.finditer(rf"(?<![\w’'-]){re.escape(n)}(?![\w’'-])", text, re.IGNORECASE)
             if (entity.kind == "person" or not re.search(r"\w[’']s\s+$", text[:m.start()]))
             and not _OBJECT_IN_APPOSITION.search(text[:m.start()])]
    # (not "Newton's First Law of Motion states": a thing of someone's is no doer); a pronoun for it:
    # any, where the sentence does not name it; else one after its name ("Macron is risking ... as he
    # stated"), not one before ("He ordered Isaac to ...": Isaac is the one ordered)
    first = min((m.start() for m in spans), default=-1)
    if entity.kind != "person" or surely_a_person(entity, knowledge):  # "he" for "Early Norman": a guess on a guess
        spans += [m for m in _SUBJECT_PRONOUN.finditer(text) if m.start() > first]
    if not spans:
        return fact.kind != "quote"  # a quotation alone: its speaker is read from the sentences around it
    if any(_verb_follows(text[m.end():], saying, apposed=text[:m.start()].rstrip().endswith(",")) for m in spans):
        return False
    return not any(re.search(rf"\b(?:was|were|been)\s+{_ADVERBS}[a-z]+\s+by\s+(?:the\s+)?{re.escape(m.group(0))}\b",
                             text) for m in spans)


def _deed_answer_cut(entity: Entity, pair: QAPair) -> bool:
    """Whether the pair's answer, restated from the name on, lost the deed: "Newton proposed." (proposed
    what?), "Conservatives support had held firm." (no verb after the name), or stops on a verb whose
    object was cut away ("... the problem of Mercury's orbit and found.", "William invaded Scotland in
    1072, riding.")."""
    last = re.search(r"(?:,|\band)\s+([a-z]+)\.$", pair.answer)
    if last is not None and (last.group(1).endswith(("ed", "ing")) or last.group(1) in load_grammar().past_forms):
        return True
    for name in sorted({entity.name, *entity.aliases}, key=len, reverse=True):
        if name and pair.answer.lower().startswith(name.lower() + " "):
            rest = pair.answer[len(name):]
            return len(rest.split()) < 2 or not _verb_follows(rest, saying=True)
    return False


def _torn_clause(answer: str) -> bool:
    """Whether the answer opens as a clause that hangs on another ("Where their prince Bohemond I founded
    ..."): torn from its sentence, it reads as no statement of its own."""
    words = answer.split(maxsplit=1)
    return bool(words) and words[0].lower() in load_lexicon().subordinators


def _verb_follows(rest: str, saying: bool, apposed: bool = False) -> bool:
    """Whether the words after a name (past a comma-closed aside, if any) open with its verb; a name set
    between commas (``apposed``: "his sister, Joanne Pellow, said") closes its apposition with the comma."""
    if apposed:
        rest = re.sub(r"^\s*,", "", rest)
    aside = _ASIDE.match(rest)
    return any(_opens_with_verb(r, saying) for r in (rest, rest[aside.end():] if aside else None) if r is not None)


def _opens_with_verb(rest: str, saying: bool) -> bool:
    found = _BEFORE_VERB.match(rest)
    if found is None:
        return False
    word = found.group(1).lower()
    if word in _BE_FORMS:
        return False  # "Subject Committees are established", "Sinback was given the job": no deed of theirs
    lexicon = load_lexicon()
    forms = {**lexicon.speech_verbs, **lexicon.stance_verbs, **lexicon.action_verbs}
    base = forms.get(word)
    if word in _PERFECT_OR_FUTURE or word in load_grammar().past_forms or (word.endswith("ed") and len(word) > 3):
        return True
    if base is not None and base != word and not word.endswith(("s", "ing")):
        return True  # an irregular past the lexicon knows ("told", "took")
    return saying and word in lexicon.speech_verbs and word.endswith("s")  # "Acme says"
