"""Reading files that may not be what their names say: look at the type first, read bounded.

An output folder or a seed folder may hold a FIFO (reading it hangs), a device such as
/dev/zero (reading it never ends) or a symlink to either. Everything here looks at what a path
is before opening it and never reads more than a stated number of bytes.
"""

from __future__ import annotations

import hashlib
import stat
from pathlib import Path

from wizard.errors import InputFileError

_CHUNK = 1 << 20


def is_regular(path: Path, *, follow: bool = True) -> bool:
    """True when the path is a regular file (with `follow=False`, a symlink is not)."""
    try:
        mode = (path.stat() if follow else path.lstat()).st_mode
    except OSError:
        return False
    return stat.S_ISREG(mode)


def require_regular(path: Path, what: str, limit: int) -> None:
    """Raise InputFileError unless the path is a regular file of at most `limit` bytes."""
    try:
        info = path.stat()
    except OSError as exc:
        raise InputFileError(f"{path}: {exc.strerror or exc}", hint=f"check the path of the {what}") from exc
    if not stat.S_ISREG(info.st_mode):
        kind = (
            "a FIFO"
            if stat.S_ISFIFO(info.st_mode)
            else "a device"
            if stat.S_ISCHR(info.st_mode) or stat.S_ISBLK(info.st_mode)
            else "not a file"
        )
        raise InputFileError(f"{path} is {kind}, not a regular {what}", hint=f"remove it from the folder or give a folder of plain {what}s")
    if info.st_size > limit:
        raise InputFileError(
            f"{path} is {info.st_size / 1024 / 1024:.1f} MB; archwiz reads a {what} of at most {limit // 1024 // 1024} MB",
            hint=f"is this really a {what}?",
        )


def sha256_of(path: Path, limit: int) -> str | None:
    """The SHA-256 of a regular file (not followed through a symlink) of at most `limit` bytes, else None."""
    if not is_regular(path, follow=False):
        return None
    digest = hashlib.sha256()
    read = 0
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(_CHUNK):
                read += len(chunk)
                if read > limit:
                    return None
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


def bounded_bytes(path: Path, limit: int) -> bytes | None:
    """The bytes of a regular file (not followed through a symlink) of at most `limit` bytes, else None."""
    if not is_regular(path, follow=False):
        return None
    try:
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except OSError:
        return None
    return data if len(data) <= limit else None
