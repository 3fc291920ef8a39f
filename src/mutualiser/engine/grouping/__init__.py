"""Choose disjoint pooling groups and offer assignments that maximise total savings.

The candidate graph (matching.py) falls apart into independent components (components.py):
one category, items linked by pool or offer pairs. Each is solved on its own: the heuristic
always (heuristic.py), exactly when small (columns.py, exact.py), with an upper bound on its
savings (bounds.py); records.py writes the groups, assignments and their reasons; solve.py
runs it all within the work limits of budget.py.

Optimality is relative to the candidate graph: see matching.py for the k-nearest cap that
applies to dense categories only.
"""

from mutualiser.engine.grouping.records import add_shares
from mutualiser.engine.grouping.solve import solve

__all__ = ["add_shares", "solve"]
