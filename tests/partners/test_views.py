"""The opportunities pages: what the member sees, the filters, the fragments, permissions."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from mutualiser.partners.models import OpportunityKind, OpportunityMember, PartnerRun
from mutualiser.partners.selectors import latest_run
from mutualiser.partners.services import opportunities_refresh_request
from mutualiser.runs.models import RunStatus
from mutualiser.words import formats

INDEX = "/fr/opportunities/"
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def my_rows(organisation) -> list[OpportunityMember]:
    return list(
        OpportunityMember.objects.filter(
            organisation=organisation, opportunity__run=latest_run(organisation.region)
        ).order_by("-gain")
    )


@pytest.mark.django_db
def test_the_list_shows_every_opportunity_of_mine_best_gain_first_to_the_dollar(
    client, alice, region
):
    client.force_login(alice)

    page = client.get(INDEX).content.decode()

    rows = my_rows(region["a"])
    assert len(rows) == 2
    amounts = [formats.money(row.gain, "fr") for row in rows]
    positions = [page.index(amount) for amount in amounts]
    assert positions == sorted(positions)
    assert "Danse Boréale" in page and "Musée du Fil" in page and "Diffusion du Quai" in page
    assert 'class="calendar-chart"' in page
    assert "aucun sous-groupe ne ferait mieux seul" in page or "un sous-groupe ferait mieux" in page
    assert "Calculé le" in page


@pytest.mark.django_db
def test_each_partners_savings_and_the_reasons_are_on_the_card(client, alice, region):
    client.force_login(alice)
    group = next(r for r in my_rows(region["a"]) if r.opportunity.kind == OpportunityKind.GROUP)

    page = client.get(INDEX).content.decode()

    for member in group.opportunity.members.exclude(pk=group.pk):
        assert formats.money(member.gain, "fr") in page
    assert "Au mois le plus chargé" in page  # the engine's reason, in words
    assert reverse("organisations:detail", args=["danse-boreale"]) in page


@pytest.mark.django_db
def test_an_unexpected_partner_is_marked_with_why(client, alice, region):
    client.force_login(alice)

    page = client.get(INDEX).content.decode()

    assert "Inattendu" in page
    assert "Un autre milieu que le vôtre" in page  # the museum
    assert "Autre forme juridique que la vôtre" in page  # run as a company


@pytest.mark.django_db
def test_the_contact_button_starts_a_request_to_the_partners_for_the_category(
    client, alice, region
):
    client.force_login(alice)

    page = client.get(INDEX).content.decode()

    assert "/fr/requests/new/?to=danse-boreale&amp;to=musee-du-fil&amp;category=accounting" in page


@pytest.mark.django_db
def test_the_filters_narrow_the_list_and_the_htmx_answer_is_the_fragment(client, alice, region):
    client.force_login(alice)

    exchanges = client.get(INDEX, {"kind": "exchange"}).content.decode()
    rich = client.get(INDEX, {"min_savings": "1000000"}).content.decode()
    fragment = client.get(INDEX, {"category": "accounting"}, headers={"HX-Request": "true"})

    assert "Diffusion du Quai" in exchanges and "Danse Boréale" not in exchanges
    assert "Aucune occasion ne correspond à ces filtres." in rich
    text = fragment.content.decode()
    assert "<html" not in text and 'id="opportunity-list"' in text
    assert "Danse Boréale" in text and "Diffusion du Quai" not in text


@pytest.mark.django_db
def test_a_diagnostic_results_link_shows_the_partners_of_that_item(client, alice, region):
    client.force_login(alice)

    page = client.get(INDEX, {"item": region["a_studio"].pk}).content.decode()

    assert "Partenaires pour votre élément" in page
    plan, others = page.split("Les autres partenaires compatibles pour cet élément", 1)
    assert "Diffusion du Quai" in plan and "Danse Boréale" not in page
    assert "Atelier Coop Vitrail" in others  # the item's other pair, beyond the plan


@pytest.mark.parametrize(
    "query",
    [
        {"item": "999999"},
        {"item": "abc"},
        {"min_savings": "-5"},
        {"min_savings": "9" * 40},
        {"distance": "7"},
        {"kind": "<script>"},
        {"category": "x" * 5000},
        {"page": "zzz"},
    ],
)
@pytest.mark.django_db
def test_hostile_filters_give_a_page_never_a_500(client, alice, region, query):
    client.force_login(alice)

    response = client.get(INDEX, query)

    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("</header>", 1)[1].split("<footer")[0]


@pytest.mark.django_db
def test_another_organisations_item_in_the_link_is_refused_plainly(client, alice, region):
    client.force_login(alice)

    page = client.get(INDEX, {"item": region["b_accounting"].pk}).content.decode()

    assert "Cet élément n'est pas dans votre inventaire" in page.replace("&#x27;", "'")


@pytest.mark.django_db
def test_the_detail_shows_the_plan_first_then_the_other_compatible_partners(client, alice, region):
    client.force_login(alice)
    exchange = next(
        r for r in my_rows(region["a"]) if r.opportunity.kind == OpportunityKind.EXCHANGE
    )

    page = client.get(f"/fr/opportunities/{exchange.opportunity_id}/").content.decode()

    plan, others = page.split("Les autres partenaires compatibles pour cet élément", 1)
    assert "Diffusion du Quai" in plan
    assert "Atelier Coop Vitrail" in others and "Diffusion du Quai" not in others
    assert formats.money((35 - 20) * 120, "fr") in others
    assert "Inattendu" in others


@pytest.mark.django_db
def test_another_organisations_opportunity_is_404(client, charlie, region):
    client.force_login(charlie)  # owns B, in the region but not the member here
    theirs = OpportunityMember.objects.exclude(
        opportunity__members__organisation=region["b"]
    ).first()

    response = client.get(reverse("partners:detail", args=[theirs.opportunity_id]))
    unknown = client.get(reverse("partners:detail", args=[10**9]))

    assert response.status_code == 404
    assert unknown.status_code == 404


@pytest.mark.django_db
def test_a_link_from_the_run_before_leads_to_the_same_items_opportunity(client, alice, region):
    """Every saved item starts a new run with new ids: a list read a moment before still
    leads somewhere, to where the member's item stands in the newest run."""
    client.force_login(alice)
    old = my_rows(region["a"])[0]
    opportunities_refresh_request(region=region["a"].region)
    new = OpportunityMember.objects.get(
        organisation=region["a"], item=old.item, opportunity__run=latest_run(region["a"].region)
    )

    response = client.get(reverse("partners:detail", args=[old.opportunity_id]))

    assert new.opportunity_id != old.opportunity_id
    assert response.status_code == 302
    assert response["Location"] == reverse("partners:detail", args=[new.opportunity_id])


@pytest.mark.django_db
def test_a_link_from_the_run_before_to_another_organisations_opportunity_is_404(
    client, charlie, region
):
    client.force_login(charlie)
    theirs = OpportunityMember.objects.exclude(
        opportunity__members__organisation=region["b"]
    ).first()
    opportunities_refresh_request(region=region["a"].region)

    response = client.get(reverse("partners:detail", args=[theirs.opportunity_id]))

    assert response.status_code == 404


@pytest.mark.django_db
def test_an_anonymous_visitor_is_sent_to_log_in(client, region):
    response = client.get(INDEX)

    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.django_db
def test_a_private_organisation_is_told_how_to_take_part(client, alice, organisation_a):
    client.force_login(alice)

    page = client.get(INDEX).content.decode().replace("&#x27;", "'")

    assert "Votre organisme n'est pas dans le répertoire" in page
    assert reverse("organisations:edit", args=[organisation_a.slug]) in page
    assert not PartnerRun.objects.exists()


@pytest.mark.django_db
def test_a_member_without_organisation_is_asked_to_create_one(client, db):
    from tests.factories import UserFactory

    client.force_login(UserFactory())

    page = client.get(INDEX).content.decode()

    assert "Créez d'abord votre organisme" in page.replace("&#x27;", "'")


@pytest.mark.django_db
def test_while_a_run_is_queued_the_page_shows_the_last_one_and_polls(
    client, alice, region, settings
):
    settings.TASKS = DATABASE_TASKS
    PartnerRun.objects.create(region=region["a"].region)
    client.force_login(alice)

    page = client.get(INDEX).content.decode()
    notice = client.get(reverse("partners:progress"))

    assert "Calcul des occasions en cours" in page and 'hx-trigger="every 2s"' in page
    assert "Danse Boréale" in page  # the last finished run meanwhile
    assert "Calcul des occasions en cours" in notice.content.decode()
    assert "<html" not in notice.content.decode()


@pytest.mark.django_db
def test_the_progress_fragment_reloads_the_page_once_the_run_is_done(client, alice, region):
    client.force_login(alice)

    response = client.get(reverse("partners:progress"))

    assert response["HX-Refresh"] == "true"


@pytest.mark.django_db
def test_a_region_that_never_ran_is_computed_on_first_visit(client, alice, organisation_a):
    organisation_a.visibility = "directory"
    organisation_a.save(update_fields=["visibility"])
    PartnerRun.objects.all().delete()
    client.force_login(alice)

    page = client.get(INDEX).content.decode().replace("&#x27;", "'")

    assert PartnerRun.objects.get().status == RunStatus.DONE
    assert "Pas encore d'occasion pour vous" in page
    assert reverse("diagnostic:inventory") in page


@pytest.mark.django_db
def test_the_list_reads_a_few_queries_whatever_the_count(
    client, alice, region, django_assert_max_num_queries
):
    client.force_login(alice)
    client.get(INDEX)

    with django_assert_max_num_queries(16):
        response = client.get(INDEX)

    assert len(re.findall(r'class="opportunity-card', response.content.decode())) == 2


@pytest.mark.django_db
def test_the_pages_speak_english_under_en(client, alice, region):
    client.force_login(alice)

    page = client.get("/en/opportunities/").content.decode()

    assert "Your pooling opportunities" in page and "saved a year for you" in page
    assert formats.money(my_rows(region["a"])[0].gain, "en") in page


@pytest.mark.django_db
def test_the_opportunities_shared_with_one_partner_are_found_for_its_profile(region):
    from mutualiser.partners.selectors import opportunities_with

    with_b = opportunities_with(organisation=region["a"], partner=region["b"])
    with_private = opportunities_with(organisation=region["a"], partner=region["p"])

    assert [row.opportunity.kind for row in with_b] == [OpportunityKind.GROUP]
    assert with_private == []


@pytest.mark.django_db
def test_a_partner_s_profile_lists_my_opportunities_with_it(client, alice, region):
    client.force_login(alice)
    (row,) = [
        r
        for r in my_rows(region["a"])
        if r.opportunity.members.filter(organisation=region["b"]).exists()
    ]

    page = client.get(f"/fr/organisations/{region['b'].slug}/").content.decode()
    elsewhere = client.get("/fr/organisations/atelier-coop-vitrail/").content.decode()

    assert f"/fr/opportunities/{row.opportunity.pk}/" in page
    assert formats.money(row.gain, "fr") in page
    assert "n'a trouvé aucun échange ni regroupement" not in page
    assert "n'a trouvé aucun échange ni regroupement" in elsewhere
