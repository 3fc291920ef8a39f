"""How much work each component gets, counted (items, groups), never in seconds.

The other work limits live next to the step they limit: local-search passes in
heuristic.py, dive steps in relaxation.py, MILP columns and nodes and the gap target in
strategy.py, the national-run limits in solve.py.
"""

from __future__ import annotations

DEFAULT_EXACT_LIMIT = 250  # items (needs + offers) of a component tried by LP and MILP, at most
DEFAULT_COLUMN_LIMIT = 60_000  # groups visited while enumerating one component, at most
