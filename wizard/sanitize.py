"""One sanitiser for text that comes from trees, blueprints and answers files.

Such text is data: it must never drive a terminal (escape sequences, bells, OSC titles and
hyperlinks), break an XML or JSON consumer (U+FFFE, lone surrogates) or reverse the reading
order of what follows it (bidi overrides). The loader applies it to every string it reads, and
every writer and printer applies it again to what it shows, so text built in code is covered too.
"""

from __future__ import annotations

import unicodedata

KEPT = frozenset("\n\t")
"""Control characters that are layout, not commands."""

BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
"""Embedding, override and isolate marks: they would reorder the text that follows."""


def plain(text: str) -> str:
    """The text without control characters (C0 but newline and tab, DEL, C1), noncharacters, bidi controls or surrogates."""
    if text.isprintable():
        return text  # the common case, checked in C
    return "".join(ch for ch in text if ch in KEPT or _shown(ch))


def _shown(ch: str) -> bool:
    if unicodedata.category(ch) in ("Cc", "Cs"):
        return False
    code = ord(ch)
    noncharacter = 0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE) == 0xFFFE
    return ch not in BIDI and not noncharacter
