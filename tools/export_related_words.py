"""Export related English words from WordNet 3.0 for soft matching (run once, at dev time).

    apt-get install wordnet-base && python tools/export_related_words.py [--wordnet /usr/share/wordnet]

Writes ``bot/engine/data/related_words.txt``: for each common English word (as the engine's stemmer
folds it), the common words related to it, each with a degree from 0 to 1 — how safely a question
that uses the first word is about a sentence that uses the second.  "cops" finds "policeman" and
"police", "posted" finds "deployed", "hurt" finds "injured".  The engine reads that file; it never
needs WordNet itself.

Degrees, by relation, times 1/n for the word's n-th commonest sense (WordNet's sense order):
synonym 1.0, derivation ("deploy"/"deployment") and inflection ("found"/"find") 0.9, participle or
pertainym 0.8, similar adjective 0.7, hypernym 0.6 ("assault" -> "attack"), hyponym 0.5, member or
part 0.5; a second step (synonym, derivation, member or part of a first step's synset) multiplies
the two degrees.  Antonyms are never related, nor instances ("general" is not "Bolivar").  Only
words in ``english_words.txt`` (the 50,000 commonest) are kept, and the twelve closest per word.

Data: WordNet 3.0, Princeton University (WordNet licence: free use, with this notice).  Deterministic:
same WordNet, same stemmer, same file.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.engine.language import default_language  # noqa: E402
from bot.engine.spelling import english_frequencies  # noqa: E402
from knowledge.words import stem  # noqa: E402

OUT = ROOT / "bot" / "engine" / "data" / "related_words.txt"
POS = ("noun", "verb", "adj", "adv")
PER_WORD = 12
FLOOR = 0.3  # weaker relations say nothing a reader would accept
SYNONYM, DERIVATION, INFLECTION = 1.0, 0.9, 0.9
# pointer symbol -> degree; "+" (derivation) and "\\"/"<" are lexical: they link one word, not a synset
# instances ("@i", "~i": "general" -> "Bolivar") are left out: a name is not what a common word means
POINTERS = {"+": DERIVATION, "\\": 0.8, "<": 0.8, "&": 0.7, "@": 0.6, "~": 0.5,
            "#m": 0.5, "%m": 0.5, "#p": 0.5, "%p": 0.5}
SECOND_STEP = {"+": DERIVATION, "#m": 0.5, "%m": 0.5, "#p": 0.5, "%p": 0.5}


def _synsets(directory: Path):
    """synset key -> (its words, its pointers as (symbol, target key, source word no, target word no))."""
    synsets: dict[str, tuple[list[str], list[tuple[str, str, int, int]]]] = {}
    for pos in POS:
        for line in (directory / f"data.{pos}").read_text(encoding="latin-1").splitlines():
            if line.startswith(" "):
                continue
            fields = line.split(" | ")[0].split()
            offset, kind = fields[0], fields[2]
            count = int(fields[3], 16)
            words = [fields[4 + 2 * i].lower().split("(")[0] for i in range(count)]
            at = 4 + 2 * count
            pointers = []
            for i in range(int(fields[at])):
                symbol, target, target_pos, numbers = fields[at + 1 + 4 * i: at + 5 + 4 * i]
                pointers.append((symbol, _key(target, target_pos), int(numbers[:2], 16), int(numbers[2:], 16)))
            synsets[_key(offset, kind)] = (words, pointers)
    return synsets


def _key(offset: str, pos: str) -> str:
    return f"{'a' if pos == 's' else pos}{offset}"


def _sense_ranks(directory: Path) -> dict[tuple[str, str], int]:
    ranks: dict[tuple[str, str], int] = {}
    for pos in POS:
        for line in (directory / f"index.{pos}").read_text(encoding="latin-1").splitlines():
            if line.startswith(" "):
                continue
            fields = line.split()
            count, pointer_count = int(fields[2]), int(fields[3])
            for rank, offset in enumerate(fields[6 + pointer_count:6 + pointer_count + count]):
                ranks[(fields[0], _key(offset, fields[1][0]))] = rank
    return ranks


def related(directory: Path) -> dict[str, dict[str, float]]:
    """word -> related word -> degree, over plain words only (no phrases)."""
    synsets = _synsets(directory)
    ranks = _sense_ranks(directory)
    out: dict[str, dict[str, float]] = defaultdict(dict)
    nouns = {word for word, key in ranks if key.startswith("n")}

    def add(word: str, other: str, degree: float) -> None:
        if _plural_lemma(other, nouns):
            return
        if other != word and "_" not in other and degree >= FLOOR and degree > out[word].get(other, 0.0):
            out[word][other] = round(degree, 2)

    for (word, key), rank in sorted(ranks.items()):
        if "_" in word:
            continue
        sense = 1.0 / (1 + rank)
        words, pointers = synsets[key]
        number = words.index(word) + 1 if word in words else 0
        for other in words:
            add(word, other, SYNONYM * sense)
        for symbol, target, source_no, target_no in pointers:
            degree = POINTERS.get(symbol)
            if degree is None or (source_no and source_no != number):
                continue
            target_words, target_pointers = synsets[target]
            reached = [target_words[target_no - 1]] if target_no else target_words
            for other in reached:
                add(word, other, degree * sense)
            if target_no:
                continue
            for second, further, second_source, second_target in target_pointers:
                step = SECOND_STEP.get(second)
                if step is None or second_source:
                    continue
                for other in synsets[further][0]:
                    add(word, other, degree * step * sense)
    for pos in POS:
        exceptions = directory / f"{pos}.exc"
        if exceptions.exists():
            for line in exceptions.read_text(encoding="latin-1").splitlines():
                inflected, *bases = line.split()
                for base in bases:
                    add(inflected, base, INFLECTION)
                    add(base, inflected, INFLECTION)
    return out


def _plural_lemma(word: str, nouns: set[str]) -> bool:
    """A plural noun WordNet keeps as a lemma of its own ("conditions": the weather; "arms": weapons).

    Its senses are not its singular's, but the engine's stemmer folds the two into one term: as a
    related word it would stand in for the singular's every use ("weather" -> "under any conditions").
    """
    return word in nouns and word.endswith("s") and (word[:-1] in nouns or word.endswith("es") and word[:-2] in nouns)


def by_term(relations: dict[str, dict[str, float]]) -> dict[str, list[tuple[str, float]]]:
    """The relations folded to the engine's terms: common words, stemmed, stopwords left out."""
    common = english_frequencies()
    stopwords = default_language().stopwords
    terms: dict[str, dict[str, float]] = defaultdict(dict)
    for word, others in relations.items():
        if word not in common or word in stopwords:
            continue
        term = stem(word)
        for other, degree in others.items():
            if other not in common or other in stopwords:
                continue
            target = stem(other)
            if target != term and degree > terms[term].get(target, 0.0):
                terms[term][target] = degree
    return {term: sorted(others.items(), key=lambda kv: (-kv[1], kv[0]))[:PER_WORD]
            for term, others in sorted(terms.items()) if others}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--wordnet", type=Path, default=Path("/usr/share/wordnet"))
    args = parser.parse_args()
    table = by_term(related(args.wordnet))
    header = ["# term related-term:degree ... (terms as knowledge.words.stem folds them), closest first.",
              "# From WordNet 3.0 (Princeton University, https://wordnet.princeton.edu), used under the",
              "# WordNet 3.0 licence: Copyright 2006 by Princeton University. All rights reserved.",
              "# Exported by tools/export_related_words.py; see its docstring for the degrees."]
    lines = [term + " " + " ".join(f"{other}:{degree:g}" for other, degree in others) for term, others in table.items()]
    OUT.write_text("\n".join(header + lines) + "\n", encoding="utf-8")
    print(f"{len(lines)} terms -> {OUT} ({OUT.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
