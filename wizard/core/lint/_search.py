"""The bounded search for witnesses: every candidate, rule, question and note."""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeAlias

from wizard.core import conditions
from wizard.core.conditions import TRUE, UNKNOWN, Cond
from wizard.core.lint._common import PICK_TRIES, REPAIR_ROUNDS, LintContext
from wizard.core.lint._references import _Lookup
from wizard.core.lint._solver import _Either, _Goal, _Need, _Solver
from wizard.core.lint._space import ABSENT, _base_values, _Conds, _known, _same_value, _value_key, _variables
from wizard.core.model import Tree

# ---------------------------------------------------------------- one tree's space


@dataclass
class _Outcome:
    """Everything one complete set of answers does to a tree."""

    effective: dict[str, Any]
    asked: list[bool]
    truth: list[bool]
    pick: str | None
    deciding: int | None


class _Space:
    """A tree's variables, indexes and base answers, shared by every witness."""

    def __init__(self, tree: Tree, ctx: LintContext, lookup: _Lookup, conds: _Conds) -> None:
        self.tree = tree
        self.rules = tree.rules
        self.conds = conds
        self.variables = _variables(tree, ctx, lookup, conds)
        self.own = {q.id for q in tree.questions}
        self.external = [n for n, _ in self.variables if n not in self.own]
        self.position = {q.id: i for i, q in enumerate(tree.questions)}
        self.retired = {c.id for c in tree.candidates if c.retired}
        self.default = tree.rules[-1].default if tree.rules else None
        self._index_rules()
        self._index_readers()
        self.q_conds = conds.questions
        self.r_conds = conds.rules
        self._held: dict[int, _Goal] = {}
        domains = dict(self.variables)
        domains["pick"] = [c.id for c in tree.candidates if not c.retired] + [ABSENT]
        self.solver = _Solver(domains, dict(zip(self.position, self.q_conds, strict=True)), {})
        self.rebase(_base_values(self.variables, self.r_conds))

    def rebase(self, raw: Mapping[str, Any], changes: Mapping[str, Any] | None = None) -> None:
        """Make `raw` (complete answers), or the base with `changes`, the base every witness starts from."""
        if changes is None:
            self.base_raw = dict(raw)
            self.base = self.evaluate(self.base_raw)
        else:
            world = _World(self, changes)
            self.base = world.outcome()
            self.base_raw = {**self.base_raw, **changes}
        self._index_base()
        self.solver.prefer({**self.base_raw, "pick": ABSENT if self.base.pick is None else self.base.pick})

    def _index_rules(self) -> None:
        self.excludes_of: dict[str, list[int]] = {}
        self.prefers_of: dict[str, list[int]] = {}
        for i, rule in enumerate(self.rules):
            if rule.exclude is not None:
                for cid in rule.exclude:
                    self.excludes_of.setdefault(cid, []).append(i)
            elif rule.prefer is not None:
                self.prefers_of.setdefault(rule.prefer, []).append(i)
        self.exclude_rules = [i for i, r in enumerate(self.rules) if r.exclude is not None]
        self.prefer_rules = [i for i, r in enumerate(self.rules) if r.prefer is not None]

    def _index_readers(self) -> None:
        self.q_readers: dict[str, list[int]] = {}
        self.r_readers: dict[str, list[int]] = {}
        for i, refs in enumerate(self.conds.q_refs):
            for ref in refs:
                self.q_readers.setdefault(ref, []).append(i)
        self.rule_refs = self.conds.r_refs
        for i, refs in enumerate(self.rule_refs):
            for ref in refs:
                self.r_readers.setdefault(ref, []).append(i)

    def _index_base(self) -> None:
        self.base_excluded: dict[str, int] = {}
        for i in self.exclude_rules:
            if self.base.truth[i]:
                for cid in self.rules[i].targets():
                    self.base_excluded[cid] = self.base_excluded.get(cid, 0) + 1
        self.base_prefers = [i for i in self.prefer_rules if self.base.truth[i]]

    def evaluate(self, raw: Mapping[str, Any]) -> _Outcome:
        """Ask, decide and record every rule's truth for one complete set of answers."""
        effective: dict[str, Any] = {ref: _known(raw.get(ref, ABSENT)) for ref in self.external}

        def resolve(ref: str) -> Any:
            return effective.get(ref, UNKNOWN)

        asked = []
        for q, cond in zip(self.tree.questions, self.q_conds, strict=True):
            shown = conditions.holds(cond, resolve)
            asked.append(shown)
            effective[q.id] = _known(raw[q.id]) if shown else UNKNOWN
        truth = [rule.default is not None or conditions.holds(cond, resolve) for rule, cond in zip(self.rules, self.r_conds, strict=True)]
        pick, deciding = self.pick_of(truth)
        return _Outcome(effective, asked, truth, pick, deciding)

    def pick_of(self, truth: list[bool]) -> tuple[str | None, int | None]:
        """The pick and the deciding rule, given every rule's truth."""
        excluded = set(self.retired)
        for i in self.exclude_rules:
            if truth[i]:
                excluded.update(self.rules[i].targets())
        for i in self.prefer_rules:
            if truth[i] and self.rules[i].prefer not in excluded:
                return self.rules[i].prefer, i
        if self.default and self.default not in excluded:
            return self.default, len(self.rules) - 1
        survivors = [c.id for c in self.tree.candidates if c.id not in excluded]
        return (survivors[0] if survivors else None), None

    def note_truth(self, cond: Cond, resolve: Callable[[str], Any], pick: str | None) -> bool:
        """Whether a note shows, given a resolver and the tree's pick."""

        def with_pick(ref: str) -> Any:
            if ref == "pick":
                return pick if pick is not None else UNKNOWN
            return resolve(ref)

        return conditions.holds(cond, with_pick)

    def hold_off(self, index: int) -> _Goal:
        """A prefer rule does not win: it is not true, or its candidate is excluded."""
        if index not in self._held:
            self._held[index] = self._hold_off(index)
        return self._held[index]

    def _hold_off(self, index: int) -> _Goal:
        target = self.rules[index].prefer or ""
        parts: list[_Goal] = [_Need(self.r_conds[index], "NT")]
        parts += [_Need(self.r_conds[e], "T") for e in self.excludes_of.get(target, [])]
        return _Either(tuple(parts))

    def exclusion(self, cid: str) -> _Goal | None:
        """Some exclude rule removes the candidate (None: no rule can)."""
        rules = self.excludes_of.get(cid, [])
        return _Either(tuple(_Need(self.r_conds[e], "T") for e in rules)) if rules else None


_Win: TypeAlias = "tuple[str, int | None, str | None]"
"""How a world decides: (`prefer` | `default` | `weak` | `none`, rule index, candidate)."""


class _World:
    """The base answers with a few changed; only what the change can reach is evaluated again."""

    def __init__(self, space: _Space, raw: Mapping[str, Any]) -> None:
        self.space = space
        self.raw = raw
        self.changed: dict[str, Any] = {}
        self.shown: dict[int, bool] = {}
        self._truth: dict[int, bool] = {}
        self._delta: dict[str, int] | None = None
        self._propagate()

    def value(self, ref: str) -> Any:
        """The value a condition reads for `ref` in this world."""
        if ref in self.changed:
            return self.changed[ref]
        return self.space.base.effective.get(ref, UNKNOWN)

    def _note(self, ref: str, value: Any) -> list[int]:
        if _same_value(value, self.space.base.effective.get(ref, UNKNOWN)):
            return []
        self.changed[ref] = value
        return self.space.q_readers.get(ref, [])

    def _propagate(self) -> None:
        space = self.space
        heap: list[int] = []
        for ref, raw in self.raw.items():
            if ref in space.own:
                # A question keeps its base value unless it has a new one or its condition changes.
                if not _same_value(raw, space.base_raw[ref]):
                    heap.append(space.position[ref])
            elif ref in space.base.effective:
                heap += self._note(ref, _known(raw))
        heapq.heapify(heap)
        done: set[int] = set()
        while heap:
            i = heapq.heappop(heap)
            if i in done:
                continue
            done.add(i)
            q = space.tree.questions[i]
            shown = conditions.holds(space.q_conds[i], self.value)
            self.shown[i] = shown
            value = _known(self.raw.get(q.id, space.base_raw[q.id])) if shown else UNKNOWN
            for reader in self._note(q.id, value):
                heapq.heappush(heap, reader)

    def outcome(self) -> _Outcome:
        """The complete outcome of these answers, as `_Space.evaluate` would find it."""
        base = self.space.base
        asked = list(base.asked)
        for i, shown in self.shown.items():
            asked[i] = shown
        truth = list(base.truth)
        for i in self._affected():
            truth[i] = self.rule_true(i)
        pick, deciding = self.space.pick_of(truth)
        return _Outcome({**base.effective, **self.changed}, asked, truth, pick, deciding)

    def holds(self, cond: Cond) -> bool:
        """Whether a condition holds in this world."""
        return conditions.holds(cond, self.value)

    def rule_true(self, index: int) -> bool:
        """Whether rule `index` holds in this world."""
        if index not in self._truth:
            rule = self.space.rules[index]
            if rule.default is not None:
                held = True
            elif not self.changed.keys().isdisjoint(self.space.rule_refs[index]):
                held = conditions.holds(self.space.r_conds[index], self.value)
            else:
                held = self.space.base.truth[index]
            self._truth[index] = held
        return self._truth[index]

    def _affected(self) -> list[int]:
        readers = self.space.r_readers
        return sorted({i for ref in self.changed for i in readers.get(ref, [])})

    def excluded(self, cid: str) -> bool:
        """Whether a candidate is retired or removed by a true exclude rule."""
        if cid in self.space.retired:
            return True
        if self._delta is None:
            self._delta = {}
            for i in self._affected():
                rule = self.space.rules[i]
                if rule.exclude is not None and self.rule_true(i) != self.space.base.truth[i]:
                    step = 1 if self._truth[i] else -1
                    for target in rule.exclude:
                        self._delta[target] = self._delta.get(target, 0) + step
        return self.space.base_excluded.get(cid, 0) + self._delta.get(cid, 0) > 0

    def true_excludes(self, cid: str) -> list[int]:
        """The exclude rules that hold here and remove `cid`."""
        return [e for e in self.space.excludes_of.get(cid, []) if self.rule_true(e)]

    def _true_prefers(self) -> Iterator[int]:
        """The prefer rules that hold here, in order."""
        space = self.space
        affected = [i for i in self._affected() if space.rules[i].prefer is not None]
        moved = set(affected)
        still = (i for i in space.base_prefers if i not in moved)
        return heapq.merge(still, (i for i in affected if self.rule_true(i)))

    def contenders(self, limit: int) -> list[int]:
        """The prefer rules before `limit` that hold here and whose candidate survives."""
        out = []
        for i in self._true_prefers():
            if i >= limit:
                break
            if not self.excluded(self.space.rules[i].prefer or ""):
                out.append(i)
        return out

    def winner(self) -> _Win:
        """Which rule decides here, as the engine would see it."""
        space = self.space
        for i in self._true_prefers():
            target = space.rules[i].prefer or ""
            if not self.excluded(target):
                return "prefer", i, target
        if space.default and not self.excluded(space.default):
            return "default", len(space.rules) - 1, space.default
        for cand in space.tree.candidates:
            if not self.excluded(cand.id):
                return "weak", None, cand.id
        return "none", None, None


def _raw(solution: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in solution.items() if v is not ABSENT and k != "pick"}


# ---------------------------------------------------------------- evidence and the search


@dataclass
class _Evidence:
    """What some answer combination has shown to be possible."""

    picked: set[str] = field(default_factory=set)
    deciding: set[int] = field(default_factory=set)
    rule_true: list[bool] = field(default_factory=list)
    rule_false: list[bool] = field(default_factory=list)
    asked: list[bool] = field(default_factory=list)
    skipped: list[bool] = field(default_factory=list)
    note_true: list[bool] = field(default_factory=list)
    note_false: list[bool] = field(default_factory=list)
    no_fit: bool = False

    @classmethod
    def empty(cls, tree: Tree) -> _Evidence:
        """No evidence yet for a tree's rules, questions and notes."""
        r, q, n = len(tree.rules), len(tree.questions), len(tree.notes)
        return cls(
            rule_true=[False] * r,
            rule_false=[False] * r,
            asked=[False] * q,
            skipped=[False] * q,
            note_true=[False] * n,
            note_false=[False] * n,
        )

    def record(self, space: _Space, outcome: _Outcome) -> None:
        """Add what one complete evaluation showed."""
        if outcome.pick is None:
            self.no_fit = True
        else:
            self.picked.add(outcome.pick)
        if outcome.deciding is not None:
            self.deciding.add(outcome.deciding)
        for i, held in enumerate(outcome.truth):
            self.rule_true[i] = self.rule_true[i] or held
            self.rule_false[i] = self.rule_false[i] or not held
        for i, shown in enumerate(outcome.asked):
            self.asked[i] = self.asked[i] or shown
            self.skipped[i] = self.skipped[i] or not shown
        resolve = outcome.effective.get
        for i, cond in enumerate(space.conds.notes):
            held = space.note_truth(cond, lambda ref: resolve(ref, UNKNOWN), outcome.pick)
            self.note_true[i] = self.note_true[i] or held
            self.note_false[i] = self.note_false[i] or not held

    def record_win(self, win: _Win) -> None:
        """Add how one world decided."""
        kind, index, pick = win
        if kind == "none":
            self.no_fit = True
        if pick is not None:
            self.picked.add(pick)
        if index is not None:
            self.deciding.add(index)
            self.rule_true[index] = True


_Route: TypeAlias = "tuple[str, int]"
"""One way to a pick: (`prefer`, rule), (`default`, rule), (`weak`, candidate position) or (`none`, -1)."""

_Check: TypeAlias = "Callable[[_World], bool | list[_Goal]]"


class _Search:
    """Targeted witnesses for every fact the samples did not show."""

    def __init__(self, space: _Space, evidence: _Evidence) -> None:
        self.space = space
        self.ev = evidence
        self.routes: dict[_Route, list[_Goal] | None] = {}
        self.route_worlds: dict[_Route, _World] = {}
        candidates = space.tree.candidates
        self.position = {c.id: i for i, c in enumerate(candidates)}
        excludable = [c.retired or c.id in space.excludes_of for c in candidates]
        self.excludable_before: list[bool] = list(itertools.accumulate([True, *excludable], lambda a, b: a and b))

    def run(self) -> None:
        """Look for a witness of every fact that has none yet."""
        ev, space = self.ev, self.space
        self._settle()
        for i in space.prefer_rules:
            if i not in ev.deciding:
                self.route(("prefer", i))
        if space.default and space.default not in ev.picked:
            self.route(("default", len(space.rules) - 1))
        for pos, cand in enumerate(space.tree.candidates):
            if not cand.retired and cand.id not in ev.picked:
                self.route(("weak", pos))
        self._rules()
        self._questions()
        self._notes()
        if not ev.no_fit:
            self.route(("none", -1))

    def _settle(self) -> None:
        """Move the base to answers on which as few prefer rules as possible hold.

        Every witness starts from the base, so with a quiet base a witness changes few answers
        and few rules need evaluating again. The prefer rules that hold on the base are held
        off one by one, each only if the others stay held off, for a few passes.
        """
        space = self.space
        for _ in range(2):
            goals: list[_Goal] = []
            memo: dict[tuple[int, ...], dict[str, Any] | None] = {}
            for j in space.base_prefers:
                trial = [*goals, space.hold_off(j)]
                if space.solver.solve(trial, memo=memo) is not None:
                    goals = trial
            solution = space.solver.solve(goals, memo=memo) if goals else None
            if solution is None:
                break
            space.rebase(space.base_raw, _raw(solution))
        self.ev.record(space, space.base)

    def _rules(self) -> None:
        ev = self.ev
        for i, rule in enumerate(self.space.rules):
            if rule.default is not None:
                continue
            if not ev.rule_true[i]:
                ev.rule_true[i] = self.witness(rule.cond, "T")
            if rule.when is not None and not ev.rule_false[i]:
                ev.rule_false[i] = self.witness(rule.cond, "NT")

    def _questions(self) -> None:
        ev = self.ev
        for i, q in enumerate(self.space.tree.questions):
            if q.cond == TRUE:
                ev.asked[i] = True
                continue
            if not ev.asked[i]:
                ev.asked[i] = self.witness(q.cond, "T")
            if not ev.skipped[i]:
                ev.skipped[i] = self.witness(q.cond, "NT")

    def _notes(self) -> None:
        ev = self.ev
        for i, note in enumerate(self.space.tree.notes):
            if not ev.note_true[i]:
                ev.note_true[i] = self.note_witness(note.cond, "T")
            if note.when is not None and not ev.note_false[i]:
                ev.note_false[i] = self.note_witness(note.cond, "NT")

    # -------------------------------------------------------- witnesses

    def witness(self, cond: Cond, want: str) -> bool:
        """Whether some answers make a condition (that does not read `pick`) true or not true."""
        solution = self.space.solver.solve([_Need(cond, want)])
        if solution is None:
            return False
        # The solver fixed every value the condition depends on (and the conditions that ask
        # those questions), so reading its values is enough to confirm the witness.
        base = self.space.base.effective
        return conditions.holds(cond, lambda ref: _known(solution[ref]) if ref in solution else base.get(ref, UNKNOWN)) == (want == "T")

    def note_witness(self, cond: Cond, want: str) -> bool:
        """Whether some answers, and the pick they lead to, make a note's condition hold or fail."""
        if "pick" not in conditions.references(cond):
            return self.witness(cond, want)
        tried: set[Any] = set()
        for _ in range(PICK_TRIES):
            pick = self._note_pick(cond, want, tried)
            if pick is None:
                return False
            tried.add(_value_key(pick))
            if any(self._note_route(route, cond, want) for route in self._routes_to(pick)):
                return True
        return False

    def _note_pick(self, cond: Cond, want: str, tried: set[Any]) -> Any:
        """A pick not tried yet with which the note's condition can meet `want` (None: there is none)."""
        solution = self.space.solver.solve([_Need(cond, want)], avoid={"pick": tried})
        if solution is None:
            return None
        if "pick" in solution:
            return solution["pick"]
        # The condition holds whatever the pick: take the first pick not tried yet.
        return next((p for p in self.space.solver.domains["pick"] if _value_key(p) not in tried), None)

    def _routes_to(self, pick: Any) -> list[_Route]:
        space = self.space
        if pick is ABSENT:
            return [("none", -1)]
        routes: list[_Route] = [("prefer", i) for i in space.prefers_of.get(pick, [])]
        if pick == space.default:
            routes.append(("default", len(space.rules) - 1))
        routes.append(("weak", self.position[pick]))
        return routes

    def _note_route(self, route: _Route, cond: Cond, want: str) -> bool:
        learned = self.route(route)
        if learned is None:
            return False
        pick = self._route_pick(route)
        if self.space.note_truth(cond, self.route_worlds[route].value, pick) == (want == "T"):
            return True

        def check(world: _World) -> bool | list[_Goal]:
            verdict = self.blockers(route, world)
            if verdict is not True:
                return verdict
            return self.space.note_truth(cond, world.value, pick) == (want == "T")

        fixed = {"pick": ABSENT if pick is None else pick}
        return self.repair([*learned, _Need(cond, want)], fixed, check) is not None

    def _route_pick(self, route: _Route) -> str | None:
        kind, index = route
        if kind == "weak":
            return self.space.tree.candidates[index].id
        if kind == "none":
            return None
        rule = self.space.rules[index]
        return rule.prefer or rule.default

    # -------------------------------------------------------- routes to a pick

    def route(self, route: _Route) -> list[_Goal] | None:
        """The goals that lead to this route's pick (learned once), or None if none were found."""
        if route not in self.routes:
            start = self._start(route)
            found = None if start is None else self.repair(start, None, lambda w: self.blockers(route, w))
            self.routes[route] = None if found is None else found[0]
            if found is not None:
                self.route_worlds[route] = found[1]
        return self.routes[route]

    def _start(self, route: _Route) -> list[_Goal] | None:
        kind, index = route
        space = self.space
        # The prefer rules that win on the base answers would get in the way first: hold them off now.
        held = [space.hold_off(j) for j in space.base_prefers if kind != "prefer" or j < index]
        if kind == "prefer":
            return [_Need(space.r_conds[index], "T"), *held]
        if kind == "default":
            return held
        if kind == "weak":
            if not self.excludable_before[index] or space.default in (None, space.tree.candidates[index].id):
                return None
            first = space.exclusion(space.default)
            return None if first is None else [first, *held]
        return held if self.excludable_before[-1] else None

    def repair(self, goals: list[_Goal], fixed: Mapping[str, Any] | None, check: _Check) -> tuple[list[_Goal], _World] | None:
        """Solve, check the answers, add what got in the way, and again; the goals and world that worked."""
        goals = list(goals)
        memo: dict[tuple[int, ...], dict[str, Any] | None] = {}
        for _ in range(REPAIR_ROUNDS):
            solution = self.space.solver.solve(goals, fixed, memo=memo)
            if solution is None:
                return None
            world = _World(self.space, _raw(solution))
            verdict = check(world)
            if verdict is True:
                return goals, world
            if verdict is False or not verdict:
                return None
            goals += verdict
        return None

    def blockers(self, route: _Route, world: _World) -> bool | list[_Goal]:
        """True if the world decides by this route; else the goals that would hold off what got in the way."""
        win = world.winner()
        self.ev.record_win(win)
        kind, index = route
        if win[0] == kind and (kind in ("default", "none") or win[1] == index or (kind == "weak" and self._route_pick(route) == win[2])):
            return True
        space = self.space
        out: list[_Goal] = []
        if win[0] == "prefer" and win[1] is not None and (kind != "prefer" or win[1] < index):
            out += [space.hold_off(j) for j in world.contenders(index if kind == "prefer" else len(space.rules))]
        pick = self._route_pick(route)
        if pick is not None:
            out += [_Need(space.r_conds[e], "NT") for e in world.true_excludes(pick)]
        if kind in ("weak", "none"):
            more = self._exclusions(route, world)
            if more is None:
                return False
            out += more
        return out or False

    def _exclusions(self, route: _Route, world: _World) -> list[_Goal] | None:
        """For a weak fit or no fit: the candidates that must be excluded and are not."""
        space = self.space
        kind, index = route
        last = len(space.tree.candidates) if kind == "none" else index
        must = [c.id for c in space.tree.candidates[:last] if not world.excluded(c.id)]
        if kind == "weak" and space.default and not world.excluded(space.default) and space.default not in must:
            must.append(space.default)
        goals = [space.exclusion(cid) for cid in must]
        if any(g is None for g in goals):
            return None
        return [g for g in goals if g is not None]


# ---------------------------------------------------------------- witnesses for other uses


def decision_witnesses(tree: Tree, ctx: LintContext) -> list[tuple[int, dict[str, Any]]]:
    """For each prefer rule and the default: answers on which that rule decides the pick.

    The answers map each reference the tree reads (own question ids, `workload.q`, ...) to a
    known value; questions not asked, `not_sure` and unknown values are left out. A rule the
    bounded search finds no way to is skipped. Deterministic (study mode builds on it).
    """
    space = _Space(tree, ctx, _Lookup(), _Conds.of(tree))
    search = _Search(space, _Evidence.empty(tree))
    search._settle()
    routes: list[_Route] = [("prefer", i) for i in space.prefer_rules]
    if space.default:
        routes.append(("default", len(space.rules) - 1))
    out: list[tuple[int, dict[str, Any]]] = []
    for route in routes:
        if search.route(route) is None:
            continue
        effective = search.route_worlds[route].outcome().effective
        out.append((route[1], {ref: value for ref, value in effective.items() if value is not UNKNOWN}))
    return out
