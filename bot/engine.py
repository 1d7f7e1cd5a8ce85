"""The answer engine: (knowledge, conversation, text) -> (reply, next conversation).

Pure and fast: everything is precomputed in ``__init__``; ``reply`` never raises and never does
I/O.  The command line and the Telegram adapter are thin shells over it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from pathlib import Path

from rapidfuzz import fuzz, process

from bot.conversation import Conversation
from bot.language import DATA_DIR, Language, clean, default_language
from bot.matcher import ARTICLE_KINDS, Match, Matcher
from bot.question import Question, QuestionReader
from bot.reply import Reply
from knowledge.model import Knowledge, QAPair
from knowledge.store import read_yaml_data

__all__ = ["DECLINE", "Engine"]

logger = logging.getLogger(__name__)

DECLINE = "The article doesn't say."
MAX_QUESTION_CHARS = 500  # longer messages are matched on their start; nobody asks 10k-char questions
ANSWER_THRESHOLD = 0.5
MIN_COVERAGE = 0.6
TORN_MARGIN = 0.01
MIN_SPAN_COVERAGE = 0.65  # a phrase picked out of a sentence needs the sentence to be about the question
SMALLTALK_CUTOFF = 86.0
CARRY_OPENERS = ("what about", "how about", "and what about")
SINGULAR_PERSON = frozenset({"he", "she", "him", "her", "his", "hers"})
OBJECT_PRONOUNS = frozenset({"it", "that", "this", "these", "those"})
NON_QUESTION_OPENERS = frozenset({"and", "so", "also", *CARRY_OPENERS})
QUESTION_WORDS = frozenset({"what", "who", "whom", "when", "where", "why", "how", "which"})
WHO_TYPES = frozenset({"who", "person", "name"})
PERSONAL_PRONOUNS = frozenset({"he", "him", "his", "she", "her", "they", "them", "their"})


@dataclass(frozen=True, slots=True)
class _SmallTalk:
    patterns: tuple[str, ...]
    replies: tuple[str, ...]  # one per pattern, so a match maps straight to its reply
    by_intent: dict[str, str]

    @classmethod
    def load(cls, path: Path) -> _SmallTalk:
        patterns: list[str] = []
        replies: list[str] = []
        by_intent: dict[str, str] = {}
        for intent in read_yaml_data(path)["intents"]:
            by_intent[str(intent["name"])] = str(intent["reply"])
            for pattern in intent["patterns"]:
                patterns.append(clean(str(pattern)))
                replies.append(str(intent["reply"]))
        return cls(tuple(patterns), tuple(replies), by_intent)

    def reply_for(self, cleaned: str) -> str | None:
        found = process.extractOne(cleaned.strip(" ?!.,"), self.patterns, scorer=fuzz.ratio,
                                   processor=None, score_cutoff=SMALLTALK_CUTOFF)
        return self.replies[found[2]] if found else None


class Engine:
    """Answers questions about one article, with a verbatim quote, or declines."""

    def __init__(self, knowledge: Knowledge, language: Language | None = None) -> None:
        self.knowledge = knowledge
        self.language = language or default_language()
        self.reader = QuestionReader(knowledge, self.language)
        self.matcher = Matcher(knowledge, self.language, self.reader)
        self._smalltalk = _SmallTalk.load(DATA_DIR / "smalltalk.yaml")
        self._examples: tuple[str, ...] = ()
        self._examples = self._example_questions()

    def reply(self, text: str, conversation: Conversation | None = None) -> tuple[Reply, Conversation]:
        """Answer one message; unchanged conversation on anything but an answer."""
        conversation = conversation or Conversation()
        try:
            return self._reply(str(text)[:MAX_QUESTION_CHARS], conversation)
        except Exception:  # a bug must cost one answer, never the chat
            logger.exception("engine failed on a message of %d characters", len(str(text)))
            return Reply(kind="decline", text=DECLINE, suggestions=self._examples), conversation

    # -- the pipeline ---------------------------------------------------------------------------
    def _reply(self, text: str, conversation: Conversation) -> tuple[Reply, Conversation]:
        question = self.reader.read(text)
        if not question.words:
            return self._format_smalltalk(self._smalltalk.by_intent["identity"]), conversation
        small = self._smalltalk.reply_for(" ".join(question.words))
        known_terms = [t for t in question.terms if t not in question.unknown]
        if small is not None and not question.entities and len(known_terms) <= 1:
            return self._format_smalltalk(small), conversation
        question, boost, avoid = self._resolve_followup(question, conversation)
        ranked = self.matcher.rank(question, limit=8, boost=boost, avoid=avoid)
        best = ranked[0] if ranked else None
        if best is None or not self._confident(question, best) or self._torn(ranked):
            return self._decline(ranked), conversation
        return self._answer(question, best)

    def _torn(self, ranked: list[Match]) -> bool:
        """Whether the two best answers are as good as each other and say different things.

        Two sentences that fit a question equally well, with different answers, mean the question
        does not pick one out; guessing between them is how a bot gets things confidently wrong.
        """
        if len(ranked) < 2:
            return False
        best, runner = ranked[0], ranked[1]
        if best.score - runner.score > TORN_MARGIN or runner.coverage < MIN_COVERAGE:
            return False
        if best.pair.quote.start == runner.pair.quote.start:
            return False  # the same sentence: two readings of one fact
        best_text = best.span.label if best.span else best.pair.answer
        runner_text = runner.span.label if runner.span else runner.pair.answer
        return self.matcher.disagree(best_text, runner_text)

    def _confident(self, question: Question, best: Match) -> bool:
        if question.answer_type == "name" and any(
                (e := self.knowledge.entity(eid)) is not None and e.kind == "source" for eid in question.entities):
            return False  # an anonymous source has no name to give
        if self.matcher.contradicts(question, best.pair):
            return False
        if best.pair.kind in ARTICLE_KINDS:  # "tl;dr?" has no content words, only a familiar shape
            return best.similarity >= 0.75 or (best.similarity >= 0.6 and best.coverage >= 0.5) \
                or best.score >= ANSWER_THRESHOLD
        needed = MIN_SPAN_COVERAGE if best.span is not None else MIN_COVERAGE
        return best.score >= ANSWER_THRESHOLD and best.coverage >= needed

    def _answer(self, question: Question, best: Match) -> tuple[Reply, Conversation]:
        pair = best.pair
        sentence = next((s.index for s in self.knowledge.sentences
                         if s.start <= pair.quote.start < s.end), -1)
        text = f"{best.span.label[0].upper()}{best.span.label[1:]}." if best.span else pair.answer
        reply = Reply(kind="answer", text=text, quote=pair.quote, speaker=pair.speaker,
                      confidence=min(1.0, best.score), matched=pair.questions[0])
        fact = self.matcher.fact(pair.fact)
        subject = frozenset({fact.subject}) if fact is not None and fact.subject else frozenset()
        state = Conversation(entities=tuple(sorted(question.entities | subject)), terms=question.terms,
                             qa=pair.id, sentence=sentence, answer_type=question.answer_type)
        return reply, state

    def _resolve_followup(self, question: Question,
                          conversation: Conversation) -> tuple[Question, frozenset[int], frozenset[int]]:
        """Fill a follow-up's missing parts from the previous question.

        Returns the completed question, the sentences to prefer (the previous answer's) and the
        sentences to avoid ("what else did he say?" wants another one).
        """
        none: frozenset[int] = frozenset()
        if conversation.is_empty:
            return question, none, none
        words = question.words
        joined = " ".join(words) + " "
        pronoun = bool(set(words) & self.language.followup_pronouns)
        opener = next((o for o in self.language.followup_openers if joined.startswith(f"{o} ")), None)
        if not (pronoun or opener or len(question.terms) <= 2):
            return question, none, none
        entities = question.entities
        if pronoun and not entities:
            entities = frozenset(conversation.entities)
            words = self._name_pronouns(words, entities)
        previous = conversation.terms
        if question.entities:  # "and Starmer?": the new names stand in for the old ones
            old_names = self.reader.names_of(frozenset(conversation.entities))
            previous = tuple(t for t in previous if t not in old_names)
        # "when?", "and the size?", "what about Moscow?": the rest of the question is the previous one's.
        # "what did he urge?" says what it asks; only "he" comes from before.
        own = self.reader.content_terms(question)
        # "what did he say?" asks about him, not about the last topic; "when did he say that?" does
        asked = set(question.words)
        about_person_only = bool(asked & SINGULAR_PERSON) and not asked & OBJECT_PRONOUNS
        carry = (not own and not about_person_only) or opener in CARRY_OPENERS or (opener == "and" and len(own) <= 1)
        terms = question.terms + tuple(t for t in previous if t not in question.terms) if carry else question.terms
        answer_type = question.answer_type
        if carry and not own and self._asks_nothing_itself(words, opener) and not question.yes_no:
            # "when did Lavrov speak?" ... "and Macron?" asks when too; but after "who agreed to it?",
            # "and Russia?" asks whether Russia did, not who Russia is (unless the question was "who is X?")
            if conversation.answer_type not in WHO_TYPES or not previous:
                answer_type = conversation.answer_type
        resolved = replace(question, words=words, terms=terms, entities=entities, answer_type=answer_type)
        previous_sentence = frozenset({conversation.sentence})
        if set(words) & self.language.another_words:
            return resolved, none, previous_sentence
        return resolved, previous_sentence, none

    def _asks_nothing_itself(self, words: tuple[str, ...], opener: str | None) -> bool:
        """Whether a follow-up has no question word of its own ("and Starmer?", "what about Moscow?")."""
        rest = list(words[len(opener.split()):] if opener in NON_QUESTION_OPENERS else words)
        return not set(rest) & QUESTION_WORDS

    def _name_pronouns(self, words: tuple[str, ...], entities: frozenset[str]) -> tuple[str, ...]:
        """ "who did he say it to" -> "who did macron say it to", so phrasings compare like for like."""
        if len(entities) != 1:
            return words
        entity = self.knowledge.entity(next(iter(entities)))
        if entity is None:
            return words
        surname = entity.name.split()[-1]
        short = surname if surname in entity.aliases else min(
            (a for a in (entity.name, *entity.aliases) if a and not a.lower().startswith("the ")),
            key=lambda a: (len(a.split()), len(a)), default=entity.name)
        name = tuple(self.language.words(short))
        out: list[str] = []
        for word in words:
            out.extend(name if word in PERSONAL_PRONOUNS else (word,))
        return tuple(out)

    # -- replies that are not answers --------------------------------------------------------------
    def _decline(self, ranked: list[Match]) -> Reply:
        suggestions: list[str] = []
        for match in ranked:
            phrasing = _as_question(match.pair)
            if phrasing and phrasing not in suggestions and match.score > 0.2:
                suggestions.append(phrasing)
        for example in self._examples:
            if len(suggestions) >= 3:
                break
            if example not in suggestions:
                suggestions.append(example)
        return Reply(kind="decline", text=DECLINE, suggestions=tuple(suggestions[:3]),
                     confidence=ranked[0].score if ranked else 0.0)

    def _format_smalltalk(self, template: str) -> Reply:
        examples = " · ".join(self._examples)
        return Reply(kind="smalltalk", text=template.format(headline=self.knowledge.headline, examples=examples),
                     suggestions=self._examples)

    @property
    def examples(self) -> tuple[str, ...]:
        """Up to three questions of different kinds that this engine answers."""
        return self._examples

    def _example_questions(self) -> tuple[str, ...]:
        """The gist, a statement and a number: first phrasings the engine really answers."""
        chosen: list[str] = []
        for kind in ("summary", "what", "how_many", "when", "who"):
            for pair in self.knowledge.qa:
                phrasing = _as_question(pair)
                if pair.kind != kind or (kind != "summary" and pair.fact is None) or not phrasing:
                    continue
                if phrasing not in chosen and self._reply(phrasing, Conversation())[0].answered:
                    chosen.append(phrasing)
                    break
        return tuple(chosen[:3])


def _as_question(pair: QAPair) -> str | None:
    """A pair's first phrasing as a question a person would type; None for sentence pairs."""
    if pair.id.startswith("s") and pair.fact is None and pair.kind == "what":
        return None
    text = pair.questions[0].strip()
    if len(text) > 60:
        return None
    return text[0].upper() + text[1:].rstrip("?") + "?"
