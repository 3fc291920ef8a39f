"""Engine pieces and results <-> the JSON kept in the database.

A piece's result is kept at full precision (not rounded to the cent like the result file),
so that merging the pieces read back gives exactly the single-process answer.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from mutualiser.engine.instance import (
    Assignment,
    ComponentStats,
    Cut,
    Group,
    Result,
    instance_from_dict,
    instance_to_dict,
    reasons_from_dicts,
)
from mutualiser.engine.split import Piece

from .models import EngineRunPiece


def piece_record(piece: Piece) -> dict[str, Any]:
    """The fields of an EngineRunPiece row holding this piece."""
    return {
        "key": piece.key,
        "category": piece.category,
        "instance": instance_to_dict(piece.instance),
        "cut": dataclasses.asdict(piece.cut) if piece.cut is not None else None,
    }


def piece_from_row(row: EngineRunPiece) -> Piece:
    cut = Cut(**row.cut) if row.cut else None
    return Piece(row.key, row.category, instance_from_dict(row.instance), cut)


def result_to_json(result: Result) -> dict[str, Any]:
    return dataclasses.asdict(result)


def result_from_json(data: dict[str, Any]) -> Result:
    """The inverse of `result_to_json` (tuples come back from JSON as lists)."""
    return Result(
        groups=tuple(
            Group(**{**g, "items": tuple(g["items"]), "reasons": reasons_from_dicts(g["reasons"])})
            for g in data["groups"]
        ),
        assignments=tuple(
            Assignment(**{**a, "reasons": reasons_from_dicts(a["reasons"])})
            for a in data["assignments"]
        ),
        total_savings=data["total_savings"],
        components=tuple(ComponentStats(**c) for c in data["components"]),
        cuts=tuple(Cut(**c) for c in data["cuts"]),
    )
