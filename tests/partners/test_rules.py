"""The partner search's own rules, without a database."""

from mutualiser.partners.rules import (
    FAR_BAND,
    Profile,
    band_limit,
    distance_band,
    member_gain,
    unexpected_reasons,
)

THEATRE = Profile(disciplines=("theatre",), kind="nonprofit", region="06")


def test_a_distance_falls_in_the_smallest_band_that_holds_it():
    assert distance_band(0) == "10"
    assert distance_band(10) == "10"
    assert distance_band(10.1) == "25"
    assert distance_band(199) == "200"
    assert distance_band(250) == FAR_BAND


def test_the_far_band_has_no_limit_and_the_others_their_bound():
    assert band_limit("50") == 50.0
    assert band_limit(FAR_BAND) is None


def test_a_dance_company_is_no_surprise_for_a_theatre_but_a_museum_is():
    dance = Profile(disciplines=("dance",), kind="nonprofit", region="06")
    museum = Profile(disciplines=("heritage",), kind="nonprofit", region="06")

    assert unexpected_reasons(THEATRE, dance, 5) == ()
    assert unexpected_reasons(THEATRE, museum, 5) == ("discipline",)


def test_another_legal_kind_and_a_far_partner_are_unexpected_and_say_why():
    company = Profile(disciplines=("theatre",), kind="company", region="06")
    elsewhere = Profile(disciplines=("theatre",), kind="nonprofit", region="03")

    assert unexpected_reasons(THEATRE, company, 5) == ("kind",)
    assert unexpected_reasons(THEATRE, THEATRE, 80) == ("far",)
    assert unexpected_reasons(THEATRE, elsewhere, 5) == ("far",)


def test_unknown_disciplines_make_nobody_unexpected():
    silent = Profile(disciplines=(), kind="nonprofit", region="06")

    assert unexpected_reasons(THEATRE, silent, 5) == ()


def test_a_need_gains_its_standalone_cost_less_its_share_and_an_offer_its_income():
    assert member_gain(role="need", standalone=1000.0, share=600.0, income=0.0) == 400.0
    assert member_gain(role="offer", standalone=0.0, share=None, income=250.0) == 250.0
