"""Find proper names in sentences and classify them: person, organisation, place, group.

A name is a run of capitalised words ("German Chancellor Olaf Scholz", "Duchy of
Normandy").  A run is peeled from the left: nationality adjective, title, honorific, then the name
itself, so the person keeps the role and honorific the text gives.  The decision rules use only the
generic word lists of :mod:`knowledge.lexicon`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from knowledge.identity import opens_with_adjective, whole_name
from knowledge.lexicon import Lexicon, load_common_words
from knowledge.model import Sentence
from knowledge.people import load_people_words

__all__ = ["Name", "Token", "find_names", "tokenize"]

_TOKEN = re.compile(r"[A-Za-z0-9\u00C0-\u024F][\w\u00C0-\u024F’'‘.\-]*(?:&[A-Z]\w*)?")  # "A&E", "P&O"
_POSSESSIVE = re.compile(r"(?:[’'‘]s|(?<=s)[’'‘])$")
_LISTED = re.compile(r",?\s+(?:and|or)\s+")
_OPENERS = "“‘\"'([:—–-"


@dataclass(frozen=True, slots=True)
class Token:
    """A word of a sentence with its offsets in the article (possessive and final stop removed)."""

    text: str
    start: int
    end: int
    initial: bool  # first word of the sentence or of a quotation


@dataclass(frozen=True, slots=True)
class Name:
    """A proper-name mention.  ``words`` is the name proper, without title or honorific.

    ``kind`` is person, organisation, place, group, or "" when the name alone does not tell
    (a single unknown word, decided once all mentions are known).
    """

    sentence: int
    start: int
    end: int
    text: str
    kind: str
    words: tuple[str, ...]
    honorific: str = ""
    role: str = ""
    country: str = ""
    metonym: bool = False
    headline: bool = False
    adjective: bool = False  # a nationality adjective standing for its country ("the British", "French troops")
    guessed: bool = False  # a person only because nothing said otherwise; place evidence may overrule


def tokenize(sentence: Sentence) -> list[Token]:
    """Words of a sentence with absolute offsets; possessive endings and final full stops dropped."""
    tokens: list[Token] = []
    for m in _TOKEN.finditer(sentence.text):
        word = m.group()
        if word.endswith(".") and not re.fullmatch(r"(?:[A-Za-z]\.)+|[A-Z]\.", word):
            word = word.rstrip(".")
        word = _POSSESSIVE.sub("", word).rstrip("’'‘-")
        if not word:
            continue
        before = sentence.text[: m.start()].rstrip()
        # a mark right after a word closes ("Workers' Union", "said." "), it opens only after a space
        initial = not before or (before[-1] in _OPENERS and not (before[-1] in "'’\"" and before[-2:-1].isalnum()))
        start = sentence.start + m.start()
        tokens.append(Token(word, start, start + len(word), initial))
    return tokens


def find_names(text: str, sentences: tuple[Sentence, ...], lexicon: Lexicon) -> list[Name]:
    """Every proper-name mention in the article, in text order."""
    tokenized = [tokenize(s) for s in sentences]  # once each: the capitals inside sentences, then the names
    capitalised_inside = {t.text for tokens in tokenized[1:] for t in tokens if not t.initial and _is_cap(t.text)}
    names: list[Name] = []
    placed: set[tuple[str, ...]] = set()
    for sentence, tokens in zip(sentences, tokenized):
        for run in _runs(text, tokens, lexicon, capitalised_inside):
            for name in _classify(text, sentence, tokens, run, lexicon):
                names.append(name)
                if name.guessed and _previous_word(tokens, name) in lexicon.place_prepositions:
                    placed.add(name.words)
    for before, name in zip(names, names[1:]):  # "in Redford, Upper Redford and Redford Vale": a list of places
        if name.guessed and before.kind == "place" and before.sentence == name.sentence and _LISTED.fullmatch(
                text, before.end, name.start):
            placed.add(name.words)
    placed |= {n.words for n in names if n.kind == "place" and len(n.words) > 1}  # "at Fallow Fields" then "the Fallow Fields plan"
    names = [replace(n, kind="place", guessed=False) if n.guessed and n.words in placed else n for n in names]
    names = _speaking_given_names(text, _without_phrases(text, names, lexicon), lexicon)
    return _settle_single_words(_share_surnames(text, names, lexicon))


_SPEAKS_AFTER = re.compile(r"(?:\s*,[^,.;:“”\"]{1,80},)?\s+(?:also\s+|later\s+)?(?P<verb>[a-z]+)\b")


def _speaking_given_names(text: str, names: list[Name], lexicon: Lexicon) -> list[Name]:
    """"Ann Hill, whose son was hurt, told the inquiry": a name opening with a known given name that says
    something is a person in every mention, though its last word names places ("Hill", "Park").  So is one
    the text gives a person's marks without ever putting it where a place goes: an age ("Ann Hill, 52,"),
    "whose", an honorific before its last word ("Mrs Hill"), a person noun in apposition ("Ann Hill, a
    teacher,")."""
    nouns = load_people_words().person_nouns
    honorifics = "|".join(re.escape(h) for h in sorted(lexicon.honorifics, key=len, reverse=True))
    located = {n.words for n in names if _LOCATED_BEFORE.search(text, max(0, n.start - 12), n.start)}
    people = set()
    for n in names:
        if n.kind != "place" or len(n.words) < 2 or n.words[0] not in lexicon.given_names:
            continue
        m = _SPEAKS_AFTER.match(text, n.end)
        if m is not None and lexicon.speech_verbs.get(m.group("verb")) not in (None, m.group("verb")):
            people.add(n.words)  # a past form ("told", "said"): "Ann Hill said", not "Ann Hill Road say"
        elif n.words not in located and (
                _AGE_NEXT.match(text, n.end) or re.match(r",\s+whose\b", text[n.end :])
                or re.search(rf"\b(?:{honorifics})\.?\s+{re.escape(n.words[-1])}\b", text)
                or ((apposed := _APPOSED_NOUN.match(text, n.end)) and apposed.group("np").split()[-1].casefold() in nouns)):
            people.add(n.words)
    return [replace(n, kind="person", guessed=False) if n.words in people and n.kind == "place" else n for n in names]


_LOCATED_BEFORE = re.compile(r"\b(?i:in|at|from|near|to|into|the|of|on|off)\s+$")


_AGE_NEXT = re.compile(r",\s*\d{1,3},")


def _without_phrases(text: str, names: list[Name], lexicon: Lexicon) -> list[Name]:
    """Guessed people that are capitalised phrases of common words ("the Big Bang", "the Holy Land", "Bell
    System") left out: a name whose every word is common English is a person only when some mention says
    so (a known given name, a title, an honorific, a person noun before it, an age or a verb of saying after it)."""
    common = load_common_words()
    alone = {n.words[0] for n in names if len(n.words) == 1 and not n.headline}  # "Wilson said", "Mr Wilson"
    supported = {n.words for n in names if n.kind == "person" and (not n.guessed or n.words[-1] in alone)}
    supported |= {n.words for n in names if n.kind == "person" and (
        _AGE_NEXT.match(text, n.end) or re.match(r"\s+(\w+)", text[n.end : n.end + 20])
        and re.match(r"\s+(\w+)", text[n.end : n.end + 20]).group(1).casefold() in lexicon.speech_verbs)}

    def phrase(n: Name) -> bool:
        return (n.kind == "person" and n.guessed and len(n.words) > 1 and n.words not in supported
                and all(w.casefold() in common and w not in lexicon.given_names for w in n.words))
    return [n for n in names if not phrase(n)]


def _share_surnames(text: str, names: list[Name], lexicon: Lexicon) -> list[Name]:
    """"Thomas and Hugh Brennan", "Ann and Joe Lee": two people, the first named by a given name that
    shares the surname written once after the second (a word the text uses as a surname is no given name)."""
    surnames = {n.words[-1] for n in names if len(n.words) > 1}
    out = list(names)
    for k, (first, second) in enumerate(zip(names, names[1:])):
        if (len(first.words) != 1 or first.honorific or first.role or first.kind not in ("", "person")
                or second.kind != "person" or len(second.words) != 2 or second.honorific
                or first.sentence != second.sentence or not re.fullmatch(r"\s+and\s+", text[first.end : second.start])):
            continue
        given = first.words[0]
        if given not in surnames and lexicon.given_names & {given, second.words[0]}:  # "Reyes and Ann Vale": two
            out[k] = replace(first, kind="person", words=(given, second.words[-1]), guessed=False)
    return out


def _settle_single_words(names: list[Name]) -> list[Name]:
    """One kind for every mention of a one-word name: an organisation cue anywhere ("shares in X",
    "X, the chipmaker,") beats a place preposition ("in X"), which beats no evidence at all.  A longer
    name read once as a body ("Harbour City have signed") is that body in every mention."""
    kinds: dict[tuple[str, ...], str] = {}
    bodies = {n.words for n in names if len(n.words) > 1 and n.kind == "organisation"}
    names = [replace(n, kind="organisation", guessed=False) if n.words in bodies and (
        n.kind == "place" or n.kind == "person" and n.guessed) else n for n in names]
    for name in names:
        if (len(name.words) == 1 and not name.country and name.kind in ("organisation", "place")
                and kinds.get(name.words) != "organisation"):
            kinds[name.words] = name.kind
    return [replace(n, kind=kinds[n.words]) if n.words in kinds and not n.country and n.kind in ("", "place")
            else n for n in names]


def _is_cap(word: str) -> bool:
    return word[:1].isupper()


def _runs(text: str, tokens: list[Token], lexicon: Lexicon, known: set[str]) -> list[list[int]]:
    """Index lists of capitalised-word runs (with connectors such as "of the" inside)."""
    runs: list[list[int]] = []
    current: list[int] = []
    for i, tok in enumerate(tokens):
        gap = text[tokens[current[-1]].end : tok.start] if current else ""
        # "St Mary’s Hospital", "the Supporters’ Trust": a possessive inside a name that ends in a body word
        joined = bool(current) and (gap in (" ", "") or (gap.replace("'", "’") in ("’s ", "’ ")
                                                        and tok.text in lexicon.organisation_words | lexicon.place_words))
        if _is_cap(tok.text) and _usable(tok, tokens, i, lexicon, known):
            if current and not joined:
                runs.append(current)
                current = []
            current.append(i)
        elif current and joined and (tok.text in lexicon.name_connectors or tok.text == "the" and tokens[
                current[-1]].text in lexicon.name_connectors) and _cap_follows(tokens, i, lexicon):  # "of the", not "X the Y"
            current.append(i)
        else:
            if current:
                runs.append(current)
            current = []
    if current:
        runs.append(current)
    runs = [trimmed for run in runs if (trimmed := _trim(run, tokens, lexicon))]
    return _join_coordinated(text, tokens, runs, lexicon)


def _join_coordinated(text: str, tokens: list[Token], runs: list[list[int]], lexicon: Lexicon) -> list[list[int]]:
    """One name for "X and Y War" or "Department of Trade and Industry": runs joined by "and" when the
    second ends in an event or organisation word."""
    out: list[list[int]] = []
    heads = lexicon.event_words | lexicon.organisation_words
    for run in runs:
        if out and tokens[run[-1]].text in heads and re.fullmatch(
                r"\s+and\s+", text[tokens[out[-1][-1]].end : tokens[run[0]].start]):
            out[-1] = out[-1] + list(range(out[-1][-1] + 1, run[0])) + run
        else:
            out.append(run)
    return out


def _cap_follows(tokens: list[Token], i: int, lexicon: Lexicon) -> bool:
    nxt = tokens[i + 1 : i + 3]
    return any(_is_cap(t.text) for t in nxt[:1]) or (
        len(nxt) == 2 and nxt[0].text in lexicon.surname_particles | {"the"} and _is_cap(nxt[1].text))


def _trim(run: list[int], tokens: list[Token], lexicon: Lexicon) -> list[int]:
    while run and tokens[run[-1]].text in lexicon.name_connectors | {"the"}:
        run = run[:-1]
    return run


def _usable(tok: Token, tokens: list[Token], i: int, lexicon: Lexicon, known: set[str]) -> bool:
    """Whether a capitalised word can be part of a name (sentence-initial words need support)."""
    word = tok.text
    if word in lexicon.weekdays or word in lexicon.common_capitals or word in lexicon.months or word.isdigit() or word.casefold() in lexicon.pronouns:
        return False
    if word == "I":  # the pronoun, unless a regnal number ("Richard I")
        return i > 0 and not tok.initial and _is_cap(tokens[i - 1].text)
    if not tok.initial:
        return True
    if word.casefold() in lexicon.sentence_starters and word not in lexicon.honorifics:
        return word == "The" and i + 1 < len(tokens) and _is_cap(tokens[i + 1].text)
    if i + 1 < len(tokens) and tokens[i + 1].text in lexicon.given_names and (
            word.casefold() in load_people_words().person_nouns and word.casefold() not in lexicon.roles):
        return False  # "Builder Ian Cole was jailed": what he is, then his name ("Judge Ann Lee" is a title)
    k = i + 1
    while k < len(tokens) and tokens[k].text in lexicon.surname_particles:
        k += 1  # "Ludwig van Beethoven" at the start of a sentence
    follows = k < len(tokens) and _is_cap(tokens[k].text)
    shared = (word in lexicon.given_names and k + 1 < len(tokens) and tokens[k].text == "and"
              and _is_cap(tokens[k + 1].text))  # "Ann and Joe Lee run the shop"
    return word in known or follows or shared or lexicon.country_of(word) is not None or word in lexicon.honorifics


def _classify(text: str, sentence: Sentence, tokens: list[Token], run: list[int], lexicon: Lexicon) -> list[Name]:
    words = [tokens[i] for i in run]
    the_name = False
    if words[0].text == "The":
        the_name = not words[0].initial
        if not the_name:
            words = words[1:]
    if not words:
        return []
    country = role = honorific = ""
    i = 0
    adjective = lexicon.country_of(words[0].text)
    if adjective is not None and words[0].text in adjective.adjectives and len(words) > 1 and (
        _role_at(words, 1, lexicon) or words[1].text in lexicon.honorifics
    ):
        country, i = adjective.name, 1
    if _role_at(words, i, lexicon, bare=True) == len(words):
        return []  # a bare title ("the Chancellor") is a role mention, resolved in coref
    role_end = _role_at(words, i, lexicon) or _role_at(words, i + 1, lexicon)  # "Labour MP X"
    if role_end and any(w.text in lexicon.organisation_words | lexicon.place_words | lexicon.event_words
                        for w in words[role_end:]) and words[role_end].text not in lexicon.name_connectors:
        role_end = 0  # "Westmoor General Hospital", "General Workers’ Union", "General Election": no title
    if role_end and _common_phrase(text, words[role_end:], lexicon):
        role_end = 0  # "General Question Time": a title word before words the text also writes as plain nouns
    if role_end:
        role, i = " ".join(w.text for w in words[:role_end]), role_end
    if i < len(words) and words[i].text.rstrip(".") in lexicon.honorifics:
        honorific, i = words[i].text.rstrip("."), i + 1
    rest = words[i:]
    if not rest:
        return []
    if (not role and not honorific and len(rest) > 1 and rest[0].initial and rest[0].text not in lexicon.organisation_words
            and lexicon.is_organisation_noun(rest[0].text) and rest[1].text not in lexicon.name_connectors):
        # "Chipmaker X to cut jobs": the noun says what X is
        named = _classify_words(text, sentence, tokens, rest[1:], lexicon)
        return [replace(n, kind="organisation", guessed=False) if n.kind in ("", "person") else n for n in named]
    if not role and not honorific and rest[0] is words[0] and rest[0].text not in lexicon.name_connectors:
        before = _role_before(text, tokens, tokens.index(rest[0]), lexicon)
        if before:
            person = _classify_words(text, sentence, tokens, rest, lexicon)
            if len(person) == 1 and person[0].kind in ("", "person"):
                return [replace(person[0], kind="person", guessed=False, role=before)]
    if (role or honorific) and rest[0].text in lexicon.name_connectors:
        # "Administrator of the Federal Energy Office": a title of a body, the body is the name
        tail = rest[1:]
        while tail and tail[0].text in lexicon.name_connectors | {"the"}:
            tail = tail[1:]
        return _classify_words(text, sentence, tokens, tail, lexicon) if tail else []
    if role or honorific:
        cut = next((k for k, w in enumerate(rest) if w.text in lexicon.name_connectors), len(rest))
        person = _name(sentence, words[0], rest[cut - 1], text, "person", rest[:cut], honorific, role, country)
        tail = rest[cut + 1 :] if cut < len(rest) else []
        if tail and tail[0].text == "the":
            tail = tail[1:]
        return [person] + (_classify_words(text, sentence, tokens, tail, lexicon) if tail else [])
    return _classify_words(text, sentence, tokens, words, lexicon, the_name)


def _common_phrase(text: str, words: list[Token], lexicon: Lexicon) -> bool:
    """Whether two or more words after a title are plain English nouns, not a name: each is a common word,
    none a known given name, and the text writes each in lower case too ("question", "time")."""
    common = load_common_words()
    return len(words) > 1 and all(
        w.text.casefold() in common and w.text not in lexicon.given_names
        and whole_name(w.text.casefold()).search(text) for w in words)


def _classify_words(text: str, sentence: Sentence, tokens: list[Token], words: list[Token], lexicon: Lexicon,
                    the_name: bool = False) -> list[Name]:
    plain = [w for w in words if w.text != "The"]
    if not plain:
        return []  # a lone "The" left over from a run cut at a title or connector
    phrase = " ".join(w.text for w in plain)
    last = plain[-1].text
    country = lexicon.country_of(phrase)

    def make(kind: str, **extra: str | bool) -> list[Name]:
        return [_name(sentence, words[0], words[-1], text, kind, tuple(plain), **extra)]

    if country is not None:
        if phrase in country.adjectives and phrase not in country.aliases:
            return make("place", country=country.name, adjective=True)  # "French troops": France, by adjective
        if phrase in country.seats and _after_locative(tokens, plain[0], lexicon):
            return make("place")  # "shares fell in X": the city itself, not its government
        return make("place", country=country.name, metonym=phrase in country.seats)
    if _is_event(plain, lexicon):
        # wars, laws, battles, treaties: not actors, but "French" in "the French and Indian War" names France
        return [n for w in plain[:-1] if _adjective_country(w.text, lexicon)
                for n in _classify_words(text, sentence, tokens, [w], lexicon)]
    if any(w.text.casefold() in lexicon.number_words for w in plain):
        return []
    marked = any(w.text in lexicon.organisation_words | lexicon.place_words for w in plain)
    if len(plain) > 1 and _adjective_country(plain[0].text, lexicon) and (
            plain[1].text in lexicon.place_prefixes or plain[1].text in lexicon.place_words):
        # "French Fort X": the adjective says whose; the name is the rest
        return (_classify_words(text, sentence, tokens, words[:1], lexicon)
                + _classify_words(text, sentence, tokens, words[1:], lexicon))
    if not marked and any(_is_adjective(w.text, lexicon) for w in plain):
        if last.endswith("s") and len(plain) > 1:
            return make("group")  # "Native Americans"
        first = _adjective_country(plain[0].text, lexicon)
        return _classify_words(text, sentence, tokens, words[:1], lexicon) if first else []  # "French North American"
    regnal = next((k for k, w in enumerate(plain) if k > 0 and _ROMAN.fullmatch(w.text)), None)
    # "Richard I", not "Class II": a word the text also writes in lower case ("two classes") is a noun
    if regnal is not None and plain[regnal - 1].text in lexicon.numbered_things:
        return []  # "Class II MHC", "Type IV": a numbered thing, no actor
    common_noun = regnal is not None and re.search(rf"\b{re.escape(plain[regnal - 1].text.casefold())}", text) is not None
    if regnal is not None and plain[0].text not in lexicon.name_connectors and not common_noun \
            and not plain[regnal - 1].text.isupper():  # "MHC I": an acronym numbered, no ruler
        # "Richard I of Normandy": a ruler, then where he ruled
        head, tail = words[: words.index(plain[regnal]) + 1], words[words.index(plain[regnal]) + 1 :]
        if tail and tail[0].text not in lexicon.name_connectors | {"the"}:
            if any(w.text in lexicon.place_words | lexicon.organisation_words for w in tail):
                return make("place")  # "George IV Bridge": a place named after him
            head, tail = words, []  # "Alexius I Comnenus": his name goes on after the number
        person = _name(sentence, head[0], head[-1], text, "person", [w for w in head if w.text != "The"])
        while tail and tail[0].text in lexicon.name_connectors | {"the"}:
            tail = tail[1:]
        ruled = _classify_words(text, sentence, tokens, tail, lexicon) if tail else []
        return [person] + [replace(n, kind="place", guessed=False) if n.kind in ("", "person") else n for n in ruled]
    if len(plain) > 1 and phrase not in lexicon.party_names and _placed(text, tokens, plain[0], plain[-1], lexicon):
        return make("place")  # "of Elm Court, Dunford", "councillor for Upper Brook": an address, a seat
    if any(w.text in lexicon.organisation_words or len(plain) > 1 and w.text.removesuffix("s") in lexicon.organisation_words
           for w in plain) or the_name or _acronym(phrase) \
            or phrase in lexicon.party_names:
        return make("organisation")
    before = _previous_word(tokens, words[0])
    if len(plain) > 1 and before in load_people_words().person_nouns and not tokens[tokens.index(words[0]) - 1].initial \
            and text[tokens[tokens.index(words[0]) - 1].end : words[0].start] == " ":
        return make("person")  # "midfielder Mason Mount", "the landlord Ann Hill": what they are, then who
    if plain[0].text in lexicon.place_prefixes or any(w.text in lexicon.place_words for w in plain):
        after = _next_word(tokens, plain[-1])
        return make("organisation" if len(plain) > 1 and after in lexicon.body_cues_after else "place")
    if _particle_name(plain, lexicon):  # "Ludwig van Beethoven"
        given = plain[0].text in lexicon.given_names
        return make("person", guessed=not given and not _cued_person(text, tokens, words[0], lexicon))
    if any(w.text in lexicon.name_connectors for w in plain):
        return make("organisation")
    if len(plain) > 1:
        first, last = tokens.index(plain[0]), tokens.index(plain[-1])
        if _organisation_cue(text, tokens, first, lexicon, last):
            return make("organisation")  # "analysts at Goldman Sachs", "shares in Rolls Royce"
        if _previous_word(tokens, words[0]) in lexicon.area_prepositions:
            return make("place")  # "evacuated from Marlow Green"
        if len(plain) > 4 or any("-" in w.text for w in plain):
            return []
        given = plain[0].text in lexicon.given_names
        if not given and _previous_word(tokens, words[0]) == "the" and not _is_person_word(plain[-1].text, lexicon) \
                and not all(w.text.casefold() in load_common_words() for w in plain):  # "the Holy Land": a phrase
            # "the Deutsche Bundespost", "the Seljuk Turks": a personal name takes no article; a body or a people
            # does; "the Early Gothic" is a style, no actor
            if opens_with_adjective(plain[0].text):
                return []
            return make("group" if re.search(r"[^s]s$", plain[-1].text) else "organisation")
        return make("person", guessed=not given and not _cued_person(text, tokens, words[0], lexicon))
    return make(_single_kind(text, tokens, words[0], lexicon))


_ROMAN = re.compile(r"(?:I|II|III|IV|V|VI|VII|VIII|IX|X|XI|XII|XIII|XIV|XV|XVI)")


def _is_event(plain: list[Token], lexicon: Lexicon) -> bool:
    """A war, law, battle or treaty: an event word heads the name ("Battle of X", "X Act", "X War").

    "Bill Clinton" is no bill: the event word must end the name or come before "of".
    """
    for k, w in enumerate(plain):
        if w.text in lexicon.event_words:
            after = plain[k + 1].text if k + 1 < len(plain) else ""
            if not after or after in lexicon.name_connectors or after.isdigit():
                return True
    return False


def _adjective_country(word: str, lexicon: Lexicon) -> bool:
    country = lexicon.country_of(word)
    return country is not None and word in country.adjectives and word not in country.aliases


def _next_word(tokens: list[Token], word: Token) -> str:
    i = next(k for k, t in enumerate(tokens) if t.start == word.start)
    return tokens[i + 1].text.casefold() if i + 1 < len(tokens) else ""


def _is_person_word(word: str, lexicon: Lexicon) -> bool:
    """A word for a person or an office ("Officer", "Secretary"), singular or plural."""
    folded = word.casefold()
    nouns = load_people_words().person_nouns
    return any(w in nouns or w in lexicon.roles for w in (folded, folded.removesuffix("s")))


def _cued_person(text: str, tokens: list[Token], word: Token, lexicon: Lexicon) -> bool:
    """Whether a person word stands right before the name ("leader Ann Vale"); not one that owns it
    ("the Minister's Question Time": what the minister has, not who he is)."""
    i = next(k for k, t in enumerate(tokens) if t.start == word.start)
    return i > 0 and tokens[i - 1].text.casefold() in lexicon.person_cues and text[tokens[i - 1].end : word.start] == " "


def _previous_word(tokens: list[Token], word: Token | Name) -> str:
    i = next(k for k, t in enumerate(tokens) if t.start == word.start)
    return tokens[i - 1].text.casefold() if i > 0 else ""


def _single_kind(text: str, tokens: list[Token], word: Token, lexicon: Lexicon) -> str:
    """The kind of a one-word name from its neighbours: "in X" place, "leader X" person, "shares in X"
    organisation, else "".  After "at" or "from" an unknown word is no place by default ("analysts at X")."""
    i = next(k for k, t in enumerate(tokens) if t.start == word.start)
    before = _previous_word(tokens, word)
    after = tokens[i + 1].text.casefold() if i + 1 < len(tokens) else ""
    if len(word.text) == 1:
        return ""  # "X", "P": a letter standing for something, no one's name
    if word.text.endswith(("ans", "ians", "ese")):
        return "group"
    if i > 0 and tokens[i - 1].text in lexicon.place_words and text[tokens[i - 1].end : word.start].strip() == ",":
        return "place"  # "of Orchard Rise, Halbury,": the town of an address
    if _placed(text, tokens, word, word, lexicon):
        return "place"
    if _organisation_cue(text, tokens, i, lexicon):
        return "organisation"
    if before == "from" and any(t.text == "to" for t in tokens[i + 1 : i + 6]):
        return "place"  # "from X in the south to Y": a range of places
    if before in ("at", "from"):
        return ""
    if before in lexicon.place_prepositions:
        return "place"
    if before in lexicon.person_cues or before.endswith("-year-old"):
        return "person"
    if before in ("the", "a", "an"):
        return ""  # "the Crusader states": a modifier, not an actor
    verbish = after in lexicon.speech_verbs or after in lexicon.action_verbs or after in lexicon.stance_verbs
    if verbish or (after.endswith("ed") and len(after) > 4) or after in ("has", "had", "was", "is", "will"):
        return "person"
    return ""


_AGE_OF = re.compile(r",\s*\d{1,3},\s+of\s+(?:[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){0,3},\s+)?$")  # ", 41, of (Elm Court, )"


def _placed(text: str, tokens: list[Token], first: Token, last: Token, lexicon: Lexicon) -> bool:
    """Whether a name stands where news puts an address or a seat, so it is a place whatever its words say:
    "Tom Vale, 41, of Elm Court, Dunford", "who lives at Ash House", "the councillor for Riverside",
    "Brookside ward"."""
    before = text[max(0, first.start - 60) : first.start]
    folded = before.casefold()
    if _AGE_OF.search(before) or any(folded.endswith(f" {cue} ") for cue in lexicon.address_cues_before):
        return True
    words = folded.split()
    if len(words) >= 2 and words[-1] == "for" and words[-2].strip(",") in lexicon.seat_holders:
        return True
    after = _next_word(tokens, last)
    return after in lexicon.area_words_after and text[last.end : last.end + 1] == " "


_DETERMINERS = frozenset({"the", "a", "an", "their", "his", "her", "its", "our", "my", "your", "this", "that"})
_APPOSED_NOUN = re.compile(r",\s+(?:the|a|an)\s+(?P<np>[^,.;:()\"“”]{1,60}?)\s*(?:[,.;:]|$)")


def _organisation_cue(text: str, tokens: list[Token], i: int, lexicon: Lexicon, last: int | None = None) -> bool:
    """Whether the words around the name ``tokens[i:last + 1]`` say it names an organisation: "chipmaker X",
    "shares in X", "analysts at X", "X bosses", "X, the Dutch chipmaker,"."""
    before = [t.text.casefold() for t in tokens[max(0, i - 3) : i]]
    i = i if last is None else last
    if before and lexicon.is_organisation_noun(before[-1]) and text[tokens[i - 1].end : tokens[i].start] == " ":
        return True
    if any(" ".join(before[-len(cue.split()) :]) == cue for cue in lexicon.organisation_cues_before):
        return True
    if len(before) >= 2 and before[-1] in ("at", "from") and before[-2] in lexicon.organisation_members:
        return True
    if i + 1 < len(tokens) and text[tokens[i].end : tokens[i + 1].start] == " " and (
            tokens[i + 1].text.casefold() in lexicon.organisation_cues_after):
        return True
    apposed = _APPOSED_NOUN.match(text, tokens[i].end)
    head = re.split(r"\s+(?:at|of|for|from|in|with|on)\s+", apposed.group("np"))[0] if apposed else ""
    return bool(head) and lexicon.is_organisation_noun(head.split()[-1])  # "X, the chipmaker," not "X, an analyst at Y,"


def _after_locative(tokens: list[Token], first: Token, lexicon: Lexicon) -> bool:
    """Whether a name follows a locative preposition ("in X", "at the X"): a location, not an actor."""
    i = next(k for k, t in enumerate(tokens) if t.start == first.start)
    while i > 0 and tokens[i - 1].text.casefold() == "the":
        i -= 1
    return i > 0 and tokens[i - 1].text.casefold() in lexicon.place_prepositions


def _particle_name(plain: list[Token], lexicon: Lexicon) -> bool:
    """A personal name with surname particles: capitalised words joined only by "de", "van", "bin" ..."""
    inner = [w.text for w in plain[1:-1] if not _is_cap(w.text)]
    return (2 < len(plain) <= 5 and _is_cap(plain[0].text) and _is_cap(plain[-1].text) and bool(inner)
            and all(w in lexicon.surname_particles for w in inner)
            and not any(w.text in lexicon.organisation_words | lexicon.place_words for w in plain))


def _role_before(text: str, tokens: list[Token], i: int, lexicon: Lexicon) -> str:
    """A lower-case title just before a name ("said chief executive X", "Union leader X" at the start
    of a sentence, "Dutch economy minister X"), as the text writes it; "" when there is none."""
    if i < 1:
        return ""
    for parts in _roles_by_word(lexicon)[1].get(tokens[i - 1].text.casefold(), ()):
        k = i - len(parts)
        span = tokens[max(k, 0) : i]
        if k < 0 or [t.text.casefold() for t in span] != parts or not _adjacent(text, tokens, k, i):
            continue
        if any(_is_cap(t.text) and not t.initial for t in span):
            return ""  # a capitalised title is part of the name run already
        if k > 0 and _adjacent(text, tokens, k - 1, i) and (
                (k == 1 and tokens[0].initial and tokens[0].text.casefold() not in lexicon.sentence_starters)
                or (not _is_cap(tokens[k - 1].text) and k >= 2 and _adjective_country(tokens[k - 2].text, lexicon))):
            k -= 1  # "Union leader X", "Dutch economy minister X"
        if k > 0 and _adjacent(text, tokens, k - 1, i) and _adjective_country(tokens[k - 1].text, lexicon):
            k -= 1  # "Dutch minister X"
        if k > 0 and tokens[k - 1].text.casefold() in _DETERMINERS:
            return ""  # "the minister X", "their envoy X": a role mention, resolved in coref
        words = [t.text for t in tokens[k:i]]
        if tokens[k].initial and not _adjective_country(words[0], lexicon):
            words[0] = words[0][:1].lower() + words[0][1:]
        return " ".join(words)
    return ""


def _adjacent(text: str, tokens: list[Token], lo: int, hi: int) -> bool:
    """Whether ``tokens[lo:hi + 1]`` are separated by single spaces only."""
    return lo >= 0 and all(text[tokens[k].end : tokens[k + 1].start] == " " for k in range(lo, min(hi, len(tokens) - 1)))


def _is_adjective(word: str, lexicon: Lexicon) -> bool:
    """A nationality adjective or its plural ("French", "Americans")."""
    for form in (word, word.removesuffix("s")):
        country = lexicon.country_of(form)
        if country is not None and form in country.adjectives:
            return True
    return False


def _acronym(phrase: str) -> bool:
    return 2 <= len(phrase) <= 8 and phrase.replace(".", "").isalpha() and phrase.replace(".", "").isupper()


def _role_at(words: list[Token], i: int, lexicon: Lexicon, bare: bool = False) -> int:
    """The index just past a title starting at ``words[i]`` ("Foreign Secretary"), or 0.

    Unless ``bare``, the title must be followed by a name.
    """
    if i >= len(words):
        return 0
    for parts in _roles_by_word(lexicon)[0].get(words[i].text.casefold(), ()):
        if [w.text.casefold() for w in words[i : i + len(parts)]] == parts and (bare or i + len(parts) < len(words)):
            return i + len(parts)
    return 0


@lru_cache(maxsize=4)
def _roles_by_word(lexicon: Lexicon) -> tuple[dict[str, list[list[str]]], dict[str, list[list[str]]]]:
    """Each title's words filed under its first word and under its last, in the lexicon's order (longest
    first): a name's words are checked against the few titles they could start or end, not all of them."""
    first: dict[str, list[list[str]]] = {}
    last: dict[str, list[list[str]]] = {}
    for role in lexicon.roles:
        parts = role.split()
        if parts:
            first.setdefault(parts[0], []).append(parts)
            last.setdefault(parts[-1], []).append(parts)
    return first, last


def _name(sentence: Sentence, first: Token, last: Token, text: str, kind: str, words: list[Token] | tuple,
          honorific: str = "", role: str = "", country: str = "", metonym: bool = False, adjective: bool = False,
          guessed: bool = False) -> Name:
    return Name(
        sentence=sentence.index, start=first.start, end=last.end, text=text[first.start : last.end], kind=kind,
        words=tuple(w.text for w in words), honorific=honorific, role=role, country=country, metonym=metonym,
        headline=sentence.index == 0 and sentence.paragraph == 0, adjective=adjective, guessed=guessed,
    )
