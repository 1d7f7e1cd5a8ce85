"""Load: 2,000 questions from 200 chats through the emulated Bot API into the real bot.

A CI-sized version of ``bench/load.py`` (whose figures are in the README): questions arrive at
125 a second from 140 private chats and 60 groups (with chatter the bot must ignore), Telegram's
sending limits lifted.  Every question is answered exactly once and in order per chat; the
targets (at least 100 replies/s, p95 added latency under 250 ms, peak RSS under 150 MB) are
asserted as they are stated, which leaves a wide margin on a quiet 2-core machine (about 40 ms p95).
"""

from __future__ import annotations

from load_driver import LoadConfig, run_load

CONFIG = LoadConfig(questions=2000, chats=200, group_share=0.3, rate=125.0, timeout=90.0)


def test_two_thousand_questions_from_two_hundred_chats_are_answered_once_in_order_and_fast(tmp_path):
    report = run_load(CONFIG, tmp_path)
    print(report.summary())
    assert report.problems == []
    assert report.replies == CONFIG.questions
    assert report.private_chats + report.groups == CONFIG.chats and report.groups >= 50
    assert report.replies_per_second >= 100
    assert report.p95_ms < 250
    assert report.peak_rss_mb < 150
