"""Hostile inputs through the real CLI: every case of tests/data/hostile/cases.yaml.

Each case runs `python -m wizard` in a subprocess and checks the exit code, the words on
stderr, that no traceback escapes, that a failed command prints nothing on stdout and that a
failed render leaves no file behind. The cases run concurrently, once per session; each one is
still its own test. The last tests read what the hostile-label renders wrote: DOT that Graphviz
parses, Mermaid labels without raw quotes, JSON that parses, Markdown tables that keep their
columns and no raw HTML.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import ROOT, run_cli

HOSTILE = ROOT / "tests" / "data" / "hostile"
CASES: list[dict[str, Any]] = yaml.safe_load((HOSTILE / "cases.yaml").read_text(encoding="utf-8"))["cases"]
HEAD = "archwiz: 1\nblueprint: web_three_tier\nanswers:\n  workload:\n"


def case_id(index: int, case: dict[str, Any]) -> str:
    via = "-trees" if "trees" in case else "-env" if "env_trees" in case else ""
    return f"{index:02d}-{case['command']}-{Path(case['file']).stem}{via}"


IDS = [case_id(i, c) for i, c in enumerate(CASES)]


@dataclass
class Outcome:
    """One finished case: the process and the folder a render wrote into."""

    proc: subprocess.CompletedProcess[str]
    out: Path


def generate(kind: str, folder: Path) -> Path:
    """Write a case that is too big (or too odd) to commit; return its path."""
    if kind == "big":
        path = folder / "big.yaml"
        with path.open("w", encoding="utf-8") as handle:
            handle.write(HEAD)
            line = "# " + "x" * 1021 + "\n"
            for _ in range(50 * 1024):
                handle.write(line)
        return path
    if kind == "long_value":
        path = folder / "long_value.yaml"
        path.write_text(HEAD + "    availability: " + "x" * 1_000_000 + "\n", encoding="utf-8")
        return path
    if kind == "deep_megabyte":
        # Under the 2 MB cap, but deep enough to crash libyaml's recursive composer.
        path = folder / "deep_megabyte.yaml"
        path.write_text("archwiz: 1\nanswers: " + "[" * 1_000_000 + "]" * 1_000_000 + "\n", encoding="utf-8")
        return path
    if kind == "long_name":
        return folder / ("a" * 5000 + ".yaml")
    raise ValueError(kind)


def input_path(case: dict[str, Any], folder: Path) -> Path:
    if "generate" in case:
        return generate(case["generate"], folder)
    path = Path(case["file"])
    return path if path.is_absolute() else HOSTILE / path


def command(case: dict[str, Any], path: Path, out: Path) -> tuple[list[str], dict[str, str]]:
    args = [case["command"], str(path)]
    if case["command"] == "render":
        args += ["--out", str(out)]
    if "trees" in case:
        args += ["--trees", str(HOSTILE / case["trees"])]
    args += [str(a) for a in case.get("args", [])]
    env = {"ARCHWIZ_TREES": str(HOSTILE / case["env_trees"]) if "env_trees" in case else ""}
    return args, env


def run_case(index: int, case: dict[str, Any], root: Path) -> Outcome:
    folder = root / f"case{index:02d}"
    folder.mkdir()
    out = folder / "out"
    args, env = command(case, input_path(case, folder), out)
    return Outcome(run_cli(*args, env=env), out)


@pytest.fixture(scope="session")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Outcome]:
    root = tmp_path_factory.mktemp("hostile")
    runnable = [(i, c) for i, c in enumerate(CASES) if not _skip_reason(c)]
    with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2)) as pool:
        futures = {IDS[i]: pool.submit(run_case, i, c, root) for i, c in runnable}
        return {key: future.result() for key, future in futures.items()}


def _skip_reason(case: dict[str, Any]) -> str | None:
    path = Path(case["file"])
    if path.is_absolute() and not path.exists():
        return f"{path} does not exist here"
    return None


@pytest.mark.parametrize("index", range(len(CASES)), ids=IDS)
def test_hostile_case(index: int, outcomes: dict[str, Outcome]) -> None:
    case = CASES[index]
    reason = _skip_reason(case)
    if reason:
        pytest.skip(reason)
    outcome = outcomes[IDS[index]]
    proc = outcome.proc
    assert proc.returncode == case["exit"], proc.stderr[-3000:]
    assert "Traceback" not in proc.stdout and "Traceback" not in proc.stderr
    for word in case["stderr"]:
        assert word in proc.stderr, f"{word!r} not in stderr:\n{proc.stderr[-3000:]}"
    for bad in case.get("not_in_stderr", []):
        assert bad not in proc.stderr, f"{bad!r} leaked into stderr"
    if "max_stderr" in case:
        assert len(proc.stderr) <= case["max_stderr"], f"{len(proc.stderr)} characters on stderr"
    if case["exit"] == 1:
        assert proc.stdout == ""
    if case["command"] == "render" and case["exit"] != 0:
        assert not outcome.out.exists() or not any(outcome.out.iterdir()), "a failed render wrote files"
    if case["command"] == "render" and case["exit"] == 0:
        written = {p.name for p in outcome.out.iterdir()}
        assert {"RATIONALE.md", "answers.yaml", "architecture.dot", "architecture.mmd", "result.json"} <= written


def test_manifest_covers_the_corpus() -> None:
    committed = [c for c in CASES if "generate" not in c and not c.get("absent") and not Path(c["file"]).is_absolute()]
    on_disk = {p.name for p in HOSTILE.iterdir() if p.name != "cases.yaml"}
    folders = {c.get("trees") or c.get("env_trees") for c in CASES} - {None}
    assert on_disk - {c["file"] for c in committed} - folders == set(), "corpus files no case uses"
    for case in CASES:
        assert case["command"] in ("validate", "render") and isinstance(case["exit"], int) and isinstance(case["stderr"], list)
        if case in committed:
            assert (HOSTILE / case["file"]).exists(), case["file"]
        if case.get("absent"):
            assert not (HOSTILE / case["file"]).exists(), case["file"]
    assert len(set(IDS)) == len(IDS)


# ---------------------------------------------------------------- what the hostile labels render to


LABEL_RENDERS = [i for i, c in enumerate(CASES) if c["file"].startswith("labels_") and c["command"] == "render" and c["exit"] == 0]


@pytest.fixture(params=LABEL_RENDERS, ids=[IDS[i] for i in LABEL_RENDERS])
def rendered(request: pytest.FixtureRequest, outcomes: dict[str, Outcome]) -> Path:
    outcome = outcomes[IDS[request.param]]
    assert outcome.proc.returncode == 0, outcome.proc.stderr
    return outcome.out


def test_the_label_renders_use_both_ways_of_adding_trees() -> None:
    kinds = {("trees" in CASES[i], "env_trees" in CASES[i]) for i in LABEL_RENDERS}
    assert kinds == {(True, False), (False, True)}


@pytest.mark.needs_dot
def test_dot_parses_and_has_no_html_labels(rendered: Path, tmp_path: Path) -> None:
    source = (rendered / "architecture.dot").read_text(encoding="utf-8")
    assert not re.search(r"label=<", source), "a label went through as an HTML-like label"
    dot = shutil.which("dot")
    assert dot is not None
    proc = subprocess.run([dot, "-Tsvg", str(rendered / "architecture.dot")], capture_output=True, timeout=60, check=False)
    assert proc.returncode == 0, proc.stderr.decode(errors="replace")
    assert b"<svg" in proc.stdout


MERMAID_LINE = [
    re.compile(r"%% archwiz .*"),
    re.compile(r"flowchart (LR|TB)"),
    re.compile(r"\s*\w+\[\"(?P<label>[^\"]*)\"\]"),
    re.compile(r"\s*subgraph \w+\[\"(?P<label>[^\"]*)\"\]"),
    re.compile(r"\s*end"),
    re.compile(r"\s*\w+ (-->|==>|-\.->)(\|(?P<label>[^|\"]*)\|)? \w+"),
]


def test_mermaid_labels_hold_no_raw_quotes_or_markup(rendered: Path) -> None:
    lines = (rendered / "architecture.mmd").read_text(encoding="utf-8").splitlines()
    labels = []
    for line in lines:
        match = next((m for m in (p.fullmatch(line) for p in MERMAID_LINE) if m), None)
        assert match is not None, f"not a Mermaid statement archwiz writes: {line!r}"
        label = match.groupdict().get("label")
        if label:
            labels.append(label)
    assert labels
    for label in labels:
        bare = label.replace("<br/>", "")
        assert not set(bare) & set('"<>`\\\n\r\x1b\x07'), label
    assert any("#quot;" in label for label in labels) and any("#lt;" in label for label in labels)


def test_result_json_parses_and_keeps_the_text(rendered: Path) -> None:
    def no_constants(name: str) -> None:
        raise AssertionError(f"{name} is not JSON")

    data = json.loads((rendered / "result.json").read_text(encoding="utf-8"), parse_constant=no_constants)
    assert data["title"] == 'Blueprint "title" <t> | \\ 😀\nsecond'
    decision = data["decisions"][0]["decision"]
    assert decision["title"] == 'Title "quoted" <i>tags</i> | pipe \\ backslash 😀\nsecond line'


def unescaped_pipes(row: str) -> int:
    """Cell separators: pipes not preceded by an odd number of backslashes."""
    return len(re.findall(r"(?<!\\)(?:\\\\)*\|", row))


def test_markdown_keeps_tables_and_blocks_and_holds_no_html(rendered: Path) -> None:
    text = (rendered / "RATIONALE.md").read_text(encoding="utf-8")
    lines = text.splitlines()
    fences = [i for i, line in enumerate(lines) if line.startswith("```")]
    assert len(fences) == 2 and lines[fences[0]] == "```mermaid", "a label opened or closed a code fence"
    outside = lines[: fences[0]] + lines[fences[1] + 1 :]

    tables: list[list[str]] = []
    for prev, line in zip(["", *outside], outside, strict=False):
        if line.startswith("|"):
            if not prev.startswith("|"):
                tables.append([])
            tables[-1].append(line)
    assert len(tables) >= 2
    for table in tables:
        columns = unescaped_pipes(table[0])
        assert all(unescaped_pipes(row) == columns for row in table), table

    prose = re.sub(r"(?<!\\)`[^`\\]*`", "", "\n".join(outside))  # the template's own code spans
    assert "<" not in prose, [line for line in prose.splitlines() if "<" in line]
    assert lines[0] == '# Blueprint "title" &lt;t> | \\\\ 😀 second', "the title must stay one heading line"
    headings = [line for line in outside if line.startswith("## 1. ")]
    assert headings and headings[0].endswith("second line")
