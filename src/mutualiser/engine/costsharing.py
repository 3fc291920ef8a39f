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

`share_costs` prices many groups at once (a result has thousands): groups of the same size
are stacked and every key, Shapley value and core check is computed for all of them by NumPy;
`share_cost` is its one-group case, so both always agree.

Each key is checked against the core of the game `c` (no coalition T pays more than c(T)):
exactly over every coalition up to the limit, over a sample of coalitions beyond.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from mutualiser.engine.costmodel import (
    MONTHS,
    CostParams,
    cost_from_peak,
)
from mutualiser.words.reasons import Reason

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
    peak = sums[..., :MONTHS].max(axis=-1)
    alone = sums[..., MONTHS]
    size = np.rint(sums[..., MONTHS + 1])
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


# ----- the keys, for many groups at once -------------------------------------------------------

_CHUNK_COALITIONS = 1 << 17  # coalitions priced per chunk: 2^n × G × 13 floats ≈ 14 MB
_WEIGHTS_MAX = 16  # marginal-weight matrices kept up to 2^16 × 16 floats (8 MB); beyond, O(n 2^n)
_NO_USE = Reason("share.no_use")  # notes without parameters: one instance for every group
_BUDGET_MISSING = Reason("share.budget_missing")


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many acyclic objects.

    Each group's CostSharing holds about 2n + 8 dicts, so 20,000 groups trigger hundreds of
    collections that traverse the caller's heap (large in a national run) and find nothing:
    pausing it saves about 40 % of `share_costs` (bench/bench_shapley.py). The collector is
    process-wide; it is re-enabled only if it was on.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@functools.cache
def _shapley_weights(n: int) -> np.ndarray:
    """The (2^n, n) matrix W with Shapley value = table @ W for a table of the 2^n c(mask).

    phi_i = sum over T without i of w(|T|) (c(T + i) - c(T)), w(s) = s! (n-s-1)! / n!: the
    coalition M weighs +w(|M| - 1) for each of its members and -w(|M|) for the others.
    """
    bits = mask_bits(n)
    sizes = bits.sum(axis=1)
    weights = np.array([1.0 / (n * math.comb(n - 1, s)) if s < n else 0.0 for s in range(n + 1)])
    matrix = np.where(bits, weights[np.maximum(sizes - 1, 0)][:, None], -weights[sizes][:, None])
    matrix.flags.writeable = False
    return matrix


def _as_tensor(groups: Sequence[Sequence[Sequence[float]]]) -> np.ndarray:
    """(G, n, 12) demands of G groups of n partners, validated like `_as_matrix`."""
    try:
        tensor = np.asarray(groups, dtype=float)
    except ValueError as error:  # ragged month lists
        raise ValueError("each demand must have 12 monthly quantities") from error
    if tensor.ndim != 3 or tensor.shape[2] != MONTHS:
        raise ValueError("each demand must have 12 monthly quantities")
    if not np.all(np.isfinite(tensor)) or np.any(tensor < 0):
        raise ValueError("monthly quantities must be finite and >= 0")
    return tensor


def _by_weights(totals: np.ndarray, weights: np.ndarray, valid: np.ndarray) -> np.ndarray:
    """totals[g] split by weights[g] (G, n) where valid[g] (then the weights sum to > 0)."""
    mass = np.where(valid, weights.sum(axis=1), 1.0)
    return totals[:, None] * np.where(valid[:, None], weights, 1.0) / mass[:, None]


def _serial_batch(params: CostParams, demands: np.ndarray, use: np.ndarray) -> np.ndarray:
    """`serial_shares` of G groups at once: demands (G, n, 12), yearly use (G, n)."""
    n = demands.shape[1]
    order = np.argsort(use, axis=1, kind="stable")
    ranked_use = np.take_along_axis(use, order, axis=1)
    ranked = np.take_along_axis(demands, order[:, :, None], axis=1)
    # factor[g, k, j]: weight of (ranked) partner j in level k, whole below k, scaled from k on
    positive = ranked_use > 0
    ratio = ranked_use[:, :, None] / np.where(positive, ranked_use, 1.0)[:, None, :]
    factor = np.where(positive[:, None, :], ratio, 1.0)
    factor = np.where(np.tri(n, k=-1, dtype=bool), 1.0, factor)
    levels = cost_from_peak(params, (factor @ ranked).max(axis=2), 0)
    increments = np.diff(levels, axis=1, prepend=0.0)  # each one shared by those who need it
    paid = np.cumsum(increments / (n - np.arange(n)), axis=1)
    shares = np.empty_like(paid)
    np.put_along_axis(shares, order, paid, axis=1)
    return shares + MONTHS * params.member_overhead


def serial_shares(params: CostParams, demands: np.ndarray) -> np.ndarray:
    """Moulin–Shenker serial cost sharing of C(S), generalised to monthly demand vectors.

    Partners are sorted by yearly use u. Level k prices the resource when every partner at
    or above rank k is scaled down to partner k's use (its profile × u_k / u_j), partners
    below k keeping their own: a nested, non-decreasing sequence ending at the full group.
    Each increment is shared among those who need it (`serial_split`). Scaling keeps each
    partner's seasonal shape, so a partner growing proportionally leaves the smaller
    partners' shares unchanged. Coordination overhead is each partner's own.
    """
    matrix = np.asarray(demands, dtype=float)[None]
    return _serial_batch(params, matrix, matrix.sum(axis=2))[0]


def _exact_games(
    params: CostParams, demands: np.ndarray, standalone: np.ndarray, cost: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """c(mask) of every coalition of G groups, (2^n, G), and their exact Shapley values (G, n).

    The grand coalition's Shapley table entry is C(S), what the group actually pays.
    """
    features = np.concatenate(
        [demands, standalone[:, :, None], np.ones(standalone.shape + (1,))], axis=2
    )
    costs = _price(params, subset_sums(np.moveaxis(features, 1, 0)))  # (2^n, G)
    table = costs.T.copy()
    table[:, -1] = cost
    n = demands.shape[1]
    if n > _WEIGHTS_MAX:
        return costs, np.array([shapley_from_table(row) for row in table])
    return costs, np.einsum("gm,mi->gi", table, _shapley_weights(n))  # no BLAS threads


@dataclass
class _Bucket:
    """The numbers of G groups of n partners: every key, the flags, the sampling notes."""

    keyed: np.ndarray  # (G, n, len(RULES)) shares
    standalone: np.ndarray  # (G, n)
    cost: np.ndarray  # (G,) C(S)
    peak: np.ndarray
    alone: np.ndarray
    flags: tuple[np.ndarray, ...]  # feasible, worthless, used, budgeted (G,), in_core (G, rules)
    errors: np.ndarray
    exact: bool
    partial: list[tuple[Reason, Reason]]


def _bucket_numbers(
    params: CostParams,
    demands: np.ndarray,
    budget_values: np.ndarray | None,
    fixed_share: float,
    exact: bool,
    samples: int,
    seed: int,
) -> _Bucket:
    """Every key of G groups of the same size n, demands (G, n, 12); budgets (G, n) with NaN
    where a partner has none, or None when no partner has one."""
    count, n, _ = demands.shape
    use = demands.sum(axis=2)
    standalone = params.standalone_rate * use
    peak = demands.sum(axis=1).max(axis=1)
    cost = cost_from_peak(params, peak, n)
    alone = standalone.sum(axis=1)
    feasible = (peak <= params.unit_capacity + _CAPACITY_SLACK) & (n <= params.max_group_size)
    tolerance = 1e-6 * np.maximum(1.0, np.abs(cost))
    worthless = cost > alone + tolerance

    equal = np.repeat((cost / n)[:, None], n, axis=1)
    used = use.sum(axis=1) > 0
    proportional = np.where(used[:, None], _by_weights(cost, use, used), equal)
    if budget_values is None:
        budgeted = np.zeros(count, dtype=bool)
        budget = equal
    else:
        values = budget_values
        budgeted = np.all(np.isfinite(values) & (values >= 0), axis=1)
        budgeted &= np.where(budgeted[:, None], values, 0.0).sum(axis=1) > 0
        budget = np.where(budgeted[:, None], _by_weights(cost, values, budgeted), equal)
    fixed = fixed_share * cost
    variable = np.where(
        used[:, None], _by_weights(cost - fixed, use, used), ((cost - fixed) / n)[:, None]
    )
    fixed_variable = (fixed / n)[:, None] + variable
    serial = _serial_batch(params, demands, use)

    keyed = np.stack([equal, proportional, budget, fixed_variable, serial, equal], axis=2)
    partial: list[tuple[Reason, Reason]] = []
    if exact:
        costs, keyed[:, :, -1] = _exact_games(params, demands, standalone, cost)
        errors = np.zeros(count)
        paid = subset_sums(np.moveaxis(keyed, 1, 0))  # (2^n, G, rules)
        in_core = np.all(paid <= (costs + tolerance)[:, :, None], axis=0)
    else:
        errors, in_core = np.empty(count), np.empty((count, len(RULES)), dtype=bool)
        for g in range(count):
            game = _game(params, demands[g], 0, seed)
            keyed[g, :, -1], spread = _group_shapley_sampled(
                params, demands[g], cost[g], samples, seed
            )
            errors[g] = spread.max()
            in_core[g] = np.all(game.paid(keyed[g]) <= (game.costs + tolerance[g])[:, None], axis=0)
            sampled = {"samples": samples, "error": float(errors[g])}
            checked = {"checked": len(game.costs), "total": 2**n - 1}
            partial.append(
                (Reason("share.shapley_sampled", sampled), Reason("share.core_partial", checked))
            )
    flags = (feasible, worthless, used, budgeted, in_core)
    return _Bucket(keyed, standalone, cost, peak, alone, flags, errors, exact, partial)


def _share_bucket(
    params: CostParams,
    orgs: Sequence[Mapping[str, Sequence[float]]],
    demands: np.ndarray,
    budgets: Mapping[str, float] | None,
    fixed_share: float,
    exact: bool,
    samples: int,
    seed: int,
) -> list[CostSharing]:
    """`share_cost` for G groups of the same size n, demands (G, n, 12)."""
    values = None
    if budgets is not None:
        values = np.array(
            [[budgets.get(org, math.nan) for org in group] for group in orgs], dtype=float
        )
    b = _bucket_numbers(params, demands, values, fixed_share, exact, samples, seed)
    return _sharings(
        params,
        orgs,
        b.keyed,
        b.standalone,
        b.cost,
        b.peak,
        b.alone,
        flags=b.flags,
        errors=b.errors,
        exact=b.exact,
        partial=b.partial,
    )


def share_arrays(
    params: CostParams,
    demands: np.ndarray,
    *,
    budgets: np.ndarray | None = None,
    fixed_share: float = 0.5,
    shapley_exact_limit: int = 16,
    samples: int = DEFAULT_SAMPLES,
    seed: int = 0,
) -> tuple[np.ndarray, np.ndarray]:
    """The shares of G groups of the same size n, straight from their (G, n, 12) demands.

    Returns the shares (G, n, len(RULES)) and the core answers (G, len(RULES)), the same
    numbers as `share_costs` gives for these groups (partner k of group g being row
    demands[g, k]), without building a CostSharing, its dicts and notes per group: what a
    national result (200,000 groups) needs. `budgets` is (G, n), NaN where a partner has no
    budget, or None when none has one. The partners of a group must be distinct.
    """
    if not 0.0 <= fixed_share <= 1.0:
        raise ValueError("fixed_share must be between 0 and 1")
    demands = np.asarray(demands, dtype=float)
    if demands.ndim != 3 or demands.shape[2] != MONTHS or demands.shape[1] < 1:
        raise ValueError("demands must be (groups, partners, 12)")
    if not np.all(np.isfinite(demands)) or np.any(demands < 0):
        raise ValueError("monthly quantities must be finite and >= 0")
    count, n, _ = demands.shape
    exact = n <= min(shapley_exact_limit, MAX_EXACT)
    step = max(1, _CHUNK_COALITIONS >> n) if exact else 1
    keyed = np.empty((count, n, len(RULES)))
    in_core = np.empty((count, len(RULES)), dtype=bool)
    for start in range(0, count, step):
        part = slice(start, start + step)
        values = None if budgets is None else budgets[part]
        b = _bucket_numbers(params, demands[part], values, fixed_share, exact, samples, seed)
        keyed[part], in_core[part] = b.keyed, b.flags[-1]
    return keyed, in_core


def _sharings(
    params: CostParams,
    orgs: Sequence[Mapping[str, Sequence[float]]],
    keyed: np.ndarray,
    standalone: np.ndarray,
    cost: np.ndarray,
    peak: np.ndarray,
    alone: np.ndarray,
    *,
    flags: tuple[np.ndarray, ...],
    errors: np.ndarray,
    exact: bool,
    partial: list[tuple[Reason, Reason]],
) -> list[CostSharing]:
    """The CostSharing objects of a bucket, G groups of n partners.

    Every array leaves NumPy once, flat, through tolist(); the rule dicts are built as dict
    displays (twice as fast as dict(zip(RULES, row))), then each group takes its next n.
    """
    standalone_flat = iter(standalone.ravel().tolist())
    shares = iter(_rule_dicts(keyed))
    savings = iter(_rule_dicts(standalone[:, :, None] - keyed))
    in_core = _rule_dicts(flags[-1])
    feasible, worthless, used, budgeted = (flag.tolist() for flag in flags[:-1])
    capacity = params.unit_capacity
    out = []
    for g, (members, costs, peaks, alones, error) in enumerate(
        zip(orgs, cost.tolist(), peak.tolist(), alone.tolist(), errors.tolist(), strict=True)
    ):
        notes = []
        if not feasible[g]:
            notes.append(Reason("share.infeasible", {"peak": peaks, "capacity": capacity}))
        if worthless[g]:
            notes.append(Reason("share.not_worthwhile", {"cost": costs, "alone": alones}))
        if not used[g]:
            notes.append(_NO_USE)
        if not budgeted[g]:
            notes.append(_BUDGET_MISSING)
        if partial:
            notes.extend(partial[g])
        out.append(
            CostSharing(
                cost=costs,
                standalone=dict(zip(members, standalone_flat, strict=False)),
                shares=dict(zip(members, shares, strict=False)),
                savings=dict(zip(members, savings, strict=False)),
                in_core=in_core[g],
                core_exact=exact,
                shapley_exact=exact,
                shapley_error=error,
                feasible=feasible[g],
                notes=tuple(notes),
            )
        )
    return out


def _rule_dicts(values: np.ndarray) -> list[dict[str, Any]]:
    """One dict rule -> value per row of the last axis (one value per rule of RULES)."""
    equal, proportional, budget, fixed_variable, serial, shapley = RULES
    flat = iter(values.ravel().tolist())
    return [
        {equal: a, proportional: b, budget: c, fixed_variable: d, serial: e, shapley: f}
        for a, b, c, d, e, f in zip(flat, flat, flat, flat, flat, flat, strict=True)
    ]


def share_costs(
    params: CostParams,
    groups: Sequence[Mapping[str, Sequence[float]]],
    *,
    budgets: Mapping[str, float] | None = None,
    fixed_share: float = 0.5,
    shapley_exact_limit: int = 16,
    samples: int = DEFAULT_SAMPLES,
    seed: int = 0,
) -> list[CostSharing]:
    """`share_cost` of every group (org id -> 12 months), in order, vectorised across groups.

    Groups are bucketed by size n and priced together: their 2^n coalition costs by subset
    sums of stacked (G, n, 12) demands through `costmodel.cost_from_peak`, the exact Shapley
    values by one product with the marginal-weight matrix of n, the core check over every
    coalition and all keys at once. Groups above the exact limit are sampled one at a time.
    `share_cost(params, g)` is `share_costs(params, [g])[0]`.
    """
    if not 0.0 <= fixed_share <= 1.0:
        raise ValueError("fixed_share must be between 0 and 1")
    by_size: dict[int, list[int]] = {}
    for index, group in enumerate(groups):
        if not group:
            raise ValueError("a group needs at least one partner")
        by_size.setdefault(len(group), []).append(index)
    results: list[CostSharing | None] = [None] * len(groups)
    with _collector_paused():
        for n, indices in by_size.items():
            exact = n <= min(shapley_exact_limit, MAX_EXACT)
            step = max(1, _CHUNK_COALITIONS >> n) if exact else 1
            for start in range(0, len(indices), step):
                chunk = indices[start : start + step]
                members = [groups[index] for index in chunk]
                demands = _as_tensor([[*group.values()] for group in members])
                sharings = _share_bucket(
                    params, members, demands, budgets, fixed_share, exact, samples, seed
                )
                for index, sharing in zip(chunk, sharings, strict=True):
                    results[index] = sharing
    return results  # type: ignore[return-value]


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
    Exact Shapley and core check cost O(n 2^n): about 4 ms at 15 partners (bench/). Many
    groups at once: `share_costs`, the same result for each, far faster.
    """
    if not demands:
        raise ValueError("a group needs at least one partner")
    return share_costs(
        params,
        [demands],
        budgets=budgets,
        fixed_share=fixed_share,
        shapley_exact_limit=shapley_exact_limit,
        samples=samples,
        seed=seed,
    )[0]
