"""`archwiz study` on the command line: a JSON sheet, piped answers, and no hang without a terminal."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, SEEDS, run_cli


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {"ARCHWIZ_DATA_DIR": str(tmp_path / "data")}


def _sheet(env: dict[str, str], *args: str) -> dict:  # type: ignore[type-arg]
    proc = run_cli("study", "database", "--count", "3", "--seed", "7", "--json", *args, env=env)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)  # type: ignore[no-any-return]


def test_json_prints_situations_and_answers_for_a_sheet(env: dict[str, str], tmp_path: Path) -> None:
    data = _sheet(env)
    assert data["seed"] == 7 and data["count"] == 3
    for item in data["situations"]:
        assert item["tree"] == "database" and len(item["options"]) == 4
        assert item["options"]["abcd".index(item["letter"])]["candidate"] == item["answer"]
        assert item["why"] and item["text"].startswith("A team describes")
    assert _sheet(env) == data  # the same seed, the same sheet
    assert not (tmp_path / "data").exists()  # a sheet records nothing


@pytest.mark.skipif(not SEEDS.is_dir(), reason="needs the study notes")
def test_json_with_notes_quotes_the_cited_lines(env: dict[str, str]) -> None:
    data = _sheet(env, "--notes", str(SEEDS))
    quotes = data["situations"][0]["quotes"]
    assert quotes and any(lines for lines in quotes.values())


def test_piped_answers_are_marked_explained_scored_and_recorded(env: dict[str, str], tmp_path: Path) -> None:
    sheet = _sheet(env)
    right = sheet["situations"][0]["letter"]
    wrong = next(x for x in "abcd" if x != sheet["situations"][1]["letter"])
    third = str("abcd".index(sheet["situations"][2]["letter"]) + 1)  # numbers work too
    proc = run_cli("study", "database", "--count", "3", "--seed", "7", stdin=f"{right}\nzz\n{wrong}\n{third}\n", env=env)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert out.count("Right: ") == 2 and out.count("Wrong: the answer is") == 1
    assert "Why it fits:" in out and "Why the others lose:" in out and "Citations:" in out
    assert "What would change it: if the answer to" in out
    assert "Score: 2 of 3" in out and "Topics to revisit:" in out
    assert "'zz' is not one of the options" in proc.stderr
    record = json.loads((tmp_path / "data" / "study-record.json").read_text())
    assert record["sessions"] == 1
    missed = [k for k, v in record["items"].items() if v["missed"]]
    assert missed == [sheet["situations"][1]["key"]]
    # The missed situation comes back first in the next session, whatever the seed.
    again = run_cli("study", "database", "--count", "1", "--seed", "99", stdin="a\n", env=env)
    assert again.returncode == 0, again.stderr
    assert sheet["situations"][1]["text"].split(". ")[1][:40] in again.stdout.replace("\n", " ")


def test_input_that_ends_early_exits_2_with_a_message(env: dict[str, str]) -> None:
    proc = run_cli("study", "database", "--count", "3", "--seed", "7", stdin="a\n", env=env)
    assert proc.returncode == 2
    assert "standard input ended after 1 of 3 answers" in proc.stderr and "--json" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_no_terminal_and_no_answers_does_not_hang(env: dict[str, str]) -> None:
    # stdin is an open pipe nobody writes to: the command must give up, not wait forever.
    child = subprocess.Popen(
        [sys.executable, "-m", "wizard", "study", "database", "--count", "2"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**__import__("os").environ, **env},
    )
    try:
        out, err = _wait(child)
    finally:
        if child.poll() is None:
            child.kill()
    assert child.returncode == 2
    assert "no terminal and no answers on standard input" in err and "--json" in err
    assert out == ""


def _wait(child: subprocess.Popen) -> tuple[str, str]:  # type: ignore[type-arg]
    child.wait(timeout=60)  # stdin stays open: only the command's own check ends it
    assert child.stdout is not None and child.stderr is not None
    return child.stdout.read(), child.stderr.read()


def test_unknown_and_profile_trees_are_usage_errors(env: dict[str, str]) -> None:
    assert run_cli("study", "nosuch", "--json", env=env).returncode == 1
    proc = run_cli("study", "workload", "--json", env=env)
    assert proc.returncode == 2 and "profile" in proc.stderr


def test_empty_stdin_says_so_before_any_situation(env: dict[str, str]) -> None:
    proc = run_cli("study", "database", "--count", "2", stdin="", env=env)
    assert proc.returncode == 2 and proc.stdout == ""
    assert "no terminal and no answers on standard input" in proc.stderr
