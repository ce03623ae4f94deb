"""Regenerate every example (`make examples`): examples/<blueprint>/ gets its rendered outputs.

The hand-written answers.yaml (with its comments) is kept; everything else is replaced. Name
examples on the command line to render only those.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from wizard.cli import main

ROOT = Path(__file__).resolve().parents[1]
KEEP = {"answers.yaml", "architecture.dot", ".archwiz-manifest.json", ".archwiz.lock"}


def render_all(names: list[str]) -> None:
    """Render each examples/*/answers.yaml (or only the named ones) and copy the outputs beside it."""
    for answers in sorted((ROOT / "examples").glob("*/answers.yaml")):
        if names and answers.parent.name not in names:
            continue
        print(f"rendering {answers.parent.name}", file=sys.stderr)
        with tempfile.TemporaryDirectory() as tmp:
            try:
                main(["render", str(answers), "--out", tmp, "--format", "png,svg,mmd"])
            except SystemExit as exc:
                if exc.code:
                    raise
            for path in sorted(Path(tmp).iterdir()):
                if path.name not in KEEP:
                    shutil.copyfile(path, answers.parent / path.name)


if __name__ == "__main__":
    render_all(sys.argv[1:])
