"""The taxonomy file: complete, valid, and loaded into frozen dataclasses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mutualiser.engine.costmodel import CostParams
from mutualiser.engine.taxonomy import (
    DEFAULT_PATH,
    FAMILY_CODES,
    KINDS,
    LEVELS,
    UNITS,
    TaxonomyError,
    load_taxonomy,
)


def _document() -> dict:
    return json.loads(DEFAULT_PATH.read_text(encoding="utf-8"))


def _write(tmp_path: Path, document: dict) -> Path:
    path = tmp_path / "taxonomy.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def test_packaged_taxonomy_has_twelve_families_and_about_sixty_categories():
    taxonomy = load_taxonomy()

    assert [f.code for f in taxonomy.families] == list(FAMILY_CODES)
    assert 55 <= len(taxonomy.categories) <= 70


def test_every_family_has_categories():
    grouped = load_taxonomy().by_family()

    assert set(grouped) == set(FAMILY_CODES)
    assert all(grouped.values())
    assert sum(len(c) for c in grouped.values()) == len(load_taxonomy())


def test_every_category_has_all_its_fields_filled():
    for category in load_taxonomy():
        assert category.label_fr and category.label_en, category.code
        assert category.description_fr.endswith("."), category.code
        assert category.description_en.endswith("."), category.code
        assert category.kind in KINDS and category.unit in UNITS
        assert category.typical_level in LEVELS
        assert category.standalone_rate > 0 and category.unit_capacity > 0
        assert category.unit_cost > 0 and 0 <= category.min_fraction <= 1
        assert category.member_overhead >= 0 and category.max_group_size >= 2
        assert "to be validated" in category.source, category.code


def test_category_codes_are_unique_english_snake_case():
    codes = [c.code for c in load_taxonomy()]

    assert len(codes) == len(set(codes))
    assert all(code.isidentifier() and code == code.lower() for code in codes)


def test_french_labels_keep_their_accents():
    taxonomy = load_taxonomy()

    assert taxonomy.get("accounting").label_fr == "Comptabilité"
    assert taxonomy.family("EQU").label_fr == "Équipements"


def test_domain_items_are_all_present():
    taxonomy = load_taxonomy()

    for code in ("accounting", "payroll", "grant_writing", "technical_direction", "booking"):
        assert code in taxonomy
    for code in ("rehearsal_studio", "storage", "cargo_van", "group_insurance", "archives"):
        assert code in taxonomy


def test_cost_params_carry_the_category_figures():
    params = load_taxonomy().get("accounting").cost_params()

    assert params == CostParams(
        code="accounting",
        standalone_rate=65.0,
        unit_capacity=140.0,
        unit_cost=6200.0,
        min_fraction=0.4,
        member_overhead=150.0,
        max_group_size=6,
    )


def test_a_full_shared_unit_is_cheaper_per_unit_than_buying_alone():
    for category in load_taxonomy():
        assert category.unit_cost / category.unit_capacity < category.standalone_rate, category.code


def test_unknown_category_raises_key_error():
    with pytest.raises(KeyError, match="nope"):
        load_taxonomy().get("nope")


def test_load_taxonomy_is_cached():
    assert load_taxonomy() is load_taxonomy()


def test_labels_follow_the_language():
    van = load_taxonomy().get("cargo_van")

    assert van.label("en") == "Cargo van"
    assert van.label("fr") == van.label_fr
    assert van.description("en") == van.description_en


def test_bad_choice_error_names_the_category_and_the_field(tmp_path):
    document = _document()
    document["categories"][3]["unit"] = "litre"
    code = document["categories"][3]["code"]

    with pytest.raises(TaxonomyError, match=rf"category '{code}', field 'unit'"):
        load_taxonomy(_write(tmp_path, document))


def test_negative_rate_error_names_the_category_and_the_field(tmp_path):
    document = _document()
    document["categories"][0]["standalone_rate"] = -5

    with pytest.raises(TaxonomyError, match=r"category 'accounting', field 'standalone_rate'"):
        load_taxonomy(_write(tmp_path, document))


def test_missing_label_is_rejected(tmp_path):
    document = _document()
    del document["categories"][1]["label_fr"]

    with pytest.raises(TaxonomyError, match=r"field 'label_fr'"):
        load_taxonomy(_write(tmp_path, document))


def test_duplicated_code_is_rejected(tmp_path):
    document = _document()
    document["categories"][1]["code"] = document["categories"][0]["code"]

    with pytest.raises(TaxonomyError, match="duplicated"):
        load_taxonomy(_write(tmp_path, document))


def test_unknown_field_is_rejected(tmp_path):
    document = _document()
    document["categories"][0]["colour"] = "blue"

    with pytest.raises(TaxonomyError, match=r"field 'colour'"):
        load_taxonomy(_write(tmp_path, document))


def test_invalid_json_is_reported(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text("{", encoding="utf-8")

    with pytest.raises(TaxonomyError, match="not valid JSON"):
        load_taxonomy(path)
