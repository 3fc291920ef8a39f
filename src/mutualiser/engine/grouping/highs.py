"""HiGHS (through highspy) on set-packing models: silent, one thread, deterministic.

Work limits are counted, never timed: `node_limit` caps the MILP's branch-and-bound nodes
and `iteration_limit` the simplex iterations, so the same model gives the same answer on an
idle or a busy machine. `time_limit` exists only as the outer safety net of a run.
"""

from __future__ import annotations

import os

import numpy as np
from scipy.sparse import csc_matrix

_HIGHS_BANNER_SHOWN = False


def new_highs():  # noqa: ANN202
    """A silent HiGHS; its one-time banner goes to /dev/null, not to our stdout."""
    import highspy

    global _HIGHS_BANNER_SHOWN
    if _HIGHS_BANNER_SHOWN:
        highs = highspy.Highs()
    else:
        saved = os.dup(1)
        try:
            with open(os.devnull, "w") as null:
                os.dup2(null.fileno(), 1)
                highs = highspy.Highs()
        finally:
            os.dup2(saved, 1)
            os.close(saved)
        _HIGHS_BANNER_SHOWN = True
    highs.setOptionValue("output_flag", False)
    highs.setOptionValue("threads", 1)
    return highs


def packing_highs(
    rows: np.ndarray,
    cols: np.ndarray,
    values: np.ndarray,
    row_upper: np.ndarray,
    savings: np.ndarray,
    *,
    integral: bool,
):  # noqa: ANN201
    """A silent HiGHS holding max savings.x s.t. A x <= row_upper, 0 <= x <= 1."""
    matrix = csc_matrix((values, (rows, cols)), shape=(len(row_upper), len(savings)))
    return packing_highs_by_column(
        matrix.indptr[:-1], matrix.indices, matrix.data, row_upper, savings, integral=integral
    )


def packing_highs_by_column(
    starts: np.ndarray,
    index: np.ndarray,
    values: np.ndarray,
    row_upper: np.ndarray,
    savings: np.ndarray,
    *,
    integral: bool,
):  # noqa: ANN201
    """The same from a column-wise matrix: column j's rows are index[starts[j]:starts[j+1]]."""
    import highspy

    n_rows, n_cols = len(row_upper), len(savings)
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = n_cols, n_rows
    lp.col_cost_ = savings.astype(float)
    lp.col_lower_ = np.zeros(n_cols)
    lp.col_upper_ = np.ones(n_cols)
    lp.row_lower_ = np.full(n_rows, -highspy.kHighsInf)
    lp.row_upper_ = row_upper.astype(float)
    lp.sense_ = highspy.ObjSense.kMaximize
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = np.append(starts, len(index)).astype(np.int32)
    lp.a_matrix_.index_ = np.asarray(index).astype(np.int32)
    lp.a_matrix_.value_ = np.asarray(values).astype(float)
    if integral:
        lp.integrality_ = [highspy.HighsVarType.kInteger] * n_cols
        highs_options = PACKING_MIP_OPTIONS
    else:
        highs_options = {}
    highs = new_highs()
    for name, value in highs_options.items():
        highs.setOptionValue(name, value)
    highs.passModel(lp)
    return highs


# Set packings of a few dozen to a few hundred rows: HiGHS's sub-MIP heuristics, restarts
# and a large cut pool cost more than they find (measured on 39 rows x 200 columns: 0.8 s
# with the defaults, 0.25 s without sub-MIPs and restarts, 0.12 s with a pool of 100 cuts;
# the same optimum each time).
MIP_OPTIONS = {
    "mip_heuristic_run_rins": False,
    "mip_heuristic_run_rens": False,
    "mip_allow_restart": False,
    "mip_pool_soft_limit": 100,
}
# The restricted set packings of strategy.py (24-146 rows, 46-254 columns, solved at the root
# node): HiGHS's root reduced-cost sub-MIP and feasibility jump find nothing its branching
# does not find next, and a smaller cut pool separates less (measured on the 13 restricted
# MILPs of bench_quality --sizes 80,400: 0.50 s of CPU with MIP_OPTIONS, 0.25 s with these;
# the same optimum on each).
PACKING_MIP_OPTIONS = {
    **MIP_OPTIONS,
    "mip_heuristic_run_root_reduced_cost": False,
    "mip_heuristic_run_feasibility_jump": False,
    "mip_pool_soft_limit": 30,
}


def run_checked(highs) -> None:  # noqa: ANN001
    """Run; retry once on a thread-scheduler clash; raise when HiGHS fails outright."""
    import highspy

    highs.run()
    if highs.getModelStatus() == highspy.HighsModelStatus.kNotset:
        # Another HiGHS user in this process started the thread scheduler with more threads;
        # ours refuses to run with one. Restart the scheduler with one thread and retry.
        highspy.Highs.resetGlobalScheduler(True)
        highs.run()
    if highs.getModelStatus() in (
        highspy.HighsModelStatus.kNotset,
        highspy.HighsModelStatus.kLoadError,
        highspy.HighsModelStatus.kModelError,
        highspy.HighsModelStatus.kSolveError,
    ):
        raise RuntimeError(f"HiGHS failed on a set packing: {highs.getModelStatus()}")


def run_highs(
    rows: np.ndarray,
    cols: np.ndarray,
    values: np.ndarray,
    row_upper: np.ndarray,
    savings: np.ndarray,
    *,
    integral: bool,
    time_limit: float | None,
    duals: list[np.ndarray] | None = None,
    node_limit: int | None = None,
    mip_gap: float = 1e-9,
    primal: list[np.ndarray] | None = None,
) -> tuple[np.ndarray | None, float, bool, float | None]:
    """max savings.x s.t. A x <= row_upper, 0 <= x <= 1: chosen columns, value, optimal, gap.

    For the LP (`integral=False`), `duals` receives the row duals (>= 0) and `primal` the
    column values. For the MILP, `node_limit` caps branch-and-bound nodes and `mip_gap` is
    the relative gap at which HiGHS stops (both work limits, the same on any machine).
    """
    import highspy

    highs = packing_highs(rows, cols, values, row_upper, savings, integral=integral)
    highs.setOptionValue("mip_rel_gap", float(mip_gap))
    if node_limit is not None:
        highs.setOptionValue("mip_max_nodes", int(node_limit))
    if time_limit is not None:
        highs.setOptionValue("time_limit", max(0.01, float(time_limit)))
    run_checked(highs)
    optimal = highs.getModelStatus() == highspy.HighsModelStatus.kOptimal
    info = highs.getInfo()
    if integral and info.primal_solution_status == 0:  # no feasible point found in time
        return None, 0.0, False, None
    result = highs.getSolution()
    solution = np.asarray(result.col_value)
    if primal is not None:
        primal.append(solution)
    if duals is not None:
        duals.append(np.maximum(np.asarray(result.row_dual, dtype=float), 0.0))
    chosen = np.flatnonzero(solution > 0.5) if integral else solution
    gap = 0.0 if optimal else (float(info.mip_gap) if integral else None)
    return chosen, float(info.objective_function_value), optimal, gap
