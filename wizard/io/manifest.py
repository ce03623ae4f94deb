"""Which files in an output folder archwiz wrote, so it never replaces a file it did not write.

`.archwiz-manifest.json` in the folder records the SHA-256 of every file a render wrote. A
later render may replace a file only if it is listed there and still has that content;
anything else (the user's own RATIONALE.md, an edited result) needs `--force`.
"""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path

from wizard.errors import OutputError
from wizard.io import atomic
from wizard.io.safe_read import bounded_bytes, sha256_of

MANIFEST = ".archwiz-manifest.json"
# Larger than any diagram or rationale archwiz writes; a bigger file there is not ours.
MAX_OUTPUT_BYTES = 512 * 1024 * 1024
MAX_MANIFEST_BYTES = 4 * 1024 * 1024


def digest(path: Path) -> str | None:
    """The digest of a regular file archwiz could have written; None for anything else."""
    return sha256_of(path, MAX_OUTPUT_BYTES)


def _plain_name(name: str) -> bool:
    """A manifest key names a file directly inside the folder, never a path out of it."""
    return bool(name) and name not in (".", "..") and "/" not in name and "\\" not in name and "\0" not in name and name != MANIFEST


def _entries(value: object) -> dict[str, str]:
    if not isinstance(value, dict):
        return {}
    return {str(k): str(v) for k, v in value.items() if _plain_name(str(k))}


def load_journal(folder: Path) -> tuple[dict[str, str], dict[str, str]]:
    """The recorded files and the pending swap (empty when none); a foreign manifest is empty."""
    raw = bounded_bytes(folder / MANIFEST, MAX_MANIFEST_BYTES)
    if raw is None:
        return {}, {}
    try:
        data = json.loads(raw.decode("utf-8"))
    except ValueError:
        return {}, {}
    if not isinstance(data, dict):
        return {}, {}
    return _entries(data.get("files")), _entries(data.get("pending"))


def _load(folder: Path) -> dict[str, str]:
    return load_journal(folder)[0]


def save(folder: Path, files: dict[str, str], pending: dict[str, str] | None = None) -> None:
    """Write the manifest (atomically), with the journal of a swap in progress when given."""
    data: dict[str, object] = {"archwiz": 1, "files": dict(sorted(files.items()))}
    if pending:
        data["pending"] = dict(sorted(pending.items()))
    atomic.write_text(folder / MANIFEST, json.dumps(data, indent=2) + "\n")


def check_targets(folder: Path, names: list[str], force: bool) -> None:
    """Refuse to replace a file archwiz did not write (or that was edited since)."""
    try:
        _check_targets(folder, names, force)
    except OSError as exc:
        # A name over 255 characters, a parent that is a file: say which path, not "the output".
        long_name = exc.errno == errno.ENAMETOOLONG
        raise OutputError(
            f"cannot use {folder}: {exc.strerror or exc}",
            hint="each name in a path can be at most 255 characters; choose a shorter folder"
            if long_name
            else "choose another output folder",
        ) from exc


def _check_targets(folder: Path, names: list[str], force: bool) -> None:
    if force or not folder.exists():
        return
    if not folder.is_dir():
        raise OutputError(f"{folder} exists and is not a folder", hint="give --out a folder path")
    known, pending = load_journal(folder)
    foreign = []
    for name in names:
        path = folder / name
        if not os.path.lexists(path):
            continue
        if path.is_dir() and not path.is_symlink():
            raise OutputError(f"{path} is a folder; archwiz would write a file of that name", hint="choose another --out folder")
        # A symlink (dangling or not), FIFO or device is never what archwiz wrote.
        found = digest(path)
        # A file a killed run was swapping in (the journal's pending digest) is archwiz's too.
        if found is None or found not in (known.get(name), pending.get(name)):
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
    return sorted(n for n, recorded in _load(folder).items() if n not in names and digest(folder / n) == recorded)


def stale_warning(folder: Path, written: list[Path]) -> str | None:
    """The warning a render gives when the folder still holds files of an earlier one, or None."""
    left = [n for n in stale(folder, written) if n != MANIFEST]
    if not left:
        return None
    return f"warning: {folder} still holds {', '.join(left)} from an earlier render (not rewritten this time)"


def record(folder: Path, paths: list[Path]) -> None:
    """Add files just written (outside an OutputSet) to the folder's manifest."""
    known = _load(folder)
    for path in paths:
        found = digest(path)
        if found is not None:
            known[path.name] = found
    save(folder, known)
