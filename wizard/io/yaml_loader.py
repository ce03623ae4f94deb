"""A safe YAML loader that remembers the line of every key, with size and depth caps."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from wizard.errors import InputFileError, Problem
from wizard.sanitize import plain

MAX_BYTES = 2 * 1024 * 1024
"""Largest YAML file archwiz reads; trees and answers are a few kilobytes."""

MAX_DEPTH = 40
"""Deepest nesting accepted; real files nest fewer than ten levels."""

MAX_NODES = 100_000
"""Most values one document may expand to (stops alias bombs)."""

COMPOSE_SAFE_DEPTH = 10_000
"""Nesting libyaml's composer survives with room to spare: it recurses in C and crashes the
process (no exception) somewhere between 20 000 and 50 000 levels."""

_STANDARD_TAG = "tag:yaml.org,2002:"
_TAG_HINT = "archwiz reads plain YAML only; remove tags such as !!python/object or !!set"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


@dataclass
class Located:
    """Data loaded from a YAML file, with the line of each key path."""

    data: Any
    file: str
    lines: dict[str, int] = field(default_factory=dict)

    def line_of(self, path: str) -> int | None:
        """The line of a key path, or of its nearest enclosing key."""
        while True:
            if path in self.lines:
                return self.lines[path]
            if not path:
                return None
            cut = max(path.rfind("."), path.rfind("["))
            path = path[:cut] if cut > 0 else ""

    def problem(self, path: str, message: str, hint: str | None = None, level: str = "error") -> Problem:
        """A Problem located at a key path of this file."""
        return Problem(message=message, file=self.file, line=self.line_of(path), key=path or None, hint=hint, level=level)


# libyaml's parser is about 20 times faster than the pure-Python one; both keep line marks.
_Base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):  # type: ignore[valid-type,misc]
    """A safe loader: no Python tags. Duplicate keys are caught while walking the nodes."""


def join(path: str, key: object) -> str:
    """Append a mapping key or list index to a key path.

    A key with control or invisible characters (a newline, an escape sequence) is shown
    quoted, so printing the path can neither split the message nor drive the terminal.
    """
    if isinstance(key, int) and not isinstance(key, bool):
        return f"{path}[{key}]"
    text = str(key)
    if not text.isprintable():
        text = repr(text)
    return f"{path}.{text}" if path else text


def short_tag(tag: str) -> str:
    """A YAML tag as written in a file: `tag:yaml.org,2002:set` is `!!set`."""
    return "!!" + tag.removeprefix(_STANDARD_TAG) if tag.startswith(_STANDARD_TAG) else tag


def _reader_problem(file: str, exc: yaml.reader.ReaderError, text: str) -> Problem:
    """A character YAML refuses (a control character): say which one and on which line."""
    line = text[: exc.position].count("\n") + 1 if isinstance(exc.position, int) else None
    char = exc.character if isinstance(exc.character, str) else chr(exc.character)
    return Problem(
        message=f"the file contains the control character {char!r}, which YAML does not allow",
        file=file,
        line=line,
        hint="remove it, or write it as an escape such as \\x07 inside double quotes",
    )


def _yaml_problem(file: str, exc: yaml.YAMLError, text: str = "") -> Problem:
    if isinstance(exc, yaml.reader.ReaderError):
        return _reader_problem(file, exc, text)
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = mark.line + 1 if mark is not None else None
    what = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    message = f"YAML syntax error: {what}" + (f" ({context})" if context else "")
    hint = "check indentation and quoting near this line"
    if "maximum nesting depth" in str(what):
        # Newer libyaml builds stop deep documents themselves; say it the same way as our own cap.
        message = f"the document nests deeper than {MAX_DEPTH} levels"
        hint = "flatten the structure"
    bad_line = text.splitlines()[line - 1] if line and text and line <= len(text.splitlines()) else ""
    if "\t" in what or "'\\t'" in what or "\t" in bad_line[: len(bad_line) - len(bad_line.lstrip())]:
        hint = "YAML does not allow tabs for indentation; use spaces"
    if context and "single document" in context:
        message = "the file holds more than one YAML document"
        hint = "an archwiz file is one document; remove the second `---` and what follows it, or split the file"
    if "could not determine a constructor" in str(exc):
        tag = getattr(exc, "problem", "") or ""
        found = tag.partition("tag ")[2].strip("'") if "tag " in tag else ""
        message = f"unsupported YAML tag {short_tag(found)}" if found else f"unsupported YAML tag: {what}"
        hint = _TAG_HINT
    return Problem(message=message, file=file, line=line, hint=hint)


def _article(what: str) -> str:
    return "an" if what[:1] in "aeiou" else "a"


def _check_path(path: Path, what: str) -> None:
    """Raise InputFileError unless the path names something that can be opened as a file."""
    shown = str(path)
    try:
        exists, is_dir = path.exists(), path.is_dir()
    except OSError as exc:  # a name too long, a permission problem on a parent folder
        raise InputFileError(f"{shown}: {exc.strerror or exc}", hint=f"check the path of the {what}") from exc
    if not exists:
        raise InputFileError(f"{shown}: no such file", hint=f"check the path of the {what}")
    if is_dir:
        raise InputFileError(f"{shown} is a directory, not {_article(what)} {what}", hint=f"give the path of a YAML {what}")


def _read_bounded(path: Path, what: str) -> bytes:
    """The file's bytes; at most MAX_BYTES, so /dev/zero or a huge file cannot exhaust memory."""
    shown = str(path)
    limit = f"archwiz reads YAML files of at most {MAX_BYTES // 1024 // 1024} MB"
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InputFileError(f"{shown} is {size / 1024 / 1024:.1f} MB; {limit}", hint=f"is this really {_article(what)} {what}?")
        with path.open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise InputFileError(f"{shown}: {exc.strerror or exc}", hint="check that the file is readable") from exc
    if len(raw) > MAX_BYTES:
        raise InputFileError(
            f"{shown} is larger than {MAX_BYTES // 1024 // 1024} MB; {limit}", hint=f"is this really {_article(what)} {what}?"
        )
    return raw


def read_text(path: Path, what: str = "file") -> str:
    """Read a UTF-8 text file with clear errors for every way it can fail."""
    shown = str(path)
    _check_path(path, what)
    raw = _read_bounded(path, what)
    if raw.startswith(_UTF16_BOMS):
        raise InputFileError(f"{shown} is UTF-16 text; archwiz reads UTF-8", hint="save the file as UTF-8")
    if b"\x00" in raw:
        raise InputFileError(f"{shown} is a binary file, not YAML", hint=f"give the path of a YAML {what}")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputFileError(
            f"{shown}:{line}: the file is not UTF-8 text (byte 0x{raw[exc.start]:02x})",
            hint="save the file as UTF-8",
        ) from exc


def _nesting_bound(text: str) -> int:
    """An upper bound of a document's nesting depth, computed without parsing it.

    Every level opens with `[`, `{`, `-`, `?` or a new line, and one of those opens at most two
    levels (a sequence entry that holds a mapping, for example).
    """
    return 2 * sum(text.count(c) for c in "[{-?\n") + 2


def _check_depth(text: str, file: str) -> None:
    """Refuse a document nesting deeper than MAX_DEPTH before libyaml composes it.

    Composing recurses in C, so a few megabytes of `[[[[` would crash the interpreter; the
    event stream is flat and safe to walk. Ordinary files cannot reach the limit and skip this.
    """
    if _nesting_bound(text) <= COMPOSE_SAFE_DEPTH:
        return
    loader = _Loader(text)
    depth = 0
    try:
        while not loader.check_event(yaml.StreamEndEvent):
            event = loader.get_event()
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    message = f"the document nests deeper than {MAX_DEPTH} levels"
                    line = event.start_mark.line + 1 if event.start_mark is not None else None
                    raise InputFileError(message, problems=[Problem(message=message, file=file, line=line, hint="flatten the structure")])
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        return  # the real parse reports syntax errors with their line
    finally:
        loader.dispose()


def load_text(text: str, file: str) -> Located:
    """Parse one YAML document, keeping lines; raise InputFileError with the line on failure."""
    _check_depth(text, file)
    loader = _Loader(text)
    try:
        try:
            node = loader.get_single_node()
        except yaml.YAMLError as exc:
            raise InputFileError("the file is not valid YAML", problems=[_yaml_problem(file, exc, text)]) from exc
        located = Located(data=None, file=file)
        if node is None:
            raise InputFileError(f"{file} is empty", hint="see `archwiz questions` for a skeleton to fill in")
        walker = _Walker(loader, located)
        located.data = walker.convert(node, "", 0)
        if walker.problems:
            raise InputFileError("the file could not be read", problems=walker.problems)
        return located
    finally:
        loader.dispose()


class _Walker:
    def __init__(self, loader: _Loader, located: Located) -> None:
        self.loader = loader
        self.located = located
        self.count = 0
        self.problems: list[Problem] = []

    def fail(self, node: Node, message: str, hint: str) -> None:
        raise InputFileError(
            message,
            problems=[Problem(message=message, file=self.located.file, line=node.start_mark.line + 1, hint=hint)],
        )

    def scalar(self, node: ScalarNode) -> Any:
        """Construct one plain value; a value YAML recognises but cannot build is a located problem."""
        try:
            value = self.loader.construct_object(node)
            return plain(value) if isinstance(value, str) else value
        except yaml.YAMLError as exc:
            raise InputFileError("the file could not be read", problems=[_yaml_problem(self.located.file, exc)]) from exc
        except (ValueError, OverflowError) as exc:
            # `2024-13-45` looks like a date and a 5000-digit number like an integer; neither can be built.
            shown = node.value if len(node.value) <= 40 else node.value[:37] + "..."
            why = f"it has {len(node.value)} digits, more than archwiz reads" if node.tag.endswith(":int") else str(exc)
            self.fail(node, f"cannot read the value {shown!r}: {why}", "put the value in quotes if it is text, or correct it")
            return None

    def convert(self, node: Node, path: str, depth: int) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            self.fail(node, f"the document expands to more than {MAX_NODES} values", "remove YAML aliases that repeat large blocks")
        if depth > MAX_DEPTH:
            self.fail(node, f"the document nests deeper than {MAX_DEPTH} levels", "flatten the structure")
        if isinstance(node, ScalarNode):
            return self.scalar(node)
        if isinstance(node, SequenceNode):
            if node.tag != "tag:yaml.org,2002:seq":
                self.fail(node, f"unsupported YAML tag {short_tag(node.tag)}", _TAG_HINT)
            out = []
            for i, item in enumerate(node.value):
                sub = join(path, i)
                self.located.lines.setdefault(sub, item.start_mark.line + 1)
                out.append(self.convert(item, sub, depth + 1))
            return out
        if isinstance(node, MappingNode):
            if node.tag != "tag:yaml.org,2002:map":
                self.fail(node, f"unsupported YAML tag {short_tag(node.tag)}", _TAG_HINT)
            self.loader.flatten_mapping(node)
            result: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                key = self.convert(key_node, path, depth + 1)
                if not isinstance(key, str | int | float | bool) or key is None:
                    self.fail(key_node, "mapping keys must be plain values", "use a plain word as the key")
                sub = join(path, str(key))
                if key in result:
                    self.problems.append(
                        Problem(
                            message=f"duplicate key {key!r} (first on line {self.located.lines.get(sub)})",
                            file=self.located.file,
                            line=key_node.start_mark.line + 1,
                            key=sub,
                            hint="keep one of the two; YAML would silently use the last",
                        )
                    )
                    continue
                self.located.lines[sub] = key_node.start_mark.line + 1
                result[key] = self.convert(value_node, sub, depth + 1)
            return result
        self.fail(node, "unsupported YAML node", "use plain mappings, lists and values")
        return None


def load_file(path: Path, what: str = "file") -> Located:
    """Read and parse a YAML file."""
    return load_text(read_text(path, what), str(path))
