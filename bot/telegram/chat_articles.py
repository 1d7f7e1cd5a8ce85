"""Each chat's own article, kept in the bot's database so it survives restarts.

A chat that never loaded one has no row and is on the bundled article.  The text is stored once
per content (``article_text``, by SHA-256), however many chats load it; ``chat_article`` says
which text each chat is on, where it came from and when.  Rows stay until the chat resets its
article: it was chosen on purpose, so it is not pruned with conversations.

Pure stdlib, no ``telegram`` import.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.articles.article import Article
from bot.telegram.database import Database, Schema

__all__ = ["CHAT_ARTICLES_SCHEMA", "ChatArticle", "ChatArticles"]

CHAT_ARTICLES_SCHEMA = Schema("chat_articles", steps=("""
CREATE TABLE article_text (
    digest TEXT PRIMARY KEY,          -- SHA-256 of text
    text TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE chat_article (
    chat_id INTEGER PRIMARY KEY,
    digest TEXT NOT NULL REFERENCES article_text (digest),
    headline TEXT NOT NULL,
    source TEXT NOT NULL,             -- the URL, "pasted text" or the file's name
    loaded REAL NOT NULL              -- when the chat loaded it (Unix time)
);
CREATE INDEX chat_article_digest ON chat_article (digest);
""",))


@dataclass(frozen=True, slots=True)
class ChatArticle:
    """Which article a chat is on, without its text.

    Attributes:
        digest: the text's SHA-256 (:attr:`bot.articles.article.Article.digest`).
        headline: its first line.
        source: where it came from.
        loaded: when the chat loaded it (Unix time).
    """

    digest: str
    headline: str
    source: str
    loaded: float


class ChatArticles:
    """The chats' own articles in the bot's database (opened with :data:`CHAT_ARTICLES_SCHEMA`)."""

    def __init__(self, database: Database) -> None:
        self.database = database

    def get(self, chat_id: int) -> ChatArticle | None:
        """The article this chat is on, or None for the bundled one."""
        row = self.database.execute("SELECT digest, headline, source, loaded FROM chat_article WHERE chat_id = ?",
                                    (chat_id,)).fetchone()
        return ChatArticle(*row) if row is not None else None

    def article(self, chat_id: int) -> Article | None:
        """This chat's article with its text (to build it), or None."""
        row = self.database.execute(
            "SELECT t.text, c.source FROM chat_article c JOIN article_text t USING (digest) WHERE c.chat_id = ?",
            (chat_id,)).fetchone()
        return Article(row[0], row[1]) if row is not None else None

    def put(self, chat_id: int, article: Article, now: float) -> ChatArticle:
        """Put this chat on ``article`` (one transaction: the text and the chat's row together)."""
        chosen = ChatArticle(article.digest, article.headline, article.source, now)
        with self.database.transaction() as connection:
            connection.execute("INSERT INTO article_text VALUES (?, ?) ON CONFLICT (digest) DO NOTHING",
                               (chosen.digest, article.text))
            connection.execute("INSERT INTO chat_article VALUES (?, ?, ?, ?, ?) ON CONFLICT (chat_id) DO UPDATE SET "
                               "digest = excluded.digest, headline = excluded.headline, source = excluded.source, "
                               "loaded = excluded.loaded",
                               (chat_id, chosen.digest, chosen.headline, chosen.source, chosen.loaded))
            _drop_unused_texts(connection)
        return chosen

    def reset(self, chat_id: int) -> None:
        """Put this chat back on the bundled article."""
        with self.database.transaction() as connection:
            connection.execute("DELETE FROM chat_article WHERE chat_id = ?", (chat_id,))
            _drop_unused_texts(connection)

    def chats(self) -> list[int]:
        """The chats on an article of their own, most recently loaded first."""
        return [row[0] for row in self.database.execute("SELECT chat_id FROM chat_article ORDER BY loaded DESC")]


def _drop_unused_texts(connection) -> None:  # noqa: ANN001 - the transaction's sqlite3.Connection
    connection.execute("DELETE FROM article_text WHERE digest NOT IN (SELECT digest FROM chat_article)")
