"""Small talk: greetings, thanks and "who are you?", answered from a YAML table, not the article."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz, process

from bot.engine.language import clean
from knowledge.store import read_yaml_data

__all__ = ["SmallTalk"]

SMALLTALK_CUTOFF = 86.0  # rapidfuzz ratio a message needs to count as one of the table's phrasings
# "what's this about?" asks for the article's gist, however close it looks to "what is this bot"
TOPIC_WORD = "about"


@dataclass(frozen=True, slots=True)
class SmallTalk:
    """The table's phrasings, each with its reply, and each intent's reply by name."""

    patterns: tuple[str, ...]
    replies: tuple[str, ...]  # one per pattern, so a match maps straight to its reply
    by_intent: dict[str, str]

    @classmethod
    def load(cls, path: Path) -> SmallTalk:
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
        """The reply template for a cleaned message that is small talk, else None.

        A message ending in "about" asks what something is about: never small talk.
        """
        message = cleaned.strip(" ?!.,")
        if message.endswith(f" {TOPIC_WORD}"):
            return None
        found = process.extractOne(message, self.patterns, scorer=fuzz.ratio,
                                   processor=None, score_cutoff=SMALLTALK_CUTOFF)
        return self.replies[found[2]] if found else None
