"""Rendering many answers files in one process: a folder per file, `dot` runs spread over the cores.

Imports and the catalogue are paid once by the caller. Answers files are loaded in the calling
(main) thread; each render runs `render_all` in a small thread pool, so at most `jobs` `dot`
processes run at once while the Python work stays in this process. Every folder is written
with the same all-or-nothing output set as a single render. Ctrl+C (or SIGTERM/SIGHUP, which
the CLI turns into KeyboardInterrupt) stops every `dot` child; renders that had not committed
leave their folders as they were, the others are complete.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wizard.errors import Problem, UsageError, WizardError
from wizard.io.manifest import stale_warning
from wizard.render.diagram import StopAll
from wizard.render.pipeline import render_all

SUFFIXES = (".yaml", ".yml")
"""What counts as an answers file inside a folder given to `render`."""


@dataclass
class Item:
    """One answers file of a batch: where it goes and how its render went."""

    source: Path
    out: Path
    status: str = "pending"
    """`ok`, `failed` (nothing written) or `partial` (texts written, the picture not: dot failed)."""
    written: list[Path] = field(default_factory=list)
    error: str | None = None
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    ms: float = 0.0

    @property
    def ok(self) -> bool:
        """True when every requested output was written."""
        return self.status == "ok"


def answers_files(inputs: list[Path]) -> list[Path]:
    """The answers files named by `inputs`: files as given, each folder's `*.yaml`/`*.yml` sorted."""
    files: list[Path] = []
    for given in inputs:
        if given.is_dir():
            found = sorted(p for p in given.iterdir() if p.suffix.lower() in SUFFIXES and p.is_file())
            if not found:
                raise UsageError(f"{given} holds no answers files (*.yaml, *.yml)", hint="give answers files or a folder of them")
            files.extend(found)
        else:
            files.append(given)  # a missing file is reported by the loader with its name, per file
    # The same file reached twice (a folder and one of its files) renders once.
    seen: set[Path] = set()
    unique = []
    for path in files:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(path)
    return unique


def plan_items(files: list[Path], out: Path) -> list[Item]:
    """One item per file, written to `out/<stem>/`; two files with one stem are refused up front."""
    by_stem: dict[str, Path] = {}
    for path in files:
        other = by_stem.get(path.stem)
        if other is not None:
            raise UsageError(
                f"{other} and {path} would both be written to {out / path.stem}",
                hint="rename one of them: each answers file gets the folder named after its file name",
            )
        by_stem[path.stem] = path
    return [Item(path, out / path.stem) for path in files]


Loader = Callable[[Path], Any]
"""Loads an answers file into something with `.plan`, `.answers` and `.warnings` (raises WizardError)."""


def _render_one(item: Item, loaded: Any, formats: list[str], force: bool, stop: StopAll) -> Item:
    """Runs in a pool thread: one all-or-nothing render into the item's folder."""
    start = time.perf_counter()
    try:
        _run, written = render_all(loaded.plan, loaded.answers, item.out, formats, None, force=force, stop=stop)
    except WizardError as exc:
        item.status, item.error = "failed", exc.render()
    else:
        item.written = written.paths
        if written.partial is not None:
            item.status, item.error = "partial", written.partial.render()
        else:
            item.status = "ok"
            warning = stale_warning(item.out, written.paths)
            if warning:
                item.warnings.append(warning)
    item.ms += (time.perf_counter() - start) * 1000
    return item


def render_batch(
    items: list[Item],
    load: Loader,
    formats: list[str],
    *,
    jobs: int,
    force: bool = False,
    on_done: Callable[[Item], None] | None = None,
) -> list[Item]:
    """Render every item, at most `jobs` at a time; a broken file fails alone, the others go on.

    `on_done` is called in the calling thread as each item finishes (for a progress bar).
    """
    done = on_done or (lambda _item: None)
    stop = StopAll()
    pool = ThreadPoolExecutor(max_workers=max(1, jobs), thread_name_prefix="archwiz-render")
    pending: set[Future[Item]] = set()

    def collect(timeout: float | None) -> None:
        finished, _ = wait(pending, timeout=timeout, return_when=FIRST_COMPLETED)
        for future in finished:
            pending.discard(future)
            done(future.result())

    try:
        for item in items:
            start = time.perf_counter()
            try:
                loaded = load(item.source)
            except WizardError as exc:
                item.status, item.error, item.problems = "failed", exc.render(), exc.problems
                item.ms = (time.perf_counter() - start) * 1000
                done(item)
                continue
            item.warnings.extend(w.render() for w in loaded.warnings)
            item.ms = (time.perf_counter() - start) * 1000
            pending.add(pool.submit(_render_one, item, loaded, formats, force, stop))
            collect(0)  # report what finished while this thread was loading
        while pending:
            # A short timeout keeps the main thread responsive to Ctrl+C while it waits.
            collect(0.2)
    except BaseException:
        stop.stop()
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown(wait=True)
    return items
