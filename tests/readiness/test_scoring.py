from __future__ import annotations

import pytest

from mutualiser.readiness.questions import get_questionnaire, parse_questionnaire
from mutualiser.readiness.scoring import CONSOLIDATE, PREPARE, READY, score_answers


def all_answers(value: int, **overrides: int) -> dict[str, int]:
    answers = {q.id: value for q in get_questionnaire().questions}
    answers.update(overrides)
    return answers


def dimension_answers(code: str, value: int) -> dict[str, int]:
    dimension = next(d for d in get_questionnaire().dimensions if d.code == code)
    return {q.id: value for q in dimension.questions}


def test_the_questionnaire_covers_six_dimensions_in_both_languages():
    questionnaire = get_questionnaire()

    assert [d.code for d in questionnaire.dimensions] == [
        "intent", "leadership", "trust", "capacity", "finances", "openness",
    ]  # fmt: skip
    assert 12 <= len(questionnaire.questions) <= 20
    assert all(q.text("fr") and q.text("en") for q in questionnaire.questions)


def test_all_fives_is_ready_with_a_full_score():
    profile = score_answers(get_questionnaire(), all_answers(5))

    assert profile.overall == 100
    assert profile.level == READY
    assert profile.weak == ()


def test_all_ones_is_to_prepare_with_every_dimension_weak():
    profile = score_answers(get_questionnaire(), all_answers(1))

    assert profile.overall == 0
    assert profile.level == PREPARE
    assert len(profile.weak) == 6


def test_one_weak_dimension_keeps_a_strong_organisation_out_of_ready():
    answers = all_answers(5) | dimension_answers("trust", 1)

    profile = score_answers(get_questionnaire(), answers)

    assert profile.overall > 70
    assert profile.level == CONSOLIDATE
    assert [d.dimension.code for d in profile.weak] == ["trust"]


def test_a_dimension_score_maps_the_mean_from_one_to_five_onto_zero_to_hundred():
    answers = all_answers(3) | {"intent_gain": 5, "intent_project": 4, "intent_candidate": 3}

    profile = score_answers(get_questionnaire(), answers)

    intent = next(d for d in profile.dimensions if d.dimension.code == "intent")
    assert intent.score == 75  # mean 4 → 75
    assert profile.level == CONSOLIDATE


def test_unknown_ids_and_out_of_range_values_are_ignored():
    answers = all_answers(5) | {"nonexistent": 1, "intent_gain": 9}

    profile = score_answers(get_questionnaire(), answers)

    intent = next(d for d in profile.dimensions if d.dimension.code == "intent")
    assert intent.answered == 2
    assert intent.score == 100


def test_a_question_without_english_text_is_refused():
    document = {
        "scale": {"fr": list("abcde"), "en": list("abcde")},
        "dimensions": [
            {"code": "x", "label_fr": "X", "label_en": "X", "advice_fr": "A", "advice_en": "A",
             "chapter": "definition", "questions": [{"id": "q", "fr": "Q"}]}
        ],
    }  # fmt: skip

    with pytest.raises(ValueError, match="'x'"):
        parse_questionnaire(document)
