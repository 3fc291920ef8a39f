"""Wording of the engine's reasons: units agree with their number, offers speak of capacity."""

from __future__ import annotations

import dataclasses

import pytest

from mutualiser.engine.diagnostic import ItemProfile, score_item
from mutualiser.words.reasons import NBSP, Reason, render, unit_name
from tests.engine.test_diagnostic import ACCOUNTING, VAN


def reason_for(item: ItemProfile, criterion: str) -> Reason:
    return next(c.reason for c in score_item(item).criteria if c.code == criterion)


@pytest.mark.parametrize(
    ("unit", "quantity", "french", "english"),
    [
        ("month", 1, "mois", "month"),
        ("month", 2, "mois", "months"),
        ("hour", 1, "heure", "hour"),
        ("hour", 1.5, "heure", "hours"),
        ("hour", 2, "heures", "hours"),
        ("day", 1, "jour", "day"),
        ("day", 0.5, "jour", "days"),
        ("day", 3, "jours", "days"),
        ("item", 1, "unité", "item"),
        ("item", 4, "unités", "items"),
        ("m2", 1, "m²", "m²"),
        ("m2", 40, "m²", "m²"),
    ],
)
def test_unit_names_agree_with_the_quantity(unit, quantity, french, english):
    assert unit_name(unit, quantity, "fr") == french
    assert unit_name(unit, quantity, "en") == english


def test_a_single_busy_month_is_not_months():
    reason = Reason("diag.volume.fraction", {"peak": 1, "unit": "month", "fraction": 0.5})

    assert render(reason, "en").startswith("At the busiest month, 1 month, that is 50%")
    assert render(reason, "fr").startswith(f"Au mois le plus chargé, 1{NBSP}mois, soit")


def test_the_busiest_month_of_hours_names_hours():
    item = ItemProfile(category=ACCOUNTING, direction="need", months=[1.0] * 11 + [30.0])

    reason = reason_for(item, "fractional_volume")

    assert f"30{NBSP}heures" in render(reason, "fr")
    assert "30 hours" in render(reason, "en")


def test_one_month_out_of_twelve_is_singular_in_english():
    item = ItemProfile(category=ACCOUNTING, direction="need", months=[0.0] * 11 + [30.0])

    reason = reason_for(item, "recurrence")

    assert render(reason, "en") == "Occasional need: 1 month out of 12."
    assert render(reason, "fr") == f"Besoin ponctuel{NBSP}: 1{NBSP}mois sur 12."


def test_a_seasonal_offer_speaks_of_capacity_not_of_a_need():
    summer = [0.0] * 9 + [10.0] * 3
    offer = ItemProfile(category=VAN, direction="offer", months=summer)
    need = dataclasses.replace(offer, direction="need")

    offer_reason = reason_for(offer, "peak_compatibility")
    need_reason = reason_for(need, "peak_compatibility")

    assert offer_reason.id == "diag.peak.seasonal_offer"
    assert need_reason.id == "diag.peak.seasonal"
    assert render(offer_reason, "fr").startswith("Capacité disponible surtout en saison")
    assert render(offer_reason, "en").startswith("Capacity available mostly in season")
    assert "Besoin" not in render(offer_reason, "fr")


@pytest.mark.parametrize(
    ("months", "message_id"),
    [
        ([9.0] * 12, "diag.peak.flat_small_offer"),
        ([20.0] * 12, "diag.peak.flat_large_offer"),
        ([13.0] * 6 + [7.0] * 6, "diag.peak.mild_offer"),
    ],
)
def test_offers_get_capacity_wording_for_every_calendar(months, message_id):
    offer = ItemProfile(category=VAN, direction="offer", months=months)

    reason = reason_for(offer, "peak_compatibility")

    assert reason.id == message_id
    for lang in ("fr", "en"):
        text = render(reason, lang)
        assert "Besoin" not in text and "need" not in text.lower()


def test_an_offers_recurrence_speaks_of_available_capacity():
    offer = ItemProfile(category=VAN, direction="offer", months=[9.0] * 12)

    reason = reason_for(offer, "recurrence")

    assert reason.id == "diag.recurrence.regular_offer"
    assert render(reason, "fr") == f"Capacité disponible régulièrement{NBSP}: 12{NBSP}mois sur 12."
    assert render(reason, "en") == "Capacity available regularly: 12 months out of 12."
