"""Did-you-mean suggestions for mistyped ids."""

from __future__ import annotations

from collections.abc import Iterable


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    """The closest valid choice to a mistyped word, if one is close enough."""
    options = list(choices)
    if not options:
        return None
    # Imported here: only a mistake needs it, and it is a noticeable part of start-up.
    from rapidfuzz import fuzz, process, utils

    # Case and punctuation do not matter when guessing ("WAF" means "waf").
    best = process.extractOne(word, options, scorer=fuzz.WRatio, processor=utils.default_process, score_cutoff=70)
    return best[0] if best else None


def hint_for(word: str, choices: Iterable[str], what: str = "valid values") -> str:
    """A hint naming the closest choice and listing every valid one."""
    options = list(choices)
    close = did_you_mean(word, options)
    listed = ", ".join(options) if options else "(none)"
    return (f"did you mean {close!r}? " if close else "") + f"{what}: {listed}"
