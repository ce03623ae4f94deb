"""Parsed tree files are cached by path, size, time and code; any edit re-reads the file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.helpers import QUEUE_TREE as TREE
from wizard.io import content, parse_cache


@pytest.fixture
def counted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    monkeypatch.setenv(parse_cache.CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.delenv(parse_cache.OFF_ENV, raising=False)
    calls: list[Path] = []
    real = content._parse

    def parse(path, model):  # type: ignore[no-untyped-def]
        calls.append(path)
        return real(path, model)

    monkeypatch.setattr(content, "_parse", parse)
    return calls


def test_a_second_load_reads_no_yaml_and_gives_the_same_trees(tmp_path: Path, counted: list[Path]) -> None:
    folder = tmp_path / "trees"
    folder.mkdir()
    (folder / "queue_choice.yaml").write_text(TREE)
    first = content.load_catalog([folder], bundled=False)
    assert counted == [folder / "queue_choice.yaml"]
    second = content.load_catalog([folder], bundled=False)
    assert counted == [folder / "queue_choice.yaml"]  # nothing parsed again
    assert second.trees["queue_choice"] == first.trees["queue_choice"]
    assert second.trees["queue_choice"].rules[0].cond == first.trees["queue_choice"].rules[0].cond


def test_an_edited_file_is_read_again(tmp_path: Path, counted: list[Path]) -> None:
    folder = tmp_path / "trees"
    folder.mkdir()
    path = folder / "queue_choice.yaml"
    path.write_text(TREE)
    content.load_catalog([folder], bundled=False)
    path.write_text(TREE.replace("Which queue?", "Which queue, really?"))
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 1_000_000))
    again = content.load_catalog([folder], bundled=False)
    assert len(counted) == 2 and again.trees["queue_choice"].title == "Which queue, really?"


def test_an_entry_others_could_write_is_not_trusted(tmp_path: Path, counted: list[Path]) -> None:
    folder = tmp_path / "trees"
    folder.mkdir()
    (folder / "queue_choice.yaml").write_text(TREE)
    content.load_catalog([folder], bundled=False)
    for entry in (tmp_path / "cache").glob("*.pickle"):
        entry.chmod(0o666)
    content.load_catalog([folder], bundled=False)
    assert len(counted) == 2


def test_the_cache_can_be_turned_off(tmp_path: Path, counted: list[Path], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(parse_cache.OFF_ENV, "1")
    folder = tmp_path / "trees"
    folder.mkdir()
    (folder / "queue_choice.yaml").write_text(TREE)
    content.load_catalog([folder], bundled=False)
    content.load_catalog([folder], bundled=False)
    assert len(counted) == 2 and not (tmp_path / "cache").exists()
