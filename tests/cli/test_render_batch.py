"""`archwiz render` with several formats and several answers files: one layout, one folder per file."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_cli

EXAMPLES = ROOT / "examples"
BROKEN = ROOT / "tests" / "data" / "answers" / "broken.yaml"


def fake_dot(tmp_path: Path) -> tuple[dict[str, str], Path]:
    """A `dot` first on PATH that logs each call and then runs the real one."""
    real = shutil.which("dot")
    assert real is not None
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "dot.log"
    script = bin_dir / "dot"
    script.write_text(f'#!/bin/sh\necho "$@" >> "{log}"\nexec "{real}" "$@"\n')
    script.chmod(0o755)
    return {"PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"}, log


def copy_examples(folder: Path, names: list[str]) -> list[Path]:
    """The examples' answers files, each under its blueprint's name (their own stems all clash)."""
    folder.mkdir(parents=True, exist_ok=True)
    copies = []
    for name in names:
        target = folder / f"{name}.yaml"
        shutil.copyfile(EXAMPLES / name / "answers.yaml", target)
        copies.append(target)
    return copies


@pytest.mark.needs_dot
def test_several_formats_come_from_one_dot_run(tmp_path: Path) -> None:
    env, log = fake_dot(tmp_path)
    out = tmp_path / "out"
    proc = run_cli("render", str(EXAMPLES / "web_three_tier" / "answers.yaml"), "--out", str(out), "--format", "png,svg,pdf", env=env)
    assert proc.returncode == 0, proc.stderr
    calls = log.read_text().splitlines()
    assert len(calls) == 1, calls
    assert all(f"-T{fmt}" in calls[0] for fmt in ("png", "svg", "pdf"))
    assert (out / "architecture.png").stat().st_size and (out / "architecture.svg").stat().st_size
    assert (out / "architecture.pdf").read_bytes()[:5] == b"%PDF-"


def files_of(folder: Path) -> dict[str, bytes]:
    """Every file under a folder by relative path, minus what differs between any two runs.

    The lock holds a pid; a PDF carries the second it was made (cairo's /CreationDate), and
    the manifest that PDF's digest.
    """
    files = {}
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or path.name in (".archwiz.lock", ".archwiz-manifest.json"):
            continue
        data = path.read_bytes()
        files[str(path.relative_to(folder))] = re.sub(rb"/CreationDate \(D:\d+Z\)", b"", data) if path.suffix == ".pdf" else data
    return files


def test_a_broken_file_fails_alone_and_the_exit_code_says_so(tmp_path: Path) -> None:
    inputs = copy_examples(tmp_path / "in", ["web_three_tier", "serverless_api"])
    broken = tmp_path / "in" / "broken.yaml"
    shutil.copyfile(BROKEN, broken)
    out = tmp_path / "out"
    proc = run_cli("render", *map(str, [*inputs, broken]), "--out", str(out), "--format", "dot,mmd")
    assert proc.returncode == 1, proc.stderr
    assert f"{broken}:5: answers.workload.availability" in proc.stderr and "hint: did you mean 'multi_az'" in proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
    assert sorted(p.name for p in out.iterdir()) == ["serverless_api", "web_three_tier"]
    assert (out / "web_three_tier" / "architecture.dot").is_file() and (out / "serverless_api" / "RATIONALE.md").is_file()
    lines = proc.stdout.splitlines()
    assert lines[0].split() == ["file", "outputs", "status", "ms"]
    assert any(str(broken) in line and "failed" in line for line in lines)
    assert sum(" ok " in line for line in lines) == 2
    assert lines[-1].startswith("2 of 3 rendered into") and "1 failed" in lines[-1]


def test_a_folder_renders_every_answers_file_in_it_sorted_with_a_json_summary(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    copy_examples(folder, ["static_website", "event_driven"])
    shutil.copyfile(EXAMPLES / "hpc_batch" / "answers.yaml", folder / "hpc.yml")
    (folder / "notes.txt").write_text("not an answers file")
    out = tmp_path / "out"
    proc = run_cli("render", str(folder), "--out", str(out), "--format", "dot", "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert [Path(f["file"]).name for f in data["files"]] == ["event_driven.yaml", "hpc.yml", "static_website.yaml"]
    assert data["rendered"] == 3 and data["failed"] == 0
    for entry in data["files"]:
        assert entry["status"] == "ok" and entry["out"] == str(out / Path(entry["file"]).stem)
        assert str(out / Path(entry["file"]).stem / "architecture.dot") in entry["written"]


def test_two_files_with_one_stem_are_refused_before_anything_renders(tmp_path: Path) -> None:
    one = copy_examples(tmp_path / "a", ["web_three_tier"])[0]
    two = copy_examples(tmp_path / "b", ["web_three_tier"])[0]
    out = tmp_path / "out"
    proc = run_cli("render", str(one), str(two), "--out", str(out), "--format", "dot")
    assert proc.returncode == 2, proc.stderr
    assert str(one) in proc.stderr and str(two) in proc.stderr and "Traceback" not in proc.stderr
    assert not out.exists()


def test_a_folder_without_answers_files_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    proc = run_cli("render", str(tmp_path / "empty"), "--out", str(tmp_path / "out"), "--format", "dot")
    assert proc.returncode == 2 and "holds no answers files" in proc.stderr and "Traceback" not in proc.stderr


def test_one_file_still_renders_straight_into_out(tmp_path: Path) -> None:
    out = tmp_path / "out"
    proc = run_cli("render", str(EXAMPLES / "web_three_tier" / "answers.yaml"), "--out", str(out), "--format", "dot")
    assert proc.returncode == 0 and (out / "architecture.dot").is_file() and (out / "RATIONALE.md").is_file()
    assert "status" not in proc.stdout  # no batch summary for a single file


@pytest.mark.needs_dot
def test_jobs_1_and_jobs_2_write_the_same_files_with_one_dot_run_per_file(tmp_path: Path) -> None:
    env, log = fake_dot(tmp_path)
    folder = tmp_path / "in"
    copy_examples(folder, ["web_three_tier", "serverless_api", "static_website"])
    results = []
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}"
        proc = run_cli("render", str(folder), "--out", str(out), "--format", "png,svg,pdf", "-j", jobs, env=env)
        assert proc.returncode == 0, proc.stderr
        results.append(files_of(out))
    assert results[0] == results[1]
    assert len([name for name in results[0] if name.endswith(".png")]) == 3
    calls = log.read_text().splitlines()
    assert len(calls) == 6 and all("-Tpng" in c and "-Tsvg" in c and "-Tpdf" in c for c in calls)


@pytest.mark.needs_dot
def test_ctrl_c_in_a_batch_stops_every_dot_and_changes_no_folder(tmp_path: Path) -> None:
    pids = tmp_path / "dot.pids"
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    script = bin_dir / "dot"
    script.write_text(f"#!/bin/sh\necho $$ >> {pids}\nexec sleep 60\n")
    script.chmod(0o755)
    folder = tmp_path / "in"
    copy_examples(folder, ["web_three_tier", "serverless_api", "static_website"])
    out = tmp_path / "out"
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "wizard", "render", str(folder), "--out", str(out), "-j", "2"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # noqa: PLW1509 - a test child
    )
    deadline = time.monotonic() + 60
    while (not pids.exists() or len(pids.read_text().split()) < 2) and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.2)
    proc.send_signal(signal.SIGINT)
    stdout, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "keeps what it held before" in err and "Traceback" not in err and stdout == ""
    started = [int(p) for p in pids.read_text().split()]
    assert len(started) == 2  # -j 2: the third file never started its dot
    time.sleep(0.2)
    for pid in started:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
    for sub in out.iterdir():
        assert [p.name for p in sub.iterdir()] == [".archwiz.lock"]  # nothing half-written


def test_a_folder_of_files_that_are_no_answers_files_writes_nothing_and_exits_1(tmp_path: Path) -> None:
    folder = ROOT / "tests" / "data" / "hostile" / "trees"
    out = tmp_path / "out"
    proc = run_cli("render", str(folder), "--out", str(out), "--format", "dot")
    assert proc.returncode == 1 and "the answers file is not well-formed" in proc.stderr and "Traceback" not in proc.stderr
    assert "hostile_pick.yaml" in proc.stdout and "failed" in proc.stdout
    assert not out.exists() or not any(out.iterdir())
