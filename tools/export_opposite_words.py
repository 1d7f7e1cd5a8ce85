"""Export opposite English words from WordNet 3.0 (run once, at dev time).

    apt-get install wordnet-base && python tools/export_opposite_words.py [--wordnet /usr/share/wordnet]

Writes ``bot/engine/data/opposite_words.txt``: for each common English word (as the engine folds it
into a term), the terms of its WordNet antonyms ("end" -> "begin", "harder" -> "easier", "inside"
-> "outside", "import" -> "export").  A question that asks about one where the sentence says the
other is about something the sentence does not say: "What are established at the end of each
session?" against "established at the beginning of each session".  The engine reads the file; it
never needs WordNet itself.

Each antonym pair of WordNet lemmas is spread over the forms the stemmer does not fold together:
comparatives and superlatives, "-ly" adverbs, WordNet's irregular forms (``*.exc``).  Only words in
``english_words.txt`` (the 50,000 commonest) and no stopwords are kept.

Data: WordNet 3.0, Princeton University (WordNet licence: free use, with this notice).  Deterministic:
same WordNet, same word list, same file.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

from export_related_words import POS, _synsets  # noqa: E402

from bot.engine.language import default_language  # noqa: E402
from bot.engine.spelling import english_frequencies  # noqa: E402

OUT = ROOT / "bot" / "engine" / "data" / "opposite_words.txt"
ANTONYM = "!"


def antonym_pairs(directory: Path) -> set[tuple[str, str, bool]]:
    """(word, its antonym, whether they are adjectives) for every lexical antonym pointer between single words."""
    synsets = _synsets(directory)
    pairs: set[tuple[str, str, bool]] = set()
    for key, (words, pointers) in synsets.items():
        for symbol, target, source_no, target_no in pointers:
            if symbol == ANTONYM and source_no and target_no:
                word, other = words[source_no - 1], synsets[target][0][target_no - 1]
                if "_" not in word + other and word != other:
                    pairs.add((word, other, key.startswith("a")))
    return pairs


def irregular_forms(directory: Path) -> dict[str, set[str]]:
    """lemma -> its irregular forms (``better`` for ``good``)."""
    forms: dict[str, set[str]] = defaultdict(set)
    for pos in POS:
        for line in (directory / f"{pos}.exc").read_text(encoding="latin-1").splitlines():
            inflected, *bases = line.split()
            for base in bases:
                forms[base].add(inflected)
    return forms


def word_forms(word: str, adjective: bool, irregular: dict[str, set[str]], common: dict[str, float]) -> set[str]:
    """The common forms of a lemma the stemmer does not fold into it: an adjective's comparative,
    superlative and adverb, any word's irregular forms."""
    forms = {word, *irregular.get(word, ())}
    if adjective:
        if word.endswith("e"):
            forms |= {word + "r", word + "st", word + "ly"}
        elif word.endswith("y"):
            forms |= {word[:-1] + s for s in ("ier", "iest", "ily")}
        else:
            forms |= {word + s for s in ("er", "est", "ly")}
            if len(word) > 2 and word[-1] not in "aeiouwy" and word[-2] in "aeiou" and word[-3] not in "aeiou":
                forms |= {word + word[-1] + s for s in ("er", "est")}  # big -> bigger
    return {f for f in forms if f in common}


def by_term(pairs: set[tuple[str, str, bool]], irregular: dict[str, set[str]]) -> dict[str, list[str]]:
    """term -> the terms of its opposites, as the engine folds words (synonyms, stemming)."""
    common = english_frequencies()
    language = default_language()

    def term(word: str) -> str | None:
        terms = language.terms(word)
        return terms[0] if len(terms) == 1 and word not in language.stopwords else None

    out: dict[str, set[str]] = defaultdict(set)
    for word, other, adjective in sorted(pairs):
        if word not in common or other not in common:
            continue
        for form in word_forms(word, adjective, irregular, common):
            for opposite in word_forms(other, adjective, irregular, common):
                a, b = term(form), term(opposite)
                if a and b and a != b:
                    out[a].add(b)
    return {t: sorted(others - {t}) for t, others in sorted(out.items()) if others - {t}}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--wordnet", type=Path, default=Path("/usr/share/wordnet"))
    args = parser.parse_args()
    table = by_term(antonym_pairs(args.wordnet), irregular_forms(args.wordnet))
    header = ["# term opposite-term ... (terms as the engine folds words), from WordNet antonyms.",
              "# From WordNet 3.0 (Princeton University, https://wordnet.princeton.edu), used under the",
              "# WordNet 3.0 licence: Copyright 2006 by Princeton University. All rights reserved.",
              "# Exported by tools/export_opposite_words.py; see its docstring."]
    lines = [term + " " + " ".join(others) for term, others in table.items()]
    OUT.write_text("\n".join(header + lines) + "\n", encoding="utf-8")
    print(f"{len(lines)} terms -> {OUT} ({OUT.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
