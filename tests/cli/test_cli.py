"""The CLI as a user meets it: exit codes, stdout versus stderr, no tracebacks."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_cli

EXAMPLE = ROOT / "examples" / "web_three_tier" / "answers.yaml"
DATA = ROOT / "tests" / "data" / "answers"


def no_traceback(proc) -> None:  # type: ignore[no-untyped-def]
    assert "Traceback" not in proc.stderr and "Traceback" not in proc.stdout


def test_help_on_every_command_has_an_example() -> None:
    for command in ["render", "decide", "questions", "validate", "lint", "trees", "schema", "interview", "study"]:
        proc = run_cli(command, "--help")
        assert proc.returncode == 0, proc.stderr
        assert "Example: archwiz" in proc.stdout or command == "interview" and "Example" in proc.stdout


def test_version() -> None:
    proc = run_cli("--version")
    assert proc.returncode == 0 and proc.stdout.startswith("archwiz ")


def test_a_mistyped_command_is_named_with_one_suggestion() -> None:
    proc = run_cli("rendr", "x.yaml")
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.count("Did you mean") == 1 and "'render'" in proc.stderr
    no_traceback(proc)


def test_a_command_runs_with_only_its_own_parameters_built() -> None:
    from wizard.cli import _app_for, app

    assert [c.callback.__name__ for c in _app_for(["decide", "database"]).registered_commands] == ["decide"]
    assert _app_for(["trees"]).registered_commands[0].name == "trees"
    for args in ([], ["--version"], ["rendr"], ["--resume", "decide"]):
        assert _app_for(args) is app  # root help, root options and typos see every command
    assert len(app.registered_commands) > 10


def test_trees_lists_every_tree_and_blueprint() -> None:
    proc = run_cli("trees", "--json")
    data = json.loads(proc.stdout)
    ids = {t["id"] for t in data["trees"]}
    assert {"workload", "database", "load_balancer", "storage", "ec2_purchasing"} <= ids
    blueprints = [b["id"] for b in data["blueprints"]]
    assert blueprints == sorted(blueprints)
    assert {"web_three_tier", "serverless_api", "multi_region_dr", "streaming_analytics"} <= set(blueprints)
    assert {"streaming_ingestion", "identity", "observability", "ml_service", "data_resilience"} <= ids


def test_decide_prints_pick_why_not_and_what_if() -> None:
    proc = run_cli("decide", "database", "--set", "data_model=graph")
    assert proc.returncode == 0, proc.stderr
    assert "Amazon Neptune" in proc.stdout and "ruled out" in proc.stdout and "what would change it" in proc.stdout


def test_decide_json_and_explain() -> None:
    proc = run_cli("decide", "load_balancer", "--answers", str(EXAMPLE), "--json")
    data = json.loads(proc.stdout)
    assert data["tree"] == "load_balancer" and data["pick"]
    proc = run_cli("decide", "load_balancer", "--answers", str(EXAMPLE), "--explain")
    assert "rules, in order:" in proc.stdout and "applies" in proc.stdout


def test_decide_with_a_wrong_value_suggests_the_right_one() -> None:
    proc = run_cli("decide", "database", "--set", "data_model=relationl")
    assert proc.returncode == 1
    assert "did you mean 'relational'" in proc.stderr and proc.stdout == ""
    no_traceback(proc)


def test_unknown_tree_is_exit_1_with_suggestion() -> None:
    proc = run_cli("decide", "databse")
    assert proc.returncode == 1 and "did you mean 'database'" in proc.stderr
    no_traceback(proc)


def test_usage_errors_exit_2() -> None:
    proc = run_cli("render", str(EXAMPLE), "--format", "gif")
    assert proc.returncode == 2 and "valid formats" in proc.stderr
    proc = run_cli("render")
    assert proc.returncode == 2 and "Missing argument" in proc.stderr
    proc = run_cli("frobnicate")
    assert proc.returncode == 2
    no_traceback(proc)


def test_broken_answers_file_lists_every_problem_with_lines() -> None:
    proc = run_cli("validate", str(DATA / "broken.yaml"))
    assert proc.returncode == 1
    err = proc.stderr
    assert "broken.yaml:5: answers.workload.availability" in err and "did you mean 'multi_az'" in err
    assert "broken.yaml:6: answers.workload.rto_seconds" in err and "below the minimum" in err
    assert "broken.yaml:7: answers.workload.colour" in err
    assert "missing answer" in err and "valid" in err
    assert proc.stdout == ""
    no_traceback(proc)


def test_syntax_error_names_the_line() -> None:
    proc = run_cli("validate", str(DATA / "syntax.yaml"))
    assert proc.returncode == 1 and "syntax.yaml:" in proc.stderr and "YAML syntax error" in proc.stderr
    no_traceback(proc)


def test_missing_and_directory_paths(tmp_path: Path) -> None:
    proc = run_cli("render", str(tmp_path / "nope.yaml"), "--out", str(tmp_path / "o"))
    assert proc.returncode == 1 and "no such file" in proc.stderr
    proc = run_cli("validate", str(tmp_path))
    assert proc.returncode == 1 and "is a directory" in proc.stderr
    assert not (tmp_path / "o").exists()


def test_questions_skeleton_validates_after_filling_required_answers(tmp_path: Path) -> None:
    proc = run_cli("questions", "web_three_tier")
    assert proc.returncode == 0
    assert proc.stdout.startswith("# yaml-language-server: $schema=")
    schema = Path(proc.stdout.splitlines()[0].split("$schema=", 1)[1])
    assert schema.is_file() and schema.name == "answers.schema.json"  # editors can load it
    skeleton = tmp_path / "answers.yaml"
    skeleton.write_text(proc.stdout)
    check = run_cli("validate", str(skeleton))
    assert check.returncode == 1 and "missing answer" in check.stderr  # questions without defaults are named


def test_validate_example_is_clean() -> None:
    proc = run_cli("validate", str(EXAMPLE), "--json")
    data = json.loads(proc.stdout)
    assert proc.returncode == 0 and data["valid"] is True and data["problems"] == []


@pytest.mark.skipif(not (ROOT.parent / "shared" / "seeds").is_dir(), reason="../shared/seeds not present")
def test_lint_is_clean_and_reports_json() -> None:
    proc = run_cli("lint", "--json", "--notes", str(ROOT.parent / "shared" / "seeds"))
    data = json.loads(proc.stdout)
    assert proc.returncode == 0, [p for p in data["problems"] if p["level"] == "error"]
    assert data["checked"]["trees"] >= 5


def test_schema_kinds() -> None:
    for kind in ("tree", "blueprint", "answers"):
        proc = run_cli("schema", kind)
        assert proc.returncode == 0 and json.loads(proc.stdout)["title"] == f"archwiz {kind} file"
    assert run_cli("schema", "nope").returncode == 2


def test_headless_commands_never_import_textual(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from wizard.cli import main\n"
        "try:\n"
        f"    main(['render', {str(EXAMPLE)!r}, '--out', {str(tmp_path)!r}, '--format', 'dot,mmd'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "try:\n"
        "    main(['decide', 'database', '--set', 'data_model=graph'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "leaked = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print('LEAKED', leaked, file=sys.stderr)\n"
    )
    import subprocess

    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=False)
    assert "LEAKED []" in proc.stderr, proc.stderr


def test_render_without_dot_writes_text_outputs_and_exits_3(tmp_path: Path) -> None:
    out = tmp_path / "out"
    proc = run_cli("render", str(EXAMPLE), "--out", str(out), env={"PATH": str(tmp_path / "empty-bin")})
    assert proc.returncode == 3, proc.stderr
    assert "install Graphviz" in proc.stderr and "apt-get install graphviz" in proc.stderr
    names = sorted(p.name for p in out.iterdir())
    expected = [".archwiz-manifest.json", ".archwiz.lock", "RATIONALE.md", "answers.yaml", "architecture.dot", "architecture.mmd"]
    expected.append("result.json")
    assert names == expected
    no_traceback(proc)


def test_output_path_that_is_a_file_is_a_usage_error(tmp_path: Path) -> None:
    target = tmp_path / "file.txt"
    target.write_text("keep me")
    proc = run_cli("render", str(EXAMPLE), "--out", str(target), "--format", "dot")
    assert proc.returncode == 2 and target.read_text() == "keep me"


@pytest.mark.needs_dot
def test_render_all_formats(tmp_path: Path) -> None:
    proc = run_cli("render", str(EXAMPLE), "--out", str(tmp_path), "--format", "png,svg,pdf,dot,mmd", "--json")
    assert proc.returncode == 0, proc.stderr
    written = json.loads(proc.stdout)["written"]
    assert len(written) == 8 and (tmp_path / ".archwiz-manifest.json").is_file()
    png = (tmp_path / "architecture.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert 600 < width < 6000 and 600 < height < 8000
    svg = (tmp_path / "architecture.svg").read_text()
    assert "data:image/png;base64," in svg and "site-packages" not in svg
    assert (tmp_path / "architecture.pdf").read_bytes()[:5] == b"%PDF-"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_small_mistakes_get_specific_hints(tmp_path: Path) -> None:
    proc = run_cli("decide", "web_three_tier")
    assert proc.returncode == 1 and "is a blueprint" in proc.stderr
    proc = run_cli("decide", "load_balancer", "--set", "http_needs=[WAF]")
    assert "did you mean 'waf'" in proc.stderr
    quoted = tmp_path / "q.yaml"
    quoted.write_text(EXAMPLE.read_text().replace("rpo_seconds: 300", 'rpo_seconds: "300"'))
    assert "(remove the quotes)" in run_cli("validate", str(quoted)).stderr
    future = tmp_path / "f.yaml"
    future.write_text(EXAMPLE.read_text().replace("archwiz: 1", "archwiz: 2"))
    assert "write `archwiz: 1`" in run_cli("validate", str(future)).stderr


def test_decide_with_a_broken_answers_file_keeps_file_and_line() -> None:
    proc = run_cli("decide", "database", "--answers", str(DATA / "broken.yaml"))
    assert proc.returncode == 1 and "broken.yaml:5: answers.workload.availability" in proc.stderr
    no_traceback(proc)


@pytest.mark.parametrize("redirect", ["> /dev/full", ">&-"])
def test_an_unwritable_stdout_ends_in_one_line_and_a_failing_exit(redirect: str) -> None:
    import shlex
    import subprocess
    import sys

    command = f"{shlex.quote(sys.executable)} -m wizard trees {redirect}"
    proc = subprocess.run(["bash", "-c", command], capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr and proc.stderr.count("\n") == 1
    assert "could not write the output" in proc.stderr
