"""The wheel ships the content folders inside the package, and the code finds them there."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT


@pytest.mark.slow
def test_wheel_contains_trees_templates_and_examples(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp_path), str(ROOT)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    wheel = next(tmp_path.glob("archwiz-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for tree in (ROOT / "decision_trees").rglob("*.yaml"):
        assert f"wizard/_bundled/decision_trees/{tree.relative_to(ROOT / 'decision_trees')}" in names
    assert "wizard/_bundled/templates/RATIONALE.md.j2" in names
    assert "wizard/_bundled/examples/web_three_tier/answers.yaml" in names
    assert "wizard/py.typed" in names
    entry = [n for n in names if n.endswith("entry_points.txt")]
    assert entry and "archwiz = wizard.cli:main" in zipfile.ZipFile(wheel).read(entry[0]).decode()
