"""`--set tree.question=value` pairs from the command line, parsed into answers."""

from __future__ import annotations

import yaml

from wizard.core.engine import Answers
from wizard.errors import UsageError


def parse_sets(pairs: list[str], default_tree: str | None) -> Answers:
    """Parse `q=v` (for the default tree) and `tree.q=v`; values are read as YAML scalars."""
    out: Answers = {}
    for pair in pairs:
        key, sep, raw = pair.partition("=")
        key = key.strip()
        if not sep or not key:
            raise UsageError(
                f"--set {pair!r} is not of the form question=value",
                hint="for example --set data_model=relational or --set workload.availability=multi_az",
            )
        tree, dot, question = key.rpartition(".")
        if not dot:
            if default_tree is None:
                raise UsageError(f"--set {pair!r} needs a tree: tree.question=value")
            tree, question = default_tree, key
        try:
            value = yaml.safe_load(raw) if raw.strip() else None
        except (yaml.YAMLError, ValueError, RecursionError):
            value = raw
        if isinstance(value, str) and "," in value and not raw.strip().startswith(("'", '"')):
            value = [v.strip() for v in value.split(",") if v.strip()]
        out.setdefault(tree, {})[question] = value
    return out
