"""Split a pooling group's yearly cost between its partners (DESIGN.md, domain.md §6).

The group pays `C(S) = costmodel.group_cost` for one shared resource. Six keys split it:

- "equal": C(S) / n.
- "proportional": by use, the sum of each partner's 12 monthly quantities.
- "budget": by annual budget; equal when a budget is missing (a note says so).
- "fixed_variable": `fixed_share` of C(S) equally, the rest by use.
- "serial": Moulin–Shenker serial cost sharing, the airport rule's generalisation (see
  `serial_shares`): the cost of the resource is built up in increments, each increment is
  split equally among the partners whose use requires it, so a small user never pays for a
  large user's growth; each partner pays its own coordination overhead.
- "shapley": the Shapley value of the cost game `c(T) = costmodel.coalition_cost` over the
  sub-coalitions T of S, with `c(S) = C(S)` so that it splits what the group actually pays.
  Exact by subset enumeration (NumPy, all 2^n coalitions) up to `shapley_exact_limit`
  partners; beyond, antithetic permutation sampling with a standard error.

Each key is checked against the core of the game `c` (no coalition T pays more than c(T)):
exactly over every coalition up to the limit, over a sample of coalitions beyond.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from mutualiser.engine.costmodel import (
    MONTHS,
    CostParams,
    cost_from_peak,
    group_cost,
    group_peak,
    standalone_cost,
)
from mutualiser.engine.messages import Reason

RULES = ("equal", "proportional", "budget", "fixed_variable", "serial", "shapley")
DEFAULT_SAMPLES = 4000
MAX_EXACT = 20  # 2^20 coalitions × 14 columns ≈ 120 MB: beyond, always sample
CORE_SAMPLE = 20000  # random coalitions examined by the core check beyond the exact limit
_CAPACITY_SLACK = 1e-9


@dataclass(frozen=True)
class CoreViolation:
    """A coalition that pays more under a key than it would cost on its own."""

    coalition: tuple[str, ...]
    paid: float  # sum of its members' shares
    cost: float  # c(T): what it would pay on its own

    @property
    def excess(self) -> float:
        return self.paid - self.cost

    def reason(self) -> Reason:
        params = {
            "members": list(self.coalition),
            "paid": self.paid,
            "alone": self.cost,
            "excess": self.excess,
        }
        return Reason("share.core_violation", params)


@dataclass(frozen=True)
class CostSharing:
    """Each partner's share of the group's yearly cost under every key, with checks."""

    cost: float  # C(S), $ per year
    standalone: dict[str, float]  # each partner's standalone cost (rate × yearly use)
    shares: dict[str, dict[str, float]]  # org -> rule -> share
    savings: dict[str, dict[str, float]]  # org -> rule -> standalone - share
    in_core: dict[str, bool]  # rule -> no coalition pays more than it would alone
    core_exact: bool  # False: the core check examined a sample of coalitions only
    shapley_exact: bool
    shapley_error: float  # largest standard error of a Shapley share (0 when exact)
    feasible: bool  # within one resource's capacity and the category's group size
    notes: tuple[Reason, ...]

    def by_rule(self, rule: str) -> dict[str, float]:
        """The shares under one key, org -> share."""
        return {org: shares[rule] for org, shares in self.shares.items()}


# ----- the cost game over coalitions ---------------------------------------------------------


def _as_matrix(demands: Sequence[Sequence[float]]) -> np.ndarray:
    matrix = np.asarray(demands, dtype=float)
    if matrix.ndim != 2 or matrix.shape[1] != MONTHS:
        raise ValueError("each demand must have 12 monthly quantities")
    if not np.all(np.isfinite(matrix)) or np.any(matrix < 0):
        raise ValueError("monthly quantities must be finite and >= 0")
    return matrix


def mask_bits(n: int, masks: np.ndarray | None = None) -> np.ndarray:
    """Boolean matrix (len(masks), n): row r says which players coalition masks[r] holds.

    Without `masks`, every coalition 0 .. 2^n - 1 in order.
    """
    if masks is None:
        masks = np.arange(1 << n, dtype=np.int64)
    return ((masks[:, None] >> np.arange(n, dtype=np.int64)) & 1).astype(bool)


def subset_sums(values: np.ndarray) -> np.ndarray:
    """Row sums over every coalition: out[mask] = sum of values[i] for the bits i of mask.

    Built by doubling (the masks with bit i are those without it plus values[i]), so it costs
    one addition per coalition and column: O(2^n k).
    """
    n = len(values)
    out = np.empty((1 << n,) + values.shape[1:])
    out[0] = 0.0
    for i in range(n):
        half = 1 << i
        np.add(out[:half], values[i], out=out[half : 2 * half])
    return out


def _price(params: CostParams, sums: np.ndarray) -> np.ndarray:
    """c(T) from per-coalition sums of [12 months | standalone cost | 1] (see _features)."""
    peak = sums[:, :MONTHS].max(axis=1)
    alone = sums[:, MONTHS]
    size = np.rint(sums[:, MONTHS + 1])
    shared = cost_from_peak(params, peak, size)
    feasible = (peak <= params.unit_capacity + _CAPACITY_SLACK) & (size <= params.max_group_size)
    costs = np.where(feasible, np.minimum(alone, shared), alone)
    costs[size == 0] = 0.0
    return costs


def _features(params: CostParams, demands: np.ndarray) -> np.ndarray:
    standalone = params.standalone_rate * demands.sum(axis=1)
    return np.column_stack([demands, standalone, np.ones(len(demands))])


def coalition_costs(params: CostParams, demands: np.ndarray, members: np.ndarray) -> np.ndarray:
    """c(T) = costmodel.coalition_cost for each row of `members` (bool, coalitions × n).

    Vectorised: the month vectors of each coalition are summed by one matrix product, then
    priced through `costmodel.cost_from_peak`, so the formula cannot drift from the contract.
    """
    return _price(params, members.astype(float) @ _features(params, demands))


def coalition_table(params: CostParams, demands: np.ndarray) -> np.ndarray:
    """c(mask) for all 2^n coalitions of the n demands (index = bitmask), by doubling."""
    return _price(params, subset_sums(_features(params, demands)))


@dataclass(frozen=True)
class _Game:
    """The coalitions examined and their costs c(T): all 2^n (index = mask) or a sample."""

    n: int
    costs: np.ndarray
    rows: np.ndarray | None  # bool membership rows when sampled; None when exhaustive

    @property
    def exact(self) -> bool:
        return self.rows is None

    def paid(self, shares: np.ndarray) -> np.ndarray:
        """What each coalition pays: sums of shares (n,) or (n, k)."""
        if self.rows is None:
            return subset_sums(shares)
        return self.rows.astype(float) @ shares

    def members(self, index: int) -> list[int]:
        if self.rows is None:
            return [i for i in range(self.n) if index >> i & 1]
        return [int(i) for i in np.nonzero(self.rows[index])[0]]


def _game(params: CostParams, demands: np.ndarray, exact_limit: int, seed: int) -> _Game:
    """All coalitions up to the limit; beyond, the small and large ones (singletons, pairs and
    their complements, where violations usually hide) and a random sample."""
    n = len(demands)
    if n <= min(exact_limit, MAX_EXACT):
        return _Game(n, coalition_table(params, demands), None)
    eye = np.eye(n, dtype=bool)
    first, second = np.triu_indices(n, k=1)
    pairs = eye[first] | eye[second]
    rng = np.random.default_rng(seed)
    density = rng.uniform(0.1, 0.9, size=(CORE_SAMPLE, 1))
    sample = rng.random((CORE_SAMPLE, n)) < density
    rows = np.concatenate([eye, pairs, ~eye, ~pairs, sample, np.ones((1, n), dtype=bool)])
    rows = rows[rows.any(axis=1)]
    return _Game(n, coalition_costs(params, demands, rows), rows)


# ----- Shapley value -------------------------------------------------------------------------


def shapley_from_table(costs: np.ndarray) -> np.ndarray:
    """Exact Shapley value from c(mask) for all 2^n masks (index = bitmask), O(n 2^n).

    phi_i = sum over T without i of w(|T|) (c(T + i) - c(T)), w(s) = s! (n-s-1)! / n!. The
    table is viewed as an n-dimensional 2×…×2 array so that, for each i, the coalitions with
    and without i are two strided slices: no index arrays, no Python loop over coalitions.
    """
    n = int(round(math.log2(len(costs))))
    if n < 1 or 1 << n != len(costs):
        raise ValueError("the table must hold 2^n coalition costs, n >= 1")
    sizes = subset_sums(np.ones(n))
    weights = np.array([1.0 / (n * math.comb(n - 1, s)) if s < n else 0.0 for s in range(n + 1)])
    cube = np.asarray(costs, dtype=float).reshape((2,) * n)
    weight_cube = weights[np.rint(sizes).astype(int)].reshape((2,) * n)
    values = np.empty(n)
    for i in range(n):
        axis = n - 1 - i  # C order: the last axis is bit 0
        without = np.take(cube, 0, axis=axis)
        with_i = np.take(cube, 1, axis=axis)
        values[i] = np.sum(np.take(weight_cube, 0, axis=axis) * (with_i - without))
    return values


def _antithetic_permutations(n: int, samples: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    half = max(1, (samples + 1) // 2)
    forward = np.argsort(rng.random((half, n)), axis=1)
    return np.concatenate([forward, forward[:, ::-1]])


def _sampled_estimate(contrib: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Mean and standard error of per-permutation contributions (antithetic pairs averaged)."""
    half = len(contrib) // 2
    pairs = (contrib[:half] + contrib[half:]) / 2.0
    mean = pairs.mean(axis=0)
    if half < 2:
        return mean, np.full(contrib.shape[1], np.inf)
    return mean, pairs.std(axis=0, ddof=1) / math.sqrt(half)


def shapley_value(
    n: int,
    cost: Callable[[int], float],
    *,
    exact_limit: int = 16,
    samples: int = DEFAULT_SAMPLES,
    seed: int = 0,
) -> tuple[np.ndarray, np.ndarray]:
    """Shapley value of any cost game on n players, `cost(mask)` for a coalition bitmask.

    Returns (values, standard errors); the errors are 0 when exact (n <= exact_limit).
    Beyond, `samples` permutations in antithetic pairs (each with its reverse). Values sum
    to cost(full) - cost(0) either way.
    """
    if n < 1:
        raise ValueError("a game needs at least one player")
    if n <= exact_limit:
        table = np.array([cost(mask) for mask in range(1 << n)], dtype=float)
        return shapley_from_table(table), np.zeros(n)
    perms = _antithetic_permutations(n, samples, seed)
    contrib = np.zeros(perms.shape)
    for row, order in enumerate(perms):
        mask, before = 0, cost(0)
        for player in order:
            mask |= 1 << int(player)
            after = cost(mask)
            contrib[row, player] = after - before
            before = after
    return _sampled_estimate(contrib)


def _group_shapley_sampled(
    params: CostParams, demands: np.ndarray, grand_cost: float, samples: int, seed: int
) -> tuple[np.ndarray, np.ndarray]:
    """Permutation sampling of the group's game, all permutations priced at once."""
    n = len(demands)
    perms = _antithetic_permutations(n, samples, seed)
    prefix = np.cumsum(demands[perms], axis=1)  # (samples, n, 12)
    peak = prefix.max(axis=2)
    alone = np.cumsum(params.standalone_rate * demands.sum(axis=1)[perms], axis=1)
    size = np.arange(1, n + 1)
    shared = cost_from_peak(params, peak, size)
    feasible = (peak <= params.unit_capacity + _CAPACITY_SLACK) & (size <= params.max_group_size)
    costs = np.where(feasible, np.minimum(alone, shared), alone)
    costs[:, -1] = grand_cost
    marginal = np.diff(costs, axis=1, prepend=0.0)
    contrib = np.zeros(perms.shape)
    np.put_along_axis(contrib, perms, marginal, axis=1)
    return _sampled_estimate(contrib)


# ----- serial (airport) ----------------------------------------------------------------------


def serial_split(levels: Sequence[float]) -> list[float]:
    """Airport rule: member k (sorted) needs the cost level levels[k] (non-decreasing).

    Each increment levels[k] - levels[k-1] is split equally among members k..n-1, the ones
    who need it. Littlechild & Owen: levels 8, 11, 13, 18 give 2, 3, 4, 9.
    """
    n = len(levels)
    shares, paid, previous = [], 0.0, 0.0
    for k, level in enumerate(levels):
        if level < previous - 1e-9:
            raise ValueError("levels must be non-decreasing")
        paid += (level - previous) / (n - k)
        shares.append(paid)
        previous = level
    return shares


def serial_shares(params: CostParams, demands: np.ndarray) -> np.ndarray:
    """Moulin–Shenker serial cost sharing of C(S), generalised to monthly demand vectors.

    Partners are sorted by yearly use u. Level k prices the resource when every partner at
    or above rank k is scaled down to partner k's use (its profile × u_k / u_j), partners
    below k keeping their own: a nested, non-decreasing sequence ending at the full group.
    `serial_split` then shares each increment among those who need it. Scaling keeps each
    partner's seasonal shape, so a partner growing proportionally leaves the smaller
    partners' shares unchanged. Coordination overhead is each partner's own.
    """
    n = len(demands)
    use = demands.sum(axis=1)
    order = np.argsort(use, kind="stable")
    levels = []
    for k in range(n):
        own = use[order[k]]
        profile = demands[order[:k]].sum(axis=0)
        for j in order[k:]:
            factor = own / use[j] if use[j] > 0 else 1.0
            profile = profile + demands[j] * factor
        levels.append(float(cost_from_peak(params, float(profile.max()), 0)))
    shares = np.empty(n)
    shares[order] = serial_split(levels)
    return shares + MONTHS * params.member_overhead


# ----- core ----------------------------------------------------------------------------------


def _violations(
    orgs: Sequence[str], game: _Game, paid: np.ndarray, tolerance: float
) -> list[CoreViolation]:
    found = np.nonzero(paid > game.costs + tolerance)[0]
    found = found[np.argsort(-(paid[found] - game.costs[found]), kind="stable")]
    return [
        CoreViolation(
            tuple(orgs[i] for i in game.members(int(r))), float(paid[r]), float(game.costs[r])
        )
        for r in found
    ]


def _tolerance(cost: float) -> float:
    return 1e-6 * max(1.0, abs(cost))


def core_violations(
    params: CostParams,
    demands: Mapping[str, Sequence[float]],
    shares: Mapping[str, float],
    *,
    exact_limit: int = 16,
    seed: int = 0,
    limit: int | None = 5,
) -> list[CoreViolation]:
    """Coalitions that would pay more under `shares` than on their own, worst first.

    Exact over all coalitions up to `exact_limit` partners, sampled beyond (may miss some).
    `limit` caps the list (None: all of them). Use `CoreViolation.reason()` to explain one.
    """
    orgs = list(demands)
    matrix = _as_matrix([demands[org] for org in orgs])
    vector = np.array([float(shares[org]) for org in orgs])
    game = _game(params, matrix, exact_limit, seed)
    found = _violations(orgs, game, game.paid(vector), _tolerance(float(vector.sum())))
    return found if limit is None else found[:limit]


# ----- the keys ------------------------------------------------------------------------------


def _by_weight(total: float, weights: np.ndarray) -> np.ndarray | None:
    mass = weights.sum()
    if mass <= 0:
        return None
    return total * weights / mass


def share_cost(
    params: CostParams,
    demands: Mapping[str, Sequence[float]],
    *,
    budgets: Mapping[str, float] | None = None,
    fixed_share: float = 0.5,
    shapley_exact_limit: int = 16,
    samples: int = DEFAULT_SAMPLES,
    seed: int = 0,
) -> CostSharing:
    """Split the group's yearly cost C(S) under every key of RULES, with savings and core checks.

    `demands` maps an organisation id to its 12 monthly quantities (insertion order kept).
    Shares sum to C(S) under every key, even for an infeasible or unprofitable group (then a
    note says so and the core check fails where a coalition would do better alone).
    Exact Shapley and core check cost O(n 2^n): about 4 ms at 15 partners (bench/).
    """
    if not demands:
        raise ValueError("a group needs at least one partner")
    if not 0.0 <= fixed_share <= 1.0:
        raise ValueError("fixed_share must be between 0 and 1")
    orgs = list(demands)
    matrix = _as_matrix([demands[org] for org in orgs])
    n = len(orgs)
    rows = [list(map(float, row)) for row in matrix]
    cost = group_cost(params, rows)
    standalone = np.array([standalone_cost(params, row) for row in rows])
    use = matrix.sum(axis=1)
    notes: list[Reason] = []

    peak = group_peak(rows)
    feasible = peak <= params.unit_capacity + _CAPACITY_SLACK and n <= params.max_group_size
    if not feasible:
        notes.append(Reason("share.infeasible", {"peak": peak, "capacity": params.unit_capacity}))
    if cost > standalone.sum() + _tolerance(cost):
        notes.append(Reason("share.not_worthwhile", {"cost": cost, "alone": standalone.sum()}))

    equal = np.full(n, cost / n)
    proportional = _by_weight(cost, use)
    if proportional is None:
        notes.append(Reason("share.no_use"))
        proportional = equal
    budget = None
    if budgets is not None and all(org in budgets for org in orgs):
        values = np.array([float(budgets[org]) for org in orgs])
        if np.all(np.isfinite(values)) and np.all(values >= 0):
            budget = _by_weight(cost, values)
    if budget is None:
        notes.append(Reason("share.budget_missing"))
        budget = equal
    fixed = fixed_share * cost
    variable = _by_weight(cost - fixed, use)
    if variable is None:
        variable = np.full(n, (cost - fixed) / n)
    fixed_variable = fixed / n + variable

    game = _game(params, matrix, shapley_exact_limit, seed)
    if game.exact:
        table = game.costs.copy()
        table[-1] = cost  # the grand coalition pays what the group actually pays
        shapley = shapley_from_table(table)
        errors = np.zeros(n)
    else:
        shapley, errors = _group_shapley_sampled(params, matrix, cost, samples, seed)
        notes.append(
            Reason("share.shapley_sampled", {"samples": samples, "error": float(errors.max())})
        )
        checked = len(game.costs)
        notes.append(Reason("share.core_partial", {"checked": checked, "total": 2**n - 1}))

    keyed = {
        "equal": equal,
        "proportional": proportional,
        "budget": budget,
        "fixed_variable": fixed_variable,
        "serial": serial_shares(params, matrix),
        "shapley": shapley,
    }
    tolerance = _tolerance(cost)
    paid = game.paid(np.column_stack([keyed[rule] for rule in RULES]))
    in_core = {
        rule: bool(np.all(paid[:, column] <= game.costs + tolerance))
        for column, rule in enumerate(RULES)
    }
    shares = {org: {rule: float(keyed[rule][i]) for rule in RULES} for i, org in enumerate(orgs)}
    savings = {
        org: {rule: float(standalone[i]) - shares[org][rule] for rule in RULES}
        for i, org in enumerate(orgs)
    }
    return CostSharing(
        cost=float(cost),
        standalone={org: float(standalone[i]) for i, org in enumerate(orgs)},
        shares=shares,
        savings=savings,
        in_core=in_core,
        core_exact=game.exact,
        shapley_exact=game.exact,
        shapley_error=float(errors.max()),
        feasible=bool(feasible),
        notes=tuple(notes),
    )
