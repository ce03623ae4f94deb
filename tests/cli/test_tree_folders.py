"""User tree folders work like the bundled one; a broken tree never hides the others."""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import run_cli
from tests.helpers import QUEUE_TREE as GOOD


def test_trees_flag_and_environment_variable_add_user_trees(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "queue_choice.yaml").write_text(GOOD)
    with_flag = run_cli("trees", "--trees", str(folder))
    assert "queue_choice" in with_flag.stdout and "database" in with_flag.stdout
    with_env = run_cli("decide", "queue_choice", "--set", "ordering=true", env={"ARCHWIZ_TREES": str(folder)})
    assert with_env.returncode == 0 and "SQS FIFO" in with_env.stdout


def test_a_broken_tree_is_named_with_its_line_and_the_rest_still_list(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "queue_choice.yaml").write_text(GOOD)
    (folder / "broken.yaml").write_text(
        GOOD.replace("id: queue_choice", "id: broken").replace("    kind: boolean", "    kind: boolean\n    colour: red")
    )
    proc = run_cli("trees", "--trees", str(folder))
    assert proc.returncode == 0
    assert "queue_choice" in proc.stdout and "database" in proc.stdout and "broken " not in proc.stdout
    assert "broken.yaml:10: questions[0].colour: unknown key 'colour'" in proc.stderr
    lint = run_cli("lint", str(folder))
    assert lint.returncode == 1 and "broken.yaml:10" in lint.stdout


def test_a_missing_tree_folder_is_reported(tmp_path: Path) -> None:
    proc = run_cli("trees", "--trees", str(tmp_path / "nowhere"))
    assert "does not exist" in proc.stderr and "database" in proc.stdout


def test_control_characters_and_markdown_links_in_tree_text_reach_no_output(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    hostile = GOOD.replace(
        "label: SQS FIFO,",
        'label: "SQS \\e[31mFIFO\\a \\e]0;title\\a [click](http://evil.example/x) ![i](http://evil.example/i.png) \\u202e\\uFFFE",',
    )
    (folder / "queue_choice.yaml").write_text(hostile)
    answers = tmp_path / "a.yaml"
    answers.write_text("archwiz: 1\ndecisions: [queue_choice]\nanswers:\n  queue_choice: {ordering: true}\n")
    out = tmp_path / "out"
    proc = run_cli("render", str(answers), "--out", str(out), "--format", "dot,mmd", "--trees", str(folder))
    assert proc.returncode == 0, proc.stderr
    decided = run_cli("decide", "queue_choice", "--set", "ordering=true", "--trees", str(folder))
    listed = run_cli("trees", "--trees", str(folder))
    texts = {p.name: p.read_text(encoding="utf-8") for p in out.iterdir() if p.is_file()}
    texts |= {"decide": decided.stdout, "trees": listed.stdout, "stderr": decided.stderr + listed.stderr}
    for name, text in texts.items():
        for bad in ("\x1b", "\x07", "\u202e", "\ufffe"):
            assert bad not in text, f"{bad!r} reached {name}"
    # Inside the Mermaid fence text is code, not Markdown; everywhere else links must not form.
    rationale = re.sub(r"```mermaid.*?```", "", texts["RATIONALE.md"], flags=re.S)
    assert "SQS [31mFIFO" in texts["decide"]  # shown as plain text
    assert "[click](" not in rationale and "![i](" not in rationale and "\\[click\\](" in rationale


def test_a_user_tree_that_replaces_a_bundled_one_is_said_on_every_command_and_in_the_outputs(tmp_path: Path) -> None:
    from tests.conftest import ROOT

    folder = tmp_path / "mine"
    folder.mkdir()
    bundled = (ROOT / "decision_trees" / "data" / "caching.yaml").read_text()
    (folder / "caching.yaml").write_text(bundled.replace("\nversion: ", "\n# my copy\nversion: ", 1))
    decided = run_cli("decide", "caching", "--trees", str(folder), "--set", "workload.read_heavy=true")
    assert decided.returncode == 0 and "replaces the bundled tree 'caching'" in decided.stderr
    out = tmp_path / "out"
    example = ROOT / "examples" / "web_three_tier" / "answers.yaml"
    rendered = run_cli("render", str(example), "--trees", str(folder), "--out", str(out), "--format", "dot")
    assert rendered.returncode == 0 and "replaces the bundled tree 'caching'" in rendered.stderr
    assert f"`caching` from {folder}" in (out / "RATIONALE.md").read_text()
    assert '"user_trees": {\n      "caching": "' + str(folder) + '"' in (out / "result.json").read_text()
    plain = run_cli("decide", "caching", "--set", "workload.read_heavy=true")
    assert "replaces the bundled" not in plain.stderr
