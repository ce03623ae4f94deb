"""What a batch render shows: a progress bar on stderr, then a summary table or JSON on stdout."""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path
from types import TracebackType
from typing import Any

from wizard.render.batch import Item


def wants_progress() -> bool:
    """A live bar only for a person at a terminal: never in a pipe, a log file or CI."""
    return sys.stderr is not None and sys.stderr.isatty() and os.environ.get("CI", "").lower() != "true"


class BatchProgress:
    """A bar over the files on stderr (when `live`), and the one place batch diagnostics are printed.

    Messages go through the bar's console while it is shown, so they scroll above it instead
    of tearing it; without a bar they are plain lines on stderr.
    """

    def __init__(self, total: int, *, live: bool) -> None:
        self.total = total
        self._progress: Any = None
        self._task: Any = None
        if live:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            self._progress = Progress(
                TextColumn("archwiz: rendering"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                TextColumn("{task.description}"),
                console=Console(stderr=True),
                transient=True,
            )

    def __enter__(self) -> BatchProgress:
        if self._progress is not None:
            self._progress.start()
            self._task = self._progress.add_task("", total=self.total)
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        if self._progress is not None:
            self._progress.stop()

    def note(self, text: str) -> None:
        """A diagnostic line on stderr; a full or closed stderr must not stop the batch."""
        with contextlib.suppress(OSError):
            if self._progress is not None:
                self._progress.console.print(text, markup=False, highlight=False, soft_wrap=True)
            else:
                print(text, file=sys.stderr, flush=True)

    def done(self, item: Item) -> None:
        """One file finished: say what went wrong (if anything) and move the bar."""
        for warning in item.warnings:
            self.note(warning)
        if item.error:
            self.note(item.error)
        if self._progress is not None:
            self._progress.update(self._task, advance=1, description=item.source.name)


def _outputs(item: Item) -> str:
    if not item.written:
        return "-"
    return f"{item.out}{os.sep} ({len(item.written)} files)"


def summary_data(items: list[Item]) -> dict[str, Any]:
    """The batch as plain data for `--json`."""
    return {
        "files": [
            {
                "file": str(item.source),
                "out": str(item.out),
                "status": item.status,
                "written": [str(p) for p in item.written],
                "ms": round(item.ms),
                "error": item.error,
                "problems": [p.as_dict() for p in item.problems],
            }
            for item in items
        ],
        "rendered": sum(item.ok for item in items),
        "failed": sum(not item.ok for item in items),
    }


def print_summary(items: list[Item], out: Path, seconds: float) -> None:
    """The summary table (file, outputs, status, ms) and a totals line, on stdout."""
    from rich import box
    from rich.console import Console
    from rich.table import Table

    from wizard.render.text import terminal_safe

    # Not a terminal: no colour, and wide enough that a path is never folded mid-name.
    console = Console(file=sys.stdout, highlight=False, width=None if sys.stdout.isatty() else 200)
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    table.add_column("file", overflow="fold")
    table.add_column("outputs", overflow="fold")
    table.add_column("status")
    table.add_column("ms", justify="right")
    for item in items:
        table.add_row(terminal_safe(str(item.source)), terminal_safe(_outputs(item)), item.status, f"{item.ms:.0f}")
    console.print(table)
    failed = sum(not item.ok for item in items)
    console.print(
        f"{len(items) - failed} of {len(items)} rendered into {terminal_safe(str(out))} in {seconds:.1f} s"
        + (f"; {failed} failed" if failed else ""),
        markup=False,
    )
