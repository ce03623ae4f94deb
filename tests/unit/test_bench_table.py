"""The `make bench` summary table: every target of issue #17 has a row, with the stack's floor beside it."""

from __future__ import annotations

import importlib.util
from types import ModuleType

from tests.conftest import ROOT


def bench_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_run", ROOT / "bench" / "run.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_target_and_floor_has_a_row_with_the_ratio_of_its_times() -> None:
    bench = bench_module()
    render = {"render_png_s": 0.45, "dot_png_s": 0.15, "ratio": 3.0, "stack_floor_s": 0.3, "stack_floor_ratio": 2.0}
    process = {
        "decide_s": 0.3,
        "import_yaml_pydantic_s": 0.1,
        "version_s": 0.1,
        "ratio": 3.0,
        "stack_floor_s": 0.15,
        "stack_floor_ratio": 1.5,
    }
    formats = {"three_formats_s": 0.6, "png_s": 0.5, "ratio": 1.2}
    batch = {"batch_s": 3.0, "dots_s": 4.0, "ratio": 0.75, "runs": 3}
    tui = {
        "first_question_s": 0.8,
        "trivial_first_screen_s": 0.4,
        "floor_first_screen_s": 0.44,
        "step_s": 0.12,
        "trivial_step_s": 0.08,
        "largest_blueprint": "serverless_api",
        "largest_step_s": 0.1,
    }
    mcp = {"questions_call_ms": 16.0, "questions_direct_ms": 9.0, "decide_call_ms": 35.0, "decide_direct_ms": 18.0}
    rows = {
        name.strip(): (times, target, measured)
        for name, times, target, measured in bench.summary_rows(render, process, formats, batch, tui, mcp)
    }
    assert rows["render --format png / bare dot -Tpng"] == ("450 / 150 ms", "<= 1.5 (never 2.0)", "3.00")
    assert rows["floor: its imports, then dot / same"] == ("300 / 150 ms", "-", "2.00")
    assert rows["floor: typer, yaml, one pydantic model / same"][2] == "1.50"
    assert rows["TUI first question / trivial Textual app"][2] == "2.00"
    assert rows["floor: trivial app after yaml, one model / same"][2] == "1.10"
    assert rows["TUI key to next question, archwiz's share"][2] == "40 ms"
    assert rows["the same on serverless_api (largest)"] == ("100 - 80 ms", "<= 30 ms", "20 ms")
