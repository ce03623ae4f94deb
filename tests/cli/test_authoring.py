"""Authoring commands: show, explain, schema --write safety, coverage."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import ROOT, run_cli

EXAMPLE = ROOT / "examples" / "web_three_tier" / "answers.yaml"


def test_show_mermaid_highlights_pick_and_exclusions(tmp_path: Path) -> None:
    out = tmp_path / "lb.mmd"
    proc = run_cli("show", "load_balancer", "--answers", str(EXAMPLE), "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    text = out.read_text()
    assert text.startswith("%% archwiz") and "flowchart LR" in text
    assert "style c_alb fill:#d5f5d5" in text and "style c_clb fill:#f8d7d7" in text


def test_show_dot_marks_the_path(tmp_path: Path) -> None:
    out = tmp_path / "db.dot"
    proc = run_cli("show", "database", "--set", "data_model=graph", "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    text = out.read_text()
    assert "PICK" in text and "Amazon Neptune" in text and "excluded by R" in text
    assert "(not asked)" in text


@pytest.mark.needs_dot
def test_show_svg_renders(tmp_path: Path) -> None:
    out = tmp_path / "storage.svg"
    proc = run_cli("show", "storage", "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    assert out.read_text().lstrip().startswith("<?xml")


def test_show_rejects_an_unknown_format(tmp_path: Path) -> None:
    proc = run_cli("show", "storage", "-o", str(tmp_path / "x.gif"))
    assert proc.returncode == 2 and "end the name with" in proc.stderr


def test_explain_lists_every_rule_with_its_outcome() -> None:
    proc = run_cli("explain", "ec2_purchasing", "--answers", str(EXAMPLE))
    assert proc.returncode == 0, proc.stderr
    assert "rules, in order:" in proc.stdout and "does not apply" in proc.stdout and "what would change it" in proc.stdout


def test_coverage_maps_citations_to_digest_topics(tmp_path: Path) -> None:
    digests = tmp_path / "notes"
    digests.mkdir()
    (digests / "000-digest.md").write_text(
        "# digest\n## 0. Source and citation conventions\nL1\n"
        "## 2. EC2 purchasing options\nCite: slides (L147), (L148-L168)\n"
        "## 77. Something nobody cites\nSee L3000.\n"
    )
    proc = run_cli("coverage", "--digests", str(digests), "--json")
    assert proc.returncode == 0, proc.stderr
    import json

    data = json.loads(proc.stdout)
    topics = {t["topic"]: t for t in data["topics"]}
    assert set(topics) == {"2", "77"}  # the conventions section is not a decision topic
    assert "ec2_purchasing" in topics["2"]["trees"] and topics["77"]["trees"] == []
    assert data["share"] == 0.5
    text = run_cli("coverage", "--digests", str(digests), "--uncovered").stdout
    assert "Something nobody cites" in text and "EC2 purchasing options" not in text
    assert "1 of 2 digest topics" in text


def test_coverage_without_digests_is_a_usage_error(tmp_path: Path) -> None:
    proc = run_cli("coverage", "--digests", str(tmp_path / "none"))
    assert proc.returncode == 2 and "--digests" in proc.stderr
