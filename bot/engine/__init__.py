"""The answer engine: a pure function of (knowledge, conversation, text) -> reply.

Stages, each returning a value: read (reader) -> resolve (followup) -> rank (ranking) -> decide (decision).
"""
