"""Writing a render's files into a folder all-or-nothing, one archwiz at a time.

A render stages every file in `.archwiz-staging/` inside the output folder, records the new
digests in the manifest as `pending` (the journal), then moves the staged files into place and
clears the journal. A run killed while staging leaves the old set untouched (the next run
sweeps the staging folder); one killed during the moves is rolled forward by the next run, so
the folder holds the old complete set or the new one, never a mix, and archwiz never disowns
its own files. An exclusive lock on `.archwiz.lock` keeps concurrent renders from interleaving;
a second run waits a bounded time, then names the process that holds it.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import re
import shutil
import time
from pathlib import Path
from types import TracebackType

from wizard.errors import OutputError
from wizard.io import manifest

LOCK = ".archwiz.lock"
STAGING = ".archwiz-staging"
WAIT_SECONDS = 60.0
# Temporary files of an atomic write that a killed run left behind (`.<name>.<random>.tmp`).
_LEFTOVER = re.compile(r"^\.[\w.-]+\.\w+\.tmp$")


class OutputSet:
    """The files of one render (or one `show -o`), staged and then swapped in together."""

    def __init__(self, folder: Path, names: list[str], *, force: bool = False, wait_seconds: float = WAIT_SECONDS) -> None:
        self.folder = folder
        self.names = names
        self.force = force
        self.wait_seconds = wait_seconds
        self.staged: dict[str, str] = {}
        self.committed: list[Path] = []
        self._lock_fd: int | None = None

    # ------------------------------------------------------------------ lock and recovery

    def __enter__(self) -> OutputSet:
        # Refuse before creating anything (the lock file included) when foreign files are in the way.
        manifest.check_targets(self.folder, self.names, self.force)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.folder / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise OutputError(
                f"cannot write in {self.folder}: {exc.strerror or exc}", hint="choose another --out folder or fix its permissions"
            ) from exc
        self._lock_fd = fd
        try:
            self._acquire(fd)
            self._recover()
            manifest.check_targets(self.folder, self.names, self.force)
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def _acquire(self, fd: int) -> None:
        deadline = time.monotonic() + self.wait_seconds
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "another process"
                    raise OutputError(
                        f"{self.folder} is being written by another archwiz (pid {holder}) for over {self.wait_seconds:.0f} s",
                        hint="wait for it to finish, or choose another --out folder",
                    ) from None
                time.sleep(0.05)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)

    def _recover(self) -> None:
        """Finish a swap a killed run journalled; sweep what a run killed earlier left behind."""
        known, pending = manifest.load_journal(self.folder)
        staging = self.folder / STAGING
        if pending:
            for name, digest in pending.items():
                staged = staging / name
                if manifest.digest(staged) == digest:
                    staged.replace(self.folder / name)
            done = {n: d for n, d in pending.items() if manifest.digest(self.folder / n) == d}
            manifest.save(self.folder, {**known, **done})
        if staging.is_dir() and not staging.is_symlink():
            shutil.rmtree(staging, ignore_errors=True)
        for leftover in self.folder.iterdir():
            if _LEFTOVER.match(leftover.name) and leftover.is_file() and not leftover.is_symlink():
                with contextlib.suppress(OSError):
                    leftover.unlink()

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        shutil.rmtree(self.folder / STAGING, ignore_errors=True)
        if self._lock_fd is not None:
            os.close(self._lock_fd)  # releases the lock
            self._lock_fd = None

    # ------------------------------------------------------------------ staging and swap

    def add_text(self, name: str, text: str) -> None:
        """Stage a UTF-8 text output."""
        self.add_bytes(name, text.encode("utf-8"))

    def add_bytes(self, name: str, data: bytes) -> None:
        """Stage an output; nothing in the folder changes until `commit`."""
        staging = self.folder / STAGING
        try:
            staging.mkdir(exist_ok=True)
            with (staging / name).open("wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
        except OSError as exc:
            raise OutputError(
                f"cannot write {self.folder / name}: {exc.strerror or exc}", hint="check free disk space and permissions"
            ) from exc
        # The digest of the bytes archwiz wrote, not of whatever is on disk later.
        self.staged[name] = hashlib.sha256(data).hexdigest()

    def commit(self) -> list[Path]:
        """Swap the staged files in (journalled first) and return their paths."""
        if not self.staged:
            return []
        manifest.check_targets(self.folder, list(self.staged), self.force)  # a file the user wrote meanwhile is refused
        known, _ = manifest.load_journal(self.folder)
        try:
            manifest.save(self.folder, known, pending=self.staged)
            for name in self.staged:
                (self.folder / STAGING / name).replace(self.folder / name)
            manifest.save(self.folder, {**known, **self.staged})
        except OSError as exc:
            raise OutputError(
                f"cannot write in {self.folder}: {exc.strerror or exc}", hint="check free disk space and permissions"
            ) from exc
        self.committed = [self.folder / name for name in self.staged]
        return self.committed
