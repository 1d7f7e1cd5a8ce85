"""Derive what a news article says (people, quotes, numbers, QA pairs) and store it as YAML."""

from knowledge.model import BriefingPoint, Entity, Fact, Knowledge, QAPair, Quote, Sentence
from knowledge.store import KnowledgeFileError, dump_knowledge, load_knowledge

__all__ = [
    "BriefingPoint",
    "Entity",
    "Fact",
    "Knowledge",
    "KnowledgeFileError",
    "QAPair",
    "Quote",
    "Sentence",
    "dump_knowledge",
    "load_knowledge",
]
