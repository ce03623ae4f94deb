"""What sits at an output or seed name is looked at before it is read: FIFOs, devices, symlinks
and manifest keys that point out of the folder are refused or ignored, never read whole."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from tests.conftest import ROOT, run_cli

EXAMPLE = ROOT / "examples" / "web_three_tier" / "answers.yaml"


def test_a_fifo_and_a_symlink_to_dev_zero_at_output_names_are_foreign_not_read(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    os.mkfifo(out / "RATIONALE.md")
    (out / "result.json").symlink_to("/dev/zero")
    proc = run_cli("render", str(EXAMPLE), "--out", str(out), "--format", "dot")  # times out if either is read
    assert proc.returncode == 1, proc.stderr
    assert "RATIONALE.md" in proc.stderr and "result.json" in proc.stderr and "Traceback" not in proc.stderr


def test_a_dangling_symlink_is_foreign_like_any_other_file(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "result.json").symlink_to(tmp_path / "nowhere")
    proc = run_cli("render", str(EXAMPLE), "--out", str(out), "--format", "dot")
    assert proc.returncode == 1 and "result.json" in proc.stderr
    assert (out / "result.json").is_symlink()  # kept as the user left it


def test_manifest_keys_that_leave_the_folder_are_not_trusted(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run_cli("render", str(EXAMPLE), "--out", str(out), "--format", "dot").returncode == 0
    outside = tmp_path / "outside.txt"
    outside.write_text("not archwiz's")
    manifest = out / ".archwiz-manifest.json"
    data = json.loads(manifest.read_text())
    data["files"]["../outside.txt"] = hashlib.sha256(outside.read_bytes()).hexdigest()
    data["files"]["/etc/hostname"] = "0" * 64
    manifest.write_text(json.dumps(data))
    proc = run_cli("render", str(EXAMPLE), "--out", str(out), "--format", "dot")
    assert proc.returncode == 0, proc.stderr
    assert "outside.txt" not in proc.stderr and "hostname" not in proc.stderr  # not offered as a stale output
    kept = json.loads(manifest.read_text())["files"]
    assert all("/" not in name for name in kept)
    assert outside.read_text() == "not archwiz's"


def test_a_fifo_among_the_seeds_is_refused_by_name(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "000_a.txt").write_text("one\ntwo\n")
    os.mkfifo(seeds / "001_fifo.txt")
    proc = run_cli("lint", "--notes", str(seeds))  # hangs if the FIFO is opened
    assert proc.returncode != 0
    assert "001_fifo.txt is a FIFO" in proc.stderr and "Traceback" not in proc.stderr


def test_a_digest_that_is_a_fifo_is_refused_by_name(tmp_path: Path) -> None:
    digests = tmp_path / "notes"
    digests.mkdir()
    os.mkfifo(digests / "000-digest.md")
    proc = run_cli("coverage", "--digests", str(digests))
    assert proc.returncode != 0
    assert "000-digest.md is a FIFO" in proc.stderr and "Traceback" not in proc.stderr


def test_an_output_name_over_255_characters_is_reported_with_its_path(tmp_path: Path) -> None:
    long_name = tmp_path / ("x" * 300)
    for args in (("render", str(EXAMPLE), "--out", str(long_name)), ("show", "database", "-o", str(long_name / "db.svg"))):
        proc = run_cli(*args)
        assert proc.returncode == 1, proc.stderr
        assert "cannot use" in proc.stderr and "at most 255 characters" in proc.stderr and "Traceback" not in proc.stderr
