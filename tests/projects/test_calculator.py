"""The calculator gives the engine's figures, and says in words who would do better alone."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.html import escape

from mutualiser.engine.costmodel import CostParams
from mutualiser.engine.costsharing import RULES, share_cost
from mutualiser.projects import calculator
from mutualiser.projects.services import cost_parameters_update
from mutualiser.words import formats

from .conftest import MONTHS_A, MONTHS_C

pytestmark = pytest.mark.django_db


def engine_params(**override) -> CostParams:
    values = dict(
        code="technical_direction",
        standalone_rate=60,
        unit_capacity=140,
        unit_cost=6000,
        min_fraction=0.4,
        member_overhead=120,
        max_group_size=4,
    )
    values.update(override)
    return CostParams(**values)


def test_every_share_is_the_engines(project, partner_a, partner_c):
    engine = share_cost(
        engine_params(),
        {"a": MONTHS_A, "c": MONTHS_C},
        budgets={"a": 375_000.0, "c": 375_000.0},
        fixed_share=0.5,
    )

    calculation = calculator.calculate(project, lang="fr")

    assert calculation.cost == pytest.approx(engine.cost)
    rows = {row.partner.pk: row for row in calculation.rows}
    for rule in RULES:
        assert rows[partner_a.pk].shares[rule] == pytest.approx(engine.shares["a"][rule])
        assert rows[partner_c.pk].shares[rule] == pytest.approx(engine.shares["c"][rule])
        assert rows[partner_a.pk].savings[rule] == pytest.approx(engine.savings["a"][rule])
        assert calculation.check(rule).in_core == engine.in_core[rule]


def test_edited_parameters_change_the_cost_as_the_engine_says(project, alice, organisation_a):
    cost_parameters_update(
        project=project,
        user=alice,
        organisation=organisation_a,
        values={
            "salary": 5000,
            "overheads_percent": 20,
            "member_overhead": 200,
            "standalone_rate": 75,
        },
    )
    engine = share_cost(
        engine_params(unit_cost=6000.0, member_overhead=200, standalone_rate=75),
        {"a": MONTHS_A, "c": MONTHS_C},
    )

    calculation = calculator.calculate(project, lang="fr")

    assert calculation.params.unit_cost == pytest.approx(6000.0)  # 5,000 + 20 %
    assert calculation.cost == pytest.approx(engine.cost)
    assert calculation.alone == pytest.approx(sum(engine.standalone.values()))


def test_a_key_outside_the_core_names_who_would_do_better_alone(project, partner_c):
    calculation = calculator.calculate(project, lang="fr")
    engine = share_cost(
        engine_params(), {"a": MONTHS_A, "c": MONTHS_C}, budgets={"a": 375_000.0, "c": 375_000.0}
    )

    for rule in RULES:
        text = calculation.check(rule).text
        if engine.in_core[rule]:
            assert text == "Aucun sous-groupe ne ferait mieux seul."
        else:
            assert "de plus que" in text and "seul" in text


def test_equal_shares_make_the_small_user_pay_more_than_alone_and_the_text_says_so(
    category, alice, organisation_a, organisation_c
):
    from mutualiser.projects.services import project_create

    small = [5] * 12
    project = project_create(
        created_by=alice,
        lead=organisation_a,
        partners=[organisation_c],
        category=category,
        title="Petit et grand",
        months_by_partner={organisation_a.pk: MONTHS_A, organisation_c.pk: small},
    )
    engine = share_cost(engine_params(), {"a": MONTHS_A, "c": small})
    assert not engine.in_core["equal"]

    check = calculator.calculate(project, lang="en").check("equal")

    alone = engine.standalone["c"]
    excess = engine.shares["c"]["equal"] - alone
    assert check.text.startswith("Festival des Ruelles would pay")
    assert formats.money(excess, "en") in check.text
    assert formats.money(alone, "en") in check.text


def test_the_page_shows_every_key_the_chart_and_the_engines_cost(client, alice, project):
    client.force_login(alice)
    engine = share_cost(engine_params(), {"a": MONTHS_A, "c": MONTHS_C})

    page = client.get(reverse("projects:costs", args=[project.pk])).content.decode()

    for label in (
        "À parts égales",
        "À l'usage",
        "Au budget",
        "Fixe et variable",
        "Sérielle",
        "Shapley",
    ):
        assert escape(label) in page
    assert '<svg id="cost-chart"' in page
    assert formats.money(engine.cost, "fr") in page


def test_htmx_gets_only_the_calculator(client, alice, project):
    client.force_login(alice)

    response = client.post(
        reverse("projects:costs", args=[project.pk]),
        {**calculator.default_parameters(project), "salary": "6500"},
        headers={"HX-Request": "true"},
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="calculator"' in body and "<html" not in body
    project.refresh_from_db()
    assert project.cost_parameters["salary"] == 6500


@pytest.mark.parametrize("bad", ["abc", "nan", "inf", "-5", "1e400", "99999999999", ""])
def test_nonsense_parameters_give_a_message_and_change_nothing(client, alice, project, bad):
    client.force_login(alice)

    response = client.post(
        reverse("projects:costs", args=[project.pk]),
        {**calculator.default_parameters(project), "salary": bad},
    )

    assert response.status_code == 200
    assert "Corrigez les champs signalés" in response.content.decode()
    project.refresh_from_db()
    assert project.cost_parameters == {}


def test_the_chart_speaks_the_pages_language(client, carol, project):
    carol.language = "en"
    carol.save(update_fields=["language"])
    client.force_login(carol)

    page = client.get("/en" + reverse("projects:costs", args=[project.pk])[3:]).content.decode()

    chart = page.split('<svg id="cost-chart"', 1)[1].split("</svg>", 1)[0]
    assert "alone $" in chart and "seul" not in chart
