from __future__ import annotations

from pathlib import Path

import pytest

from wizard.errors import InputFileError
from wizard.io.yaml_loader import load_file, load_text


def test_lines_of_every_key_path() -> None:
    loc = load_text("a: 1\nb:\n  c: [1, 2]\n  d:\n    - x: 1\n", "f.yaml")
    assert loc.data == {"a": 1, "b": {"c": [1, 2], "d": [{"x": 1}]}}
    assert loc.line_of("b.c") == 3
    assert loc.line_of("b.d[0].x") == 5
    assert loc.line_of("b.missing.deeper") == 2  # nearest enclosing key


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("a: 1\na: 2\n", "duplicate key 'a'"),
        ("a:\n\t- 1\n", "tabs"),
        ("a: [1, 2\n", "YAML syntax error"),
        ("a: !!python/object:os.system {}\n", "unsupported YAML tag"),
        ("", "is empty"),
        ("a: " + "[" * 60 + "]" * 60 + "\n", "nests deeper"),
    ],
)
def test_bad_yaml_reports_the_line_and_a_hint(text: str, words: str) -> None:
    with pytest.raises(InputFileError) as info:
        load_text(text, "f.yaml")
    rendered = info.value.render()
    assert words in rendered
    if text:
        assert "f.yaml:" in rendered


def test_alias_bomb_is_stopped() -> None:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        prev = chr(ord("a") + i - 1)
        cur = chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]")
    with pytest.raises(InputFileError, match="expands to more than"):
        load_text("\n".join(lines) + "\n", "bomb.yaml")


def test_files_that_are_not_yaml_text(tmp_path: Path) -> None:
    binary = tmp_path / "b.yaml"
    binary.write_bytes(b"\x00\x01\x02")
    latin = tmp_path / "l.yaml"
    latin.write_bytes("a: caf\xe9\n".encode("latin-1"))
    with pytest.raises(InputFileError, match="binary"):
        load_file(binary)
    with pytest.raises(InputFileError, match="not UTF-8"):
        load_file(latin)
    with pytest.raises(InputFileError, match="no such file"):
        load_file(tmp_path / "missing.yaml")
    with pytest.raises(InputFileError, match="is a directory"):
        load_file(tmp_path)
