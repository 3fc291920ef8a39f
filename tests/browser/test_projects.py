"""Two partners carry a project in Chromium: compare the keys, propose one, both accept it,
then download the agreement draft in PDF and DOCX, in French and English, phone and desktop."""

from __future__ import annotations

import io
import os

import pytest
from allauth.account.models import EmailAddress
from docx import Document

from mutualiser.diagnostic.models import Category
from mutualiser.diagnostic.services import taxonomy_load
from mutualiser.organisations.choices import Role, Visibility
from mutualiser.projects.services import project_create

from ..factories import MembershipFactory, OrganisationFactory, UserFactory
from .conftest import DESKTOP, PHONE

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Un-mot-de-passe-solide-42"
THEATRE = [90, 90, 100, 100, 60, 10, 0, 10, 80, 110, 110, 70]
FESTIVAL = [0, 0, 10, 20, 50, 120, 130, 120, 30, 0, 0, 0]


def person(email: str, organisation) -> None:
    user = UserFactory(email=email, password=PASSWORD)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    MembershipFactory(user=user, organisation=organisation, role=Role.OWNER)
    return user


@pytest.fixture
def project(db):
    taxonomy_load()  # transactional tests flush the taxonomy the migration loaded
    theatre = OrganisationFactory(name="Théâtre de la Marée", slug="maree")
    festival = OrganisationFactory(
        name="Festival des Ruelles", slug="ruelles", visibility=Visibility.DIRECTORY
    )
    alice = person("alice@example.org", theatre)
    person("carol@example.org", festival)
    return project_create(
        created_by=alice,
        lead=theatre,
        partners=[festival],
        category=Category.objects.get(code="technical_direction"),
        title="Direction technique partagée",
        months_by_partner={theatre.pk: THEATRE, festival.pk: FESTIVAL},
    )


def sign_in(page, live_server, email: str, lang: str) -> None:
    page.goto(f"{live_server.url}/{lang}/accounts/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", PASSWORD)
    page.press("#id_password", "Enter")
    page.wait_for_url(f"{live_server.url}/{lang}/")


def no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.mark.parametrize(
    "lang,viewport,words",
    [
        (
            "fr",
            PHONE,
            {
                "costs": "Coûts",
                "propose": "Proposer cette clé",
                "answer": "Répondre",
                "agree": "D'accord",
                "adopted": "Adoptée",
                "title": "Convention de mutualisation",
            },
        ),
        (
            "en",
            DESKTOP,
            {
                "costs": "Costs",
                "propose": "Propose this key",
                "answer": "Answer",
                "agree": "Agree",
                "adopted": "Adopted",
                "title": "Pooling agreement",
            },
        ),
    ],
)
def test_partners_compare_the_keys_agree_on_one_and_download_the_agreement(
    new_context, live_server, project, tmp_path, lang, viewport, words
):
    alice = new_context(viewport).new_page()
    sign_in(alice, live_server, "alice@example.org", lang)
    alice.goto(f"{live_server.url}/{lang}/projects/")
    alice.get_by_role("link", name="Direction technique partagée").click()
    alice.locator(".project-tabs").get_by_role("link", name=words["costs"], exact=True).click()

    cards = alice.locator(".rule-card")
    assert cards.count() == 6
    assert no_horizontal_scroll(alice)
    alice.screenshot(path=str(tmp_path / f"costs-{lang}.png"), full_page=True)
    alice.locator("#rule-shapley").get_by_role("button", name=words["propose"]).click()
    alice.get_by_label(words["agree"], exact=True).check()
    alice.get_by_role("button", name=words["answer"]).click()
    decision_url = alice.url

    carol = new_context(viewport).new_page()
    sign_in(carol, live_server, "carol@example.org", lang)
    carol.goto(decision_url)
    carol.get_by_label(words["agree"], exact=True).check()
    carol.get_by_role("button", name=words["answer"]).click()
    assert carol.locator(".status-badge").first.inner_text() == words["adopted"]

    alice.goto(f"{live_server.url}/{lang}/projects/{project.pk}/costs/")
    assert "chosen" in alice.locator("#rule-shapley").get_attribute("class")
    alice.goto(f"{live_server.url}/{lang}/projects/{project.pk}/")
    for other_lang in ("fr", "en"):
        with alice.expect_download() as pdf_info:
            alice.locator(f"a[href$='agreement.pdf?lang={other_lang}']").click()
        pdf = pdf_info.value
        assert pdf.suggested_filename == f"convention-{project.pk}-{other_lang}.pdf"
        content = open(pdf.path(), "rb").read()
        assert content.startswith(b"%PDF") and len(content) > 10_000

        with alice.expect_download() as docx_info:
            alice.locator(f"a[href$='agreement.docx?lang={other_lang}']").click()
        document = Document(io.BytesIO(open(docx_info.value.path(), "rb").read()))
        text = "\n".join(p.text for p in document.paragraphs)
        expected = "Convention de mutualisation" if other_lang == "fr" else "Pooling agreement"
        assert expected in text
        assert "Shapley" in text


@pytest.mark.parametrize(
    "lang,viewport,start,create",
    [
        ("fr", PHONE, "Démarrer un projet avec cet organisme", "Créer le projet"),
        ("en", DESKTOP, "Start a project with this organisation", "Create the project"),
    ],
)
def test_an_accepted_request_opens_a_project_with_its_partner(
    new_context, live_server, lang, viewport, start, create
):
    from django.utils import timezone

    from mutualiser.contacts.models import ContactRequest, RequestStatus
    from mutualiser.projects.models import PoolingProject

    taxonomy_load()
    theatre = OrganisationFactory(name="Théâtre de la Marée", slug="maree")
    festival = OrganisationFactory(
        name="Festival des Ruelles", slug="ruelles", visibility=Visibility.DIRECTORY
    )
    person("alice@example.org", theatre)
    request = ContactRequest.objects.create(
        sender=theatre,
        recipient=festival,
        category=Category.objects.get(code="technical_direction"),
        message="Partageons une direction technique.",
        first_step="Un essai de trois mois.",
        status=RequestStatus.ACCEPTED,
        answered_at=timezone.now(),
    )
    page = new_context(viewport=viewport).new_page()
    sign_in(page, live_server, "alice@example.org", lang)

    page.goto(f"{live_server.url}/{lang}/requests/{request.pk}/")
    page.get_by_role("button", name=start).click()
    page.get_by_role("button", name=create).click()

    project = PoolingProject.objects.get()
    page.wait_for_url(f"**/{lang}/projects/{project.pk}/")
    assert project.origin == f"request:{request.pk}"
    assert {p.organisation.slug for p in project.partners.all()} == {"maree", "ruelles"}
    assert page.get_by_text("Festival des Ruelles").first.is_visible()
    assert no_horizontal_scroll(page)
