"""The command line: `ask`, `ask --json`, `chat --json`, and clear one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).parent / "data"


def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "run_bot.py"), *args], input=stdin, capture_output=True,
                          text=True, timeout=60, cwd=ROOT, check=False)


def test_ask_prints_the_answer_then_the_quote() -> None:
    done = run("ask", "what did lavrov say?")
    assert done.returncode == 0, done.stderr
    assert "under any conditions" in done.stdout
    assert "Traceback" not in done.stderr


def test_ask_json_prints_one_object_per_non_empty_line() -> None:
    done = run("ask", "--json", stdin="what did lavrov say?\n\n   \nwhat did zelensky say?\nhi\n")
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert [line["question"] for line in lines] == ["what did lavrov say?", "what did zelensky say?", "hi"]
    assert [line["answered"] for line in lines] == [True, False, False]
    assert set(lines[0]) >= {"question", "answered", "answer", "quote", "confidence", "matched", "suggestions"}


def test_chat_json_carries_the_conversation_over() -> None:
    done = run("chat", "--json", stdin="what did lavrov say?\nwhen did he say that?\n")
    second = json.loads(done.stdout.splitlines()[1])
    assert second["answered"] and "last week" in (second["answer"] + second["quote"]).lower()


def test_article_option_builds_knowledge_on_the_fly(tmp_path: Path) -> None:
    article = tmp_path / "article.txt"
    article.write_text("Mayor opens bridge | Local\nMayor Jane Doe opened the new river bridge on Monday. "
                       "She said: \u201cThis bridge will carry 20,000 cars a day.\u201d\n", encoding="utf-8")
    done = run("ask", "--json", "--article", str(article), stdin="how many cars will the bridge carry?\n")
    answer = json.loads(done.stdout)
    assert answer["answered"] and "20,000" in answer["answer"] + answer["quote"]


def test_missing_article_is_one_clear_line(tmp_path: Path) -> None:
    done = run("ask", "--article", str(tmp_path / "nope.txt"), "hi")
    assert done.returncode == 2
    assert done.stderr.strip().count("\n") == 0 and "not found" in done.stderr


def test_malformed_knowledge_names_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("headline: x\ntext: y\nqa:\n  - id: [unclosed\n", encoding="utf-8")
    done = run("ask", "--knowledge", str(bad), "hi")
    assert done.returncode == 2
    assert str(bad) in done.stderr and "line" in done.stderr
    assert "Traceback" not in done.stderr


def test_eval_prints_the_scorers_summary_line_last(tmp_path: Path) -> None:
    article = tmp_path / "article.txt"
    article.write_text("Mayor opens bridge | Local\nMayor Jane Doe opened the new river bridge on Monday. "
                       "She said: \u201cThis bridge will carry 20,000 cars a day.\u201d\n", encoding="utf-8")
    questions = tmp_path / "set.yaml"
    questions.write_text(
        '- {id: b1, q: "how many cars will the bridge carry?", kind: answerable, must: [["20,000"]],\n'
        '   support: ["She said: \u201cThis bridge will carry 20,000 cars a day.\u201d"]}\n'
        '- {id: b2, q: "how much did the bridge cost?", kind: unanswerable}\n', encoding="utf-8")
    done = run("eval", str(questions), "--article", str(article))
    assert done.returncode == 0, done.stderr
    last = done.stdout.splitlines()[-1]
    assert last.startswith("answerable 1/1 (1.000) · unanswerable declined 1/1 (1.000) · wrong-confident 0 · "
                           "precision 1.000 · overall 1.000 · 2 q in ")


def test_eval_takes_the_article_beside_the_set_as_the_scorer_does(tmp_path: Path) -> None:
    (tmp_path / "ferry.txt").write_text("Ferry service resumes | Local\nThe island ferry resumed sailing on "
                                        "Tuesday after a month of repairs.\n", encoding="utf-8")
    questions = tmp_path / "ferry.yaml"
    questions.write_text('- {id: f1, q: "when did the ferry resume sailing?", kind: answerable, must: [["tuesday"]],\n'
                         '   support: ["The island ferry resumed sailing on Tuesday after a month of repairs."]}\n',
                         encoding="utf-8")
    done = run("eval", str(questions))
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1].startswith("answerable 1/1 (1.000) ·"), done.stdout


def test_eval_of_a_file_that_is_no_question_set_is_one_clear_line(tmp_path: Path) -> None:
    questions = tmp_path / "set.yaml"
    questions.write_text("just: a mapping\n", encoding="utf-8")
    done = run("eval", str(questions))
    assert done.returncode == 2
    assert done.stderr.strip() == f"error: {questions}: expected a list of entries, each with a question 'q'"


def test_brief_json_is_one_object_of_points_and_numbers_with_verbatim_quotes() -> None:
    done = run("brief", "--json")
    assert done.returncode == 0, done.stderr
    brief = json.loads(done.stdout)
    article = (ROOT / "knowledge" / "data" / "article.txt").read_text(encoding="utf-8")
    assert set(brief) == {"headline", "points", "numbers"} and brief["headline"]
    assert 1 <= len(brief["points"]) <= 6 and sum(len(p["text"]) for p in brief["points"]) < 1000
    for item in brief["points"] + brief["numbers"]:
        assert set(item) == {"text", "quote"} and item["quote"] in article


def test_brief_who_and_quotes_read_a_prebuilt_knowledge_file_as_the_bundled_one() -> None:
    bundled = ROOT / "knowledge" / "data" / "article.yaml"
    for command in ("brief", "who", "quotes"):
        done = run(command, "--json", "--knowledge", str(bundled))
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout) == json.loads(run(command, "--json").stdout), command


def test_who_json_lists_people_with_kind_role_and_what_they_said() -> None:
    people = json.loads(run("who", "--json").stdout)["people"]
    assert all(set(p) == {"name", "kind", "role", "said", "quote"} for p in people)  # the five keys the issue names
    assert all(p["role"] or p["said"] for p in people)  # nobody is a bare name
    lavrov = next(p for p in people if p["name"] == "Sergei Lavrov")
    assert lavrov["kind"] == "person" and lavrov["role"] and "under any conditions" in lavrov["said"]


def test_quotes_json_gives_each_quote_verbatim_with_its_speaker(tmp_path: Path) -> None:
    article = tmp_path / "article.txt"
    article.write_text("Mayor opens bridge | Local\nMayor Jane Doe opened the new river bridge on Monday. "
                       "\u201cThis bridge will carry 20,000 cars a day,\u201d she said.\n", encoding="utf-8")
    quotes = json.loads(run("quotes", "--json", "--article", str(article)).stdout)["quotes"]
    assert quotes == [{"speaker": "Jane Doe", "quote": "This bridge will carry 20,000 cars a day"}]


def test_brief_in_a_terminal_is_the_headline_then_bullets() -> None:
    lines = run("brief").stdout.splitlines()
    assert lines[0].startswith("Macron") and lines[2].startswith("• ")


def test_who_with_a_missing_article_is_one_clear_line(tmp_path: Path) -> None:
    done = run("who", "--article", str(tmp_path / "nope.txt"))
    assert done.returncode == 2 and "not found" in done.stderr and done.stderr.strip().count("\n") == 0


def test_unanswered_with_nothing_counted_says_so(tmp_path: Path) -> None:
    done = run("unanswered", "--data-dir", str(tmp_path / "data"))
    assert done.returncode == 0 and done.stdout.strip() == "No declined questions counted yet."
    assert json.loads(run("unanswered", "--json", "--data-dir", str(tmp_path / "data")).stdout) == {"unanswered": []}


def test_unanswered_with_an_unsafe_data_dir_is_one_clear_line(tmp_path: Path) -> None:
    unsafe = tmp_path / "shared"
    unsafe.mkdir(mode=0o777)
    unsafe.chmod(0o777)
    done = run("unanswered", "--data-dir", str(unsafe))
    assert done.returncode == 2 and "other users can write" in done.stderr
    assert done.stderr.strip().count("\n") == 0
