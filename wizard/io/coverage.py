"""Coverage of the study notes: which trees cite each digest topic and each seed.

A digest topic (a `## N. Title` section of `NNN-digest.md`) counts as covered by a tree when
the tree cites the topic directly (`NNN §N`) or cites a seed line range that overlaps a line
the topic itself points to (`Lnnn` or `Lnnn-Lmmm` in its text).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from wizard.core.model import CITE_PATTERN, Tree
from wizard.io.safe_read import require_regular
from wizard.io.yaml_loader import MAX_BYTES, read_text

_HEADING = re.compile(r"^## (\d+)\. (.+)$")
_LINES = re.compile(r"L(\d{1,5})(?:\s*[–-]\s*L?(\d{1,5}))?")
_SECTION_CITE = re.compile(r"^(\d{3}) §(\d+)")
SKIP_TITLES = ("source and citation", "sources and citation", "errata", "gaps", "quick index", "flags", "index", "exam framing")
"""Sections about the notes themselves (or how to word scenarios) rather than a decision topic."""


@dataclass
class Topic:
    """One decision topic of a digest and the seed lines it points to."""

    seed: str
    number: str
    title: str
    ranges: list[tuple[int, int]]
    trees: set[str] = field(default_factory=set)


@dataclass
class Coverage:
    """Topics with the trees that cover them, and citations per seed."""

    topics: list[Topic]
    seeds: dict[str, dict[str, int]]  # seed -> tree -> number of citations

    def share(self) -> float:
        """The share of topics cited by at least one tree."""
        return sum(1 for t in self.topics if t.trees) / len(self.topics) if self.topics else 0.0


def read_topics(digests: Path) -> list[Topic]:
    """Every decision topic of every `NNN-digest.md` in a folder."""
    topics: list[Topic] = []
    for path in sorted(digests.glob("*-digest.md")):
        seed = path.name[:3]
        current: Topic | None = None
        require_regular(path, "digest", MAX_BYTES)  # a FIFO would hang the read
        for line in read_text(path, "digest").splitlines():
            heading = _HEADING.match(line)
            if heading:
                title = heading.group(2).strip()
                current = None
                if not any(word in title.lower() for word in SKIP_TITLES):
                    current = Topic(seed, heading.group(1), title, [])
                    topics.append(current)
                continue
            if current is not None:
                for match in _LINES.finditer(line):
                    start = int(match.group(1))
                    end = int(match.group(2) or start)
                    current.ranges.append((min(start, end), max(start, end)))
    return topics


def _cites(tree: Tree) -> list[str]:
    out = list(tree.sources)
    for question in tree.questions:
        out.extend(question.cite)
    for candidate in tree.candidates:
        out.extend(candidate.cite)
    for rule in tree.rules:
        out.extend(rule.cite)
    for note in tree.notes:
        out.extend(note.cite)
    return out


def coverage(trees: dict[str, Tree], digests: Path) -> Coverage:
    """Match every tree citation against every topic."""
    topics = read_topics(digests)
    seeds: dict[str, dict[str, int]] = {}
    by_seed: dict[str, list[Topic]] = {}
    for topic in topics:
        by_seed.setdefault(topic.seed, []).append(topic)
    for tree in sorted(trees.values(), key=lambda t: t.id):
        for cite in _cites(tree):
            section = _SECTION_CITE.match(cite)
            if section:
                for topic in by_seed.get(section.group(1), []):
                    if topic.number == section.group(2):
                        topic.trees.add(tree.id)
                continue
            match = CITE_PATTERN.match(cite)
            if not match or match.group(2) is None:
                continue
            seed, lo = match.group(1), int(match.group(2))
            hi = int(match.group(3) or lo)
            seeds.setdefault(seed, {}).setdefault(tree.id, 0)
            seeds[seed][tree.id] += 1
            for topic in by_seed.get(seed, []):
                if any(a <= hi and lo <= b for a, b in topic.ranges):
                    topic.trees.add(tree.id)
    return Coverage(topics, seeds)
