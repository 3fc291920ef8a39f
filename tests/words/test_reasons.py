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
    reason = Reason("diag.volume.small", {"peak": 1, "capacity": 20, "unit": "month"})

    assert render(reason, "en").startswith("In the busiest month, 1 month of the 20")
    assert render(reason, "fr").startswith(f"Au mois le plus chargé, 1{NBSP}mois sur les 20")


def test_the_busiest_month_of_hours_names_hours():
    item = ItemProfile(category=ACCOUNTING, direction="need", months=[1.0] * 11 + [30.0])

    reason = reason_for(item, "fractional_volume")

    assert f"30{NBSP}heures" in render(reason, "fr")
    assert "30 hours" in render(reason, "en")


def test_one_month_out_of_twelve_is_singular_in_english():
    item = ItemProfile(category=ACCOUNTING, direction="need", months=[0.0] * 11 + [30.0])

    reason = reason_for(item, "recurrence")

    assert render(reason, "en") == "Only 1 month out of 12: occasional rather than regular."
    assert render(reason, "fr") == (
        f"Seulement 1{NBSP}mois sur 12{NBSP}: ponctuel plutôt que régulier."
    )


def test_an_idle_van_is_said_in_days_of_the_week_not_in_percent():
    van = ItemProfile(category=VAN, direction="inhouse", months=[3.0] * 12, how_done="owned_asset")

    reason = reason_for(van, "underuse")

    assert render(reason, "fr") == f"Ce bien reste inutilisé environ 6{NBSP}jours sur 7."
    assert render(reason, "en") == "This good sits idle about 6 days out of 7."


def test_a_seasonal_peak_is_said_as_times_an_average_month():
    summer = [0.0] * 9 + [40.0] * 3  # peak 40, mean 10: 4 times
    item = ItemProfile(category=ACCOUNTING, direction="need", months=summer)

    text = render(reason_for(item, "peak_compatibility"), "fr")

    assert text.startswith(f"Au mois le plus chargé, environ 4{NBSP}fois plus qu'un mois moyen")
    assert "pointe" not in text and "%" not in text


def test_a_seasonal_offer_speaks_of_capacity_not_of_a_need():
    summer = [0.0] * 9 + [10.0] * 3
    offer = ItemProfile(category=VAN, direction="offer", months=summer)
    need = dataclasses.replace(offer, direction="need")

    offer_reason = reason_for(offer, "peak_compatibility")
    need_reason = reason_for(need, "peak_compatibility")

    assert offer_reason.id == "diag.peak.seasonal_offer"
    assert need_reason.id == "diag.peak.seasonal"
    assert render(offer_reason, "fr").startswith("Libre surtout certains mois")
    assert render(offer_reason, "en").startswith("Free mostly in some months")


DIRECTIONS = {
    "need": ItemProfile(category=VAN, direction="need", months=[2.0] * 12, how_done="owned_asset"),
    "offer": ItemProfile(category=VAN, direction="offer", months=[9.0] * 12),
    "inhouse": ItemProfile(
        category=VAN, direction="inhouse", months=[4.0] * 12, how_done="owned_asset"
    ),
}
OWNER_WORDS = ("inutilisé", "Votre bien", "Ce bien", "idle", "Your good", "This good")
NEED_WORDS = ("Besoin", "Need ", "Not met")


def _texts(item: ItemProfile) -> dict[str, tuple[str, str]]:
    return {
        c.code: (render(c.reason, "fr"), render(c.reason, "en")) for c in score_item(item).criteria
    }


def test_a_need_never_gets_an_owners_reason():
    texts = _texts(DIRECTIONS["need"])

    for code, (french, english) in texts.items():
        assert not any(word in french + english for word in OWNER_WORDS), code
    assert texts["underuse"][0].startswith("Sans objet pour un besoin")


def test_every_reason_of_an_offer_speaks_of_capacity_not_of_a_need():
    for code, (french, english) in _texts(DIRECTIONS["offer"]).items():
        assert not any(word in french + english for word in NEED_WORDS), code
        assert "vous n'en utiliseriez" not in french, code


def test_an_in_house_good_gets_its_owners_reason_and_no_need_wording():
    texts = _texts(DIRECTIONS["inhouse"])

    assert texts["underuse"][0].startswith("Ce bien reste inutilisé")
    for code, (french, english) in texts.items():
        assert not any(word in french + english for word in NEED_WORDS), code


def test_no_reason_speaks_in_fractions_of_a_unit():
    items = [*DIRECTIONS.values(), ItemProfile(ACCOUNTING, "need", [1.0] * 11 + [30.0])]
    for item in items:
        for code, (french, english) in _texts(item).items():
            assert "d'une unité" not in french and "d'une ressource partagée" not in french
            assert "fois la moyenne" not in french and "pointe de" not in french, code
            assert "of a unit" not in english and "times the mean" not in english, code


@pytest.mark.parametrize(
    ("months", "message_id"),
    [
        ([9.0] * 12, "diag.peak.flat_offer"),
        ([20.0] * 12, "diag.peak.flat_offer"),
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

    assert reason.id == "diag.recurrence.every_month_offer"
    assert render(reason, "fr") == "Capacité libre chaque mois de l'année."
    assert render(reason, "en") == "Spare capacity every month of the year."


def test_every_reason_of_a_solved_instance_renders_in_both_languages():
    from mutualiser.engine.generator import generate_instance
    from mutualiser.engine.grouping import solve
    from mutualiser.engine.instance import instance_from_dict

    result = solve(instance_from_dict(generate_instance(30, 3)))

    records = [*result.groups, *result.assignments]
    ids = {reason.id for record in records for reason in record.reasons}
    assert {"group.distance", "group.peak", "group.savings", "assignment.covers"} <= ids
    for record in records:
        for reason in record.reasons:
            french, english = render(reason, "fr"), render(reason, "en")
            assert french and english and "{" not in french + english, reason


def test_a_reason_about_a_category_without_a_known_unit_counts_items():
    reason = Reason(
        "group.complement", {"combined": 10, "below": 4, "individual": 14, "unit": None}
    )

    assert "4 items less" in render(reason, "en")
    assert f"4{NBSP}unités de moins" in render(reason, "fr")
