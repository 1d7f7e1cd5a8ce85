"""The extraction layer's entry point: article text in, sentences, entities, references and facts out.

Pure and deterministic: the same text always gives the same :class:`Extraction`.
"""

from __future__ import annotations

from dataclasses import dataclass

from knowledge.agent_roles import agent_roles
from knowledge.coref import resolve
from knowledge.entities import Reference, find_entities, freeze
from knowledge.lead import lead_roles
from knowledge.lexicon import load_lexicon
from knowledge.model import Entity, Fact, Sentence
from knowledge.names import find_names
from knowledge.quotations import Quotation, find_quotations
from knowledge.role_names import alias_roles
from knowledge.roles import find_roles
from knowledge.sentences import split_article
from knowledge.statements import find_facts

__all__ = ["Extraction", "Reference", "extract"]


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything derived from one article; all offsets index the original text."""

    headline: str
    sentences: tuple[Sentence, ...]
    entities: tuple[Entity, ...]
    facts: tuple[Fact, ...]
    references: tuple[Reference, ...]
    quotations: tuple[Quotation, ...] = ()

    def entity(self, entity_id: str | None) -> Entity | None:
        """The entity with this id, or None."""
        return next((e for e in self.entities if e.id == entity_id), None)


def extract(text: str) -> Extraction:
    """Derive sentences, entities (with aliases), resolved references and facts from an article."""
    lexicon = load_lexicon()
    headline, sentences = split_article(text)
    quotations = find_quotations(text, sentences)
    names = find_names(text, sentences, lexicon)
    drafts, refs = find_entities(text, sentences, names, quotations, lexicon)
    appositions = find_roles(text, sentences, refs, drafts, lexicon)
    agent_roles(text, sentences, refs, drafts, lexicon)
    # "Ann Lee, a spokesman for X, said": the apposition describes Ann Lee; it is no anonymous source
    refs = [r for r in refs if r.kind != "source" or not any(a.start <= r.start < a.end for a in appositions)]
    groups = {d.name for d in drafts.values() if d.kind == "group"}
    speech = tuple(q for q in quotations if q.text not in groups)
    refs = resolve(text, sentences, speech, drafts, refs, lexicon)
    refs = sorted(refs + lead_roles(sentences, refs, drafts, lexicon), key=lambda r: r.start)
    alias_roles(drafts, lexicon, text, refs)
    facts = find_facts(text, sentences, speech, refs, drafts, lexicon, appositions)
    return Extraction(headline, sentences, freeze(drafts, refs, lexicon), facts, tuple(refs), quotations)
