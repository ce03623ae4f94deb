"""`archwiz render` with several formats and several answers files: one layout, one folder per file."""

from __future__ import annotations

import os
import shutil
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
