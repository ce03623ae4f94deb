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


def test_a_cached_catalogue_reads_a_tree_only_when_it_is_used(tmp_path: Path, counted: list[Path], monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "trees"
    folder.mkdir()
    (folder / "queue_choice.yaml").write_text(TREE)
    content.load_catalog([folder], bundled=False)
    reads: list[str] = []
    real_get = parse_cache.get

    def get(entry):  # type: ignore[no-untyped-def]
        reads.append(str(entry).rsplit("-", 1)[-1])
        return real_get(entry)

    monkeypatch.setattr(parse_cache, "get", get)
    lazy = content.load_catalog([folder], bundled=False)
    assert "queue_choice" in lazy.trees and reads == ["header"]  # the id is known, the body unread
    assert lazy.trees["queue_choice"].id == "queue_choice"
    assert reads == ["header", "model"]  # the line-tracked YAML is still not needed
    assert lazy.located("tree", "queue_choice") is not None and reads[-1] == "located"
    assert counted == [folder / "queue_choice.yaml"]  # parsed once, on the first load


def test_a_missing_body_is_parsed_again_from_the_file(tmp_path: Path, counted: list[Path]) -> None:
    folder = tmp_path / "trees"
    folder.mkdir()
    (folder / "queue_choice.yaml").write_text(TREE)
    content.load_catalog([folder], bundled=False)
    for entry in (tmp_path / "cache").glob("*-model.pickle"):
        entry.write_bytes(b"not a pickle")
    lazy = content.load_catalog([folder], bundled=False)
    assert lazy.trees["queue_choice"].title and len(counted) == 2
