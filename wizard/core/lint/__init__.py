"""Tree and blueprint lint: ids, references, value types, reachability, shadowing, citations.

Pure: file facts (seed line counts, known icons) come in as arguments. Every problem is
collected with a key path; the io layer adds files and lines.

Reachability is decided over a finite answer space: each question's options (numbers: the
thresholds the conditions compare with, one either side, and the minimum), `not_sure` where it
is allowed, and "not asked". A small space (up to MAX_COMBINATIONS) is enumerated completely,
as before. A larger one gets a few seeded random samples (SAMPLE_BUDGET divided by the size of
the tree) and then targeted witnesses, one goal at a time, for every fact not shown yet:

- a rule's, question's or note's condition can be true, and can fail;
- each prefer rule decides (so its candidate is picked and it is not shadowed), the default
  decides, a candidate wins as the first survivor, every candidate is excluded ("no fit").

A backtracking solver (`_Solver`) builds answers that meet a goal, climbing the conditions that
ask the questions it uses. The answers are laid over a base set of answers (`_Space.base`,
first moved to where as few prefer rules hold as possible) and only what they can reach is
evaluated again (`_World`): the questions whose conditions read a changed answer, and the rules
that read a changed value. If a rule got in the way (an earlier prefer still wins, an exclusion
hits the candidate), the goal is extended with holding that rule off and solved again, for at
most REPAIR_ROUNDS rounds. Every solve has SOLVE_STEPS steps, and goals that share no answers
are solved apart, so the work per goal is bounded and the total grows with the tree. Nothing is
random beyond the seeded samples, and every added goal is a necessary condition of the fact, so
a fact the search misses is one whose witness needs more rounds or steps than the budget.
"""

from wizard.core.lint._blueprint import lint_blueprint
from wizard.core.lint._common import BLUEPRINT_SCOPE, MAX_COMBINATIONS, Finding, LintContext
from wizard.core.lint._search import decision_witnesses
from wizard.core.lint._tree import lint_tree

__all__ = ["BLUEPRINT_SCOPE", "MAX_COMBINATIONS", "Finding", "LintContext", "decision_witnesses", "lint_blueprint", "lint_tree"]
