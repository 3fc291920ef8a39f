"""Choose disjoint pooling groups and offer assignments that maximise total savings.

The candidate graph (matching.py) falls apart into independent components (components.py):
one category, items linked by pool or offer pairs. Each is solved on its own by
strategy.py: the greedy and local search (heuristic.py) and a cheap bound (bounds.py)
always; then, when small enough, the DP over subsets (exact.py) or the LP relaxation of the
set packing over enumerated groups (columns.py, relaxation.py: bound, exact cover, dive)
and restricted MILPs (highs.py), all under work limits counted in passes, columns and nodes
(budget.py). records.py writes the groups, assignments and their reasons; solve.py runs it
all; incremental.py re-solves only the components an edit touches.

Optimality is relative to the candidate graph: see matching.py for the k-nearest cap that
applies to dense categories only.
"""

from mutualiser.engine.grouping.records import add_shares
from mutualiser.engine.grouping.solve import solve

__all__ = ["add_shares", "solve"]
