"""The realistic instance generator."""

from mutualiser.engine.generator import CITIES, generate_instance
from mutualiser.engine.instance import instance_from_dict


def test_the_same_seed_gives_the_same_instance_and_another_seed_another():
    assert generate_instance(30, 1) == generate_instance(30, 1)
    assert generate_instance(30, 1) != generate_instance(30, 2)


def test_a_generated_instance_is_valid_with_about_ten_items_per_organisation():
    data = generate_instance(200, 7)

    instance = instance_from_dict(data)

    assert len(instance.organisations) == 200
    assert 8 <= len(instance.items) / 200 <= 12
    assert any(i.direction == "offer" for i in instance.items)
    assert instance.exclusions


def test_organisations_cluster_in_quebec_cities():
    data = generate_instance(300, 3)

    for org in data["organisations"]:
        nearest = min(abs(org["lat"] - c[1]) + abs(org["lon"] - c[2]) for c in CITIES)
        assert nearest < 0.6


def test_festivals_peak_in_summer_and_theatres_in_the_season():
    data = generate_instance(400, 5, cities=["Montréal"])
    kind = {o["id"]: o["disciplines"][0] for o in data["organisations"]}
    needs = [i for i in data["items"] if i["direction"] == "need"]

    def share_of_summer(discipline: str) -> float:
        months = [i["months"] for i in needs if kind[i["org"]] == discipline]
        summer = sum(m[t] for m in months for t in (5, 6, 7))
        return summer / sum(sum(m) for m in months)

    assert share_of_summer("festival") > 0.4
    assert share_of_summer("theatre") < 0.15


def test_one_city_restricts_every_organisation_to_it():
    data = generate_instance(20, 1, cities=["Gaspé"])

    assert {o["region"] for o in data["organisations"]} == {"11"}
