"""A render leaves the old complete set or the new one: killed runs are recovered, concurrent
runs take turns, and archwiz never disowns its own files."""

from __future__ import annotations

import hashlib
import json
import random
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import yaml

from tests.conftest import ROOT, run_cli
from wizard.io import manifest
from wizard.io.output_set import STAGING, OutputSet

EXAMPLE = ROOT / "examples" / "web_three_tier" / "answers.yaml"


def _variant(tmp_path: Path, n: int) -> Path:
    """The example with a different recovery time, so each run's outputs differ."""
    data = yaml.safe_load(EXAMPLE.read_text())
    data["answers"]["workload"]["rto_seconds"] = 600 + n
    path = tmp_path / f"answers-{n}.yaml"
    path.write_text(yaml.safe_dump(data))
    return path


def _assert_one_complete_set(out: Path) -> None:
    """Every output the manifest lists is on disk with that digest, and all come from one run."""
    data = json.loads((out / manifest.MANIFEST).read_text())
    assert "pending" not in data
    for name, digest in data["files"].items():
        assert hashlib.sha256((out / name).read_bytes()).hexdigest() == digest, name
    result_hash = json.loads((out / "result.json").read_text())["provenance"]["answers_hash"]
    found = re.search(r"Answers hash: `([0-9a-f]+)`", (out / "RATIONALE.md").read_text())
    assert found and found.group(1) == result_hash
    assert not (out / STAGING).exists()


def test_a_swap_killed_halfway_is_finished_by_the_next_run(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run_cli("render", str(_variant(tmp_path, 1)), "--out", str(out), "--format", "dot").returncode == 0
    # Stage a different set and journal it, move one file, then stop as a kill would.
    other = tmp_path / "other"
    assert run_cli("render", str(_variant(tmp_path, 2)), "--out", str(other), "--format", "dot").returncode == 0
    names = ["RATIONALE.md", "result.json", "answers.yaml", "architecture.dot"]
    outputs = OutputSet(out, names)
    outputs.__enter__()
    for name in names:
        outputs.add_bytes(name, (other / name).read_bytes())
    known, _ = manifest.load_journal(out)
    manifest.save(out, known, pending=outputs.staged)
    (out / STAGING / "RATIONALE.md").replace(out / "RATIONALE.md")
    assert outputs._lock_fd is not None
    import os

    os.close(outputs._lock_fd)  # the process "dies": its lock goes, the staging folder stays
    proc = run_cli("render", str(_variant(tmp_path, 3)), "--out", str(out), "--format", "dot")
    assert proc.returncode == 0, proc.stderr  # no "not written by archwiz" for its own files
    _assert_one_complete_set(out)


def test_kill_9_at_random_moments_never_leaves_a_mix_or_disowned_files(tmp_path: Path) -> None:
    rng = random.Random(20261203)
    out = tmp_path / "out"
    for n in range(6):
        proc = subprocess.Popen(
            [sys.executable, "-m", "wizard", "render", str(_variant(tmp_path, n)), "--out", str(out), "--format", "dot,png"],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0.2, 2.5))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        again = run_cli("render", str(_variant(tmp_path, 100 + n)), "--out", str(out), "--format", "dot,png")
        assert again.returncode == 0, again.stderr
        _assert_one_complete_set(out)


def test_concurrent_renders_into_one_folder_take_turns(tmp_path: Path) -> None:
    out = tmp_path / "out"
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "wizard", "render", str(_variant(tmp_path, n)), "--out", str(out), "--format", "dot"],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(5)
    ]
    results = [(p.wait(timeout=180), p.stderr.read() if p.stderr else "") for p in procs]
    assert all(code == 0 for code, _ in results), results
    _assert_one_complete_set(out)


def test_a_second_run_names_the_process_holding_the_folder(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with OutputSet(out, ["result.json"]):
        try:
            with OutputSet(out, ["result.json"], wait_seconds=0.2):
                raise AssertionError("the second run got the lock")
        except Exception as exc:  # noqa: BLE001 - the OutputError is what is checked
            import os

            assert f"pid {os.getpid()}" in str(exc)


def test_temporary_folders_of_killed_runs_are_swept_when_old(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import os
    import tempfile

    from wizard.render import diagram

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    old = tmp_path / "archwiz-killed"
    old.mkdir()
    (old / "architecture.dot").write_text("digraph {}")
    fresh = tmp_path / "archwiz-running"
    fresh.mkdir()
    other = tmp_path / "not-ours"
    other.mkdir()
    stamp = time.time() - 2 * diagram.LEFTOVER_AGE_S
    os.utime(old, (stamp, stamp))
    os.utime(other, (stamp, stamp))
    assert diagram.sweep_leftovers() == [old]
    assert fresh.exists() and other.exists() and not old.exists()
