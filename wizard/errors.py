"""Typed errors with a title, a message and a hint; standard library only.

Only the outermost layer (the CLI or the TUI) prints them. Each error knows the exit code
it maps to (DESIGN §7): 1 user input, 2 usage, 3 partial output, 130 interrupted.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One problem found in a file: where it is, what is wrong and how to fix it."""

    message: str
    file: str | None = None
    line: int | None = None
    key: str | None = None
    hint: str | None = None
    level: str = "error"
    missing: bool = False
    """True for an answer still to be given (drafts and single decisions may leave those open)."""

    def location(self) -> str:
        """Return `file:line: key` (the parts that are known)."""
        parts = []
        if self.file:
            parts.append(self.file + (f":{self.line}" if self.line else ""))
        if self.key:
            parts.append(self.key)
        return ": ".join(parts)

    def render(self) -> str:
        """Return the one-line form `file:line: key.path: message (hint)`."""
        where = self.location()
        text = f"{where}: {self.message}" if where else self.message
        if self.level != "error":
            text = f"{where}: {self.level}: {self.message}" if where else f"{self.level}: {self.message}"
        if self.hint:
            text += f"\n    hint: {self.hint}"
        return text

    def as_dict(self) -> dict[str, object]:
        """Return the problem as plain data for `--json` output."""
        return {
            "level": self.level,
            "file": self.file,
            "line": self.line,
            "key": self.key,
            "message": self.message,
            "hint": self.hint,
        }


class WizardError(Exception):
    """Base of every error archwiz reports to a user."""

    exit_code = 1
    default_title = "archwiz error"

    def __init__(
        self,
        message: str,
        *,
        title: str | None = None,
        hint: str | None = None,
        problems: list[Problem] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.title = title or self.default_title
        self.hint = hint
        self.problems: list[Problem] = list(problems or [])

    def render(self) -> str:
        """Return the text printed on stderr: title, message, problems and hint."""
        lines = [f"error: {self.title}", f"  {self.message}"]
        lines.extend("  " + p.render().replace("\n", "\n  ") for p in self.problems)
        if self.hint:
            lines.append(f"  hint: {self.hint}")
        return "\n".join(lines)


class TreeError(WizardError):
    """A decision tree or blueprint file is invalid."""

    default_title = "invalid decision tree"


class AnswersError(WizardError):
    """An answers file, or answers given on the command line, are invalid."""

    default_title = "invalid answers"


class InputFileError(WizardError):
    """A file could not be read at all (missing, a directory, too big, not text, not YAML)."""

    default_title = "cannot read input file"


class UnknownIdError(WizardError):
    """A tree, blueprint or option id does not exist."""

    default_title = "unknown id"


class UsageError(WizardError):
    """The command line itself is wrong (bad flag value, bad combination)."""

    exit_code = 2
    default_title = "usage error"


class RenderError(WizardError):
    """An output could not be produced."""

    default_title = "rendering failed"


class OutputError(WizardError):
    """An output file or folder could not be written."""

    default_title = "cannot write output"


class PartialOutput(WizardError):
    """Some outputs were written, others were not (for example `dot` is missing)."""

    exit_code = 3
    default_title = "some outputs were not written"

    def __init__(self, message: str, *, written: list[str], hint: str | None = None) -> None:
        WizardError.__init__(self, message, hint=hint)
        self.written = written
