"""The next step offered to a reader: what to do, why, where, and the button's words."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class NextStep:
    title: str
    text: str
    url: str
    action: str
