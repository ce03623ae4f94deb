"""The study record: which situations were missed, so they come back sooner (user data folder).

A small JSON file, written atomically after every answer. A record that cannot be read or does
not have the expected shape is ignored (practice starts afresh) rather than stopping a session.
Spacing is a simple Leitner scheme counted in sessions: a missed situation is due in the next
session; one answered right waits 2, 4, 8, ... sessions as it keeps being answered right.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from wizard.io import atomic

DATA_ENV = "ARCHWIZ_DATA_DIR"
"""Overrides the user data folder (tests and portable installs); the TUI's drafts use it too."""

RECORD_NAME = "study-record.json"
FORMAT = 1
MAX_BYTES = 4 * 1024 * 1024


def record_path() -> Path:
    """Where the record lives: $ARCHWIZ_DATA_DIR or the platform's user data folder."""
    override = os.environ.get(DATA_ENV)
    if override:
        return Path(override) / RECORD_NAME
    from platformdirs import user_data_path

    return user_data_path("archwiz", appauthor=False) / RECORD_NAME


@dataclass
class Item:
    """What the record knows of one situation."""

    box: int = 0
    due: int = 0
    right: int = 0
    missed: int = 0


@dataclass
class StudyRecord:
    """Sessions completed and, per situation key, how it went."""

    sessions: int = 0
    items: dict[str, Item] = field(default_factory=dict)

    @property
    def current(self) -> int:
        """The number of the session under way."""
        return self.sessions + 1

    def due(self) -> list[str]:
        """Keys due in this session: missed ones first, then the longest waiting."""
        due = [(item.box, item.due, key) for key, item in self.items.items() if item.due <= self.current]
        return [key for _, _, key in sorted(due)]

    def answered(self, key: str, right: bool) -> None:
        """Note one answer: a miss is due next session, a right answer waits longer each time."""
        item = self.items.setdefault(key, Item())
        if right:
            item.right += 1
            item.box += 1
            item.due = self.current + 2**item.box
        else:
            item.missed += 1
            item.box = 0
            item.due = self.current + 1

    def finish(self) -> None:
        """Count the session as completed."""
        self.sessions += 1

    def to_json(self) -> str:
        """The record as JSON text."""
        items = {k: {"box": i.box, "due": i.due, "right": i.right, "missed": i.missed} for k, i in sorted(self.items.items())}
        return json.dumps({"archwiz_study": FORMAT, "sessions": self.sessions, "items": items}, indent=1) + "\n"


def _int(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError("not a count")
    return value


def load(path: Path | None = None) -> StudyRecord:
    """The record at `path` (default: the user data folder); an empty one if it is missing or unreadable."""
    path = path or record_path()
    try:
        if not path.is_file() or path.stat().st_size > MAX_BYTES:
            return StudyRecord()
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or data.get("archwiz_study") != FORMAT or not isinstance(data.get("items"), dict):
            return StudyRecord()
        items = {
            str(key): Item(box=_int(v["box"]), due=_int(v["due"]), right=_int(v["right"]), missed=_int(v["missed"]))
            for key, v in data["items"].items()
        }
        return StudyRecord(sessions=_int(data.get("sessions", 0)), items=items)
    except (OSError, ValueError, TypeError, KeyError, UnicodeDecodeError):
        return StudyRecord()


def save(record: StudyRecord, path: Path | None = None) -> Path:
    """Write the record atomically; return its path."""
    path = path or record_path()
    atomic.write_text(path, record.to_json())
    return path


def cited_lines(folder: Path, cite: str, limit: int = 8) -> list[str]:
    """The lines of the notes a citation names (`000 L405-L430`), at most `limit`; [] if they cannot be read."""
    from wizard.core.model import CITE_PATTERN
    from wizard.io.safe_read import is_regular

    match = CITE_PATTERN.match(cite)
    if not match or not match.group(2):
        return []
    seed, start = match.group(1), int(match.group(2))
    end = int(match.group(3) or start)
    files = sorted(p for p in folder.glob(f"{seed}_*.txt") if is_regular(p))
    if not files or files[0].stat().st_size > 64 * MAX_BYTES:
        return []
    out: list[str] = []
    try:
        with files[0].open(encoding="utf-8", errors="replace") as handle:
            for number, line in enumerate(handle, 1):
                if number > min(end, start + limit - 1):
                    break
                if number >= start:
                    out.append(_clip(line.rstrip("\n")))
    except OSError:
        return []
    return out


def _clip(line: str, width: int = 240) -> str:
    return line if len(line) <= width else line[: width - 1] + "…"
