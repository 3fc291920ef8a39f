"""Reading and writing the engine's JSON instance and result format."""

import json

import pytest

from mutualiser.engine.grouping import solve
from mutualiser.engine.instance import (
    InstanceError,
    instance_from_dict,
    instance_to_dict,
    load_instance,
    result_to_dict,
    write_result,
)
from tests.engine.builders import make_category, make_instance_dict, make_item, make_offer, make_org


def errors_of(data) -> list[str]:
    with pytest.raises(InstanceError) as caught:
        instance_from_dict(data)
    return caught.value.errors


def test_a_valid_instance_is_read_with_its_items_and_exclusions():
    data = make_instance_dict(
        [make_item("i1", "o1"), make_offer("i2", "o2", 40)], exclusions=[["o2", "o1"]]
    )

    instance = instance_from_dict(data)

    assert [i.id for i in instance.items] == ["i1", "i2"]
    assert instance.items[1].rate == 45
    assert instance.items[0].months == (20.0,) * 12
    assert instance.is_excluded("o1", "o2") and instance.is_excluded("o2", "o1")


def test_months_of_the_wrong_length_are_refused_naming_the_item_and_the_field():
    items = [make_item(f"i{k}", "o1") for k in range(1, 5)]
    items[3]["months"] = [1] * 11

    errors = errors_of(make_instance_dict(items))

    assert errors == ['items[3] (id "i4"): "months" must have 12 values, got 11']


def test_a_problem_is_an_id_with_its_parameters_rendered_by_words_in_each_language():
    items = [make_item("i1", "o1")]
    items[0]["months"] = [1] * 11

    with pytest.raises(InstanceError) as caught:
        instance_from_dict(make_instance_dict(items))

    (problem,) = caught.value.problems
    assert (problem.where, problem.code, problem.params) == (
        'items[0] (id "i1")',
        "instance.months_length",
        {"count": 12, "got": 11},
    )
    assert problem.message("en") == '"months" must have 12 values, got 11'
    assert problem.message("fr") == '"months" doit compter 12\u00a0valeurs, reçu 11'
    assert str(caught.value) == 'items[0] (id "i1"): "months" must have 12 values, got 11'


def test_past_fifty_problems_the_message_counts_the_others_in_each_language():
    items = [make_item(f"i{k}", "o9") for k in range(60)]

    with pytest.raises(InstanceError) as caught:
        instance_from_dict(make_instance_dict(items, orgs=[make_org("o1")]))

    assert len(caught.value.problems) == 60
    assert str(caught.value).endswith("\n... and 10 more errors")
    assert caught.value.text("fr").endswith("\n… et 10\u00a0autres erreurs")


def test_every_error_is_reported_not_only_the_first():
    items = [
        make_item("i1", "o1", category="unknown"),
        make_item("i1", "o9"),
        make_offer("i3", "o1", 10),
    ]
    items[0]["months"][2] = -5
    del items[2]["rate"]
    data = make_instance_dict(items, orgs=[make_org("o1")])

    errors = errors_of(data)

    assert 'items[0] (id "i1"): "category" names an unknown category "unknown"' in errors
    assert 'items[0] (id "i1"): "months"[2] must not be negative, got -5' in errors
    assert 'items[1] (id "i1"): duplicate item id "i1"' in errors
    assert 'items[1] (id "i1"): "org" names an unknown organisation "o9"' in errors
    assert 'items[2] (id "i3"): "rate" is missing' in errors


def test_duplicate_organisations_and_bad_categories_are_refused():
    data = make_instance_dict(
        [make_item("i1", "o1")],
        orgs=[make_org("o1"), make_org("o1", lat=95)],
        categories=[make_category(unit_capacity=0)],
    )

    errors = errors_of(data)

    assert 'organisations[1] (id "o1"): duplicate organisation id "o1"' in errors
    assert 'organisations[1] (id "o1"): "lat" must be at most 90, got 95' in errors
    assert 'categories[0] (id "accounting"): "unit_capacity" must be positive, got 0' in errors


def test_malformed_json_is_refused_with_its_position(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"categories": [}', encoding="utf-8")

    with pytest.raises(InstanceError) as caught:
        load_instance(path)

    assert "malformed JSON at line 1" in str(caught.value)


def test_an_instance_survives_a_round_trip_through_its_json_form():
    data = make_instance_dict(
        [make_item("i1", "o1"), make_offer("i2", "o2", 40)], exclusions=[["o1", "o2"]]
    )

    instance = instance_from_dict(data)

    assert instance_from_dict(json.loads(json.dumps(instance_to_dict(instance)))) == instance


def test_a_result_is_written_in_the_contract_format(tmp_path):
    instance = instance_from_dict(
        make_instance_dict([make_item(f"i{k}", f"o{k}", 20) for k in range(1, 7)])
    )
    result = solve(instance)
    path = tmp_path / "result.json"

    write_result(result, path)

    written = json.loads(path.read_text(encoding="utf-8"))
    assert written == json.loads(json.dumps(result_to_dict(result)))
    assert set(written) >= {"groups", "assignments", "total_savings"}
    group = written["groups"][0]
    assert set(group) >= {"category", "items", "cost", "savings", "shares", "in_core", "reasons"}
    assert set(group["shares"]["o1"]) >= {"proportional", "equal", "shapley"}


def test_reasons_are_written_as_ids_and_params():
    instance = instance_from_dict(
        make_instance_dict([make_item(f"i{k}", f"o{k}", 20) for k in range(1, 7)])
    )

    written = result_to_dict(solve(instance))

    reasons = written["groups"][0]["reasons"]
    assert [r["id"] for r in reasons][0] == "group.distance"
    assert all(set(r) == {"id", "params"} for r in reasons)
    assert json.loads(json.dumps(reasons)) == reasons


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (float("nan"), '"months"[5] must be a number, got nan'),
        (float("inf"), '"months"[5] must be a number, got inf'),
        (-0.5, '"months"[5] must not be negative, got -0.5'),
        (True, '"months"[5] must be a number, got True'),
        ("3", "\"months\"[5] must be a number, got '3'"),
        (None, '"months"[5] must be a number, got None'),
    ],
)
def test_a_bad_month_anywhere_in_the_list_is_named(value, message):
    # The reader checks plain lists at once and each month only when that fails: a bad
    # value in the middle of otherwise good months must still be found and named.
    item = make_item("i1", "o1")
    item["months"] = [3.0] * 5 + [value] + [2] * 6
    data = make_instance_dict([item], orgs=[make_org("o1")])

    assert errors_of(data) == [f'items[0] (id "i1"): {message}']


def test_whole_and_huge_months_are_read_as_floats():
    item = make_item("i1", "o1")
    item["months"] = [1, 2.5, 0, 1e308, 1e308] + [0] * 7  # the sum overflows, each is finite
    instance = instance_from_dict(make_instance_dict([item], orgs=[make_org("o1")]))

    assert instance.items[0].months == (1.0, 2.5, 0.0, 1e308, 1e308) + (0.0,) * 7
    assert all(type(m) is float for m in instance.items[0].months)
