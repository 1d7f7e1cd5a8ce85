"""The answer engine: (knowledge, conversation, text) -> (reply, next conversation).

Pure and fast: everything is precomputed in ``__init__``; ``reply`` does no I/O.  A message goes
through four stages, each returning a value: read (:mod:`bot.engine.reader`) -> resolve
(:mod:`bot.engine.followup`) -> rank (:mod:`bot.engine.ranking`) -> decide
(:mod:`bot.engine.decision`).  The command line and the Telegram adapter are thin shells over it.
"""

from __future__ import annotations

import logging
from bisect import bisect_right

from bot.engine.conversation import Conversation
from bot.engine.decision import Decider, Decision
from bot.engine.examples import example_questions, phrasing
from bot.engine.followup import WHO_TYPES, FollowUps
from bot.engine.language import DATA_DIR, Language, default_language
from bot.engine.offers import answers_from, count_with_doer, offer_fault
from bot.engine.ranking import Match, Matcher
from bot.engine.reader import Question, QuestionReader
from bot.engine.reply import DECLINE_TEXT, Reply
from bot.engine.smalltalk import SmallTalk
from knowledge.model import Knowledge, QAPair

__all__ = ["ENGINE_FAILURE", "Engine"]

logger = logging.getLogger(__name__)

MAX_QUESTION_CHARS = 500  # longer messages are matched on their start; nobody asks 10k-char questions
ENGINE_FAILURE = "engine failed on a message"  # the ERROR log line's start: tests look for it
SUGGESTION_MIN_SCORE = 0.2  # a ranked pair this far below an answer still says what the article covers


class Engine:
    """Answers questions about one article, with a verbatim quote, or declines."""

    def __init__(self, knowledge: Knowledge, language: Language | None = None) -> None:
        self.knowledge = knowledge
        self.language = language or default_language()
        self.reader = QuestionReader(knowledge, self.language)
        self.matcher = Matcher(knowledge, self.language, self.reader)
        self.followups = FollowUps(knowledge, self.language, self.reader)
        self.decider = Decider(knowledge, self.language)
        self._sentence_starts = [s.start for s in knowledge.sentences]  # in order: offsets only grow
        self._subjects = {f.id: f.subject for f in knowledge.facts}
        self._smalltalk = SmallTalk.load(DATA_DIR / "smalltalk.yaml")
        self._examples: tuple[str, ...] = ()
        self._suggestible: dict[str, str] = {}  # pair id -> its question, for pairs the engine answers
        self._suggestible = self._answerable_questions()
        offered = set(self._suggestible.values())
        self._examples = example_questions(knowledge, answerable=offered.__contains__)

    def reply(self, text: str, conversation: Conversation | None = None) -> tuple[Reply, Conversation]:
        """Answer one message; unchanged conversation on anything but an answer.

        A bug costs one answer, never the chat: it is logged at ERROR (with the traceback) and the
        user gets a decline.  Tests assert that no such line was logged.
        """
        conversation = conversation or Conversation()
        try:
            return self._reply(str(text)[:MAX_QUESTION_CHARS], conversation)
        except Exception:
            logger.exception("%s of %d characters", ENGINE_FAILURE, len(str(text)))
            return Reply(kind="decline", text=DECLINE_TEXT, suggestions=self._examples), conversation

    @property
    def examples(self) -> tuple[str, ...]:
        """Up to three questions of different kinds that this engine answers."""
        return self._examples

    @property
    def suggestible(self) -> tuple[str, ...]:
        """Every question a decline may suggest: one per QA pair the engine answers."""
        return tuple(dict.fromkeys(self._suggestible.values()))

    # -- the pipeline ---------------------------------------------------------------------------
    def _reply(self, text: str, conversation: Conversation) -> tuple[Reply, Conversation]:
        question = self.reader.read(text)
        if not question.words:
            return self._format_smalltalk(self._smalltalk.by_intent["identity"]), conversation
        known_terms = [t for t in question.terms if t not in question.unknown]
        if not question.entities and len(known_terms) <= 1:  # only then can it be small talk: look it up
            small = self._smalltalk.reply_for(" ".join(question.words))
            if small is not None:
                return self._format_smalltalk(small), conversation
        question, ranked = self.rank(question, conversation)
        decision = self.decider.decide(question, ranked)
        if decision.answer is None:
            return self._decline(decision), conversation
        return self.answer(question, decision.answer, decision.confidence)

    def rank(self, question: Question, conversation: Conversation) -> tuple[Question, list[Match]]:
        """The question completed from the conversation, and its best candidates, best first."""
        question, boost, avoid = self.followups.resolve(question, conversation)
        return question, self.matcher.rank(question, limit=8, boost=boost, avoid=avoid)

    def answer(self, question: Question, best: Match, confidence: float) -> tuple[Reply, Conversation]:
        """The reply answering ``question`` with ``best``, and the conversation after it."""
        pair = best.pair
        sentence = self._sentence_at(pair.quote.start)
        span = best.span or self.matcher.amount(question, best)
        text = f"{span.label[0].upper()}{span.label[1:]}." if span else pair.answer
        reply = Reply(kind="answer", text=text, quote=pair.quote, speaker=pair.speaker,
                      confidence=confidence, matched=pair.questions[0])
        subject = self._subjects.get(pair.fact or "")
        subjects = frozenset({subject}) if subject else frozenset()
        if question.answer_type in WHO_TYPES:  # "who was prosecuting?" ... "what did she tell the jury?"
            subjects |= self._named_by(pair, best)
        state = Conversation(entities=tuple(sorted(question.entities | subjects)), terms=question.terms,
                             qa=pair.id, sentence=sentence, answer_type=question.answer_type)
        return reply, state

    def _named_by(self, pair: QAPair, best: Match) -> frozenset[str]:
        """The people or bodies an answer to a who-question names: who "he" or "she" is next."""
        if best.span is not None:
            return frozenset({best.span.entity}) if best.span.entity else frozenset()
        return frozenset(pair.terms) if pair.kind == "identity" else frozenset()

    def _sentence_at(self, offset: int) -> int:
        """The index of the sentence holding a character offset (-1: none), by bisection, not a scan."""
        i = bisect_right(self._sentence_starts, offset) - 1
        if i >= 0 and offset < self.knowledge.sentences[i].end:
            return self.knowledge.sentences[i].index
        return -1

    # -- replies that are not answers --------------------------------------------------------------
    def _decline(self, decision: Decision) -> Reply:
        suggestions: list[str] = []
        for match in decision.ranked:
            question = self._suggestible.get(match.pair.id)
            if question and question not in suggestions and match.score > SUGGESTION_MIN_SCORE:
                suggestions.append(question)
        for example in self._examples:
            if len(suggestions) >= 3:
                break
            if example not in suggestions:
                suggestions.append(example)
        return Reply(kind="decline", text=DECLINE_TEXT, suggestions=tuple(suggestions[:3]),
                     confidence=decision.confidence)

    def _format_smalltalk(self, template: str) -> Reply:
        examples = " · ".join(self._examples)
        return Reply(kind="smalltalk", text=template.format(headline=self.knowledge.headline, examples=examples),
                     suggestions=self._examples)

    def _answerable_questions(self) -> dict[str, str]:
        """Each pair's question as a person would type it, kept only if it means what the pair's
        sentence says (:func:`offer_fault`) and the engine answers it from that sentence.

        Suggestions and examples come from here, so a button never leads to "the article doesn't say"
        nor to an answer about something else.
        """
        # the pair a reply answers with: its first question (``matched``) and its quote name it
        answered_by = {(p.questions[0], p.quote.start, p.quote.end): p for p in self.knowledge.qa}
        out: dict[str, str] = {}
        for pair in self.knowledge.qa:
            fuller = count_with_doer(pair, self.knowledge)  # "How many operations did X have?", if answered
            for question in dict.fromkeys(q for q in (fuller, phrasing(pair)) if q):
                if offer_fault(pair, question, self.knowledge):
                    continue
                reply = self._reply(question, Conversation())[0]
                if reply.answered and reply.quote is not None and answers_from(
                        answered_by.get((reply.matched or "", reply.quote.start, reply.quote.end)), pair):
                    out[pair.id] = question
                    break
        return out
