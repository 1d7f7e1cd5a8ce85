"""Split an article into a headline and sentences with offsets into the original text.

The first line is the headline (trailing section labels such as `` | World | News`` dropped); every
other non-empty line is a paragraph.  Real sentences inside a quotation are kept apart; the
quotation spans themselves come from :mod:`knowledge.quotations`, so a multi-sentence quote can
still be cited whole.
"""

from __future__ import annotations

import re

from knowledge.lexicon import load_lexicon
from knowledge.model import Sentence

__all__ = ["split_article", "strip_section_labels"]

_LABELS = re.compile(r"(?:\s+\|\s+[^|]*)+$")
_LINE = re.compile(r"[^\n]+")
# A sentence end: terminal punctuation, closing quotes/brackets, optional [citation] marks.
_END = re.compile(r"[.!?]+[\"”’'»)\]]*(?:\[[^\]\n]{1,40}\])*(?=\s+[\"“‘'(\[]?[A-Z0-9])")
_WORD_BEFORE = re.compile(r"([\w.]+)$")


def strip_section_labels(headline: str) -> str:
    """Drop trailing `` | Section | Site`` labels from a headline."""
    return _LABELS.sub("", headline).strip()


def split_article(text: str) -> tuple[str, tuple[Sentence, ...]]:
    """Return the headline and the article's sentences; the headline is sentence 0, paragraph 0."""
    lines = [(m.start(), m.group()) for m in _LINE.finditer(text) if m.group().strip()]
    if not lines:
        return "", ()
    start, first = lines[0]
    headline = strip_section_labels(first)
    sentences: list[Sentence] = []
    if headline:
        offset = start + first.index(headline)
        sentences.append(Sentence(0, 0, offset, offset + len(headline), headline))
    for paragraph, (line_start, line) in enumerate(lines[1:], start=1):
        for s, e in _split_paragraph(line):
            sentences.append(Sentence(len(sentences), paragraph, line_start + s, line_start + e, line[s:e]))
    return headline, tuple(sentences)


def _split_paragraph(line: str) -> list[tuple[int, int]]:
    """Sentence spans within one paragraph line, trimmed of surrounding whitespace."""
    spans, begin = [], 0
    for match in _END.finditer(line):
        if match.group().startswith(".") and not _ends_sentence(line[: match.start()]):
            continue
        spans.append((begin, match.end()))
        begin = match.end()
    spans.append((begin, len(line)))
    out = []
    for s, e in spans:
        chunk = line[s:e]
        stripped = chunk.strip()
        if stripped:
            s += len(chunk) - len(chunk.lstrip())
            out.append((s, s + len(stripped)))
    return out


def _ends_sentence(before: str) -> bool:
    """Whether a full stop after ``before`` ends a sentence (not "Mr.", "U.S.", "E." or "e.g.")."""
    match = _WORD_BEFORE.search(before)
    if match is None:
        return True
    word = match.group(1)
    if word.rstrip(".") in load_lexicon().abbreviations:
        return False
    if len(word) == 1 and word.isupper():
        return False  # an initial: "William E. Simon"
    return not re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]", word)  # "U.S", "e.g"
