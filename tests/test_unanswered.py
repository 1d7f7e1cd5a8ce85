"""Counting declined questions: text only, case-insensitive, most frequent first, bounded."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from bot.telegram import unanswered
from bot.telegram.database import open_database
from bot.telegram.unanswered import UNANSWERED_SCHEMA, UnansweredCount, UnansweredLog


@pytest.fixture
def log(tmp_path: Path):
    database = open_database(tmp_path / "data", (UNANSWERED_SCHEMA,))
    yield UnansweredLog(database)
    database.close()


def test_the_same_question_in_other_case_and_spacing_counts_once_more(log):
    log.record("What will Germany send?", 1.0)
    log.record("  what will   GERMANY send? ", 2.0)
    log.record("Who won?", 3.0)
    assert log.most_frequent() == [UnansweredCount("What will Germany send?", 2), UnansweredCount("Who won?", 1)]


def test_a_blank_question_is_not_counted(log):
    log.record("   ", 1.0)
    assert log.most_frequent() == []


def test_ties_list_the_most_recent_first_and_the_limit_holds(log):
    for at, question in enumerate(("a?", "b?", "c?")):
        log.record(question, float(at))
    assert [c.question for c in log.most_frequent(limit=2)] == ["c?", "b?"]


def test_the_table_keeps_at_most_the_set_number_of_questions(log, monkeypatch):
    monkeypatch.setattr(unanswered, "MAX_QUESTIONS", 3)
    log.record("kept?", 0.0)
    log.record("kept?", 0.5)
    for at in range(5):
        log.record(f"once {at}?", float(at + 1))
    questions = [c.question for c in log.most_frequent(limit=10)]
    assert len(questions) == 3 and questions[0] == "kept?" and "once 4?" in questions


def test_the_database_file_is_private(log):
    log.record("Who won?", 1.0)
    assert stat.S_IMODE(log.database.path.stat().st_mode) == 0o600
