"""The one output root of a server, and the folders inside it that `render` may write.

A folder argument is a relative path of plain names; it cannot be absolute, hold `..`, or pass
through a symbolic link, so every write lands inside the root chosen when the server started.
"""

from __future__ import annotations

import re
from pathlib import Path

from wizard.errors import OutputError
from wizard.mcp.failures import ToolFailure

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
MAX_PARTS = 4


def default_root() -> Path:
    """The default output root: `renders/` in the user data folder."""
    from platformdirs import user_data_path

    return user_data_path("archwiz", appauthor=False) / "mcp-renders"


def prepare_root(root: Path) -> Path:
    """Create the root if needed and return its resolved path (fixed for the server's life)."""
    root = root.expanduser()
    try:
        root.mkdir(parents=True, exist_ok=True)
        return root.resolve(strict=True)
    except OSError as exc:
        why = exc.strerror or str(exc)
        raise OutputError(f"cannot use {root} as the output root: {why}", hint="pass --out-root DIR, a folder you can write") from exc


def render_folder(root: Path, folder: str | None, answers_hash: str) -> Path:
    """`root/[folder/]<answers hash>`, after checking that it stays inside the root.

    Raises ToolFailure for an absolute path, `..`, an odd name or a symbolic link on the way.
    """
    parts: list[str] = []
    if folder:
        if folder.startswith(("/", "\\", "~")) or re.match(r"^[A-Za-z]:", folder):
            raise ToolFailure("folder must be a relative path inside the output root", field="folder", hint="e.g. 'shop' or 'team/shop'")
        parts = [p for p in folder.replace("\\", "/").split("/") if p not in ("", ".")]
        if len(parts) > MAX_PARTS:
            raise ToolFailure(f"folder has more than {MAX_PARTS} levels", field="folder")
        for part in parts:
            if not _NAME.match(part):
                raise ToolFailure(
                    f"folder part {part[:60]!r} is not a plain name",
                    field="folder",
                    hint="letters, digits, '.', '_' and '-', starting with a letter or digit; no '..'",
                )
    target = root
    for part in [*parts, answers_hash]:
        target = target / part
        if target.is_symlink():
            raise ToolFailure(f"{target.relative_to(root)} is a symbolic link; render never follows one", field="folder")
        if target.exists() and not target.is_dir():
            raise ToolFailure(f"{target.relative_to(root)} exists and is not a folder", field="folder")
    if not target.resolve().is_relative_to(root):
        raise ToolFailure("folder leads outside the output root", field="folder")
    return target
