"""Outputs never half-written, never replacing files archwiz did not write, clear errors."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_cli
from wizard.errors import OutputError
from wizard.io import atomic

EXAMPLE = ROOT / "examples" / "web_three_tier" / "answers.yaml"


def fake_dot(folder: Path, body: str) -> dict[str, str]:
    """A PATH whose `dot` is a shell script (hangs, fails...), keeping python reachable."""
    folder.mkdir(parents=True, exist_ok=True)
    script = folder / "dot"
    script.write_text("#!/bin/sh\n" + body + "\n")
    script.chmod(0o755)
    return {"PATH": f"{folder}:/usr/bin:/bin"}


def test_rerender_into_the_same_folder_replaces_only_its_own_files(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run_cli("render", str(EXAMPLE), "--out", str(out), "--format", "dot").returncode == 0
    assert run_cli("render", str(EXAMPLE), "--out", str(out), "--format", "dot").returncode == 0


def test_a_foreign_file_of_the_same_name_is_kept_unless_forced(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    mine = out / "RATIONALE.md"
    mine.write_text("my own notes")
    proc = run_cli("render", str(EXAMPLE), "--out", str(out), "--format", "dot")
    assert proc.returncode == 1 and "not written by archwiz" in proc.stderr and "--force" in proc.stderr
    assert mine.read_text() == "my own notes" and sorted(p.name for p in out.iterdir()) == ["RATIONALE.md"]
    forced = run_cli("render", str(EXAMPLE), "--out", str(out), "--format", "dot", "--force")
    assert forced.returncode == 0 and mine.read_text() != "my own notes"


def test_an_edited_output_counts_as_foreign(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run_cli("render", str(EXAMPLE), "--out", str(out), "--format", "dot").returncode == 0
    (out / "result.json").write_text("{}")
    proc = run_cli("render", str(EXAMPLE), "--out", str(out), "--format", "dot")
    assert proc.returncode == 1 and "result.json" in proc.stderr


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_unwritable_folder(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    proc = run_cli("render", str(EXAMPLE), "--out", str(locked), "--format", "dot")
    assert proc.returncode == 1 and "cannot write" in proc.stderr


def test_out_below_a_file_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("keep")
    proc = run_cli("render", str(EXAMPLE), "--out", str(blocker / "out"), "--format", "dot")
    assert proc.returncode == 1 and "cannot write" in proc.stderr and "Traceback" not in proc.stderr
    assert blocker.read_text() == "keep"


def test_full_disk_leaves_no_temporary_or_partial_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old")

    def no_space(*_args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", no_space)
    with pytest.raises(OutputError, match="No space left"):
        atomic.write_text(target, "new content")
    assert target.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]


def test_a_failing_dot_is_exit_3_with_its_message(tmp_path: Path) -> None:
    env = fake_dot(tmp_path / "bin", "echo 'Error: syntax error in line 1' >&2; exit 1")
    proc = run_cli("render", str(EXAMPLE), "--out", str(tmp_path / "out"), env=env)
    assert proc.returncode == 3 and "syntax error in line 1" in proc.stderr
    assert (tmp_path / "out" / "RATIONALE.md").is_file() and not (tmp_path / "out" / "architecture.png").exists()


def test_a_hanging_dot_times_out(tmp_path: Path) -> None:
    env = {**fake_dot(tmp_path / "bin", "sleep 30"), "ARCHWIZ_DOT_TIMEOUT": "1"}
    start = time.monotonic()
    proc = run_cli("render", str(EXAMPLE), "--out", str(tmp_path / "out"), env=env)
    assert proc.returncode == 3 and "did not finish within 1 s" in proc.stderr
    assert time.monotonic() - start < 20


def interrupt_render(tmp_path: Path, sig: signal.Signals) -> tuple[int, str, Path, Path]:
    """Start a render whose `dot` hangs, send a signal while the text outputs are staged.

    The texts are staged beside the picture and committed together, so the test waits for the
    fake `dot` to start (it then hangs far longer than the wait) rather than for a committed file.
    """
    temp = tmp_path / "tmp"
    temp.mkdir()
    started = tmp_path / "dot.started"
    env = {**os.environ, **fake_dot(tmp_path / "bin", f"touch {started}\nexec sleep 120"), "TMPDIR": str(temp)}
    out = tmp_path / "out"
    proc = subprocess.Popen(
        [sys.executable, "-m", "wizard", "render", str(EXAMPLE), "--out", str(out)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # A test run in the background inherits an ignored SIGINT; a user's terminal does not.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # noqa: PLW1509 - a test child
    )
    deadline = time.monotonic() + 60
    while not started.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert started.exists(), "dot never started"
    time.sleep(0.5)  # the rationale and JSON are staged while `dot` runs
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=30)
    return proc.returncode, err, temp, out


def test_ctrl_c_during_rendering_leaves_no_temporary_files(tmp_path: Path) -> None:
    code, err, temp, out = interrupt_render(tmp_path, signal.SIGINT)
    assert code == 130 and "interrupted" in err and "Traceback" not in err
    assert list(temp.iterdir()) == []
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]


def test_sigterm_during_rendering_also_cleans_up(tmp_path: Path) -> None:
    code, err, temp, _ = interrupt_render(tmp_path, signal.SIGTERM)
    assert code == 130 and "Traceback" not in err
    assert list(temp.iterdir()) == []


def test_files_left_from_an_earlier_render_are_pointed_out(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run_cli("render", str(EXAMPLE), "--out", str(out), "--format", "dot,mmd").returncode == 0
    proc = run_cli("render", str(EXAMPLE), "--out", str(out), "--format", "dot")
    assert proc.returncode == 0 and "architecture.mmd from an earlier render" in proc.stderr


def test_show_never_replaces_a_file_it_did_not_write(tmp_path: Path) -> None:
    mine = tmp_path / "mine.mmd"
    mine.write_text("my diagram")
    proc = run_cli("show", "storage", "-o", str(mine))
    assert proc.returncode == 1 and mine.read_text() == "my diagram" and "--force" in proc.stderr
    assert run_cli("show", "storage", "-o", str(mine), "--force").returncode == 0
    assert run_cli("show", "storage", "-o", str(mine)).returncode == 0  # now it is archwiz's own file


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP])
def test_a_signal_while_dot_runs_stops_it_and_exits_130_saying_nothing_changed(tmp_path: Path, sig: signal.Signals) -> None:
    pids = tmp_path / "dot.pid"
    env = {**os.environ, **fake_dot(tmp_path / "bin", f"echo $$ > {pids}\nexec sleep 60")}
    out = tmp_path / "out"
    proc = subprocess.Popen(
        [sys.executable, "-m", "wizard", "render", str(EXAMPLE), "--out", str(out), "--format", "png"],
        cwd=ROOT,
        env=env,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # noqa: PLW1509 - a test child
    )
    deadline = time.monotonic() + 60
    while not pids.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert pids.exists(), "dot never started"
    time.sleep(0.2)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "keeps what it held before" in err and "did not finish" not in err and "written instead" not in err
    dot_pid = int(pids.read_text())
    time.sleep(0.2)
    with pytest.raises(ProcessLookupError):
        os.kill(dot_pid, 0)  # the fake `dot` was stopped with archwiz
    assert [p.name for p in out.iterdir()] == [".archwiz.lock"]  # nothing half-written


def test_a_dot_that_exits_without_writing_the_picture_is_a_partial_render_not_a_stream_error(tmp_path: Path) -> None:
    env = fake_dot(tmp_path / "bin", "exit 0")
    proc = run_cli("render", str(EXAMPLE), "--out", str(tmp_path / "out"), "--format", "png", env=env)
    assert proc.returncode == 3, proc.stderr
    assert "exited without writing architecture.png" in proc.stderr
    assert (tmp_path / "out" / "architecture.dot").is_file()  # the sources, as the hint says


def test_a_full_stderr_does_not_stop_a_render(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with open("/dev/full", "w") as full:  # noqa: PTH123 - a device, not a path to manage
        proc = subprocess.run(
            [sys.executable, "-m", "wizard", "render", str(EXAMPLE), "--out", str(out), "--format", "dot"],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=full,
            text=True,
            timeout=120,
            check=False,
        )
    assert proc.returncode == 0
    assert (out / "RATIONALE.md").is_file() and "RATIONALE.md" in proc.stdout
