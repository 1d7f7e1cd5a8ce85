"""briefbot: answers questions about a news article, always with a verbatim quote."""
