"""Where drafts live and how they are saved and restored (platformdirs user data folder)."""

from __future__ import annotations

import os
from pathlib import Path

from wizard.core.engine import Plan
from wizard.core.session import Session
from wizard.io import atomic
from wizard.io.answers_file import dump_answers

DATA_ENV = "ARCHWIZ_DATA_DIR"
"""Overrides the user data folder (tests and portable installs)."""


def data_dir() -> Path:
    """The folder for drafts: $ARCHWIZ_DATA_DIR or the platform's user data folder."""
    override = os.environ.get(DATA_ENV)
    if override:
        return Path(override)
    from platformdirs import user_data_path

    return user_data_path("archwiz", appauthor=False)


def draft_path() -> Path:
    """The autosaved draft's path."""
    return data_dir() / "draft.yaml"


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
