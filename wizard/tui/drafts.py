"""Where drafts live and how they are saved, listed, locked and restored.

One draft per design, in the user data folder's ``drafts/``: ``<blueprint id>.yaml`` or the
sorted decision ids joined with ``+``. While an interview is open its draft is locked (an
advisory ``flock`` on a sidecar ``.lock`` file), so a second archwiz never writes over it.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from wizard.core.engine import Plan
from wizard.core.session import Session
from wizard.errors import WizardError
from wizard.io import atomic
from wizard.io.answers_file import dump_answers, load_answers
from wizard.io.content import Catalog

DATA_ENV = "ARCHWIZ_DATA_DIR"
"""Overrides the user data folder (tests and portable installs)."""


def data_dir() -> Path:
    """The folder for drafts: $ARCHWIZ_DATA_DIR or the platform's user data folder."""
    override = os.environ.get(DATA_ENV)
    if override:
        return Path(override)
    from platformdirs import user_data_path

    return user_data_path("archwiz", appauthor=False)


def legacy_draft_path() -> Path:
    """The single draft of archwiz versions before per-design drafts."""
    return data_dir() / "draft.yaml"


def drafts_dir() -> Path:
    """The folder holding one draft per design."""
    return data_dir() / "drafts"


def design_name(plan: Plan) -> str:
    """A design's draft name: its blueprint id, or its decisions' ids, sorted, joined by ``+``."""
    if plan.blueprint is not None:
        return plan.blueprint.id
    trees = sorted(t for t in plan.tree_ids() if t != "workload") or sorted(plan.tree_ids())
    return "+".join(trees)


def design_title(plan: Plan) -> str:
    """The design in words: the blueprint's title, or the titles of its decisions."""
    if plan.blueprint is not None:
        return plan.blueprint.title
    return ", ".join(plan.trees[t].title.rstrip("?") for t in plan.tree_ids() if t != "workload")


def draft_path(name: str) -> Path:
    """Where the draft with this name is saved."""
    return drafts_dir() / f"{name}.yaml"


def is_draft(path: Path) -> bool:
    """True when the path is one of the drafts (not an answers file the user keeps elsewhere)."""
    return path.parent.resolve() == drafts_dir().resolve() and path.suffix == ".yaml"


def copy_name(name: str) -> str:
    """The first free ``<name>-N`` (N from 2): no draft saved under it and nobody holding it."""
    number = 2
    while draft_path(f"{name}-{number}").exists() or is_locked(f"{name}-{number}"):
        number += 1
    return f"{name}-{number}"


class DraftLock:
    """An exclusive, non-blocking lock on one draft, held while its interview is open.

    ``flock`` on a sidecar file rather than the draft itself: the draft is replaced by an atomic
    rename on every save, and a lock on the old inode would guard nothing. The operating system
    drops the lock when the process dies, so a crash never leaves a draft locked for good.
    """

    def __init__(self, name: str, handle: IO[str] | None) -> None:
        self.name = name
        self._handle = handle

    @classmethod
    def take(cls, name: str) -> DraftLock | None:
        """Lock the draft, or None when another archwiz holds it."""
        path = draft_path(name).with_suffix(".lock")
        try:
            import fcntl
        except ImportError:  # no flock on this platform: work as before, unlocked
            return cls(name, None)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle = path.open("a", encoding="utf-8")
        except OSError:
            return cls(name, None)  # a read-only data folder: nothing can be saved to clobber
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.close()
            return None
        return cls(name, handle)

    def release(self) -> None:
        """Let another archwiz open the draft (closing the file drops the lock)."""
        if self._handle is not None:
            self._handle.close()
            self._handle = None


def delete(name: str) -> None:
    """Delete a draft and its lock file (the caller has checked nobody holds it)."""
    for path in (draft_path(name), draft_path(name).with_suffix(".lock")):
        path.unlink(missing_ok=True)


def is_locked(name: str) -> bool:
    """True when another archwiz has this draft open right now."""
    if not draft_path(name).with_suffix(".lock").exists():
        return False  # never opened: no lock file to leave behind for a name only looked at
    lock = DraftLock.take(name)
    if lock is None:
        return True
    lock.release()
    return False


@dataclass(frozen=True)
class DraftInfo:
    """One saved draft as the welcome screen lists it."""

    name: str
    path: Path
    title: str
    answered: int | None
    total: int | None
    saved: dt.datetime

    def progress(self) -> str:
        """Answered of asked, as in 12/36 answered, or a word when the draft cannot be read."""
        return "unreadable" if self.answered is None else f"{self.answered}/{self.total} answered"


def saved_words(when: dt.datetime, now: dt.datetime | None = None) -> str:
    """A save time in local time, as people say it: "today 14:03", "yesterday 09:12", "2 Dec 15:10"."""
    now = now or dt.datetime.now()
    clock = when.strftime("%H:%M")
    if when.date() == now.date():
        return f"today {clock}"
    if when.date() == now.date() - dt.timedelta(days=1):
        return f"yesterday {clock}"
    day = f"{when.day} {when.strftime('%b')}"
    return f"{day} {clock}" if when.year == now.year else f"{day} {when.year} {clock}"


def migrate_legacy(catalog: Catalog) -> None:
    """Move the single ``draft.yaml`` of earlier versions to its design's draft (once).

    When that design already has a draft, the old one becomes a copy (``<design>-2``) so
    neither is lost; one that cannot be read keeps the name ``draft``.
    """
    old = legacy_draft_path()
    if not old.is_file():
        return
    try:
        name = design_name(load_answers(old, catalog, partial=True).plan)
    except WizardError:
        name = "draft"
    if draft_path(name).exists():
        name = copy_name(name)
    try:
        drafts_dir().mkdir(parents=True, exist_ok=True)
        old.replace(draft_path(name))
    except OSError:
        return  # left where it was; it is offered again next time


def list_drafts(catalog: Catalog) -> list[DraftInfo]:
    """Every saved draft with its design's title and progress, newest first."""
    migrate_legacy(catalog)
    found = []
    for path in drafts_dir().glob("*.yaml") if drafts_dir().is_dir() else []:
        try:
            saved = dt.datetime.fromtimestamp(path.stat().st_mtime)
        except OSError:
            continue
        try:
            loaded = load_answers(path, catalog, partial=True)
        except WizardError:
            found.append(DraftInfo(path.stem, path, path.stem, None, None, saved))
            continue
        session = Session(loaded.plan)
        session.load(loaded.answers)
        title = design_title(loaded.plan)
        found.append(DraftInfo(path.stem, path, title, session.answered_count(), len(session.resolution().asked()), saved))
    return sorted(found, key=lambda d: d.saved, reverse=True)


def save(session: Session, path: Path) -> Path:
    """Write the session's answers as an answers file (atomic); return the path."""
    atomic.write_text(path, dump_answers(session.plan, _answered(session.plan, session)))
    return path


def _answered(plan: Plan, session: Session) -> dict[str, dict[str, object]]:
    """The answers on the current path only.

    One to a question no longer asked stays in the session (a changed mind restores it) but is
    not written as if it still applied.
    """
    live = set(session.resolution().asked())
    out = {t: {q: a for q, a in v.items() if (t, q) in live} for t, v in session.given.items() if t in plan.trees}
    return {t: v for t, v in out.items() if v}


def settings_path() -> Path:
    """Small interface settings (the theme) beside the drafts."""
    return data_dir() / "settings.json"


def load_theme() -> str | None:
    """The theme chosen last time, or None (missing or unreadable settings are ignored)."""
    import json

    try:
        data = json.loads(settings_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    theme = data.get("theme") if isinstance(data, dict) else None
    return theme if isinstance(theme, str) else None


def save_theme(theme: str) -> None:
    """Remember the theme (atomically); a settings file that cannot be written is not an error."""
    import contextlib
    import json

    from wizard.errors import OutputError

    with contextlib.suppress(OutputError, OSError):
        atomic.write_text(settings_path(), json.dumps({"theme": theme}) + "\n")
