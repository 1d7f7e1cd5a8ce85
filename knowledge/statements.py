"""Facts: who said, claimed, stood for or did what, plus the article's amounts and times.

Speech is found from a speech verb in the narrative (quotations masked) and its subject, the
reference just before it ("Shah said", "He said:") or just after it ("said Smith",
"according to X").  A quotation introduced by the verb ("told reporters: “...”") or closed just
before it ("“...,” she said") is a direct quote; otherwise the clause after the verb is reported
speech, a *claim* when the speaker is an anonymous source.  Stance and action verbs give facts for
their clause; amounts and time expressions give number and time facts.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from knowledge.clauses import clause_at, masked
from knowledge.entities import Draft, Reference
from knowledge.lexicon import Lexicon
from knowledge.measures import TimeExpression, find_amounts, find_times
from knowledge.model import SPEECH_KINDS, Fact, Quote, Sentence
from knowledge.quotations import Quotation
from knowledge.roles import Apposition

__all__ = ["find_facts"]

_WORD = re.compile(r"[A-Za-z][\w’'-]*")
_APPOSITION = re.compile(r"^\s*,\s*(?:the|a|an|his|her|its|their|[A-Z]\w*['’]s)\b[^,.;:]{0,60}(?=,)")
_RELATIVE = re.compile(r"^\s*,\s*(?:who|whose|which)\b[^,;:]*,")
_AGED = re.compile(r"^\s*,\s*\d{1,3}\s*,")  # "Tom Vale, 52, struck": the age is no part of the deed
_PREPOSITIONS = frozenset({"in", "at", "from", "of", "to", "into", "near", "across", "within", "on", "with", "for",
                           "under", "between", "over", "against", "about", "around", "through"})
_SPEECH_ONLY_KINDS = ("say", "tell", "add", "state", "claim", "explain", "note", "point", "reply", "write",
                      "say_according_to")
_TAG_VERBS = ("report",)  # deeds elsewhere, speech in a sentence-final tag: "X will close, the Herald reported."


@dataclass(frozen=True, slots=True)
class _Article:
    """What every fact finder needs, bundled once, with lookups by sentence so the pass stays linear."""

    text: str
    sentences: tuple[Sentence, ...]
    speech: tuple[Quotation, ...]
    refs: tuple[Reference, ...]
    drafts: dict[str, Draft]
    lexicon: Lexicon
    refs_in: dict[int, list[Reference]] = field(default_factory=dict)  # sentence index -> its references
    speech_in: dict[int, tuple[Quotation, ...]] = field(default_factory=dict)  # quotations overlapping it
    starts: tuple[int, ...] = ()  # sentence starts, for finding the sentence of an offset
    appositions_in: dict[int, list[Apposition]] = field(default_factory=dict)  # sentence index -> appositions

    @classmethod
    def of(cls, text: str, sentences: tuple[Sentence, ...], speech: tuple[Quotation, ...], refs: list[Reference],
           drafts: dict[str, Draft], lexicon: Lexicon, appositions: list[Apposition] = ()) -> _Article:
        refs_in: dict[int, list[Reference]] = {}
        for ref in sorted(refs, key=lambda r: r.start):
            refs_in.setdefault(ref.sentence, []).append(ref)
        starts = tuple(s.start for s in sentences)
        speech_in: dict[int, list[Quotation]] = {}
        for q in speech:
            first = max(bisect_right(starts, q.start) - 1, 0)
            last = max(bisect_left(starts, q.end) - 1, first)
            for k in range(first, last + 1):
                speech_in.setdefault(sentences[k].index, []).append(q)
        appositions_in: dict[int, list[Apposition]] = {}
        for a in appositions:
            appositions_in.setdefault(a.ref.sentence, []).append(a)
        return cls(text, sentences, speech, tuple(refs), drafts, lexicon, refs_in,
                   {k: tuple(v) for k, v in speech_in.items()}, starts, appositions_in)

    def sentence_of(self, offset: int) -> Sentence:
        """The sentence an offset falls in (or ends)."""
        return self.sentences[max(bisect_right(self.starts, offset) - 1, 0)]

    def refs_between(self, start: int, end: int) -> list[Reference]:
        """References of the sentences spanning ``start``..``end``."""
        lo, hi = self.sentence_of(start).index, self.sentence_of(max(end - 1, start)).index
        return [r for k in range(lo, hi + 1) for r in self.refs_in.get(k, ())]


@dataclass(frozen=True, slots=True)
class _Verb:
    start: int  # offset within the sentence
    end: int
    form: str
    lemma: str
    category: str  # speech, stance, action


def find_facts(text: str, sentences: tuple[Sentence, ...], speech: tuple[Quotation, ...], refs: list[Reference],
               drafts: dict[str, Draft], lexicon: Lexicon, appositions: list[Apposition] = ()) -> tuple[Fact, ...]:
    """Every fact of the article body, in sentence order, with stable ids ``s{n}-{kind}-{k}``.

    ``appositions`` are the phrases after names that describe them: a verb after one belongs to the
    person named before it ("Jane Doe, director of the Institute, said"), not to what it names.
    """
    article = _Article.of(text, sentences, speech, refs, drafts, lexicon, appositions)
    raw: list[tuple[int, int, dict]] = []  # (sentence, position, fields)
    for sentence in sentences:
        if sentence.paragraph == 0:
            continue
        raw += _sentence_facts(article, sentence)
        raw += _tagged_by_pronoun(article, sentence, raw)
    raw += _continued_quotes(article, raw)
    _named_in_quotes(article, raw)
    raw.sort(key=lambda r: (r[0], r[1]))
    counters: dict[tuple[int, str], int] = {}
    facts = []
    for index, _, fields in raw:
        key = (index, fields["kind"])
        counters[key] = counters.get(key, 0) + 1
        facts.append(Fact(id=f"s{index}-{fields['kind']}-{counters[key]}", sentence=index, **fields))
    return tuple(facts)


def _sentence_facts(article: _Article, sentence: Sentence) -> list[tuple[int, int, dict]]:
    view = masked(sentence, article.speech_in.get(sentence.index, ()))
    refs = article.refs_in.get(sentence.index, [])
    times = find_times(sentence, article.lexicon)
    tag = _attribution(view, sentence, times, article.lexicon)
    out: list[tuple[int, int, dict]] = []
    head = _clause_subject(article, sentence, view, refs)
    said: tuple[int, str] | None = None  # the end of the latest speech verb and who spoke ("?": unresolved)
    if re.search(r"\b[Aa]ccording to\b", view):
        said = (0, "?")
    for verb in _verbs(view, article.lexicon):
        subject = _subject(article, sentence, view, verb, refs)
        carried = subject is None and _carried_subject(sentence, view, verb, refs, head)
        subject = head[0] if carried else subject
        if verb.category == "speech" or _tags(verb, tag):
            fields = _speech(article, sentence, view, verb, subject, refs, tag)
            if fields is None and verb.form.casefold() in article.lexicon.stance_verbs:
                fields = [_deed(article, sentence, view, verb, subject, refs, carried)]
        else:
            fields = [_deed(article, sentence, view, verb, subject, refs, carried)]
        for f in filter(None, fields or []):
            f.setdefault("time", _time_for(sentence, view, verb, times))
            if f["kind"] in ("stance", "action") and said is not None and not carried and (
                    subject is None or subject.start - sentence.start >= said[0]):
                f["reported_by"] = said[1]  # "X said the board had rejected it": X's word, not the article's
            out.append((sentence.index, verb.start, f))
        if verb.category == "speech" and verb.lemma in _SPEECH_ONLY_KINDS and (said is None or said[0]):
            said = (verb.end, subject.entity if subject is not None else "?")
    out += _participle_speech(article, sentence, view, refs, out, head)
    out += _gerund_deeds(article, sentence, view, refs)
    for t in times:
        out.append((sentence.index, t.start - sentence.start, _time_fact(article, sentence, view, t, refs, tag)))
    for amount in find_amounts(sentence, article.lexicon):
        if any(t.start <= amount.start < t.end for t in times):
            continue
        out.append((sentence.index, amount.start - sentence.start, {
            "kind": "number", "quote": _quote(article.text, sentence.start, sentence.end), "value": amount.value,
            "counts": amount.counts, "content": _clause_text(sentence, view, amount.start - sentence.start),
            "entities": _ids(refs, sentence.start, sentence.end)}))
    return out


# "..., it found." / "..., they said.": a body's finding or words, tagged by a pronoun at the sentence end
_PRONOUN_TAG = re.compile(r",\s+(?P<who>it|they)\s+(?:also\s+|had\s+|has\s+|have\s+)?(?P<verb>said|says|added|found|"
                          r"concluded|ruled|estimated|reported)\s*[.!?]?\s*$")
_FINDING = {"found": "find", "concluded": "conclude", "ruled": "rule", "estimated": "estimate", "reported": "report"}


def _tagged_by_pronoun(article: _Article, sentence: Sentence, raw: list[tuple[int, int, dict]]) -> list[tuple[int, int, dict]]:
    """"The firm shared the data, the commission said. Data on 600,000 women was also included, it
    found.": a pronoun tag goes to the body that spoke last, in this paragraph, when that speaker was
    an organisation ("it") or a body or group ("they"); the words before the tag are what it said."""
    view = masked(sentence, article.speech_in.get(sentence.index, ()))
    m = _PRONOUN_TAG.search(view)
    if m is None or any(i == sentence.index and f["kind"] in SPEECH_KINDS for i, _, f in raw):
        return []
    kinds = ("organisation",) if m.group("who") == "it" else ("organisation", "group", "source")
    for index, _, fields in reversed(raw):
        if sentence.index - index > 2 or article.sentences[index].paragraph != sentence.paragraph:
            break
        speaker = fields.get("subject")
        if fields["kind"] in SPEECH_KINDS and speaker:
            if article.drafts[speaker].kind not in kinds:
                return []
            content = sentence.text[: m.start()].strip(" ,")
            verb = m.group("verb")
            return [(sentence.index, m.start("verb"), {
                "kind": "indirect", "quote": _quote(article.text, sentence.start, sentence.end), "subject": speaker,
                "verb": _FINDING.get(verb, article.lexicon.speech_verbs.get(verb, "say")), "content": content,
                "entities": _ids(article.refs_in.get(sentence.index, []), sentence.start, sentence.end, speaker)})]
    return []


_PARTICIPLE_THAT = re.compile(r",\s+(?P<verb>[a-z]+ing)\s+that\s+")


def _participle_speech(article: _Article, sentence: Sentence, view: str, refs: list[Reference],
                       found: list[tuple[int, int, dict]], head: tuple | None) -> list[tuple[int, int, dict]]:
    """"“...,” she said, adding that he would appeal", "X apologised, saying that ...": reported speech
    in a participle clause, said by the one who spoke before it in the sentence, else by its subject."""
    out: list[tuple[int, int, dict]] = []
    for m in _PARTICIPLE_THAT.finditer(view):
        if article.lexicon.speech_verbs.get(m.group("verb")) not in _SPEECH_ONLY_KINDS:
            continue
        earlier = [f for _, at, f in found if at < m.start() and f["kind"] in ("quote", "indirect", "claim")
                   and f.get("subject")]
        speaker = earlier[-1]["subject"] if earlier else head[0].entity if head is not None else None
        content = sentence.text[m.end() : len(view.rstrip(" .!?"))].strip(" ,")
        if speaker is None or not content:
            continue
        out.append((sentence.index, m.start("verb"), {
            "kind": "claim" if article.drafts[speaker].kind == "source" else "indirect",
            "quote": _quote(article.text, sentence.start, sentence.end), "subject": speaker,
            "verb": article.lexicon.speech_verbs[m.group("verb")], "content": content,
            "entities": _ids(refs, sentence.start, sentence.end, speaker)}))
    return out


# "fined for passing data", "arrested after hitting him": a deed in an -ing form after a preposition
_GERUND = re.compile(r"\b(?P<prep>for|after|before|by|without|despite)\s+(?P<verb>[a-z]+ing)\b")
_BE_BEFORE = re.compile(r"\b(?:is|are|was|were|be|been|being)\s+(?:[a-z]+ly\s+)?$")


def _gerund_deeds(article: _Article, sentence: Sentence, view: str, refs: list[Reference]) -> list[tuple[int, int, dict]]:
    """Deeds in an -ing clause, done by the one the clause's verb says: "X has been fined for passing data"
    (X passed it), "the court fined X for passing data" (the one fined), "X left after hitting him" (X)."""
    lexicon = article.lexicon
    out: list[tuple[int, int, dict]] = []
    verbs = [v for v in _verbs(view, lexicon) if v.category != "speech"]
    for m in _GERUND.finditer(view):
        word = m.group("verb")
        lemma, category = lexicon.action_verbs.get(word), "action"
        if lemma is None:
            lemma, category = lexicon.stance_verbs.get(word), "stance"
        governing = [v for v in verbs if v.end <= m.start()]
        if lemma is None or not governing:
            continue
        ruling = governing[-1]
        lo, hi = clause_at(view, ruling.start)
        if hi < m.start():
            continue  # the -ing clause is not the verb's
        subject = _subject(article, sentence, view, ruling, refs)
        passive = _BE_BEFORE.search(view, 0, ruling.start) is not None and ruling.form.casefold() != ruling.lemma
        if m.group("prep") == "for" and not passive:  # "fined X for passing": the one it was done to
            subject = next((r for r in refs if ruling.end <= r.start - sentence.start < m.start()), None)
        elif passive and subject is not None and subject.end - sentence.start > ruling.start:
            subject = None  # "fined by the watchdog": the agent did the fining, not the -ing deed
        if subject is None:
            continue
        end = clause_at(view, m.start("verb"))[1]
        content = _DANGLING.sub("", sentence.text[m.start("verb") : end].strip(" ,")).strip(" ,")
        out.append((sentence.index, m.start("verb"), {
            "kind": "stance" if category == "stance" else "action",
            "quote": _quote(article.text, sentence.start, sentence.end), "subject": subject.entity, "verb": lemma,
            "content": content, "entities": _ids(refs, sentence.start, sentence.end, subject.entity)}))
    return out


def _verbs(view: str, lexicon: Lexicon) -> list[_Verb]:
    """Speech, stance and action verbs of the narrative, in order; -ing forms are not clauses."""
    found: list[_Verb] = []
    for m in re.finditer(r"\b[Aa]ccording to\b", view):
        found.append(_Verb(m.start(), m.end(), m.group(), "say_according_to", "speech"))
    for m in _WORD.finditer(view):
        word = m.group().casefold()
        if word.endswith("ing") or (m.start() == 0 and not m.group()[:1].islower() and word not in ("said",)):
            continue
        for category, table in (("speech", lexicon.speech_verbs), ("stance", lexicon.stance_verbs),
                                ("action", lexicon.action_verbs)):
            if word in table:
                found.append(_Verb(m.start(), m.end(), m.group(), table[word], category))
                break
    return sorted(found, key=lambda v: v.start)


def _subject(article: _Article, sentence: Sentence, view: str, verb: _Verb, refs: list[Reference]) -> Reference | None:
    """The reference right before the verb (only auxiliaries and adverbs between), or right after
    an inverted or "according to" verb, or the agent of a passive ("deployed by X")."""
    lexicon = article.lexicon
    for a in article.appositions_in.get(sentence.index, ()):
        gap = view[a.end - sentence.start : verb.start]
        if a.end - sentence.start <= verb.start and re.fullmatch(r"\s*,?[\s\w’'-]*", gap) and all(
                w.casefold() in lexicon.verb_gap_words for w in _WORD.findall(gap)):
            return a.ref  # "Jane Doe, director of the Institute of X, said"
    closed = [(lo, hi) for lo, hi in _relative_spans(view) if hi <= verb.start]
    for ref in sorted(refs, key=lambda r: r.end, reverse=True):
        end = ref.end - sentence.start
        if end > verb.start or any(lo < end <= hi for lo, hi in closed):
            continue  # "X, whose firm Y built it, said": Y acts only inside the clause
        if article.drafts[ref.entity].kind == "place" and _IN_ADDRESS.search(view, 0, end):
            continue  # "X, of Elm Court, Dunford, denied": the address's places are no actors
        before = _WORD.findall(view[: ref.start - sentence.start])[-1:]
        through = _THE_BEFORE.search(view, 0, ref.start - sentence.start)
        before = [through.group(1)] if through else before  # "users in the UK shared": no actor
        spoken_for = verb.category == "speech" and _members_before(view[: ref.start - sentence.start], lexicon)
        if before and before[0].casefold() in _PREPOSITIONS and not spoken_for:
            continue  # "governors in North America met": the place is no actor
        gap = _ADDRESS.sub("", view[end : verb.start], count=1)  # "X, of Elm Court, Dunford, denied"
        gap = _APPOSITION.sub("", gap, count=1)  # "X, the council leader, said"
        gap = _RELATIVE.sub("", gap, count=1)  # "X, who had lived in Y, opened"
        gap = _WHO.sub("", gap, count=1)  # "A landlord who attacked his tenant": the relative's subject is X
        words = _WORD.findall(gap)
        infinitive = "," in gap and "to" in words  # "X, to discuss": a purpose clause, not X's act
        if re.fullmatch(r"[\s\w’',-]*", gap) and not infinitive and all(
                w.casefold() in lexicon.verb_gap_words for w in words):
            if verb.category == "speech" and _PASSIVE_BE & {w.casefold() for w in words}:
                return None  # "Workers at X were told that": X's people heard it; who said it is not given
            if "," in gap and any(r.entity != ref.entity and re.fullmatch(r"\s*,\s*", article.text[r.end : ref.start])
                                  for r in refs):
                return None  # "X, of Y Street, Z, denied": Z ends a list or an address; who acts is unsure
            return ref
        if ref.kind != "adjective":
            break  # an adjective ("X, the Dutch chipmaker, will") describes; the actor may come before it
    after = [r for r in refs if r.start - sentence.start >= verb.end]
    if after:
        gap = view[verb.end : after[0].start - sentence.start]
        inverted = verb.lemma == "say_according_to" or (  # "..., said X." but not "said the bank would"
            verb.category == "speech" and verb.lemma != "tell"  # "she told The Herald": the outlet listens
            and re.match(_INVERTED_END, view[after[0].end - sentence.start :]))
        if re.fullmatch(r"\s*(?:the\s+)?", gap) and inverted:
            # "according to the Scottish census": the census says it, not the country its adjective names
            return None if after[0].kind == "adjective" else after[0]
        members = re.fullmatch(r"\s*(?:(?:the|some|several|many)\s+)?(?:[a-z][\w-]*\s+){0,2}?[a-z]+\s+"
                               r"(?:at|from|with|of)\s+(?:the\s+)?", gap)
        if verb.lemma == "say_according_to" and members and _members_before(gap, lexicon):
            return after[0]  # "according to analysts at X": X's people speak for it
        passive = view[: verb.start].split()[-1:] in (["be"], ["been"], ["was"], ["were"], ["is"], ["are"])
        owner = re.match(r"[’']s?\s", view[after[0].end - sentence.start :])  # "by the UK’s watchdog": not the UK
        if passive and not owner and re.fullmatch(r"\s+by\s+(?:the\s+)?[\W\s]*", gap):
            return after[0]
    return None


_WHO = re.compile(r"^,?\s+who\b")
# a relative clause, or a participle with its agent ("X, helped by a grant from Y, founded"): comma to comma
_RELATIVE_SPAN = re.compile(r",\s*(?:who|whose|which|[a-z]+(?:ed|en)\s+by)\b[^,;:]*,")


def _relative_spans(view: str) -> list[tuple[int, int]]:
    """Where each ", who/whose/which ... ," or ", helped by ... ," clause runs, comma to comma: "X, whose
    firm Y built it, said", "X, inspired by a suggestion made by Y, formulated"."""
    return [(m.start(), m.end()) for m in _RELATIVE_SPAN.finditer(view)]
_PASSIVE_BE = frozenset({"was", "were", "is", "are", "been", "being", "be"})
_AUX_CHAIN = re.compile(r"\b(?:(?:was|were|is|are|has|have|had|been|being|be)\s+)+$")
_PLACE_NAME = r"[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*"
_ADDRESS = re.compile(rf"^\s*,\s*(?:\d{{1,3}}\s*,\s*)?(?:of|from)\s+{_PLACE_NAME}(?:,\s*{_PLACE_NAME})*\s*,")
_IN_ADDRESS = re.compile(rf",\s*(?:of|from)\s+{_PLACE_NAME}(?:,\s*{_PLACE_NAME})*$")
_THE_BEFORE = re.compile(r"\b([A-Za-z]+)\s+the\s+$")
_OPENS_CLAUSE = re.compile(r"[;:]|\b(?:that|who|which|whom|whose|because|after|when|while|if|before|since|until|"
                           r"unless|although|though|whereas|but)\b")
_COORDINATED = re.compile(r"(?:,\s*)?\band\s+(?:(?:then|also|later|finally)\s+)?(?:(?:was|were|is|are|has|have|had|been)\s+)?$")
_OPENER = re.compile(r"(?:(?:But|And|However|Yet),?\s+)?")
_FRONTED = re.compile(r"[^,;:.“”\"]{3,60},\s+")


def _clause_subject(article: _Article, sentence: Sentence, view: str,
                    refs: list[Reference]) -> tuple[Reference, int, int, bool] | None:
    """The sentence's own subject and the finite verb after it ("Ann Lee, prosecuting, asked ..."):
    the reference opening the sentence, its description, auxiliaries, then a verb of the lexicon, a
    regular past form or an irregular one.  Returns (subject, verb start, verb end, verb is speech)."""
    starts = {_OPENER.match(view).end()}
    fronted = _FRONTED.match(view)  # "The Dutch club’s head coach, X, said", "After the vote, X said"
    starts |= {fronted.end()} if fronted else set()
    first = next((r for r in refs if r.start - sentence.start in starts  # "The Dutch club’s coach": not the club
                  and not re.match(r"[’']s?\s", view[r.end - sentence.start :])), None)
    if first is None or article.drafts[first.entity].kind == "place":
        return None
    end = first.end - sentence.start
    for a in article.appositions_in.get(sentence.index, ()):
        if a.ref == first:
            end = a.end - sentence.start
    gap = _RELATIVE.match(view[end:]) or _APPOSITION.match(view[end:])
    end += gap.end() if gap else 0
    lexicon = article.lexicon
    for m in _WORD.finditer(view, end):
        word = m.group().casefold()
        if word in lexicon.verb_gap_words and word != "to":
            continue
        speech = lexicon.speech_verbs.get(word) in _SPEECH_ONLY_KINDS
        finite = (word in lexicon.speech_verbs or word in lexicon.stance_verbs or word in lexicon.action_verbs
                  or word in lexicon.past_forms or (word.endswith("ed") and len(word) > 4))
        if finite and m.group()[:1].islower():
            return first, m.start(), m.end(), speech
        return None
    return None


def _carried_subject(sentence: Sentence, view: str, verb: _Verb, refs: list[Reference],
                     head: tuple[Reference, int, int, bool] | None) -> bool:
    """Whether a verb after "and" shares the sentence's subject: "X remanded Y in custody and warned him",
    "X said he had not been asked and accused Y of ...".  Not across a clause with a subject of its own:
    after a speech verb the reported clause must be the subject's own ("said he ..."), elsewhere no
    clause may open in between ("X said the board had met and agreed" is the board's agreeing)."""
    if head is None:
        return False
    subject, _, verb_end, speech = head
    link = _COORDINATED.search(view, 0, verb.start)
    if link is None or link.start() < verb_end:
        return False
    between = view[verb_end : link.start()]
    if speech:
        inner = next((r for r in refs if r.start - sentence.start >= verb_end), None)
        lead = re.match(r"\s+(?:that\s+)?", view[verb_end:])
        return inner is not None and inner.entity == subject.entity and (
            inner.start - sentence.start == verb_end + (lead.end() if lead else 0)) and not _OPENS_CLAUSE.search(
            view, inner.end - sentence.start, link.start())
    return _OPENS_CLAUSE.search(between) is None


_INVERTED_END = r"\s*(?:[,.;:!?)]|$|(?:on|in|at|during|late|early|last|this|who|adding|according)\b)"
_MEMBERS_AT = re.compile(r"\b(?P<who>[A-Za-z]+)\s+(?:at|from|with|of)\s+(?:the\s+)?$")


def _members_before(before: str, lexicon: Lexicon) -> bool:
    """Whether the text before a name ends in "analysts at", "economists from the": its people speak."""
    m = _MEMBERS_AT.search(before)
    who = m.group("who").casefold() if m else ""
    return who in lexicon.organisation_members or who in lexicon.source_heads


_NOT_AFTER_TAG = frozenset({"it", "they", "he", "she", "we", "i", "you", "there", "this"})


def _attribution(view: str, sentence: Sentence, times: list[TimeExpression], lexicon: Lexicon) -> int:
    """Where a sentence-final attribution starts ("X will cut jobs, the company said on Monday."): the
    offset of its comma, or -1.  After the speech verb only a time or a short venue may follow."""
    chars = list(view)
    for t in times:
        for k in range(t.start - sentence.start, t.end - sentence.start):
            chars[k] = " "
    blanked = "".join(chars).rstrip(" .!?")
    m = re.search(r",\s+(?P<tag>[^,;:]{1,80})$", blanked)
    if m is None:
        return -1
    words = [w.casefold() for w in _WORD.findall(m.group("tag"))]
    said = next((k for k, w in enumerate(words) if lexicon.speech_verbs.get(w) in _SPEECH_ONLY_KINDS
                 or lexicon.action_verbs.get(w) in _TAG_VERBS), None)
    if said is None or said > 6:
        return -1
    after = words[said + 1 :]
    closed = lexicon.clause_openers | lexicon.verb_gap_words | _NOT_AFTER_TAG | set(lexicon.pronouns)
    if len(after) > 5 or any(w in closed for w in after):
        return -1
    return m.start()


def _tags(verb: _Verb, tag: int) -> bool:
    """Whether a reporting verb is the sentence-final attribution's ("..., the Herald reported on Monday.")."""
    return verb.lemma in _TAG_VERBS and 0 < tag < verb.start


def _speech(article: _Article, sentence: Sentence, view: str, verb: _Verb, subject: Reference | None,
            refs: list[Reference], tag: int = -1) -> list[dict] | None:
    if subject is None or _tells_itself(view, sentence, verb, subject, refs):
        return None
    speaker = subject.entity
    lemma = "say" if verb.lemma == "say_according_to" else verb.lemma
    direct = _direct_quote(article, sentence, view, verb)
    if direct is not None:
        start = min(sentence.start, article.sentence_of(direct.start).start)
        end = max(article.sentence_of(direct.end - 1).end, direct.end)
        return [{"kind": "quote", "quote": _quote(article.text, start, end), "subject": speaker, "verb": lemma,
                 "content": direct.text.strip().rstrip(","), "venue": _venue(view, verb, sentence, article.lexicon),
                 "entities": _ids(refs, start, end, speaker, article.refs_between(start, end))}]
    if verb.lemma not in _SPEECH_ONLY_KINDS and not _tags(verb, tag):
        return None
    lo = verb.end
    hi = len(view.rstrip(" .!?"))
    if verb.lemma == "say_according_to":
        # "X happened, according to Y." or "According to Y, X happened."
        rest = subject.end - sentence.start
        rest += len(_APPOSITION.match(view[rest:]).group(0)) if _APPOSITION.match(view[rest:]) else 0
        after = view.find(",", rest)
        lo, hi = (0, verb.start) if view[: verb.start].strip() else ((after + 1, hi) if after >= 0 else (hi, hi))
    elif 0 < tag < verb.start and tag < subject.start - sentence.start:
        lo, hi = 0, tag  # "X will cut jobs, the company said": what was said comes first
    else:
        m = re.match(r"(?:\s+[^\s,:;.]+){0,6}?\s+that\s+", view[lo:]) or (
            verb.lemma == "tell" and _LISTENER.match(view[lo:])) or re.match(r"\s*:?\s*", view[lo:])
        lo += m.end()
        if _starts_with_verb(view[lo:], article.lexicon):
            if not view[:lo].rstrip().endswith("that"):
                return None  # "the hammer, which he claimed was in the flat": the clause is the relative's
            lo = view.rindex("that", 0, lo)  # "said that was not enough": "that" is what was said of
    content = sentence.text[lo:hi].strip(" ,:")
    if not content:
        return None
    collective = _members_before(view[: subject.start - sentence.start], article.lexicon)  # "analysts at X said"
    kind = "claim" if article.drafts[speaker].kind == "source" or collective else "indirect"
    base = {"quote": _quote(article.text, sentence.start, sentence.end), "subject": speaker, "verb": lemma,
            "venue": _venue(view, verb, sentence, article.lexicon), "entities": _ids(refs, sentence.start, sentence.end, speaker)}
    facts = [{"kind": kind, "content": content, **base}]
    for q in article.speech_in.get(sentence.index, ()):
        if sentence.start + lo <= q.start and q.end <= sentence.end and len(q.text.split()) >= 2:
            facts.append({"kind": "quote", "content": q.text, **base})
    return facts


def _tells_itself(view: str, sentence: Sentence, verb: _Verb, subject: Reference, refs: list[Reference]) -> bool:
    """Whether the one read as telling is the one told ("the firm told the Herald", "the firm" read as the
    Herald): no one tells themselves, so the speaker was misread; the outlet that listens never speaks."""
    if verb.lemma != "tell":
        return False
    listener = _LISTENER.match(view[verb.end :])
    reach = verb.end + (listener.end() if listener else len(view) - verb.end)
    return any(r.entity == subject.entity and verb.end <= r.start - sentence.start < reach for r in refs if r is not subject)


# "told the jury Pellow had gone", "told him he would", "told the Daily Courier’s podcast she was": who was
# told, then what (a name, an outlet and what of it, a pronoun or a noun phrase)
_LISTENER = re.compile(r"\s+(?:him|her|them|me|us|you|reporters|journalists|"
                       r"(?:the\s+)?[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){0,3}(?:[’']s\s+(?:[a-z][\w-]*\s+){0,2}[a-z][\w-]*)?|"
                       r"(?:the|a|an|his|her|their|its|our)\s+(?:[a-z][\w-]*\s+)?[a-z][\w-]*)\s+"
                       r"(?=(?:he|she|it|they|we|i|you|his|her|its|their|our|the|a|an|this|there|[A-Z][\w’'-]*)\s)")


def _starts_with_verb(text: str, lexicon: Lexicon) -> bool:
    """Whether reported words open with an auxiliary: they have no subject of their own."""
    first = _WORD.match(text.lstrip())
    return first is not None and first.group().casefold() in lexicon.verb_gap_words - {"to", "also", "now", "then"}


def _direct_quote(article: _Article, sentence: Sentence, view: str, verb: _Verb) -> Quotation | None:
    """The quotation the verb introduces ("said: “...”") or closes ("“...,” he said")."""
    for q in article.speech_in.get(sentence.index, ()):
        q_lo, q_hi = q.start - sentence.start, q.end - sentence.start
        if q_lo >= verb.end and q_lo < len(view):
            between = view[verb.end : q_lo]
            if re.fullmatch(r"[^.!?;]{0,80}?[:,]\s*", between) or re.fullmatch(r"\s*", between):
                return q
            return None
        if 0 < q_hi <= verb.start and q.end > sentence.start:
            between = view[q_hi : verb.start]
            if len(between.split()) <= 4 and "." not in between:
                return q
    return None


def _venue(view: str, verb: _Verb, sentence: Sentence, lexicon: Lexicon) -> str:
    """Where or to whom it was said: "told reporters:" -> "reporters", "said in a statement
    that" -> "a statement"."""
    pattern = r"\s+((?:[\w’'.-]+\s?){1,6}?)" if verb.lemma == "tell" else r"\s+(?:in|on|to)\s+((?:[\w’'.-]+\s?){1,5}?)"
    m = re.match(pattern + r"(?=\s*(?::|,|\bthat\b|$))", view[verb.end :])
    if m is None and verb.lemma == "tell" and (listener := _LISTENER.match(view[verb.end :])):
        return sentence.text[verb.end : verb.end + listener.end()].strip()  # "told the jury Pellow had gone"
    venue = sentence.text[verb.end + m.start(1) : verb.end + m.end(1)].strip() if m else ""
    return "" if _is_when(venue, lexicon) else venue  # "said on Monday": when, not where or to whom


def _is_when(phrase: str, lexicon: Lexicon) -> bool:
    first = phrase.split()[0].strip(".,;:!?") if phrase else ""
    return first[:1].isdigit() or first in lexicon.weekdays or first in lexicon.months or (
        first.casefold() in lexicon.time_anchors or first.casefold() in lexicon.time_units)


def _deed(article: _Article, sentence: Sentence, view: str, verb: _Verb, subject: Reference | None,
          refs: list[Reference], carried: bool = False) -> dict | None:
    """A stance or action fact: its clause from the verb (auxiliaries included) to the clause end; for a
    subject carried over "and" from the sentence's first verb, from this verb."""
    before = view[: verb.start].split()
    aux = before[-1].casefold() if before else ""
    if subject is None and (aux not in article.lexicon.verb_gap_words - {"to"} or "to" in before[-2:]):
        return None  # no actor and no finite verb: a participle, an infinitive or a noun
    lo, hi = clause_at(view, verb.start)
    hi = min([hi] + [end - 1 for begin, end in _relative_spans(view) if begin < verb.start < end])  # the clause's own end
    start = verb.start
    if carried:  # "... and was acquitted": the auxiliary keeps the passive
        aux_chain = _AUX_CHAIN.search(view, 0, verb.start)
        lo = start = aux_chain.start() if aux_chain else start
    elif subject is not None and subject.end - sentence.start <= verb.start:
        start = subject.end - sentence.start
    elif subject is None:
        start = lo
    if subject is not None and start == subject.end - sentence.start:
        skip = _ADDRESS.match(view[start:hi]) or _RELATIVE.match(view[start:hi]) or _APPOSITION.match(view[start:hi]) \
            or _AGED.match(view[start:hi]) or _WHO.match(view[start:hi])
        start += skip.end() if skip and start + skip.end() <= verb.start else 0
    content = _DANGLING.sub("", sentence.text[start:hi].strip(" ,")).strip(" ,")  # "... for money and" ends at money
    cut = _CUT_VERB.search(content)
    if cut and view[hi:].lstrip().startswith("that") and cut.start() > verb.end - start and _finite(
            cut.group("verb"), article.lexicon):
        content = content[: cut.start()]  # "visited the pier and said [that ...]": the saying is no part of the visit
    if not content:
        return None
    kind = "stance" if verb.category == "stance" or verb.form.casefold() in article.lexicon.stance_verbs else "action"
    who = subject.entity if subject else None
    return {"kind": kind, "quote": _quote(article.text, sentence.start, sentence.end), "subject": who,
            "verb": verb.lemma, "content": content, "entities": _ids(refs, sentence.start, sentence.end, who)}


_CUT_VERB = re.compile(r"(?:,\s*|\s+)and\s+(?:then\s+|also\s+|later\s+)?(?P<verb>[a-z]+)$")


def _finite(word: str, lexicon: Lexicon) -> bool:
    """A verb of the lexicon, an irregular past form or a regular past form."""
    folded = word.casefold()
    return (folded in lexicon.speech_verbs or folded in lexicon.stance_verbs or folded in lexicon.action_verbs
            or folded in lexicon.past_forms or (folded.endswith("ed") and len(folded) > 4))


def _time_for(sentence: Sentence, view: str, verb: _Verb, times: list) -> str:
    """The time expression in the verb's clause, or one that opens the sentence."""
    lo, hi = clause_at(view, verb.start)
    for t in times:
        at = t.start - sentence.start
        if lo <= at < hi or view[:at].strip(" ,") == "":
            return t.text
    return ""


def _time_fact(article: _Article, sentence: Sentence, view: str, t, refs: list[Reference], tag: int = -1) -> dict:
    at = t.start - sentence.start
    lo, hi = clause_at(view, at)
    if 0 < tag < at:  # "..., the company said on Monday": the day of the saying, which spans the sentence
        lo, hi = 0, len(view.rstrip(" .!?"))
    lead = _TIME_LEAD.sub("", view[lo:at])  # "On [Monday], X said": the preposition belongs to the time
    if not lead.strip() and view[at + len(t.text) :].lstrip().startswith(","):
        lo, hi = clause_at(view, view.index(",", at) + 2)  # "Last week, X said ..." -> what X said
    head = _TIME_LEAD.sub(" ", sentence.text[lo:at])  # "meet on [Thursday]"
    content = _tidy(head + sentence.text[at + len(t.text) : hi])
    if len(_WORD.findall(content)) < 4:  # "Following a referendum [in 1997], ...": date the whole sentence
        content = _tidy(sentence.text[:at] + sentence.text[at + len(t.text) :])
    return {"kind": "time", "quote": _quote(article.text, sentence.start, sentence.end), "time": t.text,
            "content": content or sentence.text, "entities": _ids(refs, sentence.start + lo, sentence.start + hi)}


_TIME_LEAD = re.compile(r"(?:^|\s)(?:on|in|at|by|during)\s*$", re.IGNORECASE)
_DANGLING = re.compile(r"(?:[\s,(]+(?:in|on|at|by|of|for|from|during|since|until|before|after|which|who|"
                       r"and|or|but|the|a|an|to|with|while|when|where))+\s*$", re.IGNORECASE)


def _tidy(content: str) -> str:
    """A clause with the time phrase cut out: no double spaces, dangling words or stray commas."""
    content = re.sub(r"\s{2,}", " ", content)
    content = re.sub(r"\s+([,.;:)])", r"\1", content)
    content = re.sub(r"\(\s*\)", "", content)
    content = content.strip(" ,;")
    content = _DANGLING.sub("", content).strip(" ,;")
    return re.sub(r"\s{2,}", " ", content)


def _clause_text(sentence: Sentence, view: str, position: int) -> str:
    lo, hi = clause_at(view, position)
    return sentence.text[lo:hi].strip(" ,")


def _continued_quotes(article: _Article, raw: list[tuple[int, int, dict]]) -> list[tuple[int, int, dict]]:
    """A quotation that opens a sentence with no attribution of its own continues the previous direct
    quote: in the same paragraph, or in the paragraph right after it ("he said. “...”" then a new
    paragraph of quotation).  After reported speech ("Ross said the pier was safe." then "“We checked
    it twice.”") it continues only from the sentence right before it.  A sentence with its own speech
    verb ("“...,” the engineer said") is attributed already, even when its speaker could not be resolved."""
    covered = [(f["quote"].start, f["quote"].end) for _, _, f in raw if f["kind"] == "quote"]
    quotes = sorted((f for _, _, f in raw if f["kind"] in ("quote", "indirect", "claim") and f.get("subject")),
                    key=lambda f: f["quote"].start)
    starts = [f["quote"].start for f in quotes]
    out = []
    last: dict | None = None  # the latest direct quote before the quotation, continued ones included
    for q in sorted(article.speech, key=lambda q: q.start):
        k = bisect_right(starts, q.start) - 1
        if k >= 0 and (last is None or quotes[k]["quote"].start > last["quote"].start):
            last = quotes[k]
        sentence = article.sentence_of(q.start)
        if sentence.paragraph == 0 or q.start != sentence.start or any(a <= q.start < b for a, b in covered):
            continue
        if last is None or last["quote"].end > q.start:
            continue
        before = article.sentence_of(last["quote"].end - 1)
        if sentence.paragraph - before.paragraph > 1 or (
                sentence.paragraph != before.paragraph and sentence.index - before.index > 1) or (
                last["kind"] != "quote" and sentence.index - before.index > 1):
            continue
        view = masked(sentence, article.speech_in.get(sentence.index, ()))
        if any(v.category == "speech" for v in _verbs(view, article.lexicon)):
            continue
        end = max(article.sentence_of(q.end - 1).end, q.end)
        last = {"kind": "quote", "quote": _quote(article.text, q.start, end), "subject": last["subject"],
                "verb": last["verb"], "content": q.text.strip().rstrip(","), "entities": last["entities"]}
        out.append((sentence.index, 0, last))
    return out


def _named_in_quotes(article: _Article, raw: list[tuple[int, int, dict]]) -> None:
    """A quote's words name who they are about by role too ("“The minister knows that”"): the one entity
    the text calls that is among the quote's entities, and by a third-person pronoun (:func:`_spoken_of`).
    Quotations are not resolved otherwise."""
    titles: dict[str, set[str]] = {}
    for draft in article.drafts.values():
        for alias in draft.aliases:
            if alias.casefold().startswith("the ") and len(alias.split()) >= 2:
                titles.setdefault(alias.casefold(), set()).add(draft.id)
    pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, sorted(titles, key=len, reverse=True))) + r")\b",
                         re.IGNORECASE) if titles else None
    for index, at, fields in list(raw):
        if fields["kind"] != "quote":
            continue
        named = [next(iter(titles[m.group().casefold()])) for m in pattern.finditer(fields["content"])
                 if len(titles[m.group().casefold()]) == 1] if pattern else []
        deed = _DONE_TO_SPEAKER.match(fields["content"])
        lemma = _deed_lemma(deed.group("verb"), article.lexicon) if deed else None
        # "“He called me three times,” Varga said": he did it to the speaker; "“She was always kind,” he said":
        # the quote is about her.  Only a pronoun opening the quote is resolved: a "he" further into it is
        # too often someone the story has not named just before
        spoken_of = _spoken_of(article, fields) if lemma or _OPENS_WITH_PRONOUN.match(fields["content"]) else []
        fields["entities"] = tuple(dict.fromkeys([*fields.get("entities", ()), *named, *spoken_of]))
        if spoken_of and lemma:
            raw.append((index, at + 1, {
                "kind": "action", "quote": fields["quote"], "subject": spoken_of[0], "verb": lemma,
                "content": fields["content"][deed.start("verb") : deed.end()].strip(" ,"),
                "entities": (spoken_of[0], fields["subject"])}))


_OPENS_WITH_PRONOUN = re.compile(r"(?:He|She)\b")
_DONE_TO_SPEAKER = re.compile(r"(?:He|She)\s+(?:[a-z]+ly\s+|also\s+|even\s+)?(?P<verb>[a-z]+)\s+(?:me|us)\b[^.!?;:]*")


def _deed_lemma(word: str, lexicon: Lexicon) -> str | None:
    return lexicon.action_verbs.get(word) or lexicon.stance_verbs.get(word)


_THIRD_PERSON = re.compile(r"\b(?P<pronoun>he|him|his|himself|she|her|herself)\b", re.IGNORECASE)
QUOTE_REACH = 4  # how many sentences before a quote the person its "he" or "she" means may be named


def _spoken_of(article: _Article, fields: dict) -> list[str]:
    """"“He has always been honest,” his sister said": the latest person named before the quote whose
    gender the pronoun has, never the speaker (who says "I"); one of unknown gender only if no one else fits."""
    m = _THIRD_PERSON.search(fields["content"])
    opens = article.text.find(fields["content"], fields["quote"].start)
    if m is None or not fields.get("subject") or opens < 0:
        return []
    gender = article.lexicon.pronouns.get(m.group("pronoun").casefold(), ("", ""))[0]
    first = article.sentence_of(opens).index
    fitting: list[str] = []  # the people it could be, the latest first
    for k in range(first, max(first - QUOTE_REACH, 0) - 1, -1):
        for ref in reversed(article.refs_in.get(k, [])):
            draft = article.drafts[ref.entity]
            if ref.start < opens and ref.entity != fields["subject"] and draft.kind == "person" \
                    and draft.gender in ("", gender) and not _inside(ref, article.speech_in.get(k, ())) \
                    and ref.entity not in fitting:
                fitting.append(ref.entity)
    if fitting and (len(fitting) == 1 or article.drafts[fitting[0]].gender == gender):
        return fitting[:1]
    return []  # two people it could be, neither known to be a "he" or a "she": unresolved


def _inside(ref: Reference, quotations: tuple[Quotation, ...]) -> bool:
    return any(q.content_start <= ref.start and ref.end <= q.content_start + len(q.text) for q in quotations)


def _quote(text: str, start: int, end: int) -> Quote:
    return Quote(text=text[start:end], start=start, end=end)


def _ids(refs: list[Reference], start: int, end: int, first: str | None = None,
         everywhere: tuple[Reference, ...] = ()) -> tuple[str, ...]:
    pool = list(dict.fromkeys([*refs, *everywhere]))
    ids = [first] if first else []
    ids += [r.entity for r in sorted(pool, key=lambda r: r.start) if start <= r.start and r.end <= end]
    return tuple(dict.fromkeys(ids))
