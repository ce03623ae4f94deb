"""Shared fixtures: repository paths, the bundled catalogue, a CLI runner."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"


@pytest.fixture(scope="session")
def catalog():  # type: ignore[no-untyped-def]
    from wizard.io.content import load_catalog

    return load_catalog()


def run_cli(
    *args: str, env: dict[str, str] | None = None, cwd: Path | None = None, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `python -m wizard` in a subprocess and capture everything."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "wizard", *args],
        capture_output=True,
        text=True,
        env=full_env,
        cwd=cwd or ROOT,
        input=stdin,
        timeout=120,
        check=False,
    )


@pytest.fixture
def cli():  # type: ignore[no-untyped-def]
    return run_cli


def pytest_collection_modifyitems(config, items):  # type: ignore[no-untyped-def]
    """Skip tests that need Graphviz when `dot` is not installed."""
    import shutil

    if shutil.which("dot"):
        return
    skip = pytest.mark.skip(reason="Graphviz `dot` is not installed")
    for item in items:
        if "needs_dot" in item.keywords:
            item.add_marker(skip)
