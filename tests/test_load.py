"""Load: 2,000 questions from 200 chats through the emulated Bot API into the real bot.

A CI-sized version of ``bench/load.py`` (whose figures are in the README): questions arrive at
125 a second from 140 private chats and 60 groups (with chatter the bot must ignore), Telegram's
sending limits lifted.  Every question is answered exactly once and in order per chat.  Speed
(replies/s, added latency) is a benchmark figure, not asserted here: on a busy shared machine it
says nothing about the code.  Memory is asserted with a wide margin, since it does not depend on load.
"""

from __future__ import annotations

from load_driver import LoadConfig, run_load

CONFIG = LoadConfig(questions=2000, chats=200, group_share=0.3, rate=125.0, timeout=90.0)


def test_two_thousand_questions_from_two_hundred_chats_are_answered_once_and_in_order(tmp_path):
    report = run_load(CONFIG, tmp_path)
    print(report.summary())
    assert report.problems == []
    assert report.replies == CONFIG.questions
    assert report.private_chats + report.groups == CONFIG.chats and report.groups >= 50
    assert report.peak_rss_mb < 150
