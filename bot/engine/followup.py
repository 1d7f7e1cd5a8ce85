"""Follow-up questions: what "he", "that", "when?" and "and Starmer?" refer back to.

Within one conversation a question may leave out its subject or its topic; they come from the
previous answered question, kept in a small :class:`~bot.engine.conversation.Conversation` value.
"""

from __future__ import annotations

from bot.engine.conversation import Conversation
from bot.engine.language import Language
from bot.engine.reader import Question, QuestionReader
from knowledge.model import Knowledge

__all__ = ["FollowUps"]

WHO_TYPES = frozenset({"who", "person", "name"})  # answer types (see language.yaml), not words


class FollowUps:
    """Completes follow-up questions from the conversation so far."""

    def __init__(self, knowledge: Knowledge, language: Language, reader: QuestionReader) -> None:
        self.knowledge = knowledge
        self.language = language
        self.reader = reader

    def resolve(self, question: Question,
                conversation: Conversation) -> tuple[Question, frozenset[int], frozenset[int]]:
        """Fill a follow-up's missing parts from the previous question.

        Returns the completed question, the sentences to prefer (the previous answer's) and the
        sentences to avoid ("what else did he say?" wants another one).
        """
        lang = self.language
        none: frozenset[int] = frozenset()
        if conversation.is_empty:
            return question, none, none
        words = question.words
        joined = " ".join(words) + " "
        pronoun = self._refers_back(words)
        opener = next((o for o in lang.followup_openers if joined.startswith(f"{o} ")), None)
        says_what = bool(question.terms or question.entities or set(words) & lang.article_nouns)
        if opener in lang.question_words and says_what:
            opener = None  # "why?" asks about the last answer; "who is Macron?" says what it asks
        if not (pronoun or opener or not says_what):
            return question, none, none  # complete on its own: context must not change its reply
        entities = question.entities
        if pronoun and not entities:
            entities = frozenset(conversation.entities)
            if set(words) & lang.singular_person_pronouns and self._people(entities):
                entities = self._people(entities)  # "who did City sign?" ... "his contract": the player's
            words = self._name_pronouns(words, entities)
        elif pronoun and set(words) & lang.singular_person_pronouns and not self._people(entities):
            # "what did she say about Pacely's claim?": the question names a firm, "she" is still the last person
            people = self._people(frozenset(conversation.entities))
            entities = entities | people
            words = self._name_pronouns(words, people)
        previous = conversation.terms
        if question.entities:  # "and Starmer?": the new names stand in for the old ones
            old_names = self.reader.names_of(frozenset(conversation.entities))
            previous = tuple(t for t in previous if t not in old_names)
        # "when?", "and the size?", "what about Moscow?": the rest of the question is the previous one's.
        # "what did he urge?" says what it asks; only "he" comes from before.
        own = self.reader.content_terms(question)
        # "what did he say?" asks about him, not about the last topic; "when did he say that?" does
        asked = set(question.words)
        about_person_only = bool(asked & lang.singular_person_pronouns) and not asked & lang.object_pronouns
        carry = (not own and not about_person_only) or opener in lang.carry_openers or (opener == "and" and len(own) <= 1)
        terms = question.terms + tuple(t for t in previous if t not in question.terms) if carry else question.terms
        answer_type = question.answer_type
        # "when did Lavrov speak?" ... "and Macron?" asks when too; but after "who agreed to it?",
        # "and Russia?" asks whether Russia did, not who Russia is (unless the question was "who is X?")
        asks_alike = carry and not own and not question.yes_no and self._asks_nothing_itself(words, opener)
        if asks_alike and (conversation.answer_type not in WHO_TYPES or not previous):
            answer_type = conversation.answer_type
        resolved = question._replace(words=words, terms=terms, entities=entities, answer_type=answer_type,
                           shape=self.reader.shape(words))
        previous_sentence = frozenset({conversation.sentence})
        if set(words) & lang.another_words:
            return resolved, none, previous_sentence
        return resolved, previous_sentence, none

    def _people(self, entities: frozenset[str]) -> frozenset[str]:
        """The entities that are people."""
        return frozenset(e for e in entities if (found := self.knowledge.entity(e)) is not None and found.kind == "person")

    def _refers_back(self, words: tuple[str, ...]) -> bool:
        """Whether a word stands for something said before: "he", "it", "that" (not "that deal", "this article")."""
        lang = self.language
        for i, word in enumerate(words):
            if word not in lang.followup_pronouns:
                continue
            following = words[i + 1] if i + 1 < len(words) else ""
            before = words[i - 1] if i else ""
            if word in lang.demonstratives and (
                    (following and (following not in lang.stopwords or following in lang.article_nouns))
                    or (before and before not in lang.stopwords)):
                continue  # "that deal", "this article", "countries that ...": the words say what it is
            return True
        return False

    def _asks_nothing_itself(self, words: tuple[str, ...], opener: str | None) -> bool:
        """Whether a follow-up has no question word of its own ("and Starmer?", "what about Moscow?")."""
        lang = self.language
        plain = {"and", "so", "also", *lang.carry_openers}
        rest = list(words[len(opener.split()):] if opener in plain else words)
        return not set(rest) & lang.question_words

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
            out.extend(name if word in self.language.personal_pronouns else (word,))
        return tuple(out)
