"""The bundled content lints clean, citations included."""

from __future__ import annotations

import pytest

from tests.conftest import SEEDS
from wizard.io.lint_files import lint_paths


def test_bundled_content_has_no_lint_errors() -> None:
    notes = SEEDS if SEEDS.is_dir() else None
    problems, counts = lint_paths([], None, notes, 365)
    errors = [p.render() for p in problems if p.level == "error"]
    assert counts["trees"] >= 5 and counts["blueprints"] >= 1
    assert not errors, "\n".join(errors)


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds not present")
def test_every_citation_points_inside_a_seed() -> None:
    problems, _ = lint_paths([], None, SEEDS, 365)
    bad = [p.render() for p in problems if "citation" in p.message]
    assert not bad, "\n".join(bad)
