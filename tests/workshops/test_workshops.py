"""The workshop: phases, codes, joining, the quick inventory, the board and its ETag, privacy."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from mutualiser.diagnostic.models import Category
from mutualiser.workshops import services
from mutualiser.workshops.board import board_for, workshop_instance
from mutualiser.workshops.models import Obstacle, Phase, WorkshopItem
from tests.factories import InventoryItemFactory, UserFactory

pytestmark = pytest.mark.django_db


def _guest(client, workshop, name="Théâtre invité"):
    return client.post(
        reverse("join:room", args=[workshop.code]),
        {"as": "guest", "name": name, "discipline": "", "municipality": "Rimouski"},
    )


def _tick(client, workshop, category, *, need=False, offer=False, qty="20", season="year"):
    data = {f"qty_{category.pk}": qty, f"season_{category.pk}": season}
    if need:
        data[f"need_{category.pk}"] = "1"
    if offer:
        data[f"offer_{category.pk}"] = "1"
    return client.post(reverse("join:inventory", args=[workshop.code]), data)


# --- codes and phases ------------------------------------------------------------------------


def test_a_join_code_has_six_unambiguous_characters(workshop):
    assert len(workshop.code) == 6
    assert not set(workshop.code) & set("0O1IL2Z5S8B")


def test_a_code_typed_in_lower_case_with_spaces_finds_the_workshop(workshop):
    typed = " ".join(workshop.code.lower())

    assert services.workshop_for_joining(code=typed) == workshop


def test_a_wrong_code_says_no_workshop_has_it(client, workshop):
    response = client.get(reverse("join:room", args=["QQQQQQ"]))

    assert response.status_code == 404
    assert "Aucun atelier ne porte ce code" in response.content.decode()


def test_a_locked_workshop_refuses_a_newcomer_with_a_message(client, workshop):
    services.workshop_set_joining_locked(workshop=workshop, locked=True)

    response = _guest(client, workshop)

    assert response.status_code == 404
    assert "inscriptions à cet atelier sont fermées" in response.content.decode()
    assert workshop.participants.count() == 0


def test_a_closed_workshop_refuses_a_newcomer_and_every_change(client, workshop):
    _guest(client, workshop)
    services.workshop_close(workshop=workshop)

    other = client.__class__()
    response = _guest(other, workshop, name="Trop tard")
    assert response.status_code == 404
    assert "clos" in response.content.decode()
    with pytest.raises(ValidationError):
        services.workshop_set_phase(workshop=workshop, phase=Phase.VOTE)
    # the participant already in still reads the page
    assert client.get(reverse("join:room", args=[workshop.code])).status_code == 200


def test_a_participant_already_in_stays_in_when_joining_is_locked(client, workshop):
    _guest(client, workshop)
    services.workshop_set_joining_locked(workshop=workshop, locked=True)

    response = client.get(reverse("join:room", args=[workshop.code]))

    assert response.status_code == 200
    assert "Théâtre invité" in response.content.decode()


def test_the_facilitator_moves_forward_and_reopens_an_earlier_phase(client, facilitator, workshop):
    client.force_login(facilitator)
    url = reverse("workshops:phase", args=[workshop.pk])

    client.post(url, {"phase": Phase.VOTE})
    workshop.refresh_from_db()
    assert workshop.phase == Phase.VOTE
    client.post(url, {"phase": Phase.INVENTORY})
    workshop.refresh_from_db()
    assert workshop.phase == Phase.INVENTORY


def test_an_unknown_phase_is_refused_with_a_message(client, facilitator, workshop):
    client.force_login(facilitator)

    response = client.post(
        reverse("workshops:phase", args=[workshop.pk]), {"phase": "x" * 5000}, follow=True
    )

    assert response.status_code == 200
    assert "Étape inconnue" in response.content.decode()
    workshop.refresh_from_db()
    assert workshop.phase == Phase.WELCOME


def test_the_inventory_is_refused_outside_its_phases(client, workshop):
    _guest(client, workshop)
    category = Category.objects.first()

    response = _tick(client, workshop, category, need=True)

    assert response.status_code == 400
    assert WorkshopItem.objects.count() == 0


def test_votes_are_refused_outside_the_vote_phase(workshop):
    participant = services.participant_join_as_guest(workshop=workshop, name="A")

    with pytest.raises(ValidationError):
        services.vote_toggle(participant=participant, opportunity="g:x", board_keys=["g:x"])


# --- the facilitator's pages -----------------------------------------------------------------


def test_a_facilitator_creates_a_workshop_and_sees_its_code_and_qr(client, facilitator):
    client.force_login(facilitator)

    response = client.post(
        reverse("workshops:index"),
        {"title": "Atelier", "date": "2026-12-03", "place": "Rimouski", "language": "fr"},
        follow=True,
    )

    workshop = facilitator.workshops_run.get()
    content = response.content.decode()
    assert workshop.code in content
    assert "<svg" in content
    assert reverse("join:room", args=[workshop.code]) in content
    assert "Qu'est-ce qui vous coûte cher" not in content  # welcome prompts, not inventory's
    assert "rien ne vous engage" in content


def test_a_member_who_is_not_a_facilitator_cannot_create_a_workshop(client, alice):
    client.force_login(alice)

    response = client.post(reverse("workshops:index"), {"title": "X", "date": "2026-12-03"})

    assert response.status_code == 403
    assert not alice.workshops_run.exists()


@pytest.mark.parametrize("name", ["control", "screen", "screen-board", "report-csv", "qr"])
def test_another_facilitators_workshop_is_not_found(client, other_facilitator, workshop, name):
    client.force_login(other_facilitator)

    assert client.get(reverse(f"workshops:{name}", args=[workshop.pk])).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in_for_the_facilitator_pages(client, workshop):
    response = client.get(reverse("workshops:control", args=[workshop.pk]))

    assert response.status_code == 302
    assert "login" in response["Location"]


def test_a_bad_workshop_form_answers_with_messages_not_an_error(client, facilitator):
    client.force_login(facilitator)

    response = client.post(reverse("workshops:index"), {"title": "", "date": "not-a-date"})

    assert response.status_code == 400
    assert not facilitator.workshops_run.exists()


# --- participants ----------------------------------------------------------------------------


def test_a_guest_joins_without_an_account_and_is_kept_in_the_session(client, workshop):
    response = _guest(client, workshop)

    assert response.status_code == 302
    participant = workshop.participants.get()
    assert participant.is_guest and participant.guest_municipality == "Rimouski"
    assert "Théâtre invité" in client.get(response["Location"]).content.decode()


def test_a_guest_without_a_name_gets_a_clear_message(client, workshop):
    response = client.post(reverse("join:room", args=[workshop.code]), {"as": "guest", "name": " "})

    assert response.status_code == 400
    assert "Donnez le nom de votre organisme" in response.content.decode()


def test_a_signed_in_member_joins_as_their_organisation_and_starts_from_its_inventory(
    client, workshop, alice, organisation_a
):
    category = Category.objects.first()
    InventoryItemFactory(organisation=organisation_a, category=category, months=[12.0] * 12)
    client.force_login(alice)

    client.post(
        reverse("join:room", args=[workshop.code]),
        {"as": "organisation", "organisation": organisation_a.pk},
    )
    response = client.get(reverse("join:room", args=[workshop.code]))

    assert workshop.participants.get().organisation == organisation_a
    assert WorkshopItem.objects.count() == 0  # nothing copied until the participant sends it
    services.workshop_set_phase(workshop=workshop, phase=Phase.INVENTORY)
    response = client.get(reverse("join:room", args=[workshop.code]))
    content = response.content.decode()
    assert f'name="need_{category.pk}" value="1" checked' in content
    assert f'name="qty_{category.pk}" value="12"' in content


def test_a_member_cannot_join_as_an_organisation_they_do_not_belong_to(
    client, workshop, alice, organisation_b
):
    client.force_login(alice)

    response = client.post(
        reverse("join:room", args=[workshop.code]),
        {"as": "organisation", "organisation": organisation_b.pk},
    )

    assert response.status_code == 400
    assert not workshop.participants.exists()


def test_the_quick_inventory_writes_workshop_items_not_the_organisations_inventory(
    client, workshop, alice, organisation_a
):
    client.force_login(alice)
    client.post(
        reverse("join:room", args=[workshop.code]),
        {"as": "organisation", "organisation": organisation_a.pk},
    )
    services.workshop_set_phase(workshop=workshop, phase=Phase.INVENTORY)
    category = Category.objects.first()

    _tick(client, workshop, category, offer=True, qty="30", season="summer")

    item = WorkshopItem.objects.get()
    assert item.months == [0, 0, 0, 0, 30, 30, 30, 30, 30, 0, 0, 0]
    assert not organisation_a.inventory_items.exists()


@pytest.mark.parametrize("qty", ["", "-3", "abc", "1e309", "nan", "9" * 400])
def test_a_hostile_quantity_gets_a_message_never_an_error(client, workshop, qty):
    _guest(client, workshop)
    services.workshop_set_phase(workshop=workshop, phase=Phase.INVENTORY)

    response = _tick(client, workshop, Category.objects.first(), need=True, qty=qty)

    assert response.status_code == 400
    assert "indiquez une quantité" in response.content.decode()
    assert not WorkshopItem.objects.exists()


def test_a_stranger_without_a_seat_sees_nothing_of_a_workshop(client, workshop):
    _guest(client, workshop)
    stranger = client.__class__()

    for name in ["board", "inventory", "obstacle", "vote", "commit"]:
        method = stranger.get if name == "board" else stranger.post
        assert method(reverse(f"join:{name}", args=[workshop.code])).status_code == 404


def test_a_seat_in_one_workshop_opens_nothing_in_another(client, facilitator, workshop):
    other = services.workshop_create(facilitator=facilitator, title="Autre", date=workshop.date)
    _guest(client, workshop)

    assert client.get(reverse("join:board", args=[other.code])).status_code == 404
    assert (
        "Théâtre invité" not in client.get(reverse("join:room", args=[other.code])).content.decode()
    )


# --- the board -------------------------------------------------------------------------------


def _room_with_a_match(workshop):
    category = Category.objects.get(code=Category.objects.order_by("pk").first().code)
    a = services.participant_join_as_guest(workshop=workshop, name="Festival d'été")
    b = services.participant_join_as_guest(workshop=workshop, name="Théâtre d'hiver")
    services.workshop_set_phase(workshop=workshop, phase=Phase.INVENTORY)
    quantity = category.unit_capacity / 2
    services.quick_inventory_save(
        participant=a, entries={(category.pk, "need"): (quantity, "summer")}
    )
    services.quick_inventory_save(
        participant=b, entries={(category.pk, "need"): (quantity, "winter")}
    )
    return a, b, category


def test_the_board_finds_the_rooms_opportunity_among_its_participants(workshop):
    a, b, category = _room_with_a_match(workshop)

    board = board_for(workshop)

    assert len(board) == 1
    assert set(board[0].participant_ids) == {a.pk, b.pk}
    assert board[0].savings > 0


def test_the_engine_instance_holds_only_what_was_entered_in_the_workshop(workshop, organisation_a):
    InventoryItemFactory(organisation=organisation_a)
    services.participant_join_as_organisation(
        workshop=workshop, organisation=organisation_a, user=None
    )

    assert workshop_instance(workshop)["items"] == []


def test_an_unchanged_board_answers_304_and_a_change_answers_200(client, workshop):
    _guest(client, workshop)
    services.workshop_set_phase(workshop=workshop, phase=Phase.BOARD)
    url = reverse("join:board", args=[workshop.code])

    first = client.get(url)
    etag = first["ETag"]
    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    services.participant_join_as_guest(workshop=workshop, name="Nouveau")
    changed = client.get(url, HTTP_IF_NONE_MATCH=etag)

    assert first.status_code == 200 and etag
    assert again.status_code == 304
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_the_screen_board_has_an_etag_too(client, facilitator, workshop):
    client.force_login(facilitator)
    url = reverse("workshops:screen-board", args=[workshop.pk])

    etag = client.get(url)["ETag"]

    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_the_screen_shows_the_join_code_in_large_and_polls_every_two_seconds(
    client, facilitator, workshop
):
    client.force_login(facilitator)

    content = client.get(reverse("workshops:screen", args=[workshop.pk])).content.decode()

    assert f'class="join-code">{workshop.code}<' in content
    assert 'hx-trigger="every 1500ms"' in content


def test_an_anonymous_workshop_shows_numbers_not_names_on_the_board(client, facilitator):
    import datetime

    workshop = services.workshop_create(
        facilitator=facilitator, title="Anonyme", date=datetime.date(2026, 12, 3), anonymous=True
    )
    _room_with_a_match(workshop)
    client.force_login(facilitator)

    content = client.get(reverse("workshops:screen-board", args=[workshop.pk])).content.decode()

    assert "Participant 1" in content and "Festival d'été" not in content


# --- obstacles, votes, commitments, report ---------------------------------------------------


def test_a_participant_votes_up_to_three_dots_and_takes_one_back(workshop):
    a, b, _category = _room_with_a_match(workshop)
    services.workshop_set_phase(workshop=workshop, phase=Phase.VOTE)
    key = board_for(workshop)[0].key

    assert services.vote_toggle(participant=a, opportunity=key, board_keys=[key]) is True
    assert services.vote_toggle(participant=a, opportunity=key, board_keys=[key]) is False
    with pytest.raises(ValidationError):
        services.vote_toggle(participant=a, opportunity="g:forged", board_keys=[key])


def test_a_forged_vote_from_a_phone_gets_a_message(client, workshop):
    _guest(client, workshop)
    services.workshop_set_phase(workshop=workshop, phase=Phase.VOTE)

    response = client.post(
        reverse("join:vote", args=[workshop.code]), {"opportunity": "<script>"}, follow=True
    )

    assert response.status_code == 200
    assert "plus au tableau" in response.content.decode()


def test_the_facilitator_hides_an_obstacle_card_from_the_screen(client, facilitator, workshop):
    participant = services.participant_join_as_guest(workshop=workshop, name="A")
    services.workshop_set_phase(workshop=workshop, phase=Phase.OBSTACLES)
    card = services.obstacle_add(participant=participant, kind="trust", text="Peur du braconnage")
    client.force_login(facilitator)

    client.post(reverse("workshops:hide-obstacle", args=[workshop.pk, card.pk]), {"hidden": "1"})

    assert Obstacle.objects.get().hidden
    screen = client.get(reverse("workshops:screen-board", args=[workshop.pk])).content.decode()
    assert "Peur du braconnage" not in screen


def test_an_empty_or_huge_obstacle_card_gets_a_message(client, workshop):
    _guest(client, workshop)
    services.workshop_set_phase(workshop=workshop, phase=Phase.OBSTACLES)
    url = reverse("join:obstacle", args=[workshop.code])

    for text in ["", "x" * 10_000]:
        response = client.post(url, {"kind": "trust", "text": text}, follow=True)
        assert response.status_code == 200
    assert not Obstacle.objects.exists()


def test_the_report_lists_participants_opportunities_votes_obstacles_and_commitments(
    client, facilitator, workshop
):
    a, b, _category = _room_with_a_match(workshop)
    services.workshop_set_phase(workshop=workshop, phase=Phase.OBSTACLES)
    services.obstacle_add(participant=a, kind="money", text="=HYPERLINK(1)")
    services.workshop_set_phase(workshop=workshop, phase=Phase.VOTE)
    key = board_for(workshop)[0].key
    services.vote_toggle(participant=b, opportunity=key, board_keys=[key])
    services.workshop_set_phase(workshop=workshop, phase=Phase.NEXT_STEPS)
    services.commitment_add(participant=a, text="Appeler le théâtre avant janvier")
    client.force_login(facilitator)

    content = client.get(reverse("workshops:report-csv", args=[workshop.pk])).content.decode()

    assert "Festival d'été" in content and "Théâtre d'hiver" in content
    assert key in content
    assert "'=HYPERLINK(1)" in content
    assert "Appeler le théâtre avant janvier" in content


def test_the_facilitator_removes_a_participant(client, facilitator, workshop):
    participant = services.participant_join_as_guest(workshop=workshop, name="A")
    client.force_login(facilitator)

    client.post(reverse("workshops:remove-participant", args=[workshop.pk, participant.pk]))

    assert not workshop.participants.exists()


def test_another_user_of_the_site_is_not_a_facilitator_of_the_workshop(client, workshop):
    client.force_login(UserFactory())

    assert client.get(reverse("workshops:control", args=[workshop.pk])).status_code == 404


def test_a_phone_polling_with_an_old_phase_is_told_to_reload(client, workshop):
    _guest(client, workshop)
    services.workshop_set_phase(workshop=workshop, phase=Phase.VOTE)

    response = client.get(reverse("join:board", args=[workshop.code]), {"state": "inventory"})

    assert response["HX-Refresh"] == "true"


def test_each_phase_starts_its_timer_with_the_run_sheets_minutes(client, facilitator, workshop):
    client.force_login(facilitator)
    client.post(reverse("workshops:phase", args=[workshop.pk]), {"phase": Phase.INVENTORY})
    workshop.refresh_from_db()

    content = client.get(reverse("workshops:control", args=[workshop.pk])).content.decode()

    assert workshop.phase_started_at is not None
    assert 'data-phase-minutes="15"' in content


def test_a_huge_or_strange_code_gets_the_no_workshop_message(client, workshop):
    for code in ["x" * 5000, "ÉÉÉ", "%00"]:
        response = client.get(reverse("join:room", args=[code]))
        assert response.status_code == 404
        assert "Aucun atelier ne porte ce code" in response.content.decode()


def test_a_nonsense_category_in_the_admin_leaves_an_empty_board_not_an_error(workshop):
    a, b, category = _room_with_a_match(workshop)
    Category.objects.filter(pk=category.pk).update(unit_capacity=-1)
    services.workshop_set_phase(workshop=workshop, phase=Phase.BOARD)

    assert board_for(workshop) == []


def test_a_link_between_milieus_that_share_nothing_is_marked_unexpected(client, facilitator):
    import datetime

    workshop = services.workshop_create(
        facilitator=facilitator, title="Milieux", date=datetime.date(2026, 12, 3)
    )
    category = Category.objects.get(code="technical_direction")
    services.workshop_set_phase(workshop=workshop, phase=Phase.INVENTORY)
    for name, discipline, season in [
        ("Musée", "heritage", "summer"),
        ("Cirque", "circus", "winter"),
    ]:
        p = services.participant_join_as_guest(workshop=workshop, name=name, discipline=discipline)
        services.quick_inventory_save(participant=p, entries={(category.pk, "need"): (70, season)})
    client.force_login(facilitator)

    content = client.get(reverse("workshops:screen-board", args=[workshop.pk])).content.decode()

    assert "board-unexpected" in content


def test_partners_of_one_milieu_are_not_unexpected():
    from mutualiser.workshops.presenters import is_unexpected

    assert not is_unexpected([{"stage"}, {"stage", "music"}, set()])
    assert is_unexpected([{"stage"}, {"heritage"}])


def test_a_participant_proposes_a_link_the_engine_missed_and_the_room_votes_on_it(client, workshop):
    _guest(client, workshop)
    mine = workshop.participants.get()
    other = services.participant_join_as_guest(workshop=workshop, name="Musée voisin")
    services.workshop_set_phase(workshop=workshop, phase=Phase.BOARD)
    category = Category.objects.first()

    client.post(
        reverse("join:propose", args=[workshop.code]),
        {"partner": other.pk, "category": category.pk, "note": "Partager l'entrepôt"},
    )
    services.workshop_set_phase(workshop=workshop, phase=Phase.VOTE)
    link = mine.proposals.get()
    client.post(reverse("join:vote", args=[workshop.code]), {"opportunity": link.key})

    assert mine.votes.get().opportunity == link.key
    board = client.get(reverse("join:board", args=[workshop.code])).content.decode()
    assert "Partager l&#x27;entrepôt" in board and "Musée voisin" in board


@pytest.mark.parametrize(
    "data",
    [{}, {"partner": "abc", "category": "1"}, {"partner": "999999", "category": "1"}],
)
def test_a_hostile_proposal_gets_a_message_and_creates_nothing(client, workshop, data):
    _guest(client, workshop)
    services.workshop_set_phase(workshop=workshop, phase=Phase.BOARD)

    response = client.post(reverse("join:propose", args=[workshop.code]), data, follow=True)

    assert response.status_code == 200
    assert "Choisissez un autre participant" in response.content.decode()
    assert not workshop.participants.get().proposals.exists()


def test_a_participant_cannot_propose_a_link_with_itself_or_another_workshops_seat(
    facilitator, workshop
):
    import datetime

    mine = services.participant_join_as_guest(workshop=workshop, name="A")
    other_workshop = services.workshop_create(
        facilitator=facilitator, title="B", date=datetime.date(2026, 12, 3)
    )
    stranger = services.participant_join_as_guest(workshop=other_workshop, name="Ailleurs")
    services.workshop_set_phase(workshop=workshop, phase=Phase.BOARD)
    category = Category.objects.first()

    for partner in (mine, stranger):
        with pytest.raises(ValidationError):
            services.proposal_add(participant=mine, partner_pk=partner.pk, category_pk=category.pk)


def test_a_guest_signs_in_claims_its_organisation_and_keeps_what_it_entered(client, workshop):
    _guest(client, workshop)
    services.workshop_set_phase(workshop=workshop, phase=Phase.INVENTORY)
    _tick(client, workshop, Category.objects.first(), need=True)
    user = UserFactory()
    client.force_login(user)  # the session keeps the seat through the sign-in

    client.post(
        reverse("join:claim", args=[workshop.code]), {"region": "01", "legal_kind": "nonprofit"}
    )

    participant = workshop.participants.get()
    assert participant.organisation.name == "Théâtre invité"
    assert participant.organisation.memberships.get().user == user
    assert participant.items.count() == 1
    assert participant.organisation.municipality == "Rimouski"


def test_a_guest_cannot_claim_without_an_account_or_with_a_bad_region(client, workshop):
    _guest(client, workshop)
    url = reverse("join:claim", args=[workshop.code])

    client.post(url, {"region": "01", "legal_kind": "nonprofit"})
    client.force_login(UserFactory())
    response = client.post(url, {"region": "<b>", "legal_kind": "x"}, follow=True)

    assert workshop.participants.get().is_guest
    assert "Choisissez la région" in response.content.decode()


def test_the_pdf_report_is_a_pdf_for_the_facilitator_only(
    client, facilitator, other_facilitator, workshop
):
    _room_with_a_match(workshop)
    client.force_login(other_facilitator)
    assert client.get(reverse("workshops:report-pdf", args=[workshop.pk])).status_code == 404
    client.force_login(facilitator)

    response = client.get(reverse("workshops:report-pdf", args=[workshop.pk]))

    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


def test_the_screen_draws_the_rooms_links_as_a_picture_with_escaped_names(
    client, facilitator, workshop
):
    a, _b, _category = _room_with_a_match(workshop)
    a.guest_name = "<script>alert(1)</script>"
    a.save()
    services.workshop_set_phase(workshop=workshop, phase=Phase.BOARD)
    client.force_login(facilitator)

    content = client.get(reverse("workshops:screen-board", args=[workshop.pk])).content.decode()

    assert '<svg xmlns="http://www.w3.org/2000/svg"' in content and "<line " in content
    assert "<script>alert" not in content
