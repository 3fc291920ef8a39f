"""Splitting an instance into independent pieces and merging their results."""

from mutualiser.engine.generator import generate_instance
from mutualiser.engine.grouping import solve
from mutualiser.engine.instance import instance_from_dict
from mutualiser.engine.split import merge_results, solve_piece, split_instance


def test_merged_pieces_equal_a_single_solve_when_nothing_is_cut():
    instance = instance_from_dict(
        generate_instance(50, 8, cities=["Sherbrooke", "Magog", "Granby"])
    )

    pieces = split_instance(instance, max_piece_items=40)
    merged = merge_results([solve_piece(p, with_shares=False) for p in pieces])
    single = solve(instance, with_shares=False)

    assert all(p.cut is None for p in pieces)
    assert len(pieces) > 1
    assert merged.total_savings == single.total_savings
    assert [(g.category, g.items) for g in merged.groups] == [
        (g.category, g.items) for g in single.groups
    ]
    assert merged.assignments == single.assignments


def test_no_compatible_pair_crosses_two_pieces():
    instance = instance_from_dict(generate_instance(60, 2, cities=["Québec", "Lévis"]))

    pieces = split_instance(instance, max_piece_items=30)

    piece_of = {i.id: p.key for p in pieces for i in p.instance.items}
    from mutualiser.engine.matching import find_candidates

    for c in find_candidates(instance).pairs():
        assert piece_of[c.a] == piece_of[c.b]


def test_a_component_too_large_is_cut_along_regions_and_the_cut_is_reported():
    instance = instance_from_dict(generate_instance(200, 1, cities=["Montréal", "Laval"]))

    pieces = split_instance(instance, max_piece_items=10)
    results = [solve_piece(p, with_shares=False) for p in pieces]
    merged = merge_results(results)

    cuts = [p.cut for p in pieces if p.cut is not None]
    assert cuts
    assert all(c.pieces >= 2 and c.cut_edges > 0 and c.savings_at_risk > 0 for c in cuts)
    assert len(merged.cuts) == len(cuts)
