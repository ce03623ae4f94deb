"""Which files in an output folder archwiz wrote, so it never replaces a file it did not write.

`.archwiz-manifest.json` in the folder records the SHA-256 of every file a render wrote. A
later render may replace a file only if it is listed there and still has that content;
anything else (the user's own RATIONALE.md, an edited result) needs `--force`.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from wizard.errors import OutputError
from wizard.io import atomic

MANIFEST = ".archwiz-manifest.json"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _load(folder: Path) -> dict[str, str]:
    path = folder / MANIFEST
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        files = data.get("files", {}) if isinstance(data, dict) else {}
        return {str(k): str(v) for k, v in files.items()} if isinstance(files, dict) else {}
    except (OSError, ValueError):
        return {}


def check_targets(folder: Path, names: list[str], force: bool) -> None:
    """Refuse to replace a file archwiz did not write (or that was edited since)."""
    if force or not folder.exists():
        return
    if not folder.is_dir():
        raise OutputError(f"{folder} exists and is not a folder", hint="give --out a folder path")
    known = _load(folder)
    foreign = []
    for name in names:
        path = folder / name
        if path.is_dir():
            raise OutputError(f"{path} is a folder; archwiz would write a file of that name", hint="choose another --out folder")
        if path.exists() and known.get(name) != _digest(path):
            foreign.append(name)
    if foreign:
        listed = ", ".join(foreign)
        raise OutputError(
            f"{folder} already holds {listed}, not written by archwiz (or changed since)",
            hint="choose another --out folder, move those files away, or pass --force to replace them",
        )


def stale(folder: Path, written: list[Path]) -> list[str]:
    """Files an earlier render wrote here that this one did not rewrite (they describe other answers)."""
    names = {p.name for p in written}
    return sorted(n for n, digest in _load(folder).items() if n not in names and (folder / n).is_file() and _digest(folder / n) == digest)


def record(folder: Path, paths: list[Path]) -> None:
    """Add the files just written to the folder's manifest."""
    known = _load(folder)
    for path in paths:
        known[path.name] = _digest(path)
    atomic.write_text(folder / MANIFEST, json.dumps({"archwiz": 1, "files": dict(sorted(known.items()))}, indent=2) + "\n")
