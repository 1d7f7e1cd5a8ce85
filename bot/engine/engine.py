"""The answer engine: (knowledge, conversation, text) -> (reply, next conversation).

Pure and fast: everything is precomputed in ``__init__``; ``reply`` never raises and never does
I/O.  The command line and the Telegram adapter are thin shells over it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz, process

from bot.engine.conversation import Conversation
from bot.engine.followup import FollowUps
from bot.engine.language import DATA_DIR, Language, clean, default_language
from bot.engine.ranking import ARTICLE_KINDS, Match, Matcher
from bot.engine.reader import Question, QuestionReader
from bot.engine.reply import Reply
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
        self.followups = FollowUps(knowledge, self.language, self.reader)
        self._smalltalk = _SmallTalk.load(DATA_DIR / "smalltalk.yaml")
        self._examples: tuple[str, ...] = ()
        self._suggestible: dict[str, str] = {}  # pair id -> its question, for pairs the engine answers
        self._suggestible = self._answerable_questions()
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
        question, boost, avoid = self.followups.resolve(question, conversation)
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

    # -- replies that are not answers --------------------------------------------------------------
    def _decline(self, ranked: list[Match]) -> Reply:
        suggestions: list[str] = []
        for match in ranked:
            phrasing = self._suggestible.get(match.pair.id)
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

    def _answerable_questions(self) -> dict[str, str]:
        """Each pair's question as a person would type it, kept only if the engine answers it.

        Suggestions and examples come from here, so a button never leads to "the article doesn't say".
        """
        out: dict[str, str] = {}
        for pair in self.knowledge.qa:
            phrasing = _as_question(pair)
            if phrasing and self._reply(phrasing, Conversation())[0].answered:
                out[pair.id] = phrasing
        return out

    def _example_questions(self) -> tuple[str, ...]:
        """The gist, a statement and a number: questions of different kinds the engine answers."""
        chosen: list[str] = []
        for kind in ("summary", "what", "how_many", "when", "who"):
            for pair in self.knowledge.qa:
                phrasing = self._suggestible.get(pair.id)
                if pair.kind == kind and (kind == "summary" or pair.fact is not None) and phrasing \
                        and phrasing not in chosen:
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
