"""A cache of parsed and validated tree files, so commands do not re-read every YAML file.

Parsing and validating the bundled trees with the line-tracking loader takes far longer than
the rest of a `decide`; a file's result is kept under a key made of its path, size, modification
time and inode, archwiz's version and the code that parses it, so any edit re-reads the file.
The cache lives in the user's cache folder (private, owned by the user, checked before reading)
or in $ARCHWIZ_CACHE_DIR; ARCHWIZ_NO_CACHE=1 turns it off. Any failure reading or writing it
falls back to parsing: the cache can make archwiz faster, never wrong or broken.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import hashlib
import os
import pickle
import stat
import sys
import tempfile
from pathlib import Path
from typing import Any

from wizard import __version__

CACHE_ENV = "ARCHWIZ_CACHE_DIR"
OFF_ENV = "ARCHWIZ_NO_CACHE"
_FORMAT = "parsed-trees-1"


def cache_dir() -> Path | None:
    """The cache folder, or None when caching is off."""
    return _cache_dir(os.environ.get(OFF_ENV), os.environ.get(CACHE_ENV))


@functools.cache
def _cache_dir(off: str | None, override: str | None) -> Path | None:
    # Looked up once per setting: a catalogue asks for every file it reads.
    if off:
        return None
    if override:
        return Path(override)
    from platformdirs import user_cache_path

    return user_cache_path("archwiz", appauthor=False) / _FORMAT


@functools.cache
def _code_stamp() -> str:
    """Modification times of the modules whose output is cached (an edited model invalidates it).

    Taken once per process: it is the same for every file of a catalogue.
    """
    from wizard.core import conditions, model
    from wizard.io import content, validation, yaml_loader

    stamps = []
    for module in (model, conditions, yaml_loader, content, validation):
        with contextlib.suppress(OSError, TypeError):
            stamps.append(str(Path(str(module.__file__)).stat().st_mtime_ns))
    return ",".join(stamps)


def private_folder(name: str) -> Path | None:
    """A sub-folder of the cache, created private; None when caching is off or it is not ours.

    For caches of code (compiled templates): only a folder owned by this user and closed to
    others is trusted.
    """
    folder = cache_dir()
    if folder is None:
        return None
    path = folder / name
    try:
        path.mkdir(parents=True, exist_ok=True, mode=0o700)
        info = path.lstat()
    except OSError:
        return None
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid() or info.st_mode & 0o077:
        return None
    return path


def key(path: Path, kind: str) -> str | None:
    """The cache key of a file as it is now; None when it cannot be looked at."""
    try:
        info = path.stat()
    except OSError:
        return None
    if not stat.S_ISREG(info.st_mode):
        return None
    text = "|".join(
        [
            _FORMAT,
            __version__,
            sys.version,
            kind,
            str(path.resolve()),
            str(info.st_size),
            str(info.st_mtime_ns),
            str(info.st_ino),
            _code_stamp(),
        ]
    )
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()


def get(entry: str | None) -> Any | None:
    """The cached value, or None (missing, not ours, unreadable or from another version)."""
    folder = cache_dir()
    if entry is None or folder is None:
        return None
    path = folder / f"{entry}.pickle"
    try:
        info = path.lstat()
        # Only a private regular file of our own is trusted: unpickling runs what it names.
        if not stat.S_ISREG(info.st_mode) or info.st_uid != os.getuid() or info.st_mode & 0o077:
            return None
        with path.open("rb") as handle:
            data = handle.read()
        # Unpickling a tree makes thousands of objects; the cyclic collector would run over them
        # again and again (about a fifth of the load) and can find nothing to free.
        collecting = gc.isenabled()
        gc.disable()
        try:
            return pickle.loads(data)  # noqa: S301 - written by this user, checked above
        finally:
            if collecting:
                gc.enable()
    except Exception:  # noqa: BLE001 - any broken entry means "parse the file"
        return None


def put(entry: str | None, value: Any) -> None:
    """Store a value; silently nothing when the cache folder cannot be written."""
    folder = cache_dir()
    if entry is None or folder is None:
        return
    with contextlib.suppress(Exception):
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
            Path(tmp).replace(folder / f"{entry}.pickle")
        except BaseException:
            with contextlib.suppress(OSError):
                Path(tmp).unlink()
            raise
