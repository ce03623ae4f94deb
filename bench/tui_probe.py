"""Measured by bench/run.py in a fresh process: start-up to first question, and key-to-paint.

Prints one JSON line. `--baseline` runs a trivial Textual app through the same pilot steps, so
the pilot's own overhead can be subtracted in the same run; `--floor` runs the same trivial app
after importing PyYAML and defining one pydantic model (what archwiz's files and models need): the least
an interview on this stack can take. `--blueprint ID` interviews another blueprint than
web_three_tier (bench/run.py also runs the largest).
"""

from __future__ import annotations

import time

START = time.perf_counter()

import asyncio  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402

STEPS = 12


async def measure(baseline: bool, floor: bool = False, blueprint: str = "web_three_tier") -> dict[str, float]:
    os.environ["ARCHWIZ_DATA_DIR"] = tempfile.mkdtemp()
    if floor:
        import yaml  # noqa: F401
        from pydantic import BaseModel, Field

        class Model(BaseModel):
            x: int = Field(0)

    if baseline or floor:
        from textual.app import App, ComposeResult
        from textual.widgets import Footer, Header, OptionList

        class Trivial(App[None]):
            def compose(self) -> ComposeResult:
                yield Header()
                yield OptionList(*[f"option {i}" for i in range(6)])
                yield Footer()

        app: object = Trivial()
    else:
        from wizard.tui.app import ArchwizApp

        app = ArchwizApp(blueprint=blueprint)
    async with app.run_test(size=(100, 30)) as pilot:  # type: ignore[attr-defined]
        await pilot.pause()
        first = time.perf_counter() - START
        samples = []
        for _ in range(STEPS):
            key = "down" if baseline or floor else "enter"
            t0 = time.perf_counter()
            await pilot.press(key)
            await pilot.pause()
            samples.append(time.perf_counter() - t0)
    return {"first_screen_s": first, "step_median_s": statistics.median(samples)}


if __name__ == "__main__":
    chosen = sys.argv[sys.argv.index("--blueprint") + 1] if "--blueprint" in sys.argv else "web_three_tier"
    print(json.dumps(asyncio.run(measure("--baseline" in sys.argv, floor="--floor" in sys.argv, blueprint=chosen))))
