"""The study record: atomic, tolerant of corruption, and missed situations come back sooner."""

from __future__ import annotations

from pathlib import Path

import pytest

from wizard.io import study_record
from wizard.io.study_record import StudyRecord


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(study_record.DATA_ENV, str(tmp_path / "data"))
    return tmp_path / "data"


def test_round_trip_in_the_data_folder(data_dir: Path) -> None:
    record = StudyRecord()
    record.answered("database@v2:r10", right=False)
    record.answered("compute@v1:r3", right=True)
    record.finish()
    path = study_record.save(record)
    assert path == data_dir / study_record.RECORD_NAME
    again = study_record.load()
    assert again == record
    assert [p.name for p in data_dir.iterdir()] == [study_record.RECORD_NAME]  # no temporary file left


def test_missed_come_back_in_the_next_session_and_right_ones_wait() -> None:
    record = StudyRecord()
    record.answered("a", right=False)
    record.answered("b", right=True)
    record.finish()
    assert record.due() == ["a"]
    record.answered("a", right=True)
    record.finish()
    assert record.due() == ["b"]  # "a" was answered right: it waits two sessions; "b" waited its two
    record.finish()
    assert record.due() == ["b", "a"]
    record.answered("b", right=False)
    record.finish()
    assert record.due()[0] == "b"  # a miss comes first next session


@pytest.mark.parametrize(
    "content",
    [b"{not json", b"[]", b'{"archwiz_study": 1, "items": {"a": {"box": -1, "due": 0, "right": 0, "missed": 0}}}', b"\xff\xfe", b""],
)
def test_a_corrupt_record_is_ignored(data_dir: Path, content: bytes) -> None:
    data_dir.mkdir(parents=True)
    (data_dir / study_record.RECORD_NAME).write_bytes(content)
    assert study_record.load() == StudyRecord()


def test_a_failed_write_keeps_the_old_record(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    old = StudyRecord(sessions=3)
    study_record.save(old)
    new = StudyRecord(sessions=4)

    def broken(self: Path, _target: Path) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Path, "replace", broken)
    with pytest.raises(Exception, match="No space"):
        study_record.save(new)
    monkeypatch.undo()
    monkeypatch.setenv(study_record.DATA_ENV, str(data_dir))
    assert study_record.load().sessions == 3
    assert [p.name for p in data_dir.iterdir()] == [study_record.RECORD_NAME]


def test_cited_lines_read_the_range(tmp_path: Path) -> None:
    (tmp_path / "007_abc.txt").write_text("one\ntwo\nthree\nfour\n")
    assert study_record.cited_lines(tmp_path, "007 L2-L3") == ["two", "three"]
    assert study_record.cited_lines(tmp_path, "007 L4") == ["four"]
    assert study_record.cited_lines(tmp_path, "008 L1") == []
    assert study_record.cited_lines(tmp_path, "007 §3") == []
