"""A live workshop: a facilitator on a desktop (in French, then in English), three guests on
phones (French and English).

The guests join with the code, fill their quick inventory; the opportunity between them
appears on both phones and on the projection screen by polling, without a reload.
"""

from __future__ import annotations

import os

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from mutualiser.diagnostic.models import Category
from mutualiser.diagnostic.scoring import FACILITATORS_GROUP
from mutualiser.diagnostic.services import taxonomy_load
from mutualiser.workshops.models import Workshop

from ..factories import UserFactory
from .conftest import DESKTOP, PHONE

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Un-mot-de-passe-solide-42"

# What the facilitator's buttons say, in the language of its pages.
DESK = {
    "fr": {
        "inventory": "Passer à · Inventaire éclair",
        "board": "Passer à · Tableau des occasions",
        "vote": "Passer à · Vote",
        "next": "Passer à · Prochaines étapes",
    },
    "en": {
        "inventory": "Go to · Quick inventory",
        "board": "Go to · Opportunity board",
        "vote": "Go to · Vote",
        "next": "Go to · Next steps",
    },
}


def facilitator() -> None:
    user = UserFactory(email="anim@example.org", password=PASSWORD)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    user.groups.add(Group.objects.get_or_create(name=FACILITATORS_GROUP)[0])


def go_to_phase(page, label: str) -> None:
    page.get_by_role("button", name=label).click()
    page.wait_for_load_state()


def join_and_fill(page, url: str, name: str, category: Category, season: str) -> None:
    page.goto(url)
    page.fill("#id_name", name)
    page.click("form:has(input[value=guest]) button[type=submit]")
    page.wait_for_url(url)
    page.reload()  # the facilitator opened the inventory meanwhile
    page.click(f"details:has(input[name=need_{category.pk}]) summary")
    page.check(f"input[name=need_{category.pk}]")
    page.fill(f"input[name=qty_{category.pk}]", str(int(category.unit_capacity // 2)))
    page.select_option(f"select[name=season_{category.pk}]", season)
    page.click("form.quick-inventory button[type=submit]")
    page.wait_for_load_state()


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_three_guests_join_from_phones_watch_the_board_vote_commit_and_reach_the_report(
    new_context, live_server, lang
):
    labels = DESK[lang]
    taxonomy_load()  # transactional tests flush the taxonomy the migration loaded
    facilitator()
    category = Category.objects.get(code="technical_direction")
    desk = new_context(DESKTOP, **({"locale": "en-CA"} if lang == "en" else {})).new_page()
    desk.goto(f"{live_server.url}/{lang}/accounts/login/")
    desk.fill("#id_login", "anim@example.org")
    desk.fill("#id_password", PASSWORD)
    desk.press("#id_password", "Enter")
    desk.wait_for_url(f"{live_server.url}/{lang}/")
    desk.goto(f"{live_server.url}/{lang}/workshops/")
    desk.fill("#id_title", "Atelier de Rimouski")
    desk.fill("#id_date", "2026-12-03")
    desk.click("form:has(#id_title) button[type=submit]")
    desk.wait_for_load_state()
    workshop = Workshop.objects.get()
    assert desk.locator(".join-code").inner_text() == workshop.code
    go_to_phase(desk, labels["inventory"])

    fr_phone = new_context(PHONE).new_page()
    en_phone = new_context(PHONE, locale="en-CA").new_page()
    join_and_fill(
        fr_phone,
        f"{live_server.url}/fr/join/{workshop.code}/",
        "Festival d'été",
        category,
        "summer",
    )
    join_and_fill(
        en_phone,
        f"{live_server.url}/en/join/{workshop.code}/",
        "Winter Theatre",
        category,
        "winter",
    )
    third = new_context(PHONE).new_page()
    join_and_fill(
        third,
        f"{live_server.url}/fr/join/{workshop.code}/",
        "Cirque du Havre",
        Category.objects.exclude(family=category.family).first(),  # alone: no match
        "summer",
    )
    go_to_phase(desk, labels["board"])

    desk.goto(f"{live_server.url}/{lang}/workshops/{workshop.pk}/screen/")
    for phone in (fr_phone, en_phone):
        # The phones were opened in the inventory phase: their next poll reloads them into
        # the board's; measuring a page while it reloads would fail on the navigation.
        phone.locator('#room-board[hx-get$="state=board"]').wait_for(timeout=15000)
    for page, pair in [
        (fr_phone, "Festival d'été + Winter Theatre"),
        (en_phone, "Festival d'été + Winter Theatre"),
        (desk, "Festival d'été + Winter Theatre"),
    ]:
        page.locator(".board-names", has_text=pair).wait_for(timeout=15000)
    assert en_phone.locator(".board-kind").first.inner_text() == "shared resource"
    for page in (fr_phone, en_phone):
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"the phone page is {width}px wide"

    # the facilitator opens the vote: the phones reload by themselves and show the buttons
    desk.goto(f"{live_server.url}/{lang}/workshops/{workshop.pk}/")
    go_to_phase(desk, labels["vote"])
    fr_phone.get_by_role("button", name="Voter").click(timeout=15000)
    fr_phone.get_by_role("button", name="Retirer mon point").wait_for()
    en_phone.get_by_role("button", name="Vote").wait_for(timeout=15000)
    assert workshop.participants.get(guest_name="Festival d'été").votes.count() == 1

    # next steps: a commitment from a phone, then the report, live
    desk.goto(f"{live_server.url}/{lang}/workshops/{workshop.pk}/")
    go_to_phase(desk, labels["next"])
    en_phone.locator("#id_text").fill("Call the festival before January", timeout=15000)
    en_phone.get_by_role("button", name="Commit").click()
    en_phone.wait_for_load_state()
    report = desk.request.get(f"{live_server.url}/{lang}/workshops/{workshop.pk}/report.csv").text()
    for expected in ["Festival d'été", "Winter Theatre", "Cirque du Havre", "Call the festival"]:
        assert expected in report
