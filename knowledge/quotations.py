"""Find quotation spans (“...”, "...", ‘...’) in the article text, across sentence ends.

Sentences are split as real sentences even inside a quotation; these spans let a statement cite a
multi-sentence quotation whole.  A ‘ or ’ between letters ("Smith‘s", "it’s") is an apostrophe,
not a quotation mark.
"""

from __future__ import annotations

from dataclasses import dataclass

from knowledge.model import Sentence

__all__ = ["Quotation", "find_quotations", "inside"]

_DOUBLE_OPEN, _DOUBLE_CLOSE, _SINGLE_OPEN, _SINGLE_CLOSE = "“", "”", "‘", "’"


@dataclass(frozen=True, slots=True)
class Quotation:
    """A quoted span: ``start``..``end`` include the marks; ``text`` is the words inside them,
    which start at ``content_start``."""

    start: int
    end: int
    content_start: int
    text: str

    def contains(self, start: int, end: int) -> bool:
        """Whether the span ``start``..``end`` lies inside the quotation marks."""
        return self.start < start and end <= self.end


def inside(quotations: tuple[Quotation, ...], start: int, end: int) -> Quotation | None:
    """The quotation that contains the span, if any."""
    return next((q for q in quotations if q.contains(start, end)), None)


def find_quotations(text: str, sentences: tuple[Sentence, ...]) -> tuple[Quotation, ...]:
    """All quotations in the article, paragraph by paragraph, in text order."""
    paragraphs: dict[int, tuple[int, int]] = {}
    for s in sentences:
        lo, hi = paragraphs.get(s.paragraph, (s.start, s.end))
        paragraphs[s.paragraph] = (min(lo, s.start), max(hi, s.end))
    found: list[Quotation] = []
    for lo, hi in paragraphs.values():
        found.extend(_scan(text, lo, hi))
    return tuple(sorted(found, key=lambda q: q.start))


def _scan(text: str, lo: int, hi: int) -> list[Quotation]:
    found: list[Quotation] = []
    stack: list[tuple[str, int]] = []  # (kind "d" or "s", offset of the opening mark)
    for i in range(lo, hi):
        ch = text[i]
        prev = text[i - 1] if i > lo else " "
        nxt = text[i + 1] if i + 1 < hi else " "
        if ch == _DOUBLE_OPEN or (ch == '"' and not _pending(stack, "d") and not nxt.isspace()):
            stack.append(("d", i))
        elif ch in (_DOUBLE_CLOSE, '"') and _pending(stack, "d"):
            found.append(_close(text, stack, "d", i))
        elif ch in (_SINGLE_OPEN, "'") and not prev.isalnum() and nxt.isalnum():
            stack.append(("s", i))
        elif ch in (_SINGLE_CLOSE, "'") and _pending(stack, "s") and not nxt.isalnum() and not prev.isspace():
            found.append(_close(text, stack, "s", i))
    for kind, start in stack:
        if kind == "d" and text[start] == _DOUBLE_OPEN:  # an unclosed curly quote runs to the paragraph end
            found.append(Quotation(start, hi, start + 1, text[start + 1 : hi]))
    return found


def _pending(stack: list[tuple[str, int]], kind: str) -> bool:
    return any(k == kind for k, _ in stack)


def _close(text: str, stack: list[tuple[str, int]], kind: str, i: int) -> Quotation:
    while stack:
        k, start = stack.pop()
        if k == kind:
            return Quotation(start, i + 1, start + 1, text[start + 1 : i])
    raise ValueError(f"no open {kind} quotation before offset {i}")  # unreachable: _pending checked
