"""RATIONALE.md from the Jinja2 template in `templates/`, fed the Report view model."""

from __future__ import annotations

import contextlib
from functools import cache
from typing import Any

import jinja2
import jinja2.bccache

from wizard.core.report import Report
from wizard.errors import RenderError
from wizard.io import parse_cache
from wizard.io.resources import templates_dir
from wizard.sanitize import plain

TEMPLATE = "RATIONALE.md.j2"
FIT = {"ok": "fits", "weak_fit": "weak fit", "no_fit": "no fit"}


def _cell(text: object) -> str:
    # A pipe or a newline would break a Markdown table row.
    return str(text).replace("|", "\\|").replace("\n", " ")


def _cites(cites: list[str]) -> str:
    return f" [{'; '.join(cites)}]" if cites else ""


def _grouped_exclusions(excluded: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Excluded candidates ruled out by exactly the same rules, listed together (in file order)."""
    groups: dict[tuple[int, ...], dict[str, Any]] = {}
    for item in excluded:
        key = tuple(rule["index"] for rule in item["rules"])
        if key == (-1,):
            key = (-1, len(groups))  # each retired candidate keeps its own line and reason
        groups.setdefault(key, {"labels": [], "rules": item["rules"]})["labels"].append(item["label"])
    return list(groups.values())


class _QuietBytecodeCache(jinja2.FileSystemBytecodeCache):
    """Jinja's on-disk cache of compiled templates; an unreadable or unwritable cache is no cache."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(Exception):
            super().load_bytecode(bucket)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(Exception):
            super().dump_bytecode(bucket)


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Compiled templates beside the parse cache; None when caching is off or unsafe.

    Compiling the rationale template took longer than the rest of a render. Only a private folder
    of our own is used (it holds code), and Jinja checks each entry against the template's source,
    so an edited template recompiles.
    """
    folder = parse_cache.private_folder("jinja")
    return None if folder is None else _QuietBytecodeCache(str(folder))


@cache
def environment() -> jinja2.Environment:
    """The one Jinja environment: strict undefined, no autoescape (Markdown output)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir())),
        bytecode_cache=_bytecode_cache(),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["plain"] = plain
    env.filters["cell"] = _cell
    env.filters["cites"] = _cites
    env.filters["grouped_exclusions"] = _grouped_exclusions
    return env


def rationale(report: Report, mermaid_source: str | None) -> str:
    """The rationale Markdown of a report."""
    try:
        template = environment().get_template(TEMPLATE)
        titles = {row.tree: row.tree for row in report.answers}
        titles.update(report.tree_titles)
        text = template.render(report=report.as_dict(), mermaid=mermaid_source, fit=FIT, titles=titles)
    except jinja2.TemplateError as exc:
        line = getattr(exc, "lineno", None)
        raise RenderError(f"template {TEMPLATE}{f' line {line}' if line else ''}: {exc}", hint="check the template in templates/") from exc
    # Collapse runs of blank lines left by conditional blocks.
    lines: list[str] = []
    for line in text.splitlines():
        if line.strip() == "" and lines and lines[-1] == "":
            continue
        lines.append(line.rstrip())
    return "\n".join(lines).strip() + "\n"
