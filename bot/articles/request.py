"""What a ``/article`` message asks for: show the chat's article, reset it, or load a link or text.

Pure.  A document sent with the caption ``/article`` is the front end's business (it has a file
to download); everything else is read from the words after the command and the message it
replies to.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.articles.fetch import is_link

__all__ = ["ArticleRequest", "read_request"]

ACTIONS = ("show", "reset", "link", "text")


@dataclass(frozen=True, slots=True)
class ArticleRequest:
    """One ``/article`` request.

    Attributes:
        action: ``show`` (which article is this chat on), ``reset`` (back to the bundled one),
            ``link`` (fetch ``value``) or ``text`` (``value`` is the article, first line the headline).
        value: the link or the text; empty for ``show`` and ``reset``.
    """

    action: str
    value: str = ""

    def __post_init__(self) -> None:
        if self.action not in ACTIONS:
            raise ValueError(f"article request action {self.action!r} is not one of {', '.join(ACTIONS)}")


def read_request(argument: str, replied_text: str | None = None) -> ArticleRequest:
    """The request in the words after ``/article`` (``argument``) and the text of a replied-to message.

    >>> read_request("https://example.org/news/1").action
    'link'
    >>> read_request("", "Headline\\nBody").value
    'Headline\\nBody'
    """
    argument = argument.strip()
    if not argument:
        if replied_text and replied_text.strip():
            return ArticleRequest("text", replied_text.strip())
        return ArticleRequest("show")
    if argument.lower() == "reset":
        return ArticleRequest("reset")
    if is_link(argument) and len(argument.split()) == 1:
        return ArticleRequest("link", argument)
    return ArticleRequest("text", argument)
